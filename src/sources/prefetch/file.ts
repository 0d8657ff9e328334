/** Reading a Prefetch file from disk: plain SCCA, or MAM (LZXPRESS Huffman) compressed. */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { issue, type Issue } from '../../core/issue.ts';
import { decompressLzxpressHuffman } from './lzxpress-huffman.ts';
import { isScca, parsePrefetch, type PrefetchInfo } from './parse.ts';
import './messages.ts';

/** Prefetch files are small (a few hundred KiB); anything claiming more is not read. */
export const MAX_PREFETCH_BYTES = 64 * 1024 * 1024;

export function isMam(b: Buffer): boolean {
  return b.length >= 8 && b.toString('latin1', 0, 3) === 'MAM' && (b[3]! & 0x7f) === 4;
}

/** The SCCA bytes of a Prefetch file's content, decompressing MAM; undefined (with an issue) if impossible. */
export function sccaBytes(b: Buffer, file: string, issues: Issue[]): { data: Buffer; compressed: boolean } | undefined {
  if (isScca(b)) return { data: b, compressed: false };
  if (!isMam(b)) {
    issues.push(issue('prefetch.not_prefetch', { file, offset: 0 }, undefined, 'error'));
    return undefined;
  }
  const size = b.readUInt32LE(4);
  // MAM\x84 carries a CRC-32 after the size
  const start = b[3]! & 0x80 ? 12 : 8;
  if (size > MAX_PREFETCH_BYTES) {
    issues.push(issue('prefetch.too_large', { file, offset: 4 }, { size }, 'error'));
    return undefined;
  }
  const r = decompressLzxpressHuffman(b.subarray(start), size);
  if (r.error) {
    issues.push(
      issue(
        'prefetch.decompress_failed',
        { file, offset: start + (r.at ?? 0) },
        { reason: r.error, got: r.data.length, size },
        'error',
      ),
    );
    if (!isScca(r.data)) return undefined;
  }
  return { data: r.data, compressed: true };
}

function readWhole(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size > MAX_PREFETCH_BYTES) throw new RangeError(`${size} bytes`);
    const b = Buffer.alloc(size);
    let got = 0;
    while (got < size) {
      const n = readSync(fd, b, got, size - got, got);
      if (n <= 0) break;
      got += n;
    }
    return b.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

export interface PrefetchFile {
  info: PrefetchInfo;
  compressed: boolean;
}

export function parsePrefetchBuffer(b: Buffer, file: string, issues: Issue[]): PrefetchFile | undefined {
  const scca = sccaBytes(b, file, issues);
  if (!scca) return undefined;
  const info = parsePrefetch(scca.data, (code, params, offset) =>
    issues.push(
      issue(
        code,
        { file, offset },
        params,
        code === 'prefetch.not_prefetch' || code === 'prefetch.unsupported_version' ? 'error' : 'warning',
      ),
    ),
  );
  return info ? { info, compressed: scca.compressed } : undefined;
}

/** Reads and parses one Prefetch file read-only; problems go to `issues`. */
export function readPrefetchFile(path: string, issues: Issue[], display = path): PrefetchFile | undefined {
  let b: Buffer;
  try {
    b = readWhole(path);
  } catch (e) {
    issues.push(issue('prefetch.open_failed', { file: display }, { reason: (e as Error).message }, 'error'));
    return undefined;
  }
  return parsePrefetchBuffer(b, display, issues);
}
