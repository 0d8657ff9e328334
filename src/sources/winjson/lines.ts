/**
 * JSON lines of an export file, gzip or not (by magic bytes). Memory is bounded: a line longer than
 * MAX_LINE bytes is not accumulated; it is reported by number and skipped. SIEM exports carry whole
 * PowerShell script blocks and rendered XML, so the bound is generous.
 */
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip, gunzipSync, constants as zc } from 'node:zlib';

export const MAX_LINE = 16 << 20;
const CHUNK = 1 << 20;

export type LineItem = { no: number; text: string } | { no: number; overlong: number };

const isGzip = (b: Buffer): boolean => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

/** Lines (without the line end) with 1-based numbers; `onProblem` gets a read or gzip error, which ends the stream. */
export async function* jsonLines(
  path: string,
  onProblem: (reason: string) => void,
  onProgress?: (bytes: number) => void,
): AsyncGenerator<LineItem> {
  let gz = false;
  try {
    const fd = openSync(path, 'r');
    try {
      const h = Buffer.alloc(2);
      gz = isGzip(h.subarray(0, readSync(fd, h, 0, 2, 0)));
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    onProblem((e as Error).message);
    return;
  }
  const raw = createReadStream(path, { highWaterMark: CHUNK, flags: 'r' });
  let input: AsyncIterable<Buffer> = raw;
  if (gz) {
    const gunzip = createGunzip({ chunkSize: CHUNK });
    raw.on('error', (e) => gunzip.destroy(e));
    input = raw.pipe(gunzip);
  }
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let dropping = 0; // > 0 while skipping the rest of an overlong line: its length so far
  let no = 0;
  let reported = 0;
  try {
    for await (const buf of input) {
      let text = decoder.write(buf);
      let start = 0;
      for (;;) {
        const nl = text.indexOf('\n', start);
        if (nl < 0) break;
        no++;
        if (dropping || carry.length + nl - start > MAX_LINE) {
          yield { no, overlong: dropping + carry.length + nl - start };
          dropping = 0;
          carry = '';
        } else {
          const line = carry + text.slice(start, nl);
          carry = '';
          yield { no, text: line.endsWith('\r') ? line.slice(0, -1) : line };
        }
        start = nl + 1;
      }
      text = text.slice(start);
      if (dropping) dropping += text.length;
      else if (carry.length + text.length > MAX_LINE) {
        dropping = carry.length + text.length;
        carry = '';
      } else carry += text;
      if (onProgress && raw.bytesRead - reported >= 4 * CHUNK) {
        reported = raw.bytesRead;
        onProgress(raw.bytesRead);
      }
    }
    carry += decoder.end();
  } catch (e) {
    onProblem((e as Error).message);
  } finally {
    raw.destroy();
  }
  if (dropping) yield { no: no + 1, overlong: dropping };
  else if (carry.trim()) yield { no: no + 1, text: carry.endsWith('\r') ? carry.slice(0, -1) : carry };
  onProgress?.(raw.bytesRead);
}

/** The first complete lines of a file head (gunzipped when gzip), for sniffing. */
export function headJsonLines(head: Buffer, max = 5): string[] {
  let text: string;
  if (isGzip(head)) {
    try {
      text = gunzipSync(head, { finishFlush: zc.Z_SYNC_FLUSH, maxOutputLength: 4 << 20 }).toString('utf8');
    } catch {
      return [];
    }
  } else text = head.toString('utf8');
  const parts = text.replace(/^\uFEFF/, '').split('\n');
  // the last part is cut by the head's end unless the head holds the whole file
  if (parts.length > 1) parts.pop();
  return parts
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, max);
}
