/**
 * Records of one 64 KiB chunk, one at a time: header and checksums checked, each record header
 * validated, its BinXML resolved into tokens. Damage is skipped to the next record signature (records
 * found after it are flagged `recovered`); problems become issues with file and offset. A cursor, not
 * a generator: the reader asks `next()` and reads the one reused record.
 */
import { crc32 } from 'node:zlib';
import { type Issue, issue } from '../../core/issue.ts';
import { ChunkContext } from './binxml.ts';
import { BinXmlError, type Shape } from './model.ts';
import { ShapeReader, shapeNodes } from './shapes.ts';
import { StringTable } from './strings.ts';
import { MAX_RECORD_NODES, RecordTokens } from './tokens.ts';
import { filetimeToUs } from './values.ts';

export const CHUNK_SIZE = 65536;
export const CHUNK_HEADER_SIZE = 512;
export const CHUNK_MAGIC = Buffer.from('ElfChnk\0', 'latin1');
const RECORD_MAGIC = 0x00002a2a;
/**
 * Records a chunk reads by shape before judging: when fewer than a quarter of them had a shape seen
 * before (every record laid out differently), the rest of the chunk is resolved without shapes.
 */
const SHAPE_TRIAL = 32;
/** Resolved nodes one chunk may produce: real chunks stay under 20,000 (corpus maximum 16,247). */
const MAX_CHUNK_NODES = 500_000;

/**
 * One record as the reader read it: header fields and its tokens (tokens.ts). The reader reuses this
 * object for the next record: read what you need before asking for the next one.
 */
export interface EvtxRecord {
  recordId: number;
  /** record header time, epoch microseconds */
  ts: number;
  /** absolute file offset of the record */
  offset: number;
  chunk: number;
  /** found after damage earlier in its chunk (other tools stop reading the chunk there) */
  recovered: boolean;
  /** the record resolved into tokens (a record read by its shape is resolved on first use) */
  readonly tokens: RecordTokens;
  /** the record's shape (shapes.ts) when it has one: its values are then on `frames` */
  readonly shape: Shape | undefined;
  /** the frame stack holding the values of a record with a shape */
  readonly frames: Int32Array;
  /** the chunk the record is in */
  readonly b: Buffer;
  /** records of this file repeat their shapes: renderers compile a shape on its first record, not its second */
  readonly shapesRepeat: boolean;
}

/** The record a ChunkRecords hands out. */
class ChunkRecord implements EvtxRecord {
  recordId = 0;
  ts = 0;
  offset = 0;
  chunk = 0;
  recovered = false;
  shape: Shape | undefined;
  /** false: read by its shape, not resolved yet */
  resolved = true;
  shapesRepeat = false;
  readonly raw = new RecordTokens();
  ctx: ChunkContext | undefined;
  start = 0;
  end = 0;
  max = 0;

  constructor(private readonly shapes: ShapeReader) {}

  get tokens(): RecordTokens {
    if (!this.resolved) {
      // the same records of this shape resolved before: this one does too
      this.raw.resolve(this.ctx!, this.start, this.end, this.max, this.shapes);
      this.resolved = true;
    }
    return this.raw;
  }

  get frames(): Int32Array {
    return this.ctx!.frames;
  }

  get b(): Buffer {
    return this.ctx!.b;
  }
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

const ZEROS = Buffer.alloc(CHUNK_SIZE);

function isZero(b: Buffer, from: number, to: number): boolean {
  return to <= from || b.subarray(from, to).equals(ZEROS.subarray(0, to - from));
}

const u32 = (b: Buffer, o: number): number => (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;

/**
 * The reader of the read that ended last, for the next: logs of one machine share their templates, so
 * shapes compiled for one file serve the next, and buffers are not made again. One read at a time holds
 * it (a read that starts while another is open makes its own).
 */
let spare: ChunkRecords | undefined;

/** The chunks of one read, one after the other: names interned so far, the record handed out. */
export class ChunkRecords {
  private readonly shapes = new ShapeReader();
  private readonly rec = new ChunkRecord(this.shapes);
  readonly record: EvtxRecord = this.rec;
  /** names, shared template programs and record shapes: kept from file to file (see spare) */
  private readonly context = new ChunkContext(ZEROS, new StringTable());
  private b: Buffer = ZEROS;
  private ctx: ChunkContext | undefined;
  private c = 0;
  private fileOff = 0;
  private off = 0;
  private end = 0;
  private damaged = false;
  private chunkNodes = 0;
  /** records of this chunk read by shape, and how many of them had a shape seen before */
  private shapeTries = 0;
  private shapeHits = 0;
  /** the chunk before repeated its shapes (more than half of its records had a shape seen before) */
  private repeated = false;
  private file = '';
  private issues: Issue[] = [];
  private stats: EvtxStats = newStats();

  /** A reader for one file: the one the last read left (see spare), or a new one. */
  static open(file: string, issues: Issue[], stats: EvtxStats): ChunkRecords {
    const r = spare ?? new ChunkRecords();
    spare = undefined;
    r.file = file;
    r.issues = issues;
    r.stats = stats;
    r.ctx = undefined;
    r.repeated = false;
    r.shapeTries = 0;
    r.shapeHits = 0;
    return r;
  }

  private constructor() {}

  /** Done with this read: the next read takes over its names, programs and shapes. */
  close(): void {
    this.ctx = undefined;
    this.issues = [];
    spare = this;
  }

  /** Starts on chunk `c` held in `b` (CHUNK_SIZE bytes) at file offset `fileOff`. */
  begin(b: Buffer, c: number, fileOff: number): void {
    this.b = b;
    this.c = c;
    this.fileOff = fileOff;
    this.off = CHUNK_HEADER_SIZE;
    this.end = 0;
    this.damaged = false;
    this.chunkNodes = 0;
    if (this.shapeTries >= 8) this.repeated = this.shapeHits * 2 >= this.shapeTries;
    this.shapeTries = 0;
    this.shapeHits = 0;
    this.ctx = undefined;
    const { file, issues, stats } = this;
    if (!b.subarray(0, 8).equals(CHUNK_MAGIC)) {
      if (isZero(b, 0, CHUNK_SIZE)) stats.chunksEmpty++;
      else {
        stats.chunksSkipped++;
        issues.push(issue('evtx.bad_chunk_magic', { file, offset: fileOff }, { chunk: c }));
      }
      return;
    }
    stats.chunks++;
    const freeSpace = u32(b, 48);
    const headerOk = crc32(b.subarray(128, CHUNK_HEADER_SIZE), crc32(b.subarray(0, 120))) >>> 0 === u32(b, 124);
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
      const dataOk = crc32(b.subarray(CHUNK_HEADER_SIZE, freeSpace)) >>> 0 === u32(b, 52);
      if (!dataOk) issues.push(issue('evtx.chunk_data_crc', { file, offset: fileOff + 52 }, { chunk: c }));
    }
    if (this.context.strings.trim()) this.context.forgetCanonical();
    this.context.reset(b);
    this.ctx = this.context;
    this.end = end;
  }

  /** Resolves the chunk's next readable record into `record`; false at the end of the chunk. */
  next(): boolean {
    const { b, end, file, issues, stats, c, fileOff } = this;
    const ctx = this.ctx;
    if (!ctx) return false;
    const rec = this.rec;
    const tokens = rec.raw;
    const shapes = this.shapes;
    let off = this.off;
    while (off + 28 <= end) {
      if (this.chunkNodes >= MAX_CHUNK_NODES) {
        const left = countRecords(b, off, end);
        stats.recordsSkipped += left;
        issues.push(
          issue(
            'evtx.chunk_too_large',
            { file, offset: fileOff + off },
            { chunk: c, nodes: this.chunkNodes, records: left },
          ),
        );
        break;
      }
      const problem = recordProblem(b, off);
      if (problem) {
        const next = findRecordMagic(b, off + 4, end);
        if (next < 0 && isZero(b, off, end)) break;
        stats.recordsSkipped++;
        this.damaged = true;
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
      const size = u32(b, off + 4);
      const idHi = u32(b, off + 12);
      const recordId = idHi < 0x200000 ? idHi * 0x100000000 + u32(b, off + 8) : Number(b.readBigUInt64LE(off + 8));
      const at = off;
      off += size;
      const max = Math.min(MAX_RECORD_NODES, MAX_CHUNK_NODES - this.chunkNodes);
      rec.shape = undefined;
      rec.resolved = true;
      let shaped = false;
      if (this.shapeTries < SHAPE_TRIAL || this.shapeHits * 4 >= this.shapeTries) {
        try {
          shaped = shapes.read(ctx, at + 24, at + size - 4);
        } catch {
          shaped = false; // the general path below reports what is wrong
        }
      }
      const known = shaped ? shapes.find() : undefined;
      if (shaped) this.shapeTries++;
      if (known) this.shapeHits++;
      rec.shapesRepeat = this.shapeTries >= 8 ? this.shapeHits * 2 >= this.shapeTries : this.repeated;
      const nodes = known ? shapeNodes(known, ctx.frames) : 0;
      if (known && nodes + known.maxCost <= max) {
        // a shape resolved before in this chunk: this record resolves too (same templates, same nulls)
        this.chunkNodes += nodes;
        rec.shape = known;
        rec.resolved = false;
        rec.ctx = ctx;
        rec.start = at + 24;
        rec.end = at + size - 4;
        rec.max = max;
      } else {
        try {
          try {
            tokens.resolve(ctx, at + 24, at + size - 4, max, shaped ? shapes : undefined);
          } finally {
            this.chunkNodes += tokens.nodes;
          }
          if (tokens.root < 0) throw new BinXmlError('no_root_element', at + 24);
        } catch (e) {
          stats.recordsSkipped++;
          this.damaged = true;
          const reason =
            e instanceof BinXmlError
              ? e.reason
              : e instanceof RangeError
                ? 'out_of_bounds'
                : String((e as Error).message ?? e);
          const where = e instanceof BinXmlError && e.offset > 0 ? e.offset : at;
          issues.push(issue('evtx.bad_record_binxml', { file, offset: fileOff + where }, { record: recordId, reason }));
          continue;
        }
        rec.ctx = ctx;
        if (shaped) rec.shape = known ?? newShape(shapes, tokens);
      }
      stats.records++;
      if (this.damaged) stats.recordsRecovered++;
      rec.recordId = recordId;
      rec.ts = filetimeToUs(u32(b, at + 16), u32(b, at + 20));
      rec.offset = fileOff + at;
      rec.chunk = c;
      rec.recovered = this.damaged;
      this.off = off;
      return true;
    }
    this.ctx = undefined;
    return false;
  }
}

/** The shape of a record just resolved with its shape reader, kept on its root template. */
function newShape(shapes: ShapeReader, tokens: RecordTokens): Shape {
  const shape: Shape = {
    baseNodes: tokens.nodes - tokens.mappedWeight,
    refs: new Int32Array(tokens.refs),
    maxCost: tokens.maxCost,
  };
  shapes.add(shape);
  return shape;
}

/** Well-formed record headers from `off`, hopping by record size. */
function countRecords(b: Buffer, off: number, end: number): number {
  let n = 0;
  while (off + 28 <= end && !recordProblem(b, off)) {
    n++;
    off += u32(b, off + 4);
  }
  return n;
}

function recordProblem(b: Buffer, off: number): string | undefined {
  if (u32(b, off) !== RECORD_MAGIC) return 'signature';
  const size = u32(b, off + 4);
  if (size < 28) return `size ${size}`;
  if (off + size > CHUNK_SIZE) return `size ${size} beyond chunk`;
  if (u32(b, off + size - 4) !== size) return 'size copy mismatch';
  return undefined;
}

function findRecordMagic(b: Buffer, from: number, end: number): number {
  for (let i = from; i + 28 <= end; i++) {
    if (b[i] === 0x2a && b[i + 1] === 0x2a && b[i + 2] === 0 && b[i + 3] === 0 && !recordProblem(b, i)) return i;
  }
  return -1;
}
