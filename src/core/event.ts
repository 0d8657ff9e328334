/** One normalized event, the shape every reader yields (see docs/DESIGN.md of the shared docs). */
export type FieldValue = string | number | boolean | null | Array<string | number>;
export type Fields = Record<string, FieldValue>;

export interface SourceRef {
  /** reader format id, e.g. "evtx", "wtmp", "squid", "zeek-conn" */
  format: string;
  /** path of the evidence file as given by the user (or archive path + "!" + member) */
  file: string;
  /** byte offset of the record (or line number for text formats, see `line`) */
  offset?: number;
  /** record number (EVTX EventRecordID, utmp index) */
  record?: number;
  /** 1-based line number for text formats */
  line?: number;
}

export interface LogSource {
  product?: string;
  category?: string;
  service?: string;
}

export interface Event {
  /** epoch microseconds, UTC; NaN when the record carried no usable time */
  ts: number;
  source: SourceRef;
  /** Computer, syslog host, sensor, or the client IP of a network log */
  host?: string;
  logsource: LogSource;
  /** Sigma field names (Windows: System fields + EventData/UserData names as they are) */
  fields: Fields;
}

/** Microseconds between 1601-01-01 and 1970-01-01. */
export const FILETIME_EPOCH_DIFF_US = 11644473600000000n;

/** ISO 8601 UTC with microseconds, e.g. 2019-04-27T21:04:25.733401Z. Empty string for NaN. */
export function formatTs(us: number): string {
  if (!Number.isFinite(us)) return '';
  const ms = Math.floor(us / 1000);
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return '';
  const frac = String(Math.round(us - ms * 1000)).padStart(3, '0');
  return d.toISOString().replace(/\.(\d{3})Z$/, `.$1${frac}Z`);
}

/** Parse an ISO-like time (with or without zone; no zone means UTC) to epoch microseconds. NaN when invalid. */
export function parseTs(text: string): number {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(
    text.trim(),
  );
  if (!m) return NaN;
  const zone = m[4]
    ? m[4].toUpperCase() === 'Z'
      ? 'Z'
      : m[4].length === 5
        ? `${m[4].slice(0, 3)}:${m[4].slice(3)}`
        : m[4]
    : 'Z';
  const time = m[2] ? (m[2].length === 5 ? `${m[2]}:00` : m[2]) : '00:00:00';
  const ms = Date.parse(`${m[1]}T${time}${zone}`);
  if (Number.isNaN(ms)) return NaN;
  const frac = (m[3] ?? '').padEnd(6, '0').slice(0, 6);
  return ms * 1000 + Number(frac);
}
