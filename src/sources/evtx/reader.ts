/**
 * Streaming EVTX reader: file header, then every 64 KiB chunk to the end of the file (dirty files
 * hold chunks beyond the header's count), records in file order. Reads one chunk at a time with a
 * reused buffer, so memory stays flat whatever the file size. Problems become issues with file and
 * offset; nothing here throws for bad input.
 */
import { closeSync, fstatSync, openSync, readSync, constants } from 'node:fs';
import { crc32 } from 'node:zlib';
import { issue, type Issue } from '../../core/issue.ts';
import {
  CHUNK_HEADER_SIZE,
  CHUNK_MAGIC,
  CHUNK_SIZE,
  ChunkRecords,
  type EvtxRecord,
  type EvtxStats,
  newStats,
} from './chunk.ts';
import type { RElement } from './model.ts';
import { recordTree } from './tree.ts';
import './messages.ts';

export { CHUNK_HEADER_SIZE, CHUNK_SIZE, newStats };
export type { EvtxRecord, EvtxStats };

export const FILE_HEADER_SIZE = 4096;
const FILE_MAGIC = Buffer.from('ElfFile\0', 'latin1');

export interface RawRecord {
  recordId: number;
  /** record header time, epoch microseconds */
  ts: number;
  /** absolute file offset of the record */
  offset: number;
  chunk: number;
  /** the record's XML tree, templates and substitutions resolved */
  root: RElement;
  /** found after damage earlier in its chunk (other tools stop reading the chunk there) */
  recovered: boolean;
}

export interface ReadOptions {
  /** chunk index range [from, to) to read, for parallel reads of one large file */
  chunkFrom?: number;
  chunkTo?: number;
  /** called after each chunk with the bytes consumed so far */
  onProgress?: (bytes: number) => void;
}

/** Reads `path`; yields records with their element trees; pushes problems into `issues` and counts into `stats`. */
export function* readEvtx(
  path: string,
  issues: Issue[],
  stats: EvtxStats = newStats(),
  opts: ReadOptions = {},
): Generator<RawRecord> {
  for (const r of readEvtxRecords(path, issues, stats, opts)) {
    yield {
      recordId: r.recordId,
      ts: r.ts,
      offset: r.offset,
      chunk: r.chunk,
      root: recordTree(r.tokens)!,
      recovered: r.recovered,
    };
  }
}

/** Chunks read with one system call. */
const SLAB_CHUNKS = 16;
/** The read buffer of the last read that ended, for the next (files are mostly read one after the other). */
let spareSlab: Buffer | undefined;

/**
 * Reads `path`; yields each record as resolved tokens (one reused EvtxRecord); pushes problems into
 * `issues` and counts into `stats`.
 */
export function* readEvtxRecords(
  path: string,
  issues: Issue[],
  stats: EvtxStats = newStats(),
  opts: ReadOptions = {},
): Generator<EvtxRecord> {
  let fd: number;
  let slab: Buffer | undefined;
  let chunk: ChunkRecords | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY);
  } catch (e) {
    issues.push(issue('evtx.open_failed', { file: path }, { reason: (e as Error).message }, 'error'));
    return;
  }
  try {
    const size = fstatSync(fd).size;
    stats.bytes = size;
    if (size === 0) {
      issues.push(issue('evtx.empty_file', { file: path }, undefined, 'warning'));
      return;
    }
    const head = Buffer.alloc(FILE_HEADER_SIZE);
    readSync(fd, head, 0, FILE_HEADER_SIZE, 0);
    if (opts.chunkFrom === undefined || opts.chunkFrom === 0) checkFileHeader(head, size, path, issues, stats);
    const total = Math.floor(Math.max(0, size - FILE_HEADER_SIZE) / CHUNK_SIZE);
    const tail = Math.max(0, size - FILE_HEADER_SIZE) % CHUNK_SIZE;
    const from = opts.chunkFrom ?? 0;
    const to = Math.min(opts.chunkTo ?? total, total);
    slab = spareSlab ?? Buffer.allocUnsafe(CHUNK_SIZE * SLAB_CHUNKS);
    spareSlab = undefined;
    chunk = ChunkRecords.open(path, issues, stats);
    const rec = chunk.record;
    for (let c = from; c < to; ) {
      const fileOff = FILE_HEADER_SIZE + c * CHUNK_SIZE;
      const want = Math.min(slab.length, (to - c) * CHUNK_SIZE);
      const n = readFully(fd, slab.subarray(0, want), fileOff);
      const whole = Math.floor(n / CHUNK_SIZE);
      for (let k = 0; k < whole; k++, c++) {
        chunk.begin(slab.subarray(k * CHUNK_SIZE, (k + 1) * CHUNK_SIZE), c, fileOff + k * CHUNK_SIZE);
        while (chunk.next()) yield rec;
        opts.onProgress?.(fileOff + (k + 1) * CHUNK_SIZE);
      }
      if (n < want) {
        const at = fileOff + whole * CHUNK_SIZE;
        issues.push(
          issue(
            'evtx.read_error',
            { file: path, offset: at },
            { reason: `short read ${n - whole * CHUNK_SIZE}` },
            'error',
          ),
        );
        break;
      }
    }
    if (tail > 0 && to === total && opts.chunkTo === undefined && tail >= CHUNK_HEADER_SIZE) {
      const fileOff = FILE_HEADER_SIZE + total * CHUNK_SIZE;
      const part = Buffer.alloc(tail);
      readFully(fd, part, fileOff);
      if (part.subarray(0, 8).equals(CHUNK_MAGIC))
        issues.push(issue('evtx.truncated_chunk', { file: path, offset: fileOff }, { bytes: tail }));
    }
  } catch (e) {
    issues.push(issue('evtx.read_error', { file: path }, { reason: (e as Error).message }, 'error'));
  } finally {
    closeSync(fd);
    if (slab) spareSlab = slab;
    chunk?.close();
  }
}

function readFully(fd: number, buf: Buffer, pos: number): number {
  let got = 0;
  while (got < buf.length) {
    const n = readSync(fd, buf, got, buf.length - got, pos + got);
    if (n === 0) break;
    got += n;
  }
  return got;
}

function checkFileHeader(head: Buffer, size: number, file: string, issues: Issue[], stats: EvtxStats): void {
  if (!head.subarray(0, 8).equals(FILE_MAGIC)) {
    issues.push(issue('evtx.bad_file_magic', { file, offset: 0 }, undefined, 'error'));
    return;
  }
  const stored = head.readUInt32LE(124);
  const computed = crc32(head.subarray(0, 120)) >>> 0;
  if (stored !== computed)
    issues.push(issue('evtx.file_header_crc', { file, offset: 124 }, { stored: hex(stored), computed: hex(computed) }));
  stats.headerChunkCount = head.readUInt16LE(42);
  const flags = head.readUInt32LE(120);
  stats.dirty = (flags & 1) !== 0;
  if (stats.dirty) issues.push(issue('evtx.dirty', { file, offset: 120 }, undefined, 'info'));
  void size;
}

const hex = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;
