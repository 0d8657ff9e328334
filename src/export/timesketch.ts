/**
 * Timesketch import files (its guide "Create timeline from JSONL or CSV file"): every row has
 * `message`, `datetime` (ISO 8601), `timestamp_desc`, plus `timestamp` (epoch µs) and `data_type`.
 * Everything else is flat: nested values are joined into one key with "_" (dots would make
 * OpenSearch build objects, which clash with a scalar of the same name), lists become one string.
 * Event rows keep konseki's (Sigma) field names, plus Plaso's names for EVTX records
 * (computer_name, event_identifier, record_number, source_name, user_sid), so Timesketch's
 * analyzers and saved searches for windows:evtx:record find them.
 * Field names are capped (OpenSearch refuses an index with more than 1000 fields): the rarest beyond
 * MAX_EVENT_COLUMNS go into one `other_fields` text.
 */
import { csvLine } from '../timeline/csv.ts';
import { Buffered, flatten, isoOffset, type Flat, type Sink } from './common.ts';
import { SEPARATOR } from './tags.ts';
import type { DetectionRow, EventRow, FindingRow } from './queries.ts';

export const MAX_EVENT_COLUMNS = 500;
/** Keys a row sets itself; an event field of the same name is written as `field_<name>`. */
const RESERVED = new Set(['message', 'datetime', 'timestamp', 'timestamp_desc', 'data_type', 'other_fields']);

/** Plaso's data types where konseki reads the same thing (Timesketch's data_types list), else konseki:<format>. */
const DATA_TYPES: Record<string, string> = {
  evtx: 'windows:evtx:record',
  'evtx-json': 'windows:evtx:record',
  winlogbeat: 'windows:evtx:record',
  'splunk-wineventlog': 'windows:evtx:record',
  squid: 'squid:access',
  wtmp: 'linux:utmp:event',
  syslog: 'syslog:line',
  'snort-fast': 'snort:fastlog:alert',
  'suricata-fast': 'snort:fastlog:alert',
  'web-access': 'apache:access_log:entry',
  prefetch: 'windows:prefetch:execution',
  amcache: 'windows:registry:amcache',
  shimcache: 'windows:registry:appcompatcache',
};
export const dataTypeOf = (format: string): string => DATA_TYPES[format] ?? `konseki:${format || 'event'}`;

function flatName(k: string): string {
  const s = k.replace(/[.\s]+/g, '_');
  return RESERVED.has(s) ? `field_${s}` : s;
}

function flatFields(prefix: string, value: unknown, out: Flat): void {
  const tmp = flatten(value, prefix, {});
  for (const [k, v] of Object.entries(tmp)) out[flatName(k)] = v;
}

export function detectionRecord(d: DetectionRow): Flat {
  const r: Flat = {
    message: `${d.ruleTitle}${d.details ? ` ${SEPARATOR.trim()} ${d.details}` : ''}`,
    datetime: isoOffset(d.ts),
    timestamp: Number.isFinite(d.ts) ? Math.round(d.ts) : 0,
    timestamp_desc: 'Event Time',
    data_type: 'konseki:detection',
    rule_title: d.ruleTitle,
    rule_id: d.ruleId,
    level: d.level,
    computer_name: d.host,
    channel: d.channel,
    event_identifier: d.eventId,
    details: d.details,
    extra_field_info: d.extra,
    rule_author: d.author,
    tags: d.tags.join(', '),
    rule_file: d.ruleFile,
    evidence_file: d.file,
  };
  if (d.recordId !== null) r.record_number = d.recordId;
  return r;
}

export function findingRecord(f: FindingRow, lang: 'en' | 'ja'): Flat {
  const r: Flat = {
    message: lang === 'ja' ? f.summaryJa || f.summaryEn : f.summaryEn,
    datetime: isoOffset(f.firstSeen),
    timestamp: Number.isFinite(f.firstSeen) ? Math.round(f.firstSeen) : 0,
    timestamp_desc: 'First Seen',
    data_type: 'konseki:finding',
    kind: f.kind,
    severity: f.severity,
    host: f.host ?? '',
    peer: f.peer ?? '',
    last_seen: isoOffset(f.lastSeen),
    count: f.count,
    producer: f.producer,
    attack: f.attack.join(', '),
    summary_en: f.summaryEn,
    summary_ja: f.summaryJa,
    evidence_files: [...new Set(f.evidence.map((e) => e.file))].join(', '),
  };
  flatFields('details', f.details, r);
  return r;
}

function eventMessage(e: EventRow): string {
  const f = e.fields;
  if (typeof f.message === 'string' && f.message) return f.message;
  const parts: string[] = [];
  for (const [k, v] of Object.entries(f)) {
    if (v === null || v === '' || (Array.isArray(v) && !v.length)) continue;
    parts.push(`${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`);
    if (parts.length >= 40) break;
  }
  const head =
    f.EventID !== undefined ? `[${f.EventID}] ${String(f.Channel ?? '')} ${String(f.Provider_Name ?? '')}`.trim() : '';
  return [head, parts.join(SEPARATOR)].filter(Boolean).join(': ') || e.format;
}

export function eventRecord(e: EventRow, keep?: Set<string>): Flat {
  const r: Flat = {
    message: eventMessage(e),
    datetime: isoOffset(e.ts),
    timestamp: Number.isFinite(e.ts) ? Math.round(e.ts) : 0,
    timestamp_desc: 'Event Time',
    data_type: dataTypeOf(e.format),
    hostname: e.host,
    source_format: e.format,
    evidence_file: e.file,
  };
  if (e.record !== null) r.record_number = e.record;
  if (e.line !== null) r.line_number = e.line;
  if (e.offset !== null) r.offset = e.offset;
  const f = e.fields;
  if (r.data_type === 'windows:evtx:record') {
    if (typeof f.Computer === 'string') r.computer_name = f.Computer;
    if (f.EventID !== undefined) r.event_identifier = String(f.EventID);
    if (typeof f.Provider_Name === 'string') r.source_name = f.Provider_Name;
    if (typeof f.Security_UserID === 'string') r.user_sid = f.Security_UserID;
    if (typeof f.Level === 'number') r.event_level = f.Level;
  }
  const other: string[] = [];
  for (const [k, v] of Object.entries(f)) {
    if (v === null || v === undefined) continue;
    const name = flatName(k);
    const value = Array.isArray(v) ? v.join(', ') : typeof v === 'boolean' ? String(v) : v;
    if (keep && !keep.has(name)) other.push(`${k}: ${value}`);
    else r[name] = value;
  }
  if (other.length) r.other_fields = other.join(SEPARATOR);
  return r;
}

/** The event field names to keep as their own columns: the most common, up to the cap. */
export function eventColumns(names: Array<{ name: string; n: number }>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const { name } of [...names].sort((a, b) => b.n - a.n || (a.name < b.name ? -1 : 1))) {
    const k = flatName(name);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(k);
    if (out.length >= MAX_EVENT_COLUMNS) break;
  }
  return out;
}

const BASE_COLUMNS = ['message', 'datetime', 'timestamp', 'timestamp_desc', 'data_type'];

/** Writes records as JSONL, or as CSV with `columns` (the first five are Timesketch's own). */
export async function writeTimesketch(
  records: AsyncIterable<Flat> | Iterable<Flat>,
  sink: Sink,
  o: { csv: boolean; columns?: string[] },
): Promise<number> {
  const out = new Buffered(sink);
  const columns = o.csv ? [...BASE_COLUMNS, ...(o.columns ?? []).filter((c) => !BASE_COLUMNS.includes(c))] : [];
  if (o.csv) await out.add(csvLine(columns));
  let n = 0;
  for await (const r of records) {
    await out.add(o.csv ? csvLine(columns.map((c) => r[c] ?? '')) : `${JSON.stringify(r)}\n`);
    n++;
  }
  await out.flush();
  return n;
}

export const DETECTION_COLUMNS = Object.keys(
  detectionRecord({
    ts: 0,
    ruleId: '',
    ruleTitle: '',
    level: '',
    author: '',
    tags: [],
    ruleFile: '',
    host: '',
    channel: '',
    eventId: '',
    recordId: 0,
    file: '',
    details: '',
    extra: '',
  }),
);
