/**
 * The case store's tables. Times are epoch microseconds (BIGINT) so the same SQL runs on DuckDB and
 * ClickHouse; views add TIMESTAMP columns for people who query the store by hand.
 * Wide, rarely-read data (all event fields) stays in one JSON column.
 */
export const TABLES = {
  events: {
    ts: 'BIGINT',
    host: 'VARCHAR',
    format: 'VARCHAR',
    file: 'VARCHAR',
    record: 'BIGINT',
    line: 'BIGINT',
    offset: 'BIGINT',
    product: 'VARCHAR',
    category: 'VARCHAR',
    service: 'VARCHAR',
    channel: 'VARCHAR',
    event_id: 'BIGINT',
    fields: 'JSON',
  },
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
    details: 'VARCHAR',
    extra: 'VARCHAR',
  },
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
    evidence: 'JSON',
    details: 'JSON',
  },
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
  issues: {
    code: 'VARCHAR',
    severity: 'VARCHAR',
    file: 'VARCHAR',
    offset: 'BIGINT',
    line: 'BIGINT',
    message: 'VARCHAR',
  },
} as const;

export type TableName = keyof typeof TABLES;

export function createTableSql(name: TableName): string {
  const cols = Object.entries(TABLES[name])
    .map(([c, t]) => `"${c}" ${t}`)
    .join(', ');
  return `CREATE TABLE IF NOT EXISTS ${name} (${cols})`;
}

/** read_json column spec for a table: {'ts': 'BIGINT', ...}. */
export function jsonColumnsSpec(name: TableName): string {
  return `{${Object.entries(TABLES[name])
    .map(([c, t]) => `'${c}': '${t}'`)
    .join(', ')}}`;
}

export const VIEWS = [
  `CREATE OR REPLACE VIEW timeline AS SELECT make_timestamp(ts) AS time, * FROM detections ORDER BY ts`,
  `CREATE OR REPLACE VIEW events_t AS SELECT make_timestamp(ts) AS time, * FROM events`,
];
