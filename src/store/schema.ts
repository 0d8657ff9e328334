/**
 * The case store's tables (case.duckdb). This is the contract for everything that reads a case: the
 * report, `konseki hunt`, the web workspace, and the ClickHouse port (issue 17).
 *
 * - Times are integer microseconds since 1970-01-01 UTC (BIGINT), so the same SQL runs on DuckDB and on
 *   ClickHouse without a timestamp type; views add TIMESTAMP columns for people who query by hand.
 * - An event is identified by (file, seq): `file` is the evidence path as shown to the user (archive
 *   members as `archive.zip!member`), `seq` its position in that file (the n-th event; for a large text
 *   log read in parts, part index × 2^32 + n). `seq` orders the events of one file the way they were written.
 * - `fields` holds every field of the event as JSON text (Sigma field names; query with
 *   `fields->>'TargetUserName'`): what rules need when `konseki hunt` runs new rules without the evidence.
 * - `net` is the network view of the network records (src/analytics/network/net-row.ts): typed columns
 *   that every network analysis reads, derived once at reading time with the run's time zone, business
 *   hours and internal networks.
 * - `files` and `run` record the state of a triage, so that an interrupted one can continue (src/triage/state.ts).
 */
import { NET_COLUMNS } from '../analytics/network/index.ts';

export type ColumnType = 'BIGINT' | 'INTEGER' | 'DOUBLE' | 'VARCHAR' | 'BOOLEAN' | 'VARCHAR[]';

export const TABLES = {
  /** every event read (one row per record / line that made an event) */
  events: {
    ts: 'BIGINT',
    host: 'VARCHAR',
    format: 'VARCHAR',
    file: 'VARCHAR',
    seq: 'BIGINT',
    record: 'BIGINT',
    line: 'BIGINT',
    offset: 'BIGINT',
    product: 'VARCHAR',
    category: 'VARCHAR',
    service: 'VARCHAR',
    channel: 'VARCHAR',
    event_id: 'BIGINT',
    /** an analysis over host events (Windows, Linux, execution artifacts) wants it: replayed in time order */
    want: 'BOOLEAN',
    /** all fields as JSON text */
    fields: 'VARCHAR',
  },
  /** the network view of network records (columns: src/analytics/network/net-row.ts) */
  net: Object.fromEntries(NET_COLUMNS) as Record<string, ColumnType>,
  /** rule hits: one row per rule and event (the timeline) */
  detections: {
    ts: 'BIGINT',
    rule_id: 'VARCHAR',
    rule_title: 'VARCHAR',
    level: 'VARCHAR',
    author: 'VARCHAR',
    tags: 'VARCHAR[]',
    rule_file: 'VARCHAR',
    host: 'VARCHAR',
    channel: 'VARCHAR',
    event_id: 'VARCHAR',
    record_id: 'BIGINT',
    file: 'VARCHAR',
    /** the event's seq (NULL for correlation hits, which stand for many events) */
    seq: 'BIGINT',
    details: 'VARCHAR',
    extra: 'VARCHAR',
  },
  /** what correlation rules need from the events their base rules matched (JSON), concluded after reading */
  correlation_inputs: {
    file: 'VARCHAR',
    ts: 'BIGINT',
    input: 'VARCHAR',
  },
  /** findings of every analysis (rewritten by each triage and hunt) */
  findings: {
    kind: 'VARCHAR',
    severity: 'VARCHAR',
    host: 'VARCHAR',
    peer: 'VARCHAR',
    first_seen: 'BIGINT',
    last_seen: 'BIGINT',
    count: 'BIGINT',
    summary_en: 'VARCHAR',
    summary_ja: 'VARCHAR',
    producer: 'VARCHAR',
    attack: 'VARCHAR[]',
    evidence: 'VARCHAR',
    details: 'VARCHAR',
  },
  /** findings of analyses that conclude per file as it is read (record gaps, overwritten logs), as JSON */
  file_findings: {
    file: 'VARCHAR',
    finding: 'VARCHAR',
  },
  /** the evidence files with their hashes (from the evidence manifest) */
  evidence: {
    path: 'VARCHAR',
    display: 'VARCHAR',
    sha256: 'VARCHAR',
    size: 'BIGINT',
    mtime: 'BIGINT',
    format: 'VARCHAR',
    events: 'BIGINT',
    skipped: 'BIGINT',
  },
  /** problems found while reading (unreadable records, damaged streams), per file */
  issues: {
    code: 'VARCHAR',
    severity: 'VARCHAR',
    file: 'VARCHAR',
    offset: 'BIGINT',
    line: 'BIGINT',
    params: 'VARCHAR',
  },
  /** per input file of a triage: read completely or not (resume continues from here) */
  files: {
    file: 'VARCHAR',
    path: 'VARCHAR',
    format: 'VARCHAR',
    size: 'BIGINT',
    mtime: 'BIGINT',
    status: 'VARCHAR',
    events: 'BIGINT',
    skipped: 'BIGINT',
  },
  /** the state of the last run: key → value (started, options, state) */
  run: {
    key: 'VARCHAR',
    value: 'VARCHAR',
  },
} as const satisfies Record<string, Record<string, ColumnType>>;

export type TableName = keyof typeof TABLES;

export function columnsOf(table: TableName): Array<[string, ColumnType]> {
  return Object.entries(TABLES[table]) as Array<[string, ColumnType]>;
}

export function createTableSql(name: TableName): string {
  const cols = columnsOf(name)
    .map(([c, t]) => `"${c}" ${t}`)
    .join(', ');
  return `CREATE TABLE IF NOT EXISTS ${name} (${cols})`;
}

export const VIEWS = [
  `CREATE OR REPLACE VIEW timeline AS SELECT make_timestamp(ts) AS time, * FROM detections ORDER BY ts`,
  `CREATE OR REPLACE VIEW events_t AS SELECT make_timestamp(ts) AS time, * FROM events`,
];

/** VARCHAR columns that hold JSON text (written by cleanJson, loaded without decoding). */
export const JSON_COLUMNS: Partial<Record<TableName, readonly string[]>> = {
  events: ['fields'],
  correlation_inputs: ['input'],
  findings: ['evidence', 'details'],
  file_findings: ['finding'],
  issues: ['params'],
};
