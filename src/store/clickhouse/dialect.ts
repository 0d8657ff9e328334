/**
 * ClickHouse's SQL for the pieces where engines differ (contract: src/analytics/sql.ts), written for the
 * oldest server we support, 18.16 (Debian 12): no groupArraySorted, no window functions, no DateTime64.
 * Ordered lists are built by sorting an array of (order, value) pairs: the group's values are held in
 * memory on the server, which is bounded by its max_memory_usage rather than by ours.
 * A record is a tuple: it comes back as an array of its values in field order (see recordField).
 */
import type { Dialect, Literal } from '../../analytics/sql.ts';

export function chString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function lit(v: Literal): string {
  if (v === null) return 'NULL';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'NULL';
  if (typeof v === 'boolean') return v ? '1' : '0';
  return chString(v);
}

/** ClickHouse type of a DuckDB type name as the analyses write them. */
export function chType(t: string): string {
  switch (t.trim().toUpperCase()) {
    case 'BIGINT':
      return 'Int64';
    case 'INTEGER':
    case 'INT':
      return 'Int32';
    case 'DOUBLE':
      return 'Float64';
    case 'BOOLEAN':
      return 'UInt8';
    default:
      return 'String';
  }
}

/** Pairs (order, value) of the group sorted by order; `reverse` for descending. */
function sorted(expr: string, order: string, reverse = false): string {
  return `arrayMap(x -> x.2, ${reverse ? 'arrayReverseSort' : 'arraySort'}(x -> x.1, groupArray(tuple(tuple(${order}), ${expr}))))`;
}

export const clickhouseDialect: Dialect = {
  name: 'clickhouse',
  str: (s) => chString(s),
  list: (expr, order, limit) => (limit ? `arraySlice(${sorted(expr, order)}, 1, ${limit})` : sorted(expr, order)),
  // a tuple is never NULL, so NULL values keep their place (groupArray skips NULLs) and bags stay aligned
  bag: (expr) => `arrayMap(x -> x.1, groupArray(tuple(${expr})))`,
  firstK: (expr, order, k) => `arraySlice(${sorted(expr, order)}, 1, ${k})`,
  lastK: (expr, order, k) => `arraySlice(${sorted(expr, order, true)}, 1, ${k})`,
  distinct: (expr, limit) => `arraySlice(groupUniqArray(${expr}), 1, ${limit})`,
  argMin: (expr, order) => `argMin(${expr}, tuple(${order}))`,
  argMax: (expr, order) => `argMax(${expr}, tuple(${order}))`,
  countIf: (cond) => `countIf(${cond})`,
  sumIf: (expr, cond) => `ifNull(sumIf(${expr}, ${cond}), 0)`,
  countDistinct: (expr) => `uniqExact(${expr})`,
  bitOr: (expr) => `groupBitOr(toUInt64(${expr}))`,
  shl: (a, b) => `bitShiftLeft(toInt64(${a}), toInt64(${b}))`,
  every: (cond) => `(countIf(isNotNull(${cond})) > 0 AND countIf(NOT (${cond})) = 0)`,
  any: (cond) => `(countIf(${cond}) > 0)`,
  record: (fields) => `tuple(${Object.values(fields).join(', ')})`,
  idiv: (a, b) => `intDiv(${a}, ${b})`,
  startsWith: (s, prefix) => `startsWith(${s}, ${prefix})`,
  values(cols, rows) {
    const typeOf = (i: number): string => `Nullable(${chType(cols[i]![1])})`;
    if (!rows.length)
      return `(SELECT ${cols.map(([n], i) => `CAST(NULL AS ${typeOf(i)}) AS ${n}`).join(', ')} WHERE 0)`;
    const selects = rows.map(
      (r) => `SELECT ${r.map((v, i) => `CAST(${lit(v)} AS ${typeOf(i)}) AS ${cols[i]![0]}`).join(', ')}`,
    );
    return `(${selects.join(' UNION ALL ')})`;
  },
};
