/**
 * The case's tables in ClickHouse: the same columns as the embedded store (src/store/schema.ts), each
 * column Nullable (arrays excepted: ClickHouse has no Nullable arrays, an absent list is empty), plus
 * `ingests`, the record of which file was ingested by whom. One database per case.
 * Without a cluster, each table is a MergeTree. With `--cluster NAME`, `<table>_local` MergeTree tables
 * are created ON CLUSTER and `<table>` is a Distributed table over them, sharded by a hash of the host,
 * so that each host's rows live on one shard.
 */
import { columnsOf, type ColumnType, type TableName, TABLES } from '../schema.ts';
import { chType } from './dialect.ts';

export type ChTable = TableName | 'ingests';

export const INGEST_COLUMNS: Array<[string, ColumnType]> = [
  ['ingest_id', 'VARCHAR'],
  ['file', 'VARCHAR'],
  ['sha256', 'VARCHAR'],
  ['size', 'BIGINT'],
  ['mtime', 'BIGINT'],
  ['machine', 'VARCHAR'],
  ['user', 'VARCHAR'],
  ['at', 'BIGINT'],
  /** started, done or failed (a later row of the same ingest and file wins) */
  ['status', 'VARCHAR'],
];

export function chColumns(t: ChTable): Array<[string, ColumnType]> {
  return t === 'ingests' ? INGEST_COLUMNS : columnsOf(t);
}

export const CH_TABLES: ChTable[] = [...(Object.keys(TABLES) as TableName[]), 'ingests'];

/** What rows are sharded by: the host the row is about, where there is one. */
const SHARD_KEY: Record<ChTable, string> = {
  events: 'host',
  detections: 'host',
  net: 'src',
  findings: 'host',
  correlation_inputs: 'file',
  file_findings: 'file',
  evidence: 'path',
  issues: 'file',
  files: 'file',
  run: 'key',
  ingests: 'file',
};

export function columnType(t: ColumnType): string {
  return t === 'VARCHAR[]' ? 'Array(String)' : `Nullable(${chType(t)})`;
}

export function q(name: string): string {
  return `\`${name.replace(/`/g, '')}\``;
}

/** The DDL that creates the case's tables (idempotent). */
export function createStatements(db: string, cluster?: string): string[] {
  const on = cluster ? ` ON CLUSTER ${q(cluster)}` : '';
  const out = [`CREATE DATABASE IF NOT EXISTS ${q(db)}${on}`];
  for (const t of CH_TABLES) {
    const cols = chColumns(t)
      .map(([c, ty]) => `${q(c)} ${columnType(ty)}`)
      .join(', ');
    const local = cluster ? `${t}_local` : t;
    out.push(`CREATE TABLE IF NOT EXISTS ${q(db)}.${q(local)}${on} (${cols}) ENGINE = MergeTree() ORDER BY tuple()`);
    if (cluster) {
      const key = `cityHash64(ifNull(${q(SHARD_KEY[t])}, ''))`;
      out.push(
        `CREATE TABLE IF NOT EXISTS ${q(db)}.${q(t)}${on} AS ${q(db)}.${q(local)} ENGINE = Distributed(${q(cluster)}, ${q(db)}, ${q(local)}, ${key})`,
      );
    }
  }
  return out;
}
