/**
 * The one text-line reader of every text format (syslog, audit, crontab, proxy, firewall, DNS, IDS, ...).
 * Streams a file, gzip or not (by its magic bytes, not its name), in batches of lines:
 * - bounded: a line longer than `maxLine` bytes is cut there and flagged, never accumulated;
 * - fast: a chunk of whole lines that is valid UTF-8 without NUL bytes is decoded in one call and split;
 *   otherwise each line is decoded on its own, UTF-8 when valid and latin1 when not (old syslogs mix
 *   encodings), NUL bytes (left by an unclean shutdown) removed and counted;
 * - honest: a read or gzip error ends the stream with an issue naming the file and the line after the
 *   last one read; what came before is delivered; NULs, non-UTF-8 and cut lines are reported once per file.
 * A byte range of an uncompressed file can be read on its own (`range`), so that one large log is read by
 * several workers at once (`splitRanges` finds line boundaries and the first line number of each range).
 */
import { isUtf8 } from 'node:buffer';
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { createGunzip, gunzipSync, constants as zc } from 'node:zlib';
import { issue, type Issue } from '../core/issue.ts';
import './messages.ts';

/** Longest line kept (bytes); longer ones are cut here and flagged. */
export const MAX_LINE = 1 << 20;
const CHUNK = 1 << 20;

export interface LineStats {
  lines: number;
  nulBytes: number;
  latin1Lines: number;
  overlong: number;
}

export function newLineStats(): LineStats {
  return { lines: 0, nulBytes: 0, latin1Lines: 0, overlong: 0 };
}

export interface LineBatch {
  /** lines without "\n" (a trailing "\r" removed) */
  lines: string[];
  /** 1-based number of lines[0] */
  first: number;
  /** indexes (in `lines`) of lines that were longer than maxLine and were cut */
  overlong?: number[];
  /** bytes of the file (compressed bytes for gzip) read so far */
  bytes: number;
}

/** A byte range of an uncompressed file that starts and ends at line boundaries. */
export interface LineRange {
  start: number;
  /** exclusive */
  end: number;
  /** 1-based number of the range's first line in the file */
  firstLine: number;
}

export interface LineReadOptions {
  /** the file as shown to the user, for issues */
  file: string;
  /** where read and gzip errors and the per-file notes (NULs, encodings, cut lines) go */
  issues: Issue[];
  stats?: LineStats;
  /** bytes read so far, called about every MiB */
  onProgress?: (bytes: number) => void;
  /** read only this part of an uncompressed file */
  range?: LineRange;
  maxLine?: number;
}

export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/** The first bytes of a file (fewer when it is shorter). */
export function readHead(path: string, bytes: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const b = Buffer.alloc(bytes);
    return b.subarray(0, readSync(fd, b, 0, bytes, 0));
  } finally {
    closeSync(fd);
  }
}

/** One raw line (without "\n") to text: NULs removed, a trailing "\r" dropped, latin1 when not UTF-8. */
export function decodeLine(raw: Buffer, stats: LineStats, maxLine = MAX_LINE): string {
  let b = raw;
  if (b.length > maxLine) {
    b = b.subarray(0, maxLine);
    stats.overlong++;
  }
  if (b.includes(0)) {
    const kept = Buffer.allocUnsafe(b.length);
    let n = 0;
    for (const c of b) {
      if (c === 0) stats.nulBytes++;
      else kept[n++] = c;
    }
    b = kept.subarray(0, n);
  }
  if (b.length && b[b.length - 1] === 13) b = b.subarray(0, b.length - 1);
  stats.lines++;
  if (isUtf8(b)) return b.toString('utf8');
  stats.latin1Lines++;
  return b.toString('latin1');
}

/** Lines of a region of whole lines (ends at a "\n" or at the end of the input), appended to `out`. */
function decodeRegion(region: Buffer, out: string[], stats: LineStats, maxLine: number, overlong: number[]): void {
  const base = out.length;
  if (!region.includes(0) && isUtf8(region)) {
    const parts = region.toString('utf8').split('\n');
    if (region[region.length - 1] === 10) parts.pop();
    for (let i = 0; i < parts.length; i++) {
      let l = parts[i];
      if (l.length > maxLine >> 2 && Buffer.byteLength(l) > maxLine) {
        l = Buffer.from(l).subarray(0, maxLine).toString('utf8');
        stats.overlong++;
        overlong.push(base + i);
      }
      if (l.charCodeAt(l.length - 1) === 13) l = l.slice(0, -1);
      out.push(l);
    }
    stats.lines += parts.length;
    return;
  }
  let start = 0;
  while (start < region.length) {
    let nl = region.indexOf(10, start);
    if (nl < 0) nl = region.length;
    const before = stats.overlong;
    out.push(decodeLine(region.subarray(start, nl), stats, maxLine));
    if (stats.overlong > before) overlong.push(out.length - 1);
    start = nl + 1;
  }
}

/**
 * Batches of lines (one per chunk read). Problems end the stream as issues (`lines.read_error`,
 * `lines.gzip_error`) with the file and the line number where reading stopped.
 */
export async function* readLines(path: string, o: LineReadOptions): AsyncGenerator<LineBatch> {
  const stats = o.stats ?? newLineStats();
  const maxLine = o.maxLine ?? MAX_LINE;
  let lineNo = o.range?.firstLine ?? 1;
  let gz = false;
  try {
    gz = !o.range && isGzip(readHead(path, 2));
  } catch (e) {
    o.issues.push(issue('lines.read_error', { file: o.file }, { reason: (e as Error).message }, 'error'));
    return;
  }
  const raw = createReadStream(path, {
    highWaterMark: CHUNK,
    flags: 'r',
    ...(o.range ? { start: o.range.start, end: o.range.end - 1 } : {}),
  });
  let input: AsyncIterable<Buffer> = raw;
  if (gz) {
    const gunzip = createGunzip({ chunkSize: CHUNK });
    raw.on('error', (e) => gunzip.destroy(e)); // pipe() does not forward errors: without this a read error would hang
    input = raw.pipe(gunzip);
  }
  const rawBytes = (): number => (o.range ? o.range.start : 0) + raw.bytesRead;
  /** bytes after the last "\n", at most maxLine of them; `cutting` while the rest of an overlong line is dropped */
  let carry: Buffer = Buffer.alloc(0);
  let cutting = false;
  let lastProgress = 0;
  const flush = (region: Buffer, cutFirst: boolean): LineBatch | undefined => {
    if (!region.length && !cutFirst) return undefined;
    const lines: string[] = [];
    const overlong: number[] = [];
    decodeRegion(region, lines, stats, maxLine, overlong);
    if (cutFirst && lines.length && !overlong.includes(0)) {
      overlong.unshift(0);
      stats.overlong++;
    }
    if (!lines.length) return undefined;
    const b: LineBatch = { lines, first: lineNo, bytes: rawBytes() };
    if (overlong.length) b.overlong = overlong;
    lineNo += lines.length;
    return b;
  };
  try {
    for await (const chunk of input) {
      const nl = chunk.lastIndexOf(10);
      if (nl < 0) {
        // no line ends in this chunk: grow the carry up to the limit, then drop until the next "\n"
        if (!cutting) {
          carry = Buffer.concat([carry, chunk.subarray(0, Math.max(0, maxLine - carry.length))]);
          if (carry.length >= maxLine) cutting = true;
        }
        continue;
      }
      let region: Buffer;
      let cutFirst = false;
      if (cutting) {
        // the overlong line ends at the first "\n" of this chunk: keep what was carried, cut
        const firstNl = chunk.indexOf(10);
        region = Buffer.concat([carry, Buffer.from('\n'), chunk.subarray(firstNl + 1, nl + 1)]);
        cutFirst = true;
        cutting = false;
      } else region = carry.length ? Buffer.concat([carry, chunk.subarray(0, nl + 1)]) : chunk.subarray(0, nl + 1);
      const rest = chunk.subarray(nl + 1);
      carry = rest.length > maxLine ? Buffer.from(rest.subarray(0, maxLine)) : Buffer.from(rest);
      if (rest.length >= maxLine) cutting = true;
      const b = flush(region, cutFirst);
      if (b) yield b;
      if (o.onProgress && rawBytes() - lastProgress >= CHUNK) {
        lastProgress = rawBytes();
        o.onProgress(lastProgress);
      }
    }
  } catch (e) {
    o.issues.push(
      issue(
        gz ? 'lines.gzip_error' : 'lines.read_error',
        { file: o.file, line: lineNo },
        { reason: (e as Error).message },
        'error',
      ),
    );
  } finally {
    raw.destroy();
  }
  if (carry.length || cutting) {
    const b = flush(carry, cutting);
    if (b) yield b;
  }
  if (stats.nulBytes) o.issues.push(issue('lines.nul_bytes', { file: o.file }, { bytes: stats.nulBytes }));
  if (stats.latin1Lines) o.issues.push(issue('lines.not_utf8', { file: o.file }, { lines: stats.latin1Lines }, 'info'));
  if (stats.overlong)
    o.issues.push(issue('lines.overlong', { file: o.file }, { lines: stats.overlong, max: `${maxLine >> 10} KiB` }));
}

/** Lines of an in-memory buffer (tests, fuzzing): the same decoding as readLines. */
export function bufferLines(buf: Buffer, stats: LineStats = newLineStats()): string[] {
  const out: string[] = [];
  decodeRegion(buf, out, stats, MAX_LINE, []);
  return out;
}

const headCache = new WeakMap<Buffer, string>();

/** The first bytes of a file as text, gunzipped when gzip (a partial stream is fine). */
export function headText(head: Buffer): string {
  const hit = headCache.get(head);
  if (hit !== undefined) return hit;
  let text = '';
  if (isGzip(head)) {
    // a bounded output: a small input slice first when the full head would inflate past the limit
    for (const n of [head.length, 8192, 1024]) {
      try {
        text = gunzipSync(head.subarray(0, n), { finishFlush: zc.Z_SYNC_FLUSH, maxOutputLength: 4 << 20 }).toString(
          'utf8',
        );
        break;
      } catch {
        text = '';
      }
    }
  } else text = head.toString('utf8');
  headCache.set(head, text);
  return text;
}

/** Up to `max` complete non-blank lines of a file head (a last line cut by the head's end is dropped). */
export function headLines(head: Buffer, max = 40): string[] {
  const text = headText(head);
  const parts = text.split('\n', max + 2);
  // the last part may be cut by the head's end; keep it only when it is all there is (one huge first line)
  if ((parts.length > max || text.length >= 60_000) && parts.length > 1) parts.pop();
  const out: string[] = [];
  for (const p of parts) {
    const l = (p.endsWith('\r') ? p.slice(0, -1) : p).replace(/\0/g, '');
    if (l.trim()) out.push(l);
    if (out.length >= max) break;
  }
  return out;
}

/**
 * Cuts an uncompressed file into about `parts` ranges at line boundaries and numbers their first lines
 * (one sequential pass that only counts "\n" bytes). Undefined for gzip or when a range would be tiny.
 */
export async function splitRanges(
  path: string,
  size: number,
  parts: number,
  minBytes = 16 << 20,
): Promise<LineRange[] | undefined> {
  if (parts < 2 || size < 2 * minBytes) return undefined;
  if (isGzip(readHead(path, 2))) return undefined;
  const n = Math.min(parts, Math.floor(size / minBytes));
  const targets = Array.from({ length: n - 1 }, (_, i) => Math.floor(((i + 1) * size) / n));
  const ranges: LineRange[] = [];
  let start = 0;
  let firstLine = 1;
  let lines = 0;
  let pos = 0;
  let t = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK, flags: 'r' }) as AsyncIterable<Buffer>) {
    let i = chunk.indexOf(10);
    while (i >= 0) {
      lines++;
      const end = pos + i + 1;
      if (t < targets.length && end >= targets[t]) {
        ranges.push({ start, end, firstLine });
        start = end;
        firstLine = lines + 1;
        while (t < targets.length && targets[t] <= end) t++;
      }
      i = chunk.indexOf(10, i + 1);
    }
    pos += chunk.length;
  }
  ranges.push({ start, end: Math.max(pos, start), firstLine });
  return ranges.length > 1 ? ranges.filter((r) => r.end > r.start) : undefined;
}
