/**
 * Worker job of triage: read one evidence file (or one part of a large text log) with its reader,
 * filter, match the rules, and write what the store keeps — events, their network view, detections,
 * correlation inputs — as batch files that the main thread has the store load (in groups, loader.ts). The
 * job waits while two of its batches are unanswered, so a slow store slows the readers instead of filling
 * memory and disk.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Event } from '../core/event.ts';
import type { Detection, Finding } from '../core/finding.ts';
import { issue, type Issue } from '../core/issue.ts';
import type { LineRange } from '../sources/lines.ts';
import { hasBadTime, TimeCheck } from '../core/event-time.ts';
import { workerInit } from '../app/worker-init.ts';
import { makeFilter, type EventFilter } from '../app/filters.ts';
import type { Post, PostAcked } from '../app/pool.ts';
import { readerById } from '../app/readers.ts';
import { buildEngine, type EngineInit, type TriageEngine } from '../app/engine.ts';
import { BatchWriter, cleanJson } from '../store/batch.ts';
import { columnsOf, JSON_COLUMNS, type TableName } from '../store/schema.ts';
import type { YearAnchor } from '../sources/year.ts';
import './messages.ts';

export interface TriageJob {
  kind: 'triage-file';
  path: string;
  display: string;
  reader: string;
  mtimeUs: number;
  filter: EventFilter;
  /** IANA zone of zone-less timestamps in text logs: the organisation's */
  timeZone?: string;
  /** the dated evidence year-less timestamps are placed next to */
  yearAnchor?: YearAnchor;
  /** the files beside this one, for readers that read them (display path → path) */
  siblings?: Record<string, string>;
  /** the first job: its worker reports the engine's own issues (rule compile problems) once */
  first?: boolean;
  /** read only this part of the file; `part` numbers the parts of one file */
  range?: LineRange;
  part?: number;
  /** where batch files go */
  batchDir: string;
  /** unique per job of a run (batch file names) */
  id: number;
}

export interface BatchFile {
  table: TableName;
  file: string;
  rows: number;
  bytes: number;
}

export type TriageMessage =
  | { type: 'batch'; files: BatchFile[]; events: number }
  | { type: 'progress'; bytes: number }
  | { type: 'end'; events: number; issues: Issue[]; findings: Finding[]; engineIssues?: Issue[] };

/** a batch is written once its events reach this many bytes or rows */
const BATCH_BYTES = 8 << 20;
const BATCH_ROWS = 50_000;
/** batches of one job not yet loaded before it waits */
const IN_FLIGHT = 2;
/** seq of the first event of part n of a file */
export const PART_SEQ = 2 ** 32;

let engine: TriageEngine | undefined;

const TABLES: TableName[] = ['events', 'net', 'detections', 'correlation_inputs'];

/** An event as a row of the events table. */
export function eventRow(e: Event, seq: number, want: boolean): unknown[] {
  const f = e.fields;
  const eid = f.EventID;
  return [
    Number.isFinite(e.ts) ? Math.round(e.ts) : null,
    e.host ?? null,
    e.source.format,
    e.source.file,
    seq,
    e.source.record ?? null,
    e.source.line ?? null,
    e.source.offset ?? null,
    e.logsource.product ?? null,
    e.logsource.category ?? null,
    e.logsource.service ?? null,
    typeof f.Channel === 'string' ? f.Channel : null,
    typeof eid === 'number' ? eid : typeof eid === 'string' && /^\d{1,15}$/.test(eid) ? Number(eid) : null,
    want,
    cleanJson(f),
  ];
}

/** A detection as a row of the detections table. */
export function detectionRow(d: Detection, seq: number | null): unknown[] {
  return [
    Number.isFinite(d.ts) ? Math.round(d.ts) : null,
    d.ruleId,
    d.ruleTitle,
    d.level,
    d.author ?? null,
    d.tags ?? [],
    d.ruleFile ?? null,
    d.host ?? null,
    d.channel ?? null,
    d.eventId === undefined ? null : String(d.eventId),
    d.recordId ?? null,
    d.source.file,
    seq,
    d.details ?? null,
    d.extra ?? null,
  ];
}

/** writers of finished jobs, reused by the next (their buffers have grown to the batch size already) */
const spareWriters: Array<Record<TableName, BatchWriter>> = [];

function takeWriters(): Record<TableName, BatchWriter> {
  return (
    spareWriters.pop() ??
    (Object.fromEntries(TABLES.map((t) => [t, new BatchWriter(columnsOf(t), JSON_COLUMNS[t] ?? [])])) as Record<
      TableName,
      BatchWriter
    >)
  );
}

export async function triageJob(job: TriageJob, post: Post, postAcked: PostAcked): Promise<void> {
  let engineIssues: Issue[] | undefined;
  if (!engine) engine = buildEngine(workerInit<EngineInit>() ?? { ruleDocs: [] });
  if (job.first) engineIssues = engine.issues;
  const eng = engine;
  const fileAnalyzers = eng.fileAnalyzers();
  const issues: Issue[] = [];
  const reader = readerById(job.reader);
  if (!reader) {
    issues.push(issue('triage.read_failed', { file: job.display }, { reason: `no reader ${job.reader}` }, 'error'));
    post({ type: 'end', events: 0, issues, findings: [], engineIssues } satisfies TriageMessage);
    return;
  }
  const writers = takeWriters();
  let batchNo = 0;
  let inBatch = 0;
  const flush = async (): Promise<void> => {
    const files: BatchFile[] = [];
    for (const t of TABLES) {
      const w = writers[t];
      if (!w.rows) continue;
      const rows = w.rows;
      const file = join(job.batchDir, `${job.id}-${batchNo}-${t}.tsv`);
      const data = w.take();
      writeFileSync(file, data);
      files.push({ table: t, file, rows, bytes: data.length });
    }
    batchNo++;
    if (!files.length) return;
    const events = inBatch;
    inBatch = 0;
    await postAcked({ type: 'batch', files, events } satisfies TriageMessage, IN_FLIGHT);
  };
  const keep = makeFilter(job.filter);
  let lastBytes = job.range?.start ?? 0;
  const times = new TimeCheck(job.display, issues);
  const ctx = {
    issues,
    displayPath: job.display,
    mtimeUs: job.mtimeUs,
    timeZone: job.timeZone,
    range: job.range,
    yearAnchor: job.yearAnchor,
    siblings: job.siblings,
    onProgress: (bytes: number) => {
      post({ type: 'progress', bytes: bytes - lastBytes } satisfies TriageMessage);
      lastBytes = bytes;
    },
  };
  const base = (job.part ?? 0) * PART_SEQ;
  let count = 0;
  const ev = writers.events;
  const net = writers.net;
  const det = writers.detections;
  const corr = writers.correlation_inputs;
  try {
    for await (const e of reader.read(job.path, ctx)) {
      e.source.file = job.display;
      times.check(e);
      if (!keep(e)) continue;
      const seq = base + count++;
      inBatch++;
      const m = eng.match(e);
      for (const d of m.detections) det.add(detectionRow(d, seq));
      for (const c of m.correlation) corr.add([job.display, Number.isFinite(c.ts) ? c.ts : null, cleanJson(c)]);
      for (const a of fileAnalyzers) if (a.wants(e)) a.add(e);
      ev.add(eventRow(e, seq, eng.wants(e)));
      // analyses work on times: a record whose time is unusable stays an event but joins no network analysis
      const nr = hasBadTime(e) ? undefined : eng.net.row(e, seq);
      if (nr) net.add(nr);
      if (ev.bytes >= BATCH_BYTES || ev.rows >= BATCH_ROWS) await flush();
    }
  } catch (e) {
    issues.push(issue('triage.read_failed', { file: job.display }, { reason: (e as Error).message }, 'error'));
  }
  await flush();
  times.finish();
  const findings = fileAnalyzers.flatMap((a) => a.finish());
  spareWriters.push(writers);
  post({ type: 'end', events: count, issues, findings, engineIssues } satisfies TriageMessage);
}
