/**
 * Worker job of triage: read one evidence file with its reader, filter, match rules, and stream back
 * store rows (NDJSON text), the events analyzers asked for, and detections.
 */
import type { Event } from '../core/event.ts';
import type { Finding } from '../core/finding.ts';
import type { CorrelationInput } from '../sigma/types.ts';
import { issue, type Issue } from '../core/issue.ts';
import { TimeCheck } from '../core/event-time.ts';
import { workerInit } from '../app/worker-init.ts';
import { makeFilter, type EventFilter } from '../app/filters.ts';
import { readerById } from '../app/readers.ts';
import { detectionRow, eventRow } from './rows.ts';
import { buildEngine, type EngineInit, type TriageEngine } from '../app/engine.ts';
import './messages.ts';

export interface TriageJob {
  kind: 'triage-file';
  path: string;
  display: string;
  reader: string;
  mtimeUs: number;
  filter: EventFilter;
  /** IANA zone of zone-less timestamps in text logs */
  timeZone?: string;
  /** the first job: its worker reports the engine's own issues (rule compile problems) once */
  first?: boolean;
}

export type TriageMessage =
  | {
      type: 'batch';
      events: string;
      detections: string;
      wanted: Event[];
      count: number;
      correlation: CorrelationInput[];
    }
  | { type: 'progress'; bytes: number }
  | { type: 'end'; events: number; issues: Issue[]; findings: Finding[]; engineIssues?: Issue[] };

const BATCH_EVENTS = 2000;

let engine: TriageEngine | undefined;

export async function triageJob(job: TriageJob, post: (m: TriageMessage) => void): Promise<void> {
  let engineIssues: Issue[] | undefined;
  if (!engine) {
    engine = buildEngine(workerInit<EngineInit>() ?? { ruleDocs: [] });
    engineIssues = job.first ? engine.issues : undefined;
  }
  const fileAnalyzers = engine.fileAnalyzers();
  const issues: Issue[] = [];
  const reader = readerById(job.reader);
  let count = 0;
  let rows: string[] = [];
  let dets: string[] = [];
  let correlation: CorrelationInput[] = [];
  let wanted: Event[] = [];
  let inBatch = 0;
  let lastBytes = 0;
  const flush = (): void => {
    if (inBatch === 0 && !dets.length) return;
    post({ type: 'batch', events: rows.join(''), detections: dets.join(''), wanted, count: inBatch, correlation });
    rows = [];
    dets = [];
    wanted = [];
    correlation = [];
    inBatch = 0;
  };
  if (!reader) {
    issues.push(issue('triage.read_failed', { file: job.display }, { reason: `no reader ${job.reader}` }, 'error'));
    post({ type: 'end', events: 0, issues, findings: [] });
    return;
  }
  const keep = makeFilter(job.filter);
  const times = new TimeCheck(job.display, issues);
  const ctx = {
    issues,
    displayPath: job.display,
    mtimeUs: job.mtimeUs,
    timeZone: job.timeZone,
    onProgress: (bytes: number) => {
      post({ type: 'progress', bytes: bytes - lastBytes });
      lastBytes = bytes;
    },
  };
  try {
    for await (const e of reader.read(job.path, ctx)) {
      e.source.file = job.display;
      times.check(e);
      if (!keep(e)) continue;
      count++;
      inBatch++;
      rows.push(eventRow(e), '\n');
      const m = engine.match(e);
      for (const d of m.detections) dets.push(detectionRow(d), '\n');
      if (m.correlation.length) correlation.push(...m.correlation);
      for (const a of fileAnalyzers) if (a.wants(e)) a.add(e);
      if (engine.wants(e)) wanted.push(e);
      if (inBatch >= BATCH_EVENTS) flush();
    }
  } catch (e) {
    issues.push(issue('triage.read_failed', { file: job.display }, { reason: (e as Error).message }, 'error'));
  }
  flush();
  times.finish();
  const findings = fileAnalyzers.flatMap((a) => a.finish());
  post({ type: 'end', events: count, issues, findings, engineIssues });
}
