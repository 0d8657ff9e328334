/**
 * Batches (src/store/batch.ts: TSV with \x01-JSON escapes, true/false, JSON lists) rewritten as ClickHouse's
 * TabSeparated input: backslash escapes in strings, 0/1 for booleans, ['a','b'] for lists, \N for NULL.
 */
import type { ColumnType } from '../schema.ts';
import { cleanJson, ESCAPED } from '../batch.ts';

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
      // a list's strings are quoted and escaped (\t, \n, \', \\): the field holds no raw tab or newline
      return (c) => (c === NUL ? '[]' : arrayLiteral(JSON.parse(c) as unknown[]));
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
  if (type === 'VARCHAR[]') return Array.isArray(v) ? arrayLiteral(v) : '[]';
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

const UNESCAPE: Record<string, string> = { b: '\b', f: '\f', r: '\r', n: '\n', t: '\t', '0': '\0' };
const BACKSLASHED = /\\(.)/g;
const CONTROL = /[\x00-\x1f]/;

/** A string as ClickHouse writes it in TabSeparated or inside a quoted list element. */
export function tsvUnescape(s: string): string {
  return s.includes('\\') ? s.replace(BACKSLASHED, (_, c: string) => UNESCAPE[c] ?? c) : s;
}

/** The strings of a ClickHouse list literal ['a','b\'c']. */
export function parseArrayLiteral(s: string): string[] {
  const out: string[] = [];
  let i = s.indexOf('[') + 1;
  while (i < s.length) {
    const q = s.indexOf("'", i);
    if (q < 0) break;
    let j = q + 1;
    let cur = '';
    while (j < s.length && s[j] !== "'") {
      if (s[j] === '\\' && j + 1 < s.length) {
        cur += UNESCAPE[s[j + 1]!] ?? s[j + 1];
        j += 2;
      } else cur += s[j++];
    }
    out.push(cur);
    i = j + 1;
  }
  return out;
}

/** A converter of one ClickHouse TabSeparated output line into a batch line (batch.ts) for `columns`. */
export function clickHouseToBatch(
  columns: ReadonlyArray<readonly [string, ColumnType]>,
  json: readonly string[] = [],
): (line: string) => string {
  const cells = columns.map(([c, t]): Cell => {
    switch (t) {
      case 'BOOLEAN':
        return (v) => (v === '1' ? 'true' : v === '0' ? 'false' : NUL);
      case 'VARCHAR[]':
        return (v) => cleanJson(parseArrayLiteral(v));
      case 'VARCHAR':
        if (json.includes(c)) return (v) => (v === NUL ? v : tsvUnescape(v));
        return (v) => {
          if (v === NUL) return v;
          const s = tsvUnescape(v);
          return CONTROL.test(s) || s === NUL ? ESCAPED + cleanJson(s) : s;
        };
      default:
        return (v) => v;
    }
  });
  return (line) => {
    const parts = line.split('\t');
    for (let i = 0; i < cells.length; i++) parts[i] = cells[i]!(parts[i] ?? NUL);
    return parts.join('\t');
  };
}
