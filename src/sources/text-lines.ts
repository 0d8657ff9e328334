/**
 * Lines of a text log, gzip or not (by magic bytes), split on bytes so each line is decoded on its
 * own: UTF-8 when valid, latin1 otherwise (old syslogs mix encodings). NUL bytes, which an unclean
 * shutdown leaves in rsyslog files, are removed and counted. Lines are capped at MAX_LINE bytes.
 */
import { isUtf8 } from 'node:buffer';
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { createGunzip, gunzipSync, constants as zc } from 'node:zlib';

export const MAX_LINE = 64 * 1024;
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

export function isGzip(head: Buffer): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/** One raw line (without "\n") to text; strips NULs and a trailing "\r". */
export function decodeLine(raw: Buffer, stats: LineStats): string {
  let b = raw;
  if (b.length > MAX_LINE) {
    b = b.subarray(0, MAX_LINE);
    stats.overlong++;
  }
  if (b.includes(0)) {
    const kept: number[] = [];
    for (const c of b) {
      if (c === 0) stats.nulBytes++;
      else kept.push(c);
    }
    b = Buffer.from(kept);
  }
  if (b.length && b[b.length - 1] === 13) b = b.subarray(0, b.length - 1);
  stats.lines++;
  if (isUtf8(b)) return b.toString('utf8');
  stats.latin1Lines++;
  return b.toString('latin1');
}

/** Splits bytes into lines; returns the unfinished tail. Bounded: a tail over MAX_LINE is cut. */
function splitInto(buf: Buffer, out: Buffer[]): Buffer {
  let start = 0;
  for (;;) {
    const nl = buf.indexOf(10, start);
    if (nl < 0) break;
    out.push(buf.subarray(start, nl));
    start = nl + 1;
  }
  return buf.subarray(start);
}

export interface LineProblem {
  kind: 'gzip' | 'read';
  reason: string;
}

/** Batches of decoded lines with the 1-based number of the first. */
export async function* textLines(
  path: string,
  stats: LineStats,
  onProblem: (p: LineProblem) => void,
  onProgress?: (bytes: number) => void,
): AsyncGenerator<{ first: number; lines: string[] }> {
  let gz = false;
  try {
    const fd = openSync(path, 'r');
    const h = Buffer.alloc(2);
    readSync(fd, h, 0, 2, 0);
    closeSync(fd);
    gz = isGzip(h);
  } catch (e) {
    onProblem({ kind: 'read', reason: (e as Error).message });
    return;
  }
  const raw = createReadStream(path, { highWaterMark: CHUNK, flags: 'r' });
  const input: AsyncIterable<Buffer> = gz ? raw.pipe(createGunzip({ chunkSize: CHUNK })) : raw;
  if (gz) raw.on('error', () => undefined);
  let tail: Buffer = Buffer.alloc(0);
  let lineNo = 1;
  let lastProgress = 0;
  try {
    for await (const chunk of input) {
      const parts: Buffer[] = [];
      const rest = splitInto(tail.length ? Buffer.concat([tail, chunk]) : chunk, parts);
      tail = rest.length > MAX_LINE ? Buffer.from(rest.subarray(0, MAX_LINE)) : Buffer.from(rest);
      if (parts.length) {
        const lines = parts.map((p) => decodeLine(p, stats));
        yield { first: lineNo, lines };
        lineNo += lines.length;
      }
      if (onProgress && raw.bytesRead - lastProgress >= CHUNK) {
        lastProgress = raw.bytesRead;
        onProgress(raw.bytesRead);
      }
    }
  } catch (e) {
    onProblem({ kind: gz ? 'gzip' : 'read', reason: (e as Error).message });
  } finally {
    raw.destroy();
  }
  if (tail.length) yield { first: lineNo, lines: [decodeLine(tail, stats)] };
}

/** Lines of an in-memory buffer (tests, fuzzing). */
export function bufferLines(buf: Buffer, stats: LineStats = newLineStats()): string[] {
  const parts: Buffer[] = [];
  const rest = splitInto(buf, parts);
  if (rest.length) parts.push(rest);
  return parts.map((p) => decodeLine(p, stats));
}

/** The first complete lines of a file head, gunzipped when gzip (for sniffing). */
export function headLines(head: Buffer, max = 30): string[] {
  let b = head;
  if (isGzip(head)) {
    try {
      b = gunzipSync(head, { finishFlush: zc.Z_SYNC_FLUSH, maxOutputLength: 1 << 20 });
    } catch {
      return [];
    }
  }
  const parts: Buffer[] = [];
  splitInto(b.subarray(0, 64 * 1024), parts);
  if (!parts.length && b.length < 64 * 1024 && b.length) parts.push(b);
  const out: string[] = [];
  const stats = newLineStats();
  for (const p of parts) {
    const l = decodeLine(p, stats);
    if (l.trim()) out.push(l);
    if (out.length >= max) break;
  }
  return out;
}
