/**
 * Network chart queries over the contact index (w_net: one row per proxy request, firewall line, DNS
 * query, flow or IDS record, as source → destination with bytes and the weekday-hour in the
 * organisation's zone) and its per-pair totals (w_pairs): host–destination pairs, the contacts of one
 * pair (times and bytes, for the interval histogram), the off-hours heat map and the top talkers.
 */
import { type Db, type Param, type Row, W } from './db.ts';

export interface PairFilter {
  /** composite host name or raw source */
  host?: string;
  /** part of the destination */
  dst?: string;
  format?: string;
  from?: number;
  to?: number;
}

function cond(f: PairFilter, params: Param[], pairs = false): string {
  const parts: string[] = ['dst IS NOT NULL'];
  const p = (v: Param): string => {
    params.push(v);
    return `$${params.length}`;
  };
  if (f.host) {
    const h = p(f.host);
    parts.push(pairs ? `hkey = ${h}` : `(hkey = ${h} OR src = ${h})`);
  }
  if (f.dst) parts.push(`contains(dst, ${p(f.dst.toLowerCase())})`);
  if (f.format) parts.push(`format = ${p(f.format)}`);
  if (f.from !== undefined) parts.push(`ts >= ${p(f.from)}`);
  if (f.to !== undefined) parts.push(`ts < ${p(f.to)}`);
  return parts.join(' AND ');
}

/** The per-pair totals answer when no time range or format narrows the contacts. */
const whole = (f: PairFilter): boolean => f.from === undefined && f.to === undefined && !f.format;
const cap = (n: number, max: number): number => Math.max(1, Math.min(Math.floor(n), max));

/** Host–destination pairs by number of contacts. */
export async function pairs(db: Db, f: PairFilter, limit = 300): Promise<Row[]> {
  const params: Param[] = [];
  const lim = cap(limit, 5000);
  if (whole(f))
    return db.rows(
      `SELECT hkey AS host, dst, n, bytes_out, bytes_in, first, last, formats FROM ${W}.w_pairs
        WHERE ${cond(f, params, true)} ORDER BY n DESC, host, dst LIMIT ${lim}`,
      params,
    );
  return db.rows(
    `SELECT hkey AS host, dst, count(*) AS n, sum(bytes_out) AS bytes_out, sum(bytes_in) AS bytes_in,
            min(ts) AS first, max(ts) AS last, string_agg(DISTINCT format, ', ' ORDER BY format) AS formats
       FROM ${W}.w_net WHERE ${cond(f, params)} GROUP BY 1, 2 ORDER BY n DESC, host, dst LIMIT ${lim}`,
    params,
  );
}

export const MAX_CONTACTS = 100_000;

/** The contacts of one host with one destination, in time order (at most MAX_CONTACTS). */
export async function contacts(
  db: Db,
  host: string,
  dst: string,
  format?: string,
): Promise<{
  ts: number[];
  bytesOut: Array<number | null>;
  bytesIn: Array<number | null>;
  total: number;
  formats: Array<{ format: string; n: number }>;
}> {
  const params: Param[] = [host, dst.toLowerCase()];
  const fmt = format ? ` AND format = $3` : '';
  if (format) params.push(format);
  const where = `(hkey = $1 OR src = $1) AND dst = $2${fmt}`;
  const byFormat = await db.rows(
    `SELECT format, count(*) AS n FROM ${W}.w_net WHERE (hkey = $1 OR src = $1) AND dst = $2 GROUP BY 1 ORDER BY n DESC`,
    params.slice(0, 2),
  );
  const rows = await db.rows(
    `SELECT ts, bytes_out, bytes_in FROM ${W}.w_net WHERE ${where} LIMIT ${MAX_CONTACTS}`,
    params,
  );
  const n = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
  const total = byFormat.filter((r) => !format || r.format === format).reduce((a, r) => a + Number(r.n), 0);
  return {
    ts: rows.map((r) => Number(r.ts)),
    bytesOut: rows.map((r) => n(r.bytes_out)),
    bytesIn: rows.map((r) => n(r.bytes_in)),
    total,
    formats: byFormat.map((r) => ({ format: String(r.format), n: Number(r.n) })),
  };
}

/** Contacts by ISO weekday (row 0 = Monday) and hour in the organisation's zone (computed at indexing). */
export async function heatmap(db: Db, f: PairFilter): Promise<number[][]> {
  const params: Param[] = [];
  const rows = await db.rows(
    `SELECT how, count(*) AS n FROM ${W}.w_net WHERE ${cond(f, params)} AND how IS NOT NULL GROUP BY 1`,
    params,
  );
  const grid = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  for (const r of rows) {
    const how = Number(r.how);
    const d = Math.floor(how / 24);
    if (grid[d]) grid[d]![how % 24] = Number(r.n);
  }
  return grid;
}

/** Sources by bytes sent, with contacts and distinct destinations. */
export async function topTalkers(db: Db, f: PairFilter, limit = 50): Promise<Row[]> {
  const params: Param[] = [];
  const lim = cap(limit, 1000);
  if (whole(f))
    return db.rows(
      `SELECT hkey AS host, sum(n) AS n, sum(bytes_out) AS bytes_out, sum(bytes_in) AS bytes_in,
              count(*) AS destinations, min(first) AS first, max(last) AS last
         FROM ${W}.w_pairs WHERE ${cond(f, params, true)} GROUP BY 1 ORDER BY bytes_out DESC NULLS LAST, n DESC LIMIT ${lim}`,
      params,
    );
  return db.rows(
    `SELECT hkey AS host, count(*) AS n, sum(bytes_out) AS bytes_out, sum(bytes_in) AS bytes_in,
            count(DISTINCT dst) AS destinations, min(ts) AS first, max(ts) AS last
       FROM ${W}.w_net WHERE ${cond(f, params)} GROUP BY 1 ORDER BY bytes_out DESC NULLS LAST, n DESC LIMIT ${lim}`,
    params,
  );
}

/** Bytes and contacts per time bucket (for one host, pair or everything). */
export async function volume(
  db: Db,
  f: PairFilter,
  buckets: number,
): Promise<{ from: number; width: number; out: number[]; in: number[]; n: number[] }> {
  const params: Param[] = [];
  const c = cond(f, params);
  const r = (await db.rows(`SELECT min(ts) AS a, max(ts) AS b FROM ${W}.w_net WHERE ${c}`, params))[0];
  const from = r?.a === null || r?.a === undefined ? NaN : Number(r.a);
  const to = r?.b === null || r?.b === undefined ? NaN : Number(r.b) + 1;
  if (!(to > from)) return { from: 0, width: 0, out: [], in: [], n: [] };
  const width = Math.max(1, Math.ceil((to - from) / buckets));
  params.push(from, width);
  const rows = await db.rows(
    `SELECT CAST(floor((ts - $${params.length - 1}) / $${params.length}) AS INTEGER) AS b,
            coalesce(sum(bytes_out), 0) AS o, coalesce(sum(bytes_in), 0) AS i, count(*) AS n
       FROM ${W}.w_net WHERE ${c} GROUP BY 1`,
    params,
  );
  const out = new Array<number>(buckets).fill(0);
  const inn = new Array<number>(buckets).fill(0);
  const n = new Array<number>(buckets).fill(0);
  for (const x of rows) {
    const b = Math.min(buckets - 1, Math.max(0, Number(x.b)));
    out[b]! += Number(x.o);
    inn[b]! += Number(x.i);
    n[b]! += Number(x.n);
  }
  return { from, width, out, in: inn, n };
}
