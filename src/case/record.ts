/**
 * The incident-handling record of a case (`incident-record.json` in the case directory): the seven
 * phases A–G of incident handling (seed 001, インシデントハンドリング) with the time each started and
 * was completed, and timestamped notes by analyst, optionally tied to a phase.
 */
import { t, type Lang } from '../i18n/index.ts';
import './messages.ts';

export { RECORD_FILE } from './files.ts';
export const PHASES = ['A', 'B', 'C', 'D', 'E', 'F', 'G'] as const;
export type Phase = (typeof PHASES)[number];

export interface PhaseState {
  started?: string;
  completed?: string;
}
export interface RecordNote {
  ts: string;
  author: string;
  text: string;
  phase?: Phase;
}
/** A containment measure (respond/impact.ts id) applied or rolled back, as the analyst reported it. */
export interface ContainmentEvent {
  ts: string;
  author: string;
  measure: string;
  status: 'applied' | 'rolled-back';
  /** the step of respond/RESPONSE.md it belongs to (S1, S2, …) */
  step?: string;
}
export interface IncidentRecord {
  version: 1;
  case_id?: string;
  created: string;
  phases: Record<Phase, PhaseState>;
  notes: RecordNote[];
  containment: ContainmentEvent[];
}

/** Notes longer than this are cut: a note is a sentence or a paragraph, not a log. */
export const MAX_NOTE = 20_000;

export function isPhase(s: string): s is Phase {
  return (PHASES as readonly string[]).includes(s);
}

export function emptyRecord(now = new Date(), caseId?: string): IncidentRecord {
  const phases = Object.fromEntries(PHASES.map((p) => [p, {}])) as Record<Phase, PhaseState>;
  const r: IncidentRecord = { version: 1, created: now.toISOString(), phases, notes: [], containment: [] };
  if (caseId) r.case_id = caseId;
  return r;
}

const iso = (v: unknown): string | undefined => (typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? v : undefined);

/** A record as read from its file (CaseDir.record); a new one for undefined. Unknown or malformed parts are dropped. */
export function parseRecord(raw: Partial<IncidentRecord> | undefined): IncidentRecord {
  if (!raw) return emptyRecord();
  const r = emptyRecord(
    new Date(iso(raw.created) ?? Date.now()),
    typeof raw.case_id === 'string' ? raw.case_id : undefined,
  );
  for (const p of PHASES) {
    const s = raw.phases?.[p];
    if (!s || typeof s !== 'object') continue;
    const started = iso(s.started);
    const completed = iso(s.completed);
    if (started) r.phases[p].started = started;
    if (completed) r.phases[p].completed = completed;
  }
  for (const n of Array.isArray(raw.notes) ? raw.notes : []) {
    if (!n || typeof n.text !== 'string' || !iso(n.ts)) continue;
    const note: RecordNote = {
      ts: n.ts,
      author: typeof n.author === 'string' ? n.author : '',
      text: n.text.slice(0, MAX_NOTE),
    };
    if (typeof n.phase === 'string' && isPhase(n.phase)) note.phase = n.phase;
    r.notes.push(note);
  }
  for (const c of Array.isArray(raw.containment) ? raw.containment : []) {
    if (!c || typeof c.measure !== 'string' || !iso(c.ts) || (c.status !== 'applied' && c.status !== 'rolled-back'))
      continue;
    r.containment.push({
      ts: c.ts,
      author: typeof c.author === 'string' ? c.author : '',
      measure: c.measure.slice(0, 100),
      status: c.status,
      ...(typeof c.step === 'string' && /^S\d{1,3}$/.test(c.step) ? { step: c.step } : {}),
    });
  }
  return r;
}

export function addNote(r: IncidentRecord, text: string, author: string, phase?: Phase, now = new Date()): RecordNote {
  const note: RecordNote = { ts: now.toISOString(), author, text: text.slice(0, MAX_NOTE) };
  if (phase) note.phase = phase;
  r.notes.push(note);
  return note;
}

export function addContainment(
  r: IncidentRecord,
  measure: string,
  status: ContainmentEvent['status'],
  author: string,
  now = new Date(),
  step?: string,
): ContainmentEvent {
  const e: ContainmentEvent = { ts: now.toISOString(), author, measure, status, ...(step ? { step } : {}) };
  r.containment.push(e);
  return e;
}

/** The latest status of each measure. */
export function containmentStatus(r: IncidentRecord): Map<string, ContainmentEvent> {
  const out = new Map<string, ContainmentEvent>();
  for (const e of [...r.containment].sort((a, b) => a.ts.localeCompare(b.ts))) out.set(e.measure, e);
  return out;
}

/** `start` keeps the first start time; `done` sets the completion time (and the start, if it was never started). */
export function setPhase(r: IncidentRecord, phase: Phase, what: 'start' | 'done', now = new Date()): PhaseState {
  const s = r.phases[phase];
  const ts = now.toISOString();
  if (what === 'start') s.started ??= ts;
  else {
    s.started ??= ts;
    s.completed = ts;
  }
  return s;
}

/** The phase being worked on: the latest started and not completed one. */
export function currentPhase(r: IncidentRecord): Phase | undefined {
  for (const p of [...PHASES].reverse()) if (r.phases[p].started && !r.phases[p].completed) return p;
  return undefined;
}

export function phaseName(p: Phase, lang?: Lang): string {
  return t(`record.phase.${p}`, {}, lang);
}
