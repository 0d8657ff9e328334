/**
 * Every SQL statement of the web workspace lives in this folder (src/web/queries/), so that a change of
 * the store's schema touches one place. This file: the connection pool over the read-only case store
 * (two connections, so that a page and its count run side by side on a 2-core machine) and parameter
 * binding. Values from the browser are always bound as parameters, never spliced into SQL.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { join } from 'node:path';
import type { CaseStore } from '../../store/duckdb.ts';

export type Param = string | number | boolean | null;
export type Row = Record<string, unknown>;

/**
 * The workspace's own tables (indexes, review marks): a scratch database in a temporary directory,
 * attached next to the read-only case, so that DuckDB can page them to disk (memory stays bounded).
 */
export const W = 'widx.main';

export class Db {
  private readonly idle: DuckDBConnection[] = [];
  private readonly waiting: Array<(c: DuckDBConnection) => void> = [];

  private constructor(readonly store: CaseStore) {}

  static async open(store: CaseStore, scratchDir: string, connections = 2): Promise<Db> {
    const db = new Db(store);
    const c = store.conn;
    await c.run(`ATTACH ${quote(join(scratchDir, 'index.duckdb'))} AS widx`);
    await c.run(`SET temp_directory = ${quote(join(scratchDir, 'spill'))}`);
    await c.run(`SET memory_limit = ${quote(process.env.KONSEKI_SERVE_MEMORY ?? '1GB')}`);
    // pages of the time-ordered indexes are read in their insertion order (no sort for a page)
    await c.run('SET preserve_insertion_order = true');
    // the store's own connection stays free for the code that takes a CaseStore (composite, identity)
    for (let i = 0; i < connections; i++) db.idle.push(await store.connect());
    return db;
  }

  private acquire(): Promise<DuckDBConnection> {
    const c = this.idle.pop();
    if (c) return Promise.resolve(c);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(c: DuckDBConnection): void {
    const next = this.waiting.shift();
    if (next) next(c);
    else this.idle.push(c);
  }

  /** Rows as JSON-compatible objects (BIGINT as strings, lists as arrays). `$1`, `$2`… bind `params`. */
  async rows(sql: string, params: Param[] = []): Promise<Row[]> {
    const c = await this.acquire();
    try {
      const r = await c.runAndReadAll(sql, params.length ? params : undefined);
      return r.getRowObjectsJson() as Row[];
    } finally {
      this.release(c);
    }
  }

  async run(sql: string, params: Param[] = []): Promise<void> {
    const c = await this.acquire();
    try {
      await c.run(sql, params.length ? params : undefined);
    } finally {
      this.release(c);
    }
  }

  /** A scratch table with the given columns (VARCHAR each) filled with `rows`, replacing it. */
  async table(name: string, columns: string[], rows: Array<Array<string | null>>): Promise<void> {
    const c = await this.acquire();
    try {
      await c.run(`CREATE OR REPLACE TABLE ${W}.${name} (${columns.map((x) => `"${x}" VARCHAR`).join(', ')})`);
      if (!rows.length) return;
      const app = await c.createAppender(name, 'main', 'widx');
      for (const r of rows) {
        for (const v of r) {
          if (v === null) app.appendNull();
          else app.appendVarchar(v);
        }
        app.endRow();
      }
      app.closeSync();
    } finally {
      this.release(c);
    }
  }
}

/** A BIGINT/number cell as a number (null when absent or not a number). */
export function num(v: unknown): number | null {
  if (v === null || v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

export function str(v: unknown): string | null {
  return v === null || v === undefined ? null : String(v);
}

const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;
