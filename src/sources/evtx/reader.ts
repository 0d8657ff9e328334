/**
 * Streaming EVTX reader: file header, then every 64 KiB chunk to the end of the file (dirty files
 * hold chunks beyond the header's count), records in file order. Reads one chunk at a time with a
 * reused buffer, so memory stays flat whatever the file size. Problems become issues with file and
 * offset; nothing here throws for bad input.
 */
import { closeSync, fstatSync, openSync, readSync, constants } from 'node:fs';
import { crc32 } from 'node:zlib';
import { issue, type Issue } from '../../core/issue.ts';
import { ChunkContext } from './binxml.ts';
import { BinXmlError, type RElement } from './model.ts';
import { StringTable } from './strings.ts';
import { MAX_RECORD_NODES, RecordTokens } from './tokens.ts';
import { recordTree } from './tree.ts';
import { filetimeToUs } from './values.ts';
import './messages.ts';

export const FILE_HEADER_SIZE = 4096;
export const CHUNK_SIZE = 65536;
export const CHUNK_HEADER_SIZE = 512;
const RECORD_MAGIC = 0x00002a2a;
/** Resolved nodes one chunk may produce: real chunks stay under 20,000 (corpus maximum 16,247). */
const MAX_CHUNK_NODES = 500_000;
const FILE_MAGIC = Buffer.from('ElfFile\0', 'latin1');
const CHUNK_MAGIC = Buffer.from('ElfChnk\0', 'latin1');

/**
 * One record as the reader resolved it: header fields and its tokens (tokens.ts). The reader reuses this
 * object and its tokens for the next record: read what you need before asking for the next one.
 */
export interface EvtxRecord {
  recordId: number;
  /** record header time, epoch microseconds */
  ts: number;
  /** absolute file offset of the record */
  offset: number;
  chunk: number;
  tokens: RecordTokens;
  /** found after damage earlier in its chunk (other tools stop reading the chunk there) */
  recovered: boolean;
}

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

export interface EvtxStats {
  bytes: number;
  chunks: number;
  chunksSkipped: number;
  chunksEmpty: number;
  records: number;
  /** records read after damage earlier in their chunk, included in `records` */
  recordsRecovered: number;
  recordsSkipped: number;
  dirty: boolean;
  headerChunkCount: number;
}

export interface ReadOptions {
  /** chunk index range [from, to) to read, for parallel reads of one large file */
  chunkFrom?: number;
  chunkTo?: number;
  /** called after each chunk with the bytes consumed so far */
  onProgress?: (bytes: number) => void;
}

export function newStats(): EvtxStats {
  return {
    bytes: 0,
    chunks: 0,
    chunksSkipped: 0,
    chunksEmpty: 0,
    records: 0,
    recordsRecovered: 0,
    recordsSkipped: 0,
    dirty: false,
    headerChunkCount: 0,
  };
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
    const slab = Buffer.allocUnsafe(CHUNK_SIZE * Math.min(SLAB_CHUNKS, Math.max(1, to - from)));
    const reader: ChunkReader = {
      file: path,
      issues,
      stats,
      strings: new StringTable(),
      record: { recordId: 0, ts: 0, offset: 0, chunk: 0, tokens: new RecordTokens(), recovered: false },
    };
    for (let c = from; c < to; ) {
      const fileOff = FILE_HEADER_SIZE + c * CHUNK_SIZE;
      const want = Math.min(slab.length, (to - c) * CHUNK_SIZE);
      const n = readFully(fd, slab.subarray(0, want), fileOff);
      const whole = Math.floor(n / CHUNK_SIZE);
      for (let k = 0; k < whole; k++, c++) {
        yield* readChunk(reader, slab.subarray(k * CHUNK_SIZE, (k + 1) * CHUNK_SIZE), c, fileOff + k * CHUNK_SIZE);
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

const ZEROS = Buffer.alloc(CHUNK_SIZE);

function isZero(b: Buffer, from: number, to: number): boolean {
  return to <= from || b.subarray(from, to).equals(ZEROS.subarray(0, to - from));
}

/** What the chunks of one read share: where problems go, the names interned so far, the record yielded. */
interface ChunkReader {
  file: string;
  issues: Issue[];
  stats: EvtxStats;
  strings: StringTable;
  record: EvtxRecord;
}

/** Records of one chunk held in `b` (CHUNK_SIZE bytes). */
function* readChunk(reader: ChunkReader, b: Buffer, c: number, fileOff: number): Generator<EvtxRecord> {
  const { file, issues, stats } = reader;
  if (!b.subarray(0, 8).equals(CHUNK_MAGIC)) {
    if (isZero(b, 0, CHUNK_SIZE)) stats.chunksEmpty++;
    else {
      stats.chunksSkipped++;
      issues.push(issue('evtx.bad_chunk_magic', { file, offset: fileOff }, { chunk: c }));
    }
    return;
  }
  stats.chunks++;
  const freeSpace = b.readUInt32LE(48);
  const headerOk = crc32(b.subarray(128, CHUNK_HEADER_SIZE), crc32(b.subarray(0, 120))) >>> 0 === b.readUInt32LE(124);
  if (!headerOk) issues.push(issue('evtx.chunk_header_crc', { file, offset: fileOff + 124 }, { chunk: c }));
  let end = freeSpace;
  if (freeSpace < CHUNK_HEADER_SIZE || freeSpace > CHUNK_SIZE) {
    if (headerOk) {
      stats.chunksSkipped++;
      issues.push(
        issue(
          'evtx.bad_chunk_header',
          { file, offset: fileOff + 48 },
          { chunk: c, reason: `free space offset ${freeSpace}` },
        ),
      );
      return;
    }
    end = CHUNK_SIZE; // header damaged: look for records in the whole chunk
  } else if (headerOk) {
    const dataOk = crc32(b.subarray(CHUNK_HEADER_SIZE, freeSpace)) >>> 0 === b.readUInt32LE(52);
    if (!dataOk) issues.push(issue('evtx.chunk_data_crc', { file, offset: fileOff + 52 }, { chunk: c }));
  }
  reader.strings.trim();
  const ctx = new ChunkContext(b, reader.strings);
  const rec = reader.record;
  const tokens = rec.tokens;
  let damaged = false;
  let off = CHUNK_HEADER_SIZE;
  let chunkNodes = 0;
  while (off + 28 <= end) {
    if (chunkNodes >= MAX_CHUNK_NODES) {
      const left = countRecords(b, off, end);
      stats.recordsSkipped += left;
      issues.push(
        issue('evtx.chunk_too_large', { file, offset: fileOff + off }, { chunk: c, nodes: chunkNodes, records: left }),
      );
      break;
    }
    const problem = recordProblem(b, off);
    if (problem) {
      const next = findRecordMagic(b, off + 4, end);
      if (next < 0 && isZero(b, off, end)) break;
      stats.recordsSkipped++;
      damaged = true;
      issues.push(
        issue(
          'evtx.bad_record',
          { file, offset: fileOff + off },
          { chunk: c, reason: problem, bytes: (next < 0 ? end : next) - off },
        ),
      );
      if (next < 0) break;
      off = next;
      continue;
    }
    const size = b.readUInt32LE(off + 4);
    const idHi = b.readUInt32LE(off + 12);
    const recordId =
      idHi < 0x200000 ? idHi * 0x100000000 + b.readUInt32LE(off + 8) : Number(b.readBigUInt64LE(off + 8));
    let ok = false;
    try {
      try {
        tokens.resolve(ctx, off + 24, off + size - 4, Math.min(MAX_RECORD_NODES, MAX_CHUNK_NODES - chunkNodes));
      } finally {
        chunkNodes += tokens.nodes;
      }
      if (tokens.root < 0) throw new BinXmlError('no_root_element', off + 24);
      ok = true;
    } catch (e) {
      stats.recordsSkipped++;
      damaged = true;
      const reason =
        e instanceof BinXmlError
          ? e.reason
          : e instanceof RangeError
            ? 'out_of_bounds'
            : String((e as Error).message ?? e);
      const at = e instanceof BinXmlError && e.offset > 0 ? e.offset : off;
      issues.push(issue('evtx.bad_record_binxml', { file, offset: fileOff + at }, { record: recordId, reason }));
    }
    if (ok) {
      stats.records++;
      if (damaged) stats.recordsRecovered++;
      rec.recordId = recordId;
      rec.ts = filetimeToUs(b.readUInt32LE(off + 16), b.readUInt32LE(off + 20));
      rec.offset = fileOff + off;
      rec.chunk = c;
      rec.recovered = damaged;
      yield rec;
    }
    off += size;
  }
}

/** Well-formed record headers from `off`, hopping by record size. */
function countRecords(b: Buffer, off: number, end: number): number {
  let n = 0;
  while (off + 28 <= end && !recordProblem(b, off)) {
    n++;
    off += b.readUInt32LE(off + 4);
  }
  return n;
}

function recordProblem(b: Buffer, off: number): string | undefined {
  if (b.readUInt32LE(off) !== RECORD_MAGIC) return 'signature';
  const size = b.readUInt32LE(off + 4);
  if (size < 28) return `size ${size}`;
  if (off + size > CHUNK_SIZE) return `size ${size} beyond chunk`;
  if (b.readUInt32LE(off + size - 4) !== size) return 'size copy mismatch';
  return undefined;
}

function findRecordMagic(b: Buffer, from: number, end: number): number {
  for (let i = from; i + 28 <= end; i++) {
    if (b[i] === 0x2a && b[i + 1] === 0x2a && b[i + 2] === 0 && b[i + 3] === 0 && !recordProblem(b, i)) return i;
  }
  return -1;
}
