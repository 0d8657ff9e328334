/**
 * Batches (src/store/batch.ts: TSV with \x01-JSON escapes, true/false, JSON lists) rewritten as ClickHouse's
 * TabSeparated input: backslash escapes in strings, 0/1 for booleans, ['a','b'] for lists, \N for NULL.
 */
import type { ColumnType } from '../schema.ts';
import { ESCAPED } from '../batch.ts';

const TSV_SPECIAL = /[\\\t\n\r\0]/g;
const QUOTED_SPECIAL = /[\\\t\n\r\0']/g;
const ESC: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\0': '\\0', "'": "\\'" };
const NUL = '\\N';

export function tsvEscape(s: string): string {
  return s.replace(TSV_SPECIAL, (c) => ESC[c]!);
}

export function arrayLiteral(items: readonly unknown[]): string {
  return `[${items.map((x) => `'${String(x).replace(QUOTED_SPECIAL, (c) => ESC[c]!)}'`).join(',')}]`;
}

type Cell = (cell: string) => string;

function cellFor(type: ColumnType, json: boolean): Cell {
  switch (type) {
    case 'BOOLEAN':
      return (c) => (c === 'true' ? '1' : c === 'false' ? '0' : NUL);
    case 'VARCHAR[]':
      // inside a TSV field the list's own escapes are escaped once more
      return (c) => (c === NUL ? '[]' : tsvEscape(arrayLiteral(JSON.parse(c) as unknown[])));
    case 'VARCHAR':
      if (json) return (c) => (c === NUL ? c : tsvEscape(c));
      return (c) => (c === NUL ? c : tsvEscape(c.startsWith(ESCAPED) ? (JSON.parse(c.slice(1)) as string) : c));
    default:
      return (c) => c;
  }
}

/** Rewrites a batch (whole lines) for `columns` as ClickHouse TabSeparated text. */
export function batchToClickHouse(
  batch: string,
  columns: ReadonlyArray<readonly [string, ColumnType]>,
  json: readonly string[] = [],
): { text: string; rows: number } {
  const cells = columns.map(([c, t]) => cellFor(t, json.includes(c)));
  const out: string[] = [];
  let rows = 0;
  let start = 0;
  while (start < batch.length) {
    let end = batch.indexOf('\n', start);
    if (end < 0) end = batch.length;
    const parts = batch.slice(start, end).split('\t');
    start = end + 1;
    if (parts.length !== cells.length) continue;
    for (let i = 0; i < parts.length; i++) parts[i] = cells[i]!(parts[i]!);
    out.push(parts.join('\t'));
    rows++;
  }
  return { text: out.length ? `${out.join('\n')}\n` : '', rows };
}

/** A value as ClickHouse TabSeparated text, for rows inserted directly. */
export function valueToClickHouse(v: unknown, type: ColumnType, json: boolean): string {
  if (type === 'VARCHAR[]') return Array.isArray(v) ? tsvEscape(arrayLiteral(v)) : '[]';
  if (v === null || v === undefined) return NUL;
  if (type === 'BOOLEAN') return v === true ? '1' : v === false ? '0' : NUL;
  if (type === 'BIGINT' || type === 'INTEGER')
    return typeof v === 'number' && Number.isFinite(v)
      ? String(Math.round(v))
      : typeof v === 'bigint'
        ? String(v)
        : NUL;
  if (type === 'DOUBLE') return typeof v === 'number' && Number.isFinite(v) ? String(v) : NUL;
  void json;
  return tsvEscape(String(v));
}
