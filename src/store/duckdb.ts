/**
 * The embedded case store: one DuckDB file per case (case.duckdb), no server. Rows arrive as batches of
 * tab-separated text (batch.ts) that DuckDB loads with its CSV reader in native threads. DuckDB works
 * within `memoryLimit` and spills to `tempDir` (inside the case directory) beyond it, so the store's
 * memory does not grow with the evidence. Implements the analyses' Sql (src/analytics/sql.ts).
 */
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Row, Sql } from '../analytics/sql.ts';
import { BatchWriter, ESCAPED } from './batch.ts';
import { duckdbDialect } from './dialect.ts';
import { columnsOf, createTableSql, JSON_COLUMNS, TABLES, VIEWS, type ColumnType, type TableName } from './schema.ts';

export interface StoreOptions {
  /** recreate the store (drop what is there) */
  fresh?: boolean;
  /** DuckDB's memory limit, e.g. "1GB" or "40%" (default: DuckDB's own, 80 % of RAM) */
  memoryLimit?: string;
  /** where DuckDB spills (default: <store>.tmp next to the file) */
  tempDir?: string;
  /** DuckDB's threads (default: DuckDB's own, the cores) */
  threads?: number;
  /** open for reading only (no table creation) */
  readOnly?: boolean;
}

/** Longest line of a batch file DuckDB accepts (an event with a megabyte field and its JSON escapes). */
const MAX_LINE = 64 << 20;

export class CaseStore implements Sql {
  readonly dialect = duckdbDialect;
  private seq = 0;

  private constructor(
    private readonly instance: DuckDBInstance,
    readonly conn: DuckDBConnection,
    readonly path: string,
    private readonly tempDir: string,
    readonly readOnly = false,
  ) {}

  /** Opens (or with `fresh`, recreates) the store at `path`. */
  static async open(path: string, o: StoreOptions = {}): Promise<CaseStore> {
    if (o.fresh) for (const p of [path, `${path}.wal`]) if (existsSync(p)) rmSync(p);
    const tempDir = o.tempDir ?? `${path}.tmp`;
    // loaded on first use: the native module costs ~0.3 s of start-up that commands without a store should not pay
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const config: Record<string, string> = { temp_directory: tempDir, preserve_insertion_order: 'false' };
    if (o.memoryLimit) config.memory_limit = o.memoryLimit;
    if (o.threads) config.threads = String(o.threads);
    if (o.readOnly) config.access_mode = 'READ_ONLY';
    const instance = await DuckDBInstance.create(path, config);
    const conn = await instance.connect();
    if (!o.readOnly) {
      for (const t of Object.keys(TABLES) as TableName[]) await conn.run(createTableSql(t));
      for (const v of VIEWS) await conn.run(v);
    }
    return new CaseStore(instance, conn, path, tempDir);
  }

  /** Loads a batch file written by a BatchWriter for `table`; returns the rows loaded. */
  loadBatch(table: TableName, file: string, json: readonly string[] = JSON_COLUMNS[table] ?? []): Promise<number> {
    return this.loadBatches(table, [file], json);
  }

  /** Loads batch files written by BatchWriters for `table` in one statement; returns the rows loaded. */
  async loadBatches(
    table: TableName,
    files: readonly string[],
    json: readonly string[] = JSON_COLUMNS[table] ?? [],
  ): Promise<number> {
    if (!files.length) return 0;
    const cols = columnsOf(table);
    const spec = cols.map(([c, t]) => `'${c}': '${t === 'VARCHAR[]' ? 'VARCHAR' : t}'`).join(', ');
    const select = cols.map(([c, t]) => decode(c, t, json.includes(c))).join(', ');
    const names = cols.map(([c]) => `"${c}"`).join(', ');
    const src = `read_csv([${files.map(sqlString).join(', ')}], header = false, delim = '\t', quote = '', escape = '', nullstr = '\\N',
      auto_detect = false, columns = {${spec}}, max_line_size = ${MAX_LINE}, buffer_size = ${2 * MAX_LINE})`;
    const r = await this.conn.run(`INSERT INTO ${table} (${names}) SELECT ${select} FROM ${src}`);
    return Number(r.rowsChanged);
  }

  /** Inserts a few rows (values in column order), through a batch file. */
  async insert(
    table: TableName,
    rows: readonly (readonly unknown[])[],
    json: readonly string[] = JSON_COLUMNS[table] ?? [],
  ): Promise<number> {
    if (!rows.length) return 0;
    const w = new BatchWriter(columnsOf(table), json);
    for (const r of rows) w.add(r);
    if (this.readOnly) throw new Error('the store is open read-only');
    mkdirSync(this.tempDir, { recursive: true });
    const file = join(this.tempDir, `insert-${process.pid}-${this.seq++}.tsv`);
    writeFileSync(file, w.take());
    try {
      return await this.loadBatch(table, file, json);
    } finally {
      rmSync(file, { force: true });
    }
  }

  /**
   * Opens an existing store without any right to change it: an in-memory database with the case file
   * attached read-only and made the default, so that the case's tables answer by their plain names while
   * scratch tables go to `memory.main` (for the web workspace, which must never alter the case).
   */
  static async openReadOnly(path: string): Promise<CaseStore> {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    await conn.run(`ATTACH ${sqlString(path)} AS kcase (READ_ONLY)`);
    await conn.run('USE kcase');
    return new CaseStore(instance, conn, path, '', true);
  }

  /** Another connection to the same database (queries on different connections run in parallel). */
  async connect(): Promise<DuckDBConnection> {
    const conn = await this.instance.connect();
    if (this.readOnly) await conn.run('USE kcase');
    return conn;
  }

  async count(table: TableName): Promise<number> {
    const r = await this.conn.runAndReadAll(`SELECT count(*) AS n FROM ${table}`);
    return Number(r.getRowObjects()[0]!.n);
  }

  async run(sql: string): Promise<void> {
    await this.conn.run(sql);
  }

  /** Rows as plain JSON-compatible objects (BIGINT as strings). */
  async query(sql: string): Promise<Row[]> {
    const r = await this.conn.runAndReadAll(sql);
    return r.getRowObjectsJson() as Row[];
  }

  /** Streams rows of a (large) result in chunks, as JSON-compatible objects. */
  async *stream(sql: string): AsyncGenerator<Row> {
    const result = await this.conn.stream(sql);
    for await (const rows of result.yieldRowObjectJson()) {
      for (const r of rows) yield r as Row;
    }
  }

  /** Streams rows as arrays of JSON-compatible values (column order of the query); cheaper than objects. */
  async *streamRows(sql: string): AsyncGenerator<unknown[]> {
    const result = await this.conn.stream(sql);
    for await (const rows of result.yieldRowsJson()) {
      for (const r of rows) yield r as unknown[];
    }
  }

  /** Writes everything to the database file (the WAL is folded in). */
  async checkpoint(): Promise<void> {
    await this.conn.run('CHECKPOINT');
  }

  close(): void {
    this.conn.closeSync();
    this.instance.closeSync();
    if (this.tempDir) rmSync(this.tempDir, { recursive: true, force: true });
  }
}

/** The SELECT expression that turns a batch column back into its value. */
function decode(col: string, type: ColumnType, json: boolean): string {
  const c = `"${col}"`;
  if (type === 'VARCHAR[]') return `from_json(${c}, '["VARCHAR"]')`;
  if (type !== 'VARCHAR' || json) return c;
  return `CASE WHEN starts_with(${c}, chr(${ESCAPED.charCodeAt(0)})) THEN json_extract_string(substr(${c}, 2), '$') ELSE ${c} END`;
}

export function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}
