/**
 * What an analysis that runs as SQL over the case store needs, without knowing which store it is:
 * a way to run a query, a way to stream a large result, and the dialect pieces where SQL engines
 * differ. Each analysis writes its SQL once with these pieces; src/store executes it (analytics
 * never imports the store). Times in the store are integer microseconds since 1970 (UTC), so no
 * engine-specific time type is needed; there are no window functions, only GROUP BY with aggregates.
 */

/** A result row: column name → value. Integers beyond 2^53 may come as strings: read them with num(). */
export type Row = Record<string, unknown>;

/** Where SQL engines differ. DuckDB's is in src/store/dialect.ts; ClickHouse (issue 17) gives its own. */
export interface Dialect {
  readonly name: string;
  /** a string literal */
  str(s: string): string;
  /** all values of `expr` over the group in ascending `order` (a comma list of expressions), cut at `limit` */
  list(expr: string, order: string, limit?: number): string;
  /**
   * all values of `expr` over the group in no particular order (cheaper than `list`: no sort per group);
   * several bags of one query list the group's rows in the same order, so they can be zipped
   */
  bag(expr: string): string;
  /** the `k` values of `expr` with the smallest `order` (ascending) / the largest (descending), in bounded memory */
  firstK(expr: string, order: string, k: number): string;
  lastK(expr: string, order: string, k: number): string;
  /** the distinct non-null values of `expr` over the group, at most `limit` (in no particular order) */
  distinct(expr: string, limit: number): string;
  /** `expr` of the row with the smallest / largest `order` (a comma list; ties broken by the later keys) */
  argMin(expr: string, order: string): string;
  argMax(expr: string, order: string): string;
  /** count of rows where `cond`, sum of `expr` where `cond` */
  countIf(cond: string): string;
  sumIf(expr: string, cond: string): string;
  /** exact count of distinct values */
  countDistinct(expr: string): string;
  /** bitwise OR over the group of an integer expression */
  bitOr(expr: string): string;
  /** `a` shifted left by `b` bits (integers) */
  shl(a: string, b: string): string;
  /** every / any row satisfies `cond` (as a boolean) */
  every(cond: string): string;
  any(cond: string): string;
  /** a record of named values (to keep several columns of one row together in a list) */
  record(fields: Record<string, string>): string;
  /** integer division and modulo of integers (the engines round differently) */
  idiv(a: string, b: string): string;
  /** true when the string starts with the prefix */
  startsWith(s: string, prefix: string): string;
  /** a table of literal rows (columns as [name, SQL type]); an empty table when there are no rows */
  values(cols: ReadonlyArray<readonly [string, string]>, rows: ReadonlyArray<ReadonlyArray<Literal>>): string;
}

export type Literal = string | number | boolean | null;

/** Runs SQL over the case store. */
export interface Sql {
  readonly dialect: Dialect;
  /** all rows of a (small) result */
  query(sql: string): Promise<Row[]>;
  /** the rows of a large result, a chunk at a time */
  stream(sql: string): AsyncIterable<Row>;
  /** a statement without result (temporary tables of an analysis) */
  run(sql: string): Promise<void>;
}

/** A number from a result value (BIGINT may arrive as a string or bigint); NaN for null. */
export function num(v: unknown): number {
  if (v === null || v === undefined) return NaN;
  return typeof v === 'number' ? v : Number(v);
}

/** A string from a result value, undefined for null. */
export function text(v: unknown): string | undefined {
  return v === null || v === undefined ? undefined : String(v);
}

/** SQL list literal of strings: ('a', 'b'); ('') when empty so that IN () stays valid. */
export function inList(d: Dialect, values: readonly (string | number)[]): string {
  if (!values.length) return '(NULL)';
  return `(${values.map((v) => (typeof v === 'number' ? String(v) : d.str(v))).join(', ')})`;
}
