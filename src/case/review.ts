/**
 * The analyst's review of a case (`review.json` in the case directory): findings and detections marked
 * confirmed, false positive (with a reason) or needing more work. `konseki serve` writes it; every later
 * command reads it: the report leaves false positives out, the composite picture in case.json (and so
 * `konseki respond`) is recomputed without them, exports skip them.
 *
 * Findings and detections have no ids of their own, so a mark names its target by a key made of the
 * values that identify it in every form konseki writes it (store row, findings.jsonl, timeline.jsonl):
 * the key survives a re-triage of the same evidence. The detection key is also computed in SQL
 * (detectionKeySql) so that the store can filter on it; a unit test holds the two forms equal.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const REVIEW_FILE = 'review.json';
export const REVIEW_STATUSES = ['confirmed', 'false-positive', 'needs-work'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];
export type ReviewTarget = 'finding' | 'detection';

export interface ReviewMark {
  target: ReviewTarget;
  key: string;
  status: ReviewStatus;
  reason?: string;
  author: string;
  /** ISO time of the mark */
  ts: string;
  /** what the analyst saw when marking (rule title or finding summary), for people reading the file */
  label?: string;
}
export interface Review {
  version: 1;
  marks: ReviewMark[];
}

/** A reason is a sentence; labels are cut for the same reason. */
export const MAX_REASON = 2_000;
const MAX_MARKS = 1_000_000;

const md5 = (s: string): string => createHash('md5').update(s).digest('hex').slice(0, 20);
const part = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

/** The key of a finding: kind, host, peer, producer and first time (epoch µs). */
export function findingKey(f: {
  kind: string;
  host: string | null;
  peer: string | null;
  producer: string;
  first_seen: number;
}): string {
  const first = Number.isFinite(f.first_seen) ? String(Math.round(f.first_seen)) : '';
  return `f-${md5([f.kind, part(f.host), part(f.peer), part(f.producer), first].join('\u001f'))}`;
}

/**
 * The key of a detection: rule id, host ('-' when none, as the timeline writes it), record id, evidence
 * file and time to the millisecond (the precision of timeline.jsonl's Timestamp).
 */
export function detectionKey(d: {
  rule_id: string | null;
  host: string | null;
  record_id: number | string | null;
  file: string | null;
  ts: number | null;
}): string {
  const ms = d.ts !== null && Number.isFinite(d.ts) ? String(Math.floor(d.ts / 1000)) : '';
  return `d-${md5([part(d.rule_id), d.host ?? '-', part(d.record_id), part(d.file), ms].join('\u001f'))}`;
}

/** detectionKey in DuckDB SQL over a detections row (`alias.` before each column when given). */
export function detectionKeySql(alias = ''): string {
  const c = (name: string): string => (alias ? `${alias}.${name}` : name);
  return `'d-' || substr(md5(concat_ws(chr(31), coalesce(${c('rule_id')}, ''), coalesce(${c('host')}, '-'), coalesce(CAST(${c('record_id')} AS VARCHAR), ''), coalesce(${c('file')}, ''), coalesce(CAST(CAST(floor(${c('ts')} / 1000) AS BIGINT) AS VARCHAR), ''))), 1, 20)`;
}

/** The review of a case directory: empty when there is none; malformed marks are dropped. */
export function readReview(caseDir: string): Review {
  const file = join(caseDir, REVIEW_FILE);
  const r: Review = { version: 1, marks: [] };
  if (!existsSync(file)) return r;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return r;
  }
  const marks = (raw as { marks?: unknown })?.marks;
  for (const m of Array.isArray(marks) ? marks.slice(0, MAX_MARKS) : []) {
    const x = m as Partial<ReviewMark>;
    if (!x || (x.target !== 'finding' && x.target !== 'detection')) continue;
    if (typeof x.key !== 'string' || !/^[fd]-[0-9a-f]{20}$/.test(x.key)) continue;
    if (!REVIEW_STATUSES.includes(x.status as ReviewStatus)) continue;
    if (typeof x.ts !== 'string' || Number.isNaN(Date.parse(x.ts))) continue;
    const mark: ReviewMark = {
      target: x.target,
      key: x.key,
      status: x.status as ReviewStatus,
      author: typeof x.author === 'string' ? x.author.slice(0, 200) : '',
      ts: x.ts,
    };
    if (typeof x.reason === 'string' && x.reason) mark.reason = x.reason.slice(0, MAX_REASON);
    if (typeof x.label === 'string' && x.label) mark.label = x.label.slice(0, MAX_REASON);
    r.marks.push(mark);
  }
  return r;
}

/** Written to a temporary file first, then renamed: a crash never leaves half a review. */
export function writeReview(caseDir: string, r: Review): string {
  const file = join(caseDir, REVIEW_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(r, null, 2)}\n`);
  renameSync(tmp, file);
  return file;
}

/** Sets (or with status undefined, clears) the mark of a target; the history is not kept, custody.jsonl says who changed the file. */
export function setMark(
  r: Review,
  m: Omit<ReviewMark, 'ts' | 'status'> & { status?: ReviewStatus },
  now = new Date(),
): ReviewMark | undefined {
  r.marks = r.marks.filter((x) => x.key !== m.key);
  if (!m.status) return undefined;
  const mark: ReviewMark = { target: m.target, key: m.key, status: m.status, author: m.author, ts: now.toISOString() };
  if (m.reason) mark.reason = m.reason.slice(0, MAX_REASON);
  if (m.label) mark.label = m.label.slice(0, MAX_REASON);
  r.marks.push(mark);
  return mark;
}

/** The keys of everything marked false positive (what later commands leave out). */
export function falsePositives(r: Review): Set<string> {
  return new Set(r.marks.filter((m) => m.status === 'false-positive').map((m) => m.key));
}
