/**
 * The timeline in Hayabusa's output profiles (its config/profiles.yaml: the column names and their
 * order), as JSONL (`json-timeline -L`) or CSV (`csv-timeline`), so Takajo and other Hayabusa tooling
 * read it. JSONL follows what Takajo checks on every line: Timestamp, RuleTitle, RuleID, Level,
 * Computer and Channel strings, Details and ExtraFieldInfo objects, EventID and RecordID integers,
 * tag lists as arrays; levels and channels in Hayabusa's abbreviations.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { formatLocal } from '../core/time-format.ts';
import { splitTags, fieldsObject, SEPARATOR } from './tags.ts';
import { channelAbbr, levelAbbr } from '../timeline/abbreviations.ts';
import { csvLine } from '../timeline/csv.ts';
import { Buffered, type Sink } from './common.ts';
import type { DetectionRow } from './queries.ts';

type Column =
  | 'Timestamp'
  | 'datetime'
  | 'timestamp_desc'
  | 'message'
  | 'RuleTitle'
  | 'Level'
  | 'Computer'
  | 'Channel'
  | 'EventID'
  | 'RecordID'
  | 'Details'
  | 'ExtraFieldInfo'
  | 'AllFieldInfo'
  | 'RuleID'
  | 'RuleFile'
  | 'EvtxFile'
  | 'MitreTactics'
  | 'MitreTags'
  | 'OtherTags'
  | 'RuleAuthor'
  | 'RuleModifiedDate'
  | 'RuleCreationDate'
  | 'Status'
  | 'Provider';

/** Hayabusa's built-in profiles, columns in its order. */
export const HAYABUSA_PROFILES: Record<string, readonly Column[]> = {
  minimal: ['Timestamp', 'RuleTitle', 'Level', 'Computer', 'Channel', 'EventID', 'RecordID', 'Details'],
  standard: [
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
  ],
  verbose: [
    'Timestamp',
    'RuleTitle',
    'Level',
    'Computer',
    'Channel',
    'EventID',
    'MitreTactics',
    'MitreTags',
    'OtherTags',
    'RecordID',
    'Details',
    'ExtraFieldInfo',
    'RuleFile',
    'RuleID',
    'EvtxFile',
  ],
  'all-field-info': [
    'Timestamp',
    'RuleTitle',
    'Level',
    'Computer',
    'Channel',
    'EventID',
    'RecordID',
    'AllFieldInfo',
    'RuleFile',
    'RuleID',
    'EvtxFile',
  ],
  'all-field-info-verbose': [
    'Timestamp',
    'RuleTitle',
    'Level',
    'Computer',
    'Channel',
    'EventID',
    'MitreTactics',
    'MitreTags',
    'OtherTags',
    'RecordID',
    'AllFieldInfo',
    'RuleFile',
    'RuleID',
    'EvtxFile',
  ],
  'super-verbose': [
    'Timestamp',
    'RuleTitle',
    'Level',
    'Computer',
    'Channel',
    'EventID',
    'RuleAuthor',
    'RuleModifiedDate',
    'Status',
    'RecordID',
    'Details',
    'ExtraFieldInfo',
    'MitreTactics',
    'MitreTags',
    'OtherTags',
    'Provider',
    'RuleCreationDate',
    'RuleFile',
    'RuleID',
    'EvtxFile',
  ],
  'timesketch-minimal': [
    'datetime',
    'timestamp_desc',
    'message',
    'Level',
    'Computer',
    'Channel',
    'EventID',
    'MitreTactics',
    'MitreTags',
    'OtherTags',
    'RecordID',
    'Details',
    'RuleFile',
    'RuleID',
    'EvtxFile',
  ],
  'timesketch-verbose': [
    'datetime',
    'timestamp_desc',
    'message',
    'Level',
    'Computer',
    'Channel',
    'EventID',
    'MitreTactics',
    'MitreTags',
    'OtherTags',
    'RecordID',
    'Details',
    'ExtraFieldInfo',
    'RuleFile',
    'RuleID',
    'EvtxFile',
  ],
};
export const DEFAULT_HAYABUSA_PROFILE = 'standard';

/** Does the profile need each event's provider (a join with the events table)? */
export const needsProvider = (profile: string): boolean => HAYABUSA_PROFILES[profile]?.includes('Provider') ?? false;

interface RuleMeta {
  date: string;
  modified: string;
  status: string;
}
const ruleMetaCache = new Map<string, RuleMeta>();

/** date / modified / status of a rule file (its first 64 KiB); '-' when the file is gone. */
function ruleMeta(file: string): RuleMeta {
  let m = ruleMetaCache.get(file);
  if (m) return m;
  m = { date: '-', modified: '-', status: '-' };
  if (file) {
    try {
      const fd = openSync(file, 'r');
      try {
        const b = Buffer.alloc(65536);
        const text = b.toString('utf8', 0, readSync(fd, b, 0, b.length, 0));
        const get = (k: string): string =>
          /^['"]?([^'"\r\n#]*?)['"]?\s*(?:#.*)?$/.exec(
            new RegExp(`^${k}:[ \\t]*(.*)$`, 'm').exec(text)?.[1] ?? '',
          )?.[1] || '-';
        m = { date: get('date'), modified: get('modified'), status: get('status') };
      } finally {
        closeSync(fd);
      }
    } catch {
      // a rule set that moved since triage: the columns say "-"
    }
  }
  if (ruleMetaCache.size > 20_000) ruleMetaCache.clear();
  ruleMetaCache.set(file, m);
  return m;
}

function integerOr(v: string | number | null, dash: boolean): number | string {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\d{1,15}$/.test(v)) return Number(v);
  return dash ? '-' : '';
}

/** One detection as a Hayabusa row: values keyed by the profile's columns. */
export function hayabusaRow(d: DetectionRow, profile: readonly Column[], timeZone: string, json: boolean) {
  const tags = splitTags(d.tags);
  const meta = profile.some((c) => c === 'RuleModifiedDate' || c === 'RuleCreationDate' || c === 'Status')
    ? ruleMeta(d.ruleFile)
    : undefined;
  const details = d.details || '-';
  const extra = d.extra || '-';
  const row: Record<string, unknown> = {};
  for (const c of profile) {
    switch (c) {
      case 'Timestamp':
      case 'datetime':
        row[c] = formatLocal(d.ts, timeZone);
        break;
      case 'timestamp_desc':
        row[c] = 'hayabusa';
        break;
      case 'message':
      case 'RuleTitle':
        row[c] = d.ruleTitle;
        break;
      case 'Level':
        row[c] = levelAbbr(d.level);
        break;
      case 'Computer':
        row[c] = d.host || '-';
        break;
      case 'Channel':
        row[c] = channelAbbr(d.channel);
        break;
      case 'EventID':
        row[c] = json ? integerOr(d.eventId, true) : d.eventId || '-';
        break;
      case 'RecordID':
        row[c] = json ? integerOr(d.recordId, true) : d.recordId === null ? '-' : String(d.recordId);
        break;
      case 'Details':
        row[c] = json ? fieldsObject(details) : details;
        break;
      case 'ExtraFieldInfo':
        row[c] = json ? fieldsObject(extra) : extra;
        break;
      case 'AllFieldInfo': {
        const all = [details, extra].filter((s) => s && s !== '-').join(SEPARATOR) || '-';
        row[c] = json ? fieldsObject(all) : all;
        break;
      }
      case 'RuleID':
        row[c] = d.ruleId;
        break;
      case 'RuleFile':
        row[c] = baseName(d.ruleFile) || '-';
        break;
      case 'EvtxFile':
        row[c] = d.file || '-';
        break;
      case 'MitreTactics':
        row[c] = json ? tags.tactics : tags.tactics.join(SEPARATOR);
        break;
      case 'MitreTags':
        row[c] = json ? tags.techniques : tags.techniques.join(SEPARATOR);
        break;
      case 'OtherTags':
        row[c] = json ? tags.other : tags.other.join(SEPARATOR);
        break;
      case 'RuleAuthor':
        row[c] = d.author || '-';
        break;
      case 'RuleModifiedDate':
        row[c] = meta!.modified;
        break;
      case 'RuleCreationDate':
        row[c] = meta!.date;
        break;
      case 'Status':
        row[c] = meta!.status;
        break;
      case 'Provider':
        row[c] = d.provider || '-';
        break;
    }
  }
  return row;
}

function baseName(p: string): string {
  const i = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
  return i >= 0 ? p.slice(i + 1) : p;
}

export async function writeHayabusa(
  rows: AsyncIterable<DetectionRow>,
  sink: Sink,
  o: { profile: string; timeZone: string; csv: boolean },
): Promise<number> {
  const profile = HAYABUSA_PROFILES[o.profile];
  if (!profile) throw new Error(`unknown profile ${o.profile}`);
  const out = new Buffered(sink);
  // Hayabusa writes CSV without a BOM; konseki's own timeline.csv keeps its BOM for Excel
  if (o.csv) await out.add(csvLine([...profile]));
  let n = 0;
  for await (const d of rows) {
    const row = hayabusaRow(d, profile, o.timeZone, !o.csv);
    await out.add(o.csv ? csvLine(profile.map((c) => row[c])) : `${JSON.stringify(row)}\n`);
    n++;
  }
  await out.flush();
  return n;
}
