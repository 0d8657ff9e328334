/**
 * Worker job of triage: read one evidence file with its reader, filter, match rules, and stream back
 * store rows (NDJSON text), the events analyzers asked for, and detections.
 */
import type { Event } from '../core/event.ts';
import type { Detection } from '../core/finding.ts';
import { issue, type Issue } from '../core/issue.ts';
import { workerInit } from '../core/worker-init.ts';
import { makeFilter, type EventFilter } from './filters.ts';
import { readerById } from './readers.ts';
import { detectionRow, eventRow } from './rows.ts';
import { buildEngine, type EngineInit, type TriageEngine } from './engine.ts';
import './messages.ts';

export interface TriageJob {
  kind: 'triage-file';
  path: string;
  display: string;
  reader: string;
  mtimeUs: number;
  filter: EventFilter;
}

export type TriageMessage =
  | { type: 'batch'; events: string; detections: string; wanted: Event[]; count: number; hits: Detection[] }
  | { type: 'progress'; bytes: number }
  | { type: 'end'; events: number; issues: Issue[] };

const BATCH_EVENTS = 2000;

let engine: TriageEngine | undefined;

export async function triageJob(job: TriageJob, post: (m: TriageMessage) => void): Promise<void> {
  engine ??= await buildEngine(workerInit<EngineInit>() ?? { ruleDocs: [], analysis: undefined });
  const issues: Issue[] = [];
  const reader = readerById(job.reader);
  let count = 0;
  let rows: string[] = [];
  let dets: string[] = [];
  let hits: Detection[] = [];
  let wanted: Event[] = [];
  let inBatch = 0;
  let lastBytes = 0;
  const flush = (): void => {
    if (inBatch === 0 && !dets.length) return;
    post({ type: 'batch', events: rows.join(''), detections: dets.join(''), wanted, count: inBatch, hits });
    rows = [];
    dets = [];
    wanted = [];
    hits = [];
    inBatch = 0;
  };
  if (!reader) {
    issues.push(issue('triage.read_failed', { file: job.display }, { reason: `no reader ${job.reader}` }, 'error'));
    post({ type: 'end', events: 0, issues });
    return;
  }
  const keep = makeFilter(job.filter);
  const ctx = {
    issues,
    displayPath: job.display,
    mtimeUs: job.mtimeUs,
    onProgress: (bytes: number) => {
      post({ type: 'progress', bytes: bytes - lastBytes });
      lastBytes = bytes;
    },
  };
  try {
    for await (const e of reader.read(job.path, ctx)) {
      e.source.file = job.display;
      if (!keep(e)) continue;
      count++;
      inBatch++;
      rows.push(eventRow(e), '\n');
      for (const d of engine.match(e)) {
        dets.push(detectionRow(d), '\n');
        if (engine.correlates(d)) hits.push(d);
      }
      if (engine.wants(e)) wanted.push(e);
      if (inBatch >= BATCH_EVENTS) flush();
    }
  } catch (e) {
    issues.push(issue('triage.read_failed', { file: job.display }, { reason: (e as Error).message }, 'error'));
  }
  flush();
  post({ type: 'end', events: count, issues });
}
