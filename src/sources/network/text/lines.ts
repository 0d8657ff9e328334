/**
 * Streaming text lines of a log file, gzip or not (decided by the magic bytes, not the name). Memory
 * stays bounded: lines longer than MAX_LINE are cut off and flagged, never accumulated.
 */
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { constants as zc, createGunzip, gunzipSync } from 'node:zlib';

export const MAX_LINE = 1 << 20;
const CHUNK = 1 << 20;

export interface LineBatch {
  /** lines of this batch, without "\n" (a trailing "\r" is removed) */
  lines: string[];
  /** 1-based number of lines[0] */
  first: number;
  /** indexes (in `lines`) of lines that were longer than MAX_LINE and were cut */
  overlong?: number[];
  /** compressed/raw bytes read so far */
  bytes: number;
}

export type StreamProblem = { kind: 'gzip' | 'read'; reason: string };

export function isGzip(head: Buffer): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

function firstBytes(path: string, n: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const b = Buffer.alloc(n);
    return b.subarray(0, readSync(fd, b, 0, n, 0));
  } finally {
    closeSync(fd);
  }
}

/**
 * Batches of lines (one per chunk read). Problems (unreadable file, broken gzip) end the stream and
 * are passed to `onProblem`; the lines before them are still delivered.
 */
export async function* lineBatches(path: string, onProblem: (p: StreamProblem) => void): AsyncGenerator<LineBatch> {
  let gz: boolean;
  try {
    gz = isGzip(firstBytes(path, 2));
  } catch (e) {
    onProblem({ kind: 'read', reason: (e as Error).message });
    return;
  }
  const raw = createReadStream(path, { highWaterMark: CHUNK, flags: 'r' });
  let input: AsyncIterable<Buffer> = raw;
  if (gz) {
    const gunzip = createGunzip({ chunkSize: CHUNK });
    raw.on('error', (e) => gunzip.destroy(e)); // pipe() does not forward errors: without this a read error would hang
    input = raw.pipe(gunzip);
  }
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let carryTooLong = false;
  let lineNo = 1;
  try {
    for await (const buf of input) {
      const text = carry + decoder.write(buf);
      const lines = text.split('\n');
      carry = lines.pop() ?? '';
      const batch: LineBatch = { lines, first: lineNo, bytes: raw.bytesRead };
      if (carryTooLong && lines.length) {
        (batch.overlong ??= []).push(0);
        lines[0] = lines[0].slice(0, 4096);
        carryTooLong = false;
      }
      for (let i = 0; i < lines.length; i++) {
        const l = lines[i];
        if (l.length > MAX_LINE) {
          lines[i] = l.slice(0, 4096);
          if (!batch.overlong?.includes(i)) (batch.overlong ??= []).push(i);
        } else if (l.charCodeAt(l.length - 1) === 13) lines[i] = l.slice(0, -1);
      }
      if (carry.length > MAX_LINE) {
        carry = carry.slice(0, 4096);
        carryTooLong = true;
      }
      lineNo += lines.length;
      if (lines.length) yield batch;
    }
  } catch (e) {
    onProblem({ kind: gz ? 'gzip' : 'read', reason: (e as Error).message });
  } finally {
    raw.destroy();
  }
  carry += decoder.end();
  if (carry.length) {
    const batch: LineBatch = {
      lines: [carry.endsWith('\r') ? carry.slice(0, -1) : carry],
      first: lineNo,
      bytes: raw.bytesRead,
    };
    if (carryTooLong) batch.overlong = [0];
    yield batch;
  }
}

const headCache = new WeakMap<Buffer, string>();

/** The first bytes of a file as text, gunzipped when gzip (partial streams are fine). */
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

/** Up to `max` complete non-blank lines of the head (the last, possibly cut, line is dropped when the head was full). */
export function headLines(head: Buffer, max = 40): string[] {
  const text = headText(head);
  const parts = text.split('\n', max + 2);
  // the last part may be cut by the head's end; keep it only when it is all there is (one huge first line)
  if ((parts.length > max || text.length >= 60_000) && parts.length > 1) parts.pop();
  const out: string[] = [];
  for (const p of parts) {
    const l = p.endsWith('\r') ? p.slice(0, -1) : p;
    if (l.trim()) out.push(l);
    if (out.length >= max) break;
  }
  return out;
}
