/**
 * DuckDB's SQL for the pieces where engines differ (the interface and its contract: src/analytics/sql.ts).
 * ClickHouse equivalents, for issue 17, in the comments: list → arraySlice(arrayMap(x -> x.2,
 * arraySort(groupArray((order, expr)))), 1, n); bag → groupArray; firstK/lastK → the same with arraySort / arrayReverseSort
 * (18.16 has no groupArraySorted); argMin(expr, tuple(order)); countIf; sumIf; uniqExact; groupBitOr;
 * bitShiftLeft; min/max for every/any on UInt8; tuple for record; intDiv; startsWith; values() as a
 * UNION ALL of SELECTs.
 */
import type { Dialect, Literal } from '../analytics/sql.ts';

function lit(v: Literal): string {
  if (v === null) return 'NULL';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'NULL';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return `'${v.replace(/'/g, "''")}'`;
}

/** The order expression: one column as it is, several as a row (compared column by column). */
function key(order: string): string {
  return order.includes(',') ? `(${order})` : order;
}

export const duckdbDialect: Dialect = {
  name: 'duckdb',
  str: (s) => lit(s),
  list: (expr, order, limit) => `list(${expr} ORDER BY ${order})${limit ? `[1:${limit}]` : ''}`,
  bag: (expr) => `list(${expr})`,
  firstK: (expr, order, k) => `min_by(${expr}, ${key(order)}, ${k})`,
  lastK: (expr, order, k) => `max_by(${expr}, ${key(order)}, ${k})`,
  distinct: (expr, limit) => `list(DISTINCT ${expr})[1:${limit}]`,
  argMin: (expr, order) => `arg_min(${expr}, ${key(order)})`,
  argMax: (expr, order) => `arg_max(${expr}, ${key(order)})`,
  countIf: (cond) => `count(*) FILTER (WHERE ${cond})`,
  sumIf: (expr, cond) => `coalesce(sum(${expr}) FILTER (WHERE ${cond}), 0)`,
  countDistinct: (expr) => `count(DISTINCT ${expr})`,
  bitOr: (expr) => `bit_or(${expr})`,
  shl: (a, b) => `(${a}::BIGINT << (${b})::BIGINT)`,
  every: (cond) => `coalesce(bool_and(${cond}), false)`,
  any: (cond) => `coalesce(bool_or(${cond}), false)`,
  record: (fields) =>
    `{${Object.entries(fields)
      .map(([k, v]) => `'${k}': ${v}`)
      .join(', ')}}`,
  idiv: (a, b) => `(${a} // ${b})`,
  startsWith: (s, prefix) => `starts_with(${s}, ${prefix})`,
  values(cols, rows) {
    const names = cols.map(([n]) => n).join(', ');
    if (!rows.length) return `(SELECT ${cols.map(([n, t]) => `CAST(NULL AS ${t}) AS ${n}`).join(', ')} WHERE false)`;
    const body = rows.map((r) => `(${r.map((v, i) => `CAST(${lit(v)} AS ${cols[i]![1]})`).join(', ')})`).join(', ');
    return `(SELECT * FROM (VALUES ${body}) AS v(${names}))`;
  },
};
