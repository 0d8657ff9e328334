/** EVTX: records → normalized events, JSON (Rust evtx layout) and XML. */
import { parseTs, type Event } from '../../core/event.ts';
import type { Issue } from '../../core/issue.ts';
import { recordFields } from './fields.ts';
import { readEvtx, newStats, type EvtxStats, type RawRecord, type ReadOptions } from './reader.ts';
import { recordJson, recordToJson } from './render-json.ts';
import { recordToXml } from './render-xml.ts';
import type { RElement } from './model.ts';

export { readEvtx, newStats, recordJson, recordToJson, recordToXml, recordFields };
export type { EvtxStats, RawRecord, ReadOptions, RElement };

/** The event for a record: time from System/TimeCreated (the record header's time when absent). */
export function recordToEvent(rec: RawRecord, file: string): Event {
  const fields = recordFields(rec.root);
  const st = fields.TimeCreated_SystemTime;
  const ts = typeof st === 'string' ? parseTs(st) : NaN;
  const computer = fields.Computer;
  return {
    ts: Number.isNaN(ts) ? rec.ts : ts,
    source: { format: 'evtx', file, offset: rec.offset, record: rec.recordId },
    host: typeof computer === 'string' && computer ? computer : undefined,
    logsource: { product: 'windows' },
    fields,
  };
}

/** Events of one file; problems go to `issues`. */
export function* evtxEvents(
  path: string,
  issues: Issue[],
  stats: EvtxStats = newStats(),
  opts: ReadOptions = {},
): Generator<Event> {
  for (const rec of readEvtx(path, issues, stats, opts)) yield recordToEvent(rec, path);
}
