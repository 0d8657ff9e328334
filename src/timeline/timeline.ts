/**
 * timeline.csv and timeline.jsonl: one row per detection, sorted by time. The first columns are
 * Hayabusa's standard profile (Timestamp, RuleTitle, Level, Computer, Channel, EventID, RecordID,
 * Details, ExtraFieldInfo, RuleID); konseki's own columns follow.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { formatLocal } from '../core/time-format.ts';
import type { CaseStore } from '../store/duckdb.ts';
import { channelAbbr, levelAbbr } from './abbreviations.ts';
import { csvLine } from './csv.ts';

export const TIMELINE_COLUMNS = [
  'Timestamp', 'RuleTitle', 'Level', 'Computer', 'Channel', 'EventID', 'RecordID', 'Details', 'ExtraFieldInfo', 'RuleID',
  'RuleAuthor', 'MitreTags', 'RuleFile', 'EvidenceFile',
] as const;

export interface TimelineOptions { timeZone: string; minLevel: string }

const LEVEL_ORDER = ['informational', 'low', 'medium', 'high', 'critical'];

function write(stream: WriteStream, s: string): Promise<void> | void {
  if (!stream.write(s)) return new Promise((r) => stream.once('drain', r));
}

function end(stream: WriteStream): Promise<void> {
  return new Promise((r) => stream.end(r));
}

/** Writes both timelines from the store; returns the number of rows. */
export async function writeTimelines(store: CaseStore, csvPath: string, jsonlPath: string, o: TimelineOptions): Promise<number> {
  const min = Math.max(0, LEVEL_ORDER.indexOf(o.minLevel));
  const levels = LEVEL_ORDER.slice(min).map((l) => `'${l}'`).join(',');
  const csv = createWriteStream(csvPath);
  const jsonl = createWriteStream(jsonlPath);
  await write(csv, '\ufeff' + csvLine([...TIMELINE_COLUMNS]));
  let n = 0;
  const sql = `SELECT * FROM detections WHERE level IN (${levels}) ORDER BY ts NULLS FIRST, host, record_id, rule_title`;
  for await (const r of store.stream(sql)) {
    const ts = r.ts === null ? NaN : Number(r.ts);
    const tags = Array.isArray(r.tags) ? (r.tags as string[]) : [];
    const row = {
      Timestamp: formatLocal(ts, o.timeZone),
      RuleTitle: r.rule_title as string,
      Level: levelAbbr(r.level as string),
      Computer: (r.host as string) ?? '-',
      Channel: channelAbbr(r.channel as string | null),
      EventID: (r.event_id as string) ?? '-',
      RecordID: r.record_id === null ? '' : String(r.record_id),
      Details: (r.details as string) || '-',
      ExtraFieldInfo: (r.extra as string) || '-',
      RuleID: r.rule_id as string,
      RuleAuthor: (r.author as string) ?? '',
      MitreTags: tags.filter((t) => /^attack\.t\d/i.test(t)).map((t) => t.slice(7).toUpperCase()).join(' ¦ '),
      RuleFile: (r.rule_file as string) ?? '',
      EvidenceFile: r.file as string,
    };
    await write(csv, csvLine(TIMELINE_COLUMNS.map((c) => row[c])));
    await write(jsonl, `${JSON.stringify(row)}\n`);
    n++;
  }
  await Promise.all([end(csv), end(jsonl)]);
  return n;
}
