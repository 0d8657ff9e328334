/**
 * The embedded case store: one DuckDB file per case (case.duckdb), no server. Rows arrive as NDJSON
 * files that DuckDB bulk-loads with read_json (the fastest path measured for wide rows, and it keeps
 * the main thread free while workers parse).
 */
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { existsSync, rmSync } from 'node:fs';
import { createTableSql, jsonColumnsSpec, TABLES, VIEWS, type TableName } from './schema.ts';

export class CaseStore {
  private constructor(
    private readonly instance: DuckDBInstance,
    readonly conn: DuckDBConnection,
    readonly path: string,
    readonly readOnly = false,
  ) {}

  /** Opens (or with `fresh`, recreates) the store at `path`. */
  static async open(path: string, fresh = false): Promise<CaseStore> {
    if (fresh) for (const p of [path, `${path}.wal`]) if (existsSync(p)) rmSync(p);
    // loaded on first use: the native module costs ~0.3 s of start-up that commands without a store should not pay
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(path);
    const conn = await instance.connect();
    for (const t of Object.keys(TABLES) as TableName[]) await conn.run(createTableSql(t));
    for (const v of VIEWS) await conn.run(v);
    return new CaseStore(instance, conn, path);
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
    return new CaseStore(instance, conn, path, true);
  }

  /** Another connection to the same database (queries on different connections run in parallel). */
  async connect(): Promise<DuckDBConnection> {
    const conn = await this.instance.connect();
    if (this.readOnly) await conn.run('USE kcase');
    return conn;
  }

  /** Bulk-loads an NDJSON file whose objects have the table's column names. */
  async loadNdjson(table: TableName, file: string): Promise<number> {
    const cols = Object.keys(TABLES[table])
      .map((c) => `"${c}"`)
      .join(', ');
    const src = `read_json(${sqlString(file)}, format = 'newline_delimited', columns = ${jsonColumnsSpec(table)}, maximum_object_size = 268435456)`;
    const before = await this.count(table);
    await this.conn.run(`INSERT INTO ${table} (${cols}) SELECT ${cols} FROM ${src}`);
    return (await this.count(table)) - before;
  }

  async count(table: TableName): Promise<number> {
    const r = await this.conn.runAndReadAll(`SELECT count(*) AS n FROM ${table}`);
    return Number(r.getRowObjects()[0]!.n);
  }

  /** Rows as plain JSON-compatible objects. */
  async query(sql: string): Promise<Record<string, unknown>[]> {
    const r = await this.conn.runAndReadAll(sql);
    return r.getRowObjectsJson() as Record<string, unknown>[];
  }

  /** Streams rows of a (large) result in chunks, as JSON-compatible objects. */
  async *stream(sql: string): AsyncGenerator<Record<string, unknown>> {
    const result = await this.conn.stream(sql);
    for await (const rows of result.yieldRowObjectJson()) {
      for (const r of rows) yield r as Record<string, unknown>;
    }
  }

  /** Streams rows as arrays of JSON-compatible values (column order of the query); cheaper than objects. */
  async *streamRows(sql: string): AsyncGenerator<unknown[]> {
    const result = await this.conn.stream(sql);
    for await (const rows of result.yieldRowsJson()) {
      for (const r of rows) yield r as unknown[];
    }
  }

  close(): void {
    this.conn.closeSync();
    this.instance.closeSync();
  }
}

export function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}
