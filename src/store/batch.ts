/**
 * Rows on their way into the store, as tab-separated text that DuckDB's CSV reader loads in bulk (in
 * native threads, without a JSON parse): workers encode a batch, write it to a file, and the main
 * thread has the store load the file. Encoding, per column type:
 * - numbers in decimal, booleans as true/false, NULL as \N;
 * - strings as they are, unless they hold a control character (tab, newline, ...), equal \N, or start
 *   with \x01: those are written as \x01 followed by their JSON string, which the load decodes
 *   (src/store/duckdb.ts); JSON text columns (`fields`, ...) never hold raw control characters;
 * - string lists as JSON arrays.
 * Rows are written into one reused buffer (UTF-8): no large joined string, no per-batch garbage.
 */
import type { ColumnType } from './schema.ts';

const CONTROL = /[\x00-\x1f]/;
const LONE_SURROGATE_ESCAPE = /(?<!\\)((?:\\\\)*)\\u[dD][89a-fA-F][0-9a-fA-F]{2}/g;
export const ESCAPED = '\x01';

/** JSON with lone UTF-16 surrogates as U+FFFD (DuckDB refuses them). */
export function cleanJson(value: unknown): string {
  const s = JSON.stringify(value);
  return s.includes('\\u') ? s.replace(LONE_SURROGATE_ESCAPE, '$1\\ufffd') : s;
}

function encodeString(s: string): string {
  if (CONTROL.test(s) || s === '\\N') return ESCAPED + cleanJson(s);
  return s;
}

type Encoder = (v: unknown) => string;

const NUL = '\\N';

function encoderFor(type: ColumnType, json: boolean): Encoder {
  switch (type) {
    case 'BIGINT':
    case 'INTEGER':
      return (v) => (typeof v === 'number' && Number.isFinite(v) ? String(Math.round(v)) : NUL);
    case 'DOUBLE':
      return (v) => (typeof v === 'number' && Number.isFinite(v) ? String(v) : NUL);
    case 'BOOLEAN':
      return (v) => (v === true ? 'true' : v === false ? 'false' : NUL);
    case 'VARCHAR[]':
      return (v) => (Array.isArray(v) ? cleanJson(v.map(String)) : NUL);
    default:
      return json
        ? (v) => (v === null || v === undefined ? NUL : String(v))
        : (v) => (v === null || v === undefined ? NUL : encodeString(typeof v === 'string' ? v : String(v)));
  }
}

/** a writer starts small (a triage of many small files has a writer per table per file) and grows */
const INITIAL = 64 << 10;

/** Accumulates the rows of one table as TSV bytes. */
export class BatchWriter {
  private readonly enc: Encoder[];
  private readonly cells: string[];
  private buf: Buffer = Buffer.allocUnsafe(INITIAL);
  private len = 0;
  rows = 0;

  /** `json`: VARCHAR columns that hold JSON text made by cleanJson (written without checks) */
  constructor(
    readonly columns: ReadonlyArray<readonly [string, ColumnType]>,
    json: readonly string[] = [],
  ) {
    this.enc = columns.map(([c, t]) => encoderFor(t, json.includes(c)));
    this.cells = new Array<string>(columns.length).fill('');
  }

  /** Room for `chars` UTF-16 code units (at most 3 bytes each in UTF-8). */
  private room(chars: number): void {
    const need = this.len + 3 * chars + 1;
    if (need <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(need, 2 * this.buf.length));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }

  /** Adds a row (values in column order). */
  add(values: readonly unknown[]): void {
    const enc = this.enc;
    const cells = this.cells;
    for (let i = 0; i < enc.length; i++) cells[i] = enc[i]!(values[i]);
    // one join and one write per row: concatenating cell by cell builds string ropes that cost far more
    const line = cells.join('\t');
    this.room(line.length);
    this.len += this.buf.write(line, this.len);
    this.buf[this.len++] = 10;
    this.rows++;
  }

  /** Bytes buffered. */
  get bytes(): number {
    return this.len;
  }

  /** The rows added since the last take, as TSV bytes (a view into the buffer: use it before the next add). */
  take(): Buffer {
    const out = this.buf.subarray(0, this.len);
    this.len = 0;
    this.rows = 0;
    if (this.buf.length > 64 << 20) this.buf = Buffer.allocUnsafe(INITIAL); // a huge row grew it: give it back
    return out;
  }
}
