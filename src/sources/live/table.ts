/**
 * The tables konseki's collectors write: a first line `#konseki-<kind> v1 key=value ...` (host, time
 * of collection, ...), then tab-separated rows (with a header row for processes and sockets). Read
 * line by line with the Linux text-line reader (bounded lines, NUL bytes and Latin-1 tolerated).
 */
import type { Issue } from '../../core/issue.ts';
import { issue } from '../../core/issue.ts';
import { headLines, newLineStats, textLines } from '../text-lines.ts';
import './messages.ts';

export interface TableHeader {
  kind: string;
  version: string;
  meta: Record<string, string>;
}

const RE_HEADER = /^#konseki-([a-z-]+) v(\d+)((?: [A-Za-z_]+=\S*)*)\s*$/;

export function parseTableHeader(line: string): TableHeader | undefined {
  const m = RE_HEADER.exec(line);
  if (!m) return undefined;
  const meta: Record<string, string> = {};
  for (const kv of m[3].trim().split(' ')) {
    const eq = kv.indexOf('=');
    if (eq > 0) meta[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  return { kind: m[1], version: m[2], meta };
}

/** Sniff: 1 when the first line is the header of `kind`. */
export function sniffTable(head: Buffer, kind: string): number {
  const first = headLines(head, 1)[0];
  const h = first ? parseTableHeader(first) : undefined;
  return h?.kind === kind ? 1 : 0;
}

/** Epoch seconds as text → epoch µs (NaN when not a number). */
export function secondsUs(s: string | undefined): number {
  if (!s || !/^\d{1,12}(?:\.\d+)?$/.test(s)) return NaN;
  return Math.round(Number(s) * 1e6);
}

export interface TableRow {
  line: number;
  cells: string[];
}

/**
 * Rows of a konseki table: the header line parsed, the column-name row skipped when `columns`
 * starts it, rows with fewer than `minCells` cells counted as bad (reported once with the first line).
 */
export async function* tableRows(
  path: string,
  file: string,
  issues: Issue[],
  minCells: number,
  onHeader: (h: TableHeader | undefined) => void,
  onProgress?: (bytes: number) => void,
): AsyncGenerator<TableRow> {
  const ls = newLineStats();
  let bad = 0;
  let firstBad = 0;
  let seenHeader = false;
  for await (const batch of textLines(
    path,
    ls,
    (p) => issues.push(issue('live.read_error', { file, line: ls.lines + 1 }, { reason: p.reason }, 'error')),
    onProgress,
  )) {
    for (let i = 0; i < batch.lines.length; i++) {
      const text = batch.lines[i];
      const no = batch.first + i;
      if (!seenHeader) {
        seenHeader = true;
        const h = parseTableHeader(text);
        onHeader(h);
        if (h) continue;
      }
      if (!text || text.startsWith('#')) continue;
      const cells = text.split('\t');
      if (cells.length < minCells) {
        if (!bad) firstBad = no;
        bad++;
        continue;
      }
      yield { line: no, cells };
    }
  }
  if (bad) issues.push(issue('live.bad_rows', { file, line: firstBad }, { rows: bad }));
}
