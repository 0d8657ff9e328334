/**
 * The case store on ClickHouse (issue 17): one database per case on a server, or on a cluster with
 * Distributed tables over per-shard MergeTree tables (tables.ts). Implements the same Store as the
 * embedded DuckDB store, over HTTP with @clickhouse/client (which speaks to 18.16 as to current servers).
 * Inserts are retried with backoff when the server does not answer; a server that stays down or refuses
 * gives a KonsekiError naming it (host:port, never the password).
 */
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { ClickHouseClient } from '@clickhouse/client';
import { KonsekiError } from '../../core/issue.ts';
import type { Row } from '../../analytics/sql.ts';
import { JSON_COLUMNS, type TableName } from '../schema.ts';
import type { Store } from '../store.ts';
import { chString, clickhouseDialect } from './dialect.ts';
import { batchToClickHouse, valueToClickHouse } from './tsv.ts';
import { CH_TABLES, chColumns, type ChTable, createStatements, q } from './tables.ts';
import type { ClickHouseTarget } from './url.ts';
import './messages.ts';

export interface ClickHouseOptions {
  target: ClickHouseTarget;
  /** the case ID (its database is `<database>_<case>`) */
  caseId: string;
  /** the cluster of remote_servers to create the tables on (Distributed tables over shards) */
  cluster?: string;
  /** attempts of an insert before giving up (default 5: waits 0.2, 0.4, 0.8, 1.6 s between them) */
  attempts?: number;
  /** first wait between attempts, ms */
  backoffMs?: number;
}

/** NETWORK_ERROR, SOCKET_TIMEOUT, ALL_CONNECTION_TRIES_FAILED, KEEPER_EXCEPTION: another server is away */
const SHARD_UNREACHABLE = /Code: (209|210|279|999),/;
const NETWORK_ERRORS = /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|socket hang up|Timeout/i;

export class ClickHouseStore implements Store {
  readonly dialect = clickhouseDialect;
  readonly path: string;
  readonly database: string;

  private constructor(
    private readonly client: ClickHouseClient,
    private readonly o: ClickHouseOptions,
  ) {
    this.database = `${o.target.database}_${o.caseId}`;
    this.path = `clickhouse://${o.target.server}/${this.database}`;
  }

  get cluster(): string | undefined {
    return this.o.cluster;
  }

  get server(): string {
    return this.o.target.server;
  }

  static async open(o: ClickHouseOptions): Promise<ClickHouseStore> {
    // a CommonJS package: bundled, its exports may sit under `default`
    const mod = (await import('@clickhouse/client')) as typeof import('@clickhouse/client') & {
      default?: typeof import('@clickhouse/client');
    };
    const createClient = mod.createClient ?? mod.default!.createClient;
    const make = (database?: string): ClickHouseClient =>
      createClient({
        url: o.target.http,
        username: o.target.user,
        password: o.target.password,
        database,
        request_timeout: 300_000,
        max_open_connections: 4,
        // errors reach the user as KonsekiErrors naming the server; the client's own log would repeat them
        log: { level: mod.ClickHouseLogLevel?.OFF ?? 127 },
      });
    // the case's database may not exist yet: the tables are created through a client without one
    const admin = new ClickHouseStore(make(), o);
    try {
      await admin.retry(() => admin.client.command({ query: 'SELECT 1' }));
      // DDL ON CLUSTER waits for every shard through ZooKeeper (~0.15 s a statement): only when a table is missing
      const want = CH_TABLES.flatMap((t) => (o.cluster ? [t, `${t}_local`] : [t]));
      const rs = await admin.retry(() =>
        admin.client.query({
          query: `SELECT name FROM system.tables WHERE database = ${chString(admin.database)}`,
          format: 'JSONEachRow',
        }),
      );
      const tables = await rs.json<{ name: string }>();
      const have = new Set(tables.map((r) => r.name));
      // a case is on a cluster or on one server for good: every command of it must say the same
      if (have.has('events') && have.has('events_local') !== !!o.cluster)
        throw new KonsekiError(have.has('events_local') ? 'clickhouse.needs_cluster' : 'clickhouse.no_cluster', {
          case: o.caseId,
        });
      if (want.some((t) => !have.has(t)))
        for (const ddl of createStatements(admin.database, o.cluster))
          await admin.retry(() => admin.client.command({ query: ddl }));
    } finally {
      admin.close();
    }
    // unqualified table names in the analyses' SQL resolve to the case's database
    return new ClickHouseStore(make(`${o.target.database}_${o.caseId}`), o);
  }

  /** A table as the analyses name it, qualified with the case's database. */
  table(t: ChTable): string {
    return `${q(this.database)}.${q(t)}`;
  }

  /** Runs `fn`, again with backoff while the server does not answer; errors name the server. */
  private async retry<T>(fn: () => Promise<T>, attempts = this.o.attempts ?? 5): Promise<T> {
    let wait = this.o.backoffMs ?? 200;
    for (let i = 1; ; i++) {
      try {
        return await fn();
      } catch (e) {
        const msg = (e as Error).message ?? String(e);
        // an answer of the server (a ClickHouse error: "Code: N") is not a server that is down
        const answered = /^\d+$/.test(String((e as { code?: unknown }).code ?? '')) || /Code: \d+/.test(msg);
        const down =
          !answered && (NETWORK_ERRORS.test(msg) || NETWORK_ERRORS.test(String((e as { code?: string }).code)));
        // the server answers but cannot reach another shard or ZooKeeper: worth another try, its own message
        const behind = SHARD_UNREACHABLE.test(msg);
        if ((!down && !behind) || i >= attempts)
          throw new KonsekiError(
            down ? 'clickhouse.unreachable' : 'clickhouse.failed',
            { server: this.server, reason: firstLine(msg) },
            e,
          );
        await new Promise((r) => setTimeout(r, wait));
        wait *= 2;
      }
    }
  }

  private settings(): Record<string, string> {
    // a Distributed insert returns once every shard has its rows (not queued for later)
    return this.o.cluster ? { insert_distributed_sync: '1' } : {};
  }

  private async insertText(t: ChTable, text: string): Promise<void> {
    if (!text) return;
    const cols = chColumns(t)
      .map(([c]) => q(c))
      .join(', ');
    await this.retry(() =>
      this.client
        .exec({
          query: `INSERT INTO ${this.table(t)} (${cols}) FORMAT TabSeparated`,
          values: Readable.from([Buffer.from(text)]),
          clickhouse_settings: this.settings() as never,
        })
        .then(async (r) => {
          // drain the (empty) answer so that the connection is reused
          for await (const _ of r.stream) void _;
        }),
    );
  }

  async loadBatch(
    table: TableName,
    file: string,
    json: readonly string[] = JSON_COLUMNS[table] ?? [],
  ): Promise<number> {
    const { text, rows } = batchToClickHouse(readFileSync(file, 'utf8'), chColumns(table), json);
    await this.insertText(table, text);
    return rows;
  }

  /** Several batch files of one table: one insert each (a file is a few MiB: no need to hold a group in memory). */
  async loadBatches(
    table: TableName,
    files: readonly string[],
    json: readonly string[] = JSON_COLUMNS[table] ?? [],
  ): Promise<number> {
    let n = 0;
    for (const f of files) n += await this.loadBatch(table, f, json);
    return n;
  }

  async insert(
    table: ChTable,
    rows: readonly (readonly unknown[])[],
    json: readonly string[] = table === 'ingests' ? [] : (JSON_COLUMNS[table] ?? []),
  ): Promise<number> {
    if (!rows.length) return 0;
    const cols = chColumns(table);
    const text = rows
      .map((r) => cols.map(([c, ty], i) => valueToClickHouse(r[i], ty, json.includes(c))).join('\t'))
      .join('\n');
    await this.insertText(table, `${text}\n`);
    return rows.length;
  }

  async count(table: TableName): Promise<number> {
    const [r] = await this.query(`SELECT count() AS n FROM ${this.table(table)}`);
    return Number(r?.n ?? 0);
  }

  async query(sql: string): Promise<Row[]> {
    const rs = await this.retry(() => this.client.query({ query: sql, format: 'JSONEachRow' }));
    return rs.json<Row>();
  }

  async *stream(sql: string): AsyncGenerator<Row> {
    const rs = await this.retry(() => this.client.query({ query: sql, format: 'JSONEachRow' }));
    try {
      for await (const rows of rs.stream<Row>()) for (const r of rows) yield r.json();
    } catch (e) {
      throw new KonsekiError('clickhouse.unreachable', { server: this.server, reason: firstLine(String(e)) }, e);
    }
  }

  /** The rows of a (large) result as ClickHouse TabSeparated lines (no JSON parse: the fastest way out). */
  async *streamTsv(sql: string): AsyncGenerator<string> {
    const rs = await this.retry(() => this.client.query({ query: sql, format: 'TabSeparated' }));
    try {
      for await (const rows of rs.stream()) for (const r of rows) yield r.text;
    } catch (e) {
      throw new KonsekiError('clickhouse.unreachable', { server: this.server, reason: firstLine(String(e)) }, e);
    }
  }

  async *streamRows(sql: string): AsyncGenerator<unknown[]> {
    for await (const r of this.stream(sql)) yield Object.values(r);
  }

  /** A statement without result. DELETE FROM t WHERE c becomes a mutation on the (local) tables. */
  async run(sql: string): Promise<void> {
    const del = /^\s*DELETE\s+FROM\s+(\w+)(?:\s+WHERE\s+([\s\S]*))?$/i.exec(sql);
    let stmt = sql;
    if (del) {
      const on = this.o.cluster ? ` ON CLUSTER ${q(this.o.cluster)}` : '';
      const local = this.o.cluster ? `${del[1]}_local` : del[1]!;
      stmt = `ALTER TABLE ${q(this.database)}.${q(local)}${on} DELETE WHERE ${del[2] ?? '1'}`;
    }
    await this.retry(() => this.client.command({ query: stmt }));
  }

  /** Inserts are durable when they return (synchronous inserts, on every shard with a cluster). */
  async checkpoint(): Promise<void> {}

  close(): void {
    void this.client.close();
  }
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.slice(0, 300);
}
