/** EVTX: records → normalized events, JSON (Rust evtx layout) and XML. */
import { type Event, type Fields, parseTs } from '../../core/event.ts';
import type { Issue } from '../../core/issue.ts';
import { recordFields } from './fields.ts';
import { evtxRecordFields, tokenFields } from './fields-tokens.ts';
import type { RElement } from './model.ts';
import {
  type EvtxRecord,
  type EvtxStats,
  newStats,
  type RawRecord,
  type ReadOptions,
  readEvtx,
  readEvtxRecords,
} from './reader.ts';
import { recordJson, recordToJson } from './render-json.ts';
import { recordToXml } from './render-xml.ts';

export {
  readEvtx,
  readEvtxRecords,
  newStats,
  recordJson,
  recordToJson,
  recordToXml,
  recordFields,
  tokenFields,
  evtxRecordFields,
};
export type { EvtxRecord, EvtxStats, RawRecord, ReadOptions, RElement };

/** The event for a record read as a tree. */
export function recordToEvent(rec: RawRecord, file: string): Event {
  return makeEvent(recordFields(rec.root), rec, file);
}

/** The event for a record read as tokens (what triage reads: no element tree is built). */
export function tokensToEvent(rec: EvtxRecord, file: string): Event {
  return makeEvent(evtxRecordFields(rec), rec, file);
}

/** Time from System/TimeCreated (the record header's time when absent). */
function makeEvent(fields: Fields, rec: { ts: number; offset: number; recordId: number }, file: string): Event {
  const st = fields.TimeCreated_SystemTime;
  const ts = typeof st === 'string' ? systemTimeUs(st) : NaN;
  const computer = fields.Computer;
  return {
    ts: Number.isNaN(ts) ? rec.ts : ts,
    source: { format: 'evtx', file, offset: rec.offset, record: rec.recordId },
    host: typeof computer === 'string' && computer ? computer : undefined,
    logsource: { product: 'windows' },
    fields,
  };
}

const digit = (s: string, i: number): number => s.charCodeAt(i) - 48;
const num = (s: string, i: number, n: number): number => {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const d = digit(s, i + k);
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
};

/**
 * parseTs (core/event.ts) of a SystemTime: `YYYY-MM-DDTHH:MM:SS.ffffffZ`, as the reader formats FILETIMEs,
 * read by hand; any other text goes to parseTs. Same result as parseTs for every input.
 */
export function systemTimeUs(s: string): number {
  if (s.length !== 27 || s[4] !== '-' || s[7] !== '-' || s[10] !== 'T' || s[13] !== ':' || s[16] !== ':')
    return parseTs(s);
  if (s[19] !== '.' || s[26] !== 'Z') return parseTs(s);
  const y = num(s, 0, 4);
  const mo = num(s, 5, 2);
  const d = num(s, 8, 2);
  const h = num(s, 11, 2);
  const mi = num(s, 14, 2);
  const sec = num(s, 17, 2);
  const us = num(s, 20, 6);
  if (y < 100 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59)
    return parseTs(s);
  if (us < 0) return parseTs(s);
  return Date.UTC(y, mo - 1, d, h, mi, sec) * 1000 + us;
}

/** Events of one file; problems go to `issues`. */
export function* evtxEvents(
  path: string,
  issues: Issue[],
  stats: EvtxStats = newStats(),
  opts: ReadOptions = {},
): Generator<Event> {
  for (const rec of readEvtxRecords(path, issues, stats, opts)) yield tokensToEvent(rec, path);
}
