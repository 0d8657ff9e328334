/**
 * Pieces the network analyses share over the `net` table (net-row.ts): evidence references kept per
 * group (the earliest and latest few records by time, in bounded memory), and option lists as SQL.
 */
import type { EvidenceRef } from '../../core/finding.ts';
import { num, text, type Dialect, type Row, type Sql } from '../sql.ts';

/** Order of records: by time, then by position in the file (ties are common in second-resolution logs). */
export const ORDER = 'ts, seq';

/** The reference columns of one record, kept together. */
export function refExpr(d: Dialect): string {
  return d.record({ f: 'file', s: 'seq', l: 'line', r: 'rec', o: 'off', t: 'ts' });
}

/** SQL for the `k` earliest and `k` latest references of a group (columns `early`, `late`). */
export function refsSql(d: Dialect, k: number): string {
  const r = refExpr(d);
  return `${d.firstK(r, ORDER, k)} AS early, ${d.lastK(r, ORDER, k)} AS late`;
}

interface RefRecord {
  f: string;
  s: unknown;
  l: unknown;
  r: unknown;
  o: unknown;
  t: unknown;
}

/** One evidence reference from a record of refExpr. */
export function refOfRecord(x: RefRecord): EvidenceRef {
  const r: EvidenceRef = { file: String(x.f), ts: num(x.t) };
  const line = num(x.l);
  const off = num(x.o);
  const rec = num(x.r);
  if (Number.isFinite(line)) r.line = line;
  if (Number.isFinite(off)) r.offset = off;
  if (Number.isFinite(rec)) r.record = rec;
  return r;
}

/** The earliest then the latest references of a group row, without duplicates, in time order. */
export function refsOf(row: Row): EvidenceRef[] {
  const seen = new Set<string>();
  const all: Array<{ ref: EvidenceRef; seq: number }> = [];
  for (const list of [row.early, row.late]) {
    if (!Array.isArray(list)) continue;
    for (const x of list as RefRecord[]) {
      const key = `${x.f}\u0000${String(x.s)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      all.push({ ref: refOfRecord(x), seq: num(x.s) });
    }
  }
  all.sort((a, b) => (a.ref.ts ?? 0) - (b.ref.ts ?? 0) || a.seq - b.seq);
  return all.map((a) => a.ref);
}

/** groups asked for in one query of groupRefs */
const REF_GROUPS_PER_QUERY = 500;

/**
 * The references (refsOf) of a few groups of `net` rows, asked for after the grouping query, which then
 * need not carry references for every group (the `k` earliest and latest per group cost a sort each).
 * `where` must be the grouping query's filter; returns a map from `${src}\0${dest}` to the references.
 */
export async function groupRefs(
  sql: Sql,
  where: string,
  groups: ReadonlyArray<readonly [string, string]>,
  k: number,
): Promise<Map<string, EvidenceRef[]>> {
  const d = sql.dialect;
  const out = new Map<string, EvidenceRef[]>();
  for (let i = 0; i < groups.length; i += REF_GROUPS_PER_QUERY) {
    const want = d.values(
      [
        ['w_src', 'VARCHAR'],
        ['w_dest', 'VARCHAR'],
      ],
      groups.slice(i, i + REF_GROUPS_PER_QUERY).map(([a, b]) => [a, b]),
    );
    for (const r of await sql.query(
      `SELECT src, dest, ${refsSql(d, k)} FROM net JOIN ${want} AS w ON src = w_src AND dest = w_dest
        WHERE ${where} GROUP BY src, dest`,
    ))
      out.set(`${String(r.src)}\u0000${String(r.dest)}`, refsOf(r));
  }
  return out;
}

/** A list of strings from a result value (a list, or null). */
export function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x) => x !== null && x !== undefined).map(String) : [];
}

/** Counts per key from two parallel lists (keys, counts), in the order given. */
export function countsOf(keys: unknown, counts: unknown): Array<[string, number]> {
  const k = strings(keys);
  const c = Array.isArray(counts) ? counts : [];
  return k.map((x, i) => [x, num(c[i])]);
}

export { num, text };
