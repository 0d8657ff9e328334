/**
 * timeline.csv and timeline.jsonl: one row per detection, sorted by time. The first columns are
 * Hayabusa's standard profile (Timestamp, RuleTitle, Level, Computer, Channel, EventID, RecordID,
 * Details, ExtraFieldInfo, RuleID); konseki's own columns follow. The store sorts (spilling to disk
 * beyond its memory limit) and the rows are written as they stream out, so memory does not grow with
 * the timeline. Hayabusa's -X and -R: `dedupe` drops a detection equal to another in every column but
 * the evidence file (the same events read twice, e.g. a log and its backup); `dupData` writes DUP for
 * Details and ExtraFieldInfo equal to those of the previous row of the same rule on the same computer.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { formatLocal } from '../core/time-format.ts';
import type { Store } from '../store/store.ts';
import { channelAbbr, levelAbbr } from './abbreviations.ts';
import { csvLine } from './csv.ts';

export const TIMELINE_COLUMNS = [
  'Timestamp',
  'RuleTitle',
  'Level',
  'Computer',
  'Channel',
  'EventID',
  'RecordID',
  'Details',
  'ExtraFieldInfo',
  'RuleID',
  'RuleAuthor',
  'MitreTags',
  'RuleFile',
  'EvidenceFile',
] as const;

export interface TimelineOptions {
  timeZone: string;
  minLevel: string;
  /** drop rows equal to another but for the evidence file (Hayabusa -X, --remove-duplicate-detections) */
  dedupe?: boolean;
  /** DUP for Details / ExtraFieldInfo repeated from the previous row of the same rule and computer (Hayabusa -R) */
  dupData?: boolean;
}

const DUP = 'DUP';
/** rule + computer pairs remembered for `dupData` (bounded: forgetting one only writes its data again) */
const DUP_MEMORY = 100_000;

const LEVEL_ORDER = ['informational', 'low', 'medium', 'high', 'critical'];

function write(stream: WriteStream, s: string): Promise<void> | void {
  if (!stream.write(s)) return new Promise((r) => stream.once('drain', r));
}

function end(stream: WriteStream): Promise<void> {
  return new Promise((r) => stream.end(r));
}

/** Writes both timelines from the store; returns the number of rows. */
export async function writeTimelines(
  store: Store,
  csvPath: string,
  jsonlPath: string,
  o: TimelineOptions,
): Promise<number> {
  const min = Math.max(0, LEVEL_ORDER.indexOf(o.minLevel));
  const levels = LEVEL_ORDER.slice(min)
    .map((l) => `'${l}'`)
    .join(',');
  const csv = createWriteStream(csvPath);
  const jsonl = createWriteStream(jsonlPath);
  await write(csv, '\ufeff' + csvLine([...TIMELINE_COLUMNS]));
  let n = 0;
  // columns in a fixed order, tags pre-joined in SQL: array rows convert far faster than JSON objects
  const cols = `ts, rule_title, level, host, channel, event_id, record_id, details, extra, rule_id, author,
      array_to_string(list_filter(tags, t -> regexp_matches(t, '^attack\\.t\\d', 'i')), ' ') AS mitre, rule_file`;
  const order = 'ts NULLS FIRST, host, record_id, rule_title, rule_id, file, details, extra';
  const sql = o.dedupe
    ? `SELECT * EXCLUDE (file), min(file) AS file FROM (SELECT ${cols}, file FROM detections WHERE level IN (${levels}))
        GROUP BY ALL ORDER BY ${order}`
    : `SELECT ${cols}, file FROM detections WHERE level IN (${levels}) ORDER BY ${order}, seq`;
  const last = new Map<string, [string, string]>();
  let csvBuf = '';
  let jsonBuf = '';
  const flush = async (): Promise<void> => {
    await write(csv, csvBuf);
    await write(jsonl, jsonBuf);
    csvBuf = '';
    jsonBuf = '';
  };
  for await (const r of store.streamRows(sql)) {
    const [ts, title, level, host, channel, eventId, recordId, details, extra, ruleId, author, mitre, ruleFile, file] =
      r as Array<string | null>;
    let shownDetails = details || '-';
    let shownExtra = extra || '-';
    if (o.dupData) {
      const key = `${ruleId}\u0000${host}`;
      const prev = last.get(key);
      if (last.size >= DUP_MEMORY && !prev) last.clear();
      last.set(key, [shownDetails, shownExtra]);
      if (prev) {
        if (prev[0] === shownDetails) shownDetails = DUP;
        if (prev[1] === shownExtra) shownExtra = DUP;
      }
    }
    const row = {
      Timestamp: formatLocal(ts === null ? NaN : Number(ts), o.timeZone),
      RuleTitle: title ?? '',
      Level: levelAbbr(level ?? ''),
      Computer: host ?? '-',
      Channel: channelAbbr(channel),
      EventID: eventId ?? '-',
      RecordID: recordId === null ? '' : String(recordId),
      Details: shownDetails,
      ExtraFieldInfo: shownExtra,
      RuleID: ruleId ?? '',
      RuleAuthor: author ?? '',
      MitreTags: mitre
        ? mitre
            .split(' ')
            .map((t) => t.slice(7).toUpperCase())
            .join(' ¦ ')
        : '',
      RuleFile: ruleFile ?? '',
      EvidenceFile: file ?? '',
    };
    csvBuf += csvLine(TIMELINE_COLUMNS.map((c) => row[c]));
    jsonBuf += `${JSON.stringify(row)}\n`;
    if (++n % 1000 === 0) await flush();
  }
  await flush();
  await Promise.all([end(csv), end(jsonl)]);
  return n;
}
