/**
 * A read-only reader of Windows registry hive files (regf): the base block, the hive bins, and cells
 * addressed by their offset from the first hive bin. Every problem is an issue with the file offset;
 * nothing here throws for bad input. Key and value cells are decoded in cells.ts.
 */
import type { MessageKey } from '../../i18n/index.ts';
import { issue, type Issue } from '../../core/issue.ts';
import { cp1252, readFiletime, utf16 } from '../binary.ts';
import { BufferSource, FileSource, type ByteSource } from './byte-source.ts';
import './messages.ts';

export const BASE_BLOCK_SIZE = 4096;
const HBIN_HEADER_SIZE = 32;
/** Issues kept per hive; the rest are counted in one summary issue. */
const MAX_ISSUES = 100;

export type HiveFileType = 'primary' | 'log' | 'log-new' | 'unknown';

export interface BaseBlock {
  primarySequence: number;
  secondarySequence: number;
  lastWritten: bigint;
  majorVersion: number;
  minorVersion: number;
  fileType: number;
  format: number;
  rootCellOffset: number;
  hiveBinsDataSize: number;
  /** the file name field (last characters of the hive's path on the live system), often empty */
  fileName: string;
  checksumOk: boolean;
}

export interface HbinRange {
  start: number;
  end: number;
}

/** Parses the 4096-byte base block; undefined when the "regf" signature is missing. */
export function parseBaseBlock(b: Buffer): BaseBlock | undefined {
  if (b.length < 512 || b.toString('latin1', 0, 4) !== 'regf') return undefined;
  let x = 0;
  for (let i = 0; i < 508; i += 4) x ^= b.readUInt32LE(i);
  // Windows writes 0xfffffffe / 1 in place of 0xffffffff / 0
  if (x === -1 || x === 0xffffffff) x = 0xfffffffe;
  else if (x === 0) x = 1;
  return {
    primarySequence: b.readUInt32LE(4),
    secondarySequence: b.readUInt32LE(8),
    lastWritten: readFiletime(b, 12),
    majorVersion: b.readUInt32LE(20),
    minorVersion: b.readUInt32LE(24),
    fileType: b.readUInt32LE(28),
    format: b.readUInt32LE(32),
    rootCellOffset: b.readUInt32LE(36),
    hiveBinsDataSize: b.readUInt32LE(40),
    fileName: utf16(b, 48, 64).replace(/\0.*$/s, ''),
    checksumOk: x >>> 0 === b.readUInt32LE(508),
  };
}

export function hiveFileType(base: BaseBlock): HiveFileType {
  if (base.fileType === 0) return 'primary';
  if (base.fileType === 1 || base.fileType === 2) return 'log';
  if (base.fileType === 6) return 'log-new';
  return 'unknown';
}

export interface HiveStats {
  cellsBad: number;
  keysSkipped: number;
  valuesSkipped: number;
  issuesSuppressed: number;
}

export class Hive {
  readonly base: BaseBlock;
  /** the sequence numbers differ: the hive was not written back cleanly (pending transaction logs) */
  readonly dirty: boolean;
  readonly stats: HiveStats = { cellsBad: 0, keysSkipped: 0, valuesSkipped: 0, issuesSuppressed: 0 };
  private readonly bins: HbinRange[] = [];
  private issueCount = 0;
  private readonly reported = new Set<string>();

  private constructor(
    private readonly src: ByteSource,
    base: BaseBlock,
    private readonly issues: Issue[],
    readonly file: string,
  ) {
    this.base = base;
    this.dirty = base.primarySequence !== base.secondarySequence;
    this.scanBins();
  }

  /** Opens a hive file read-only; undefined (with an issue) when it is not a usable hive. */
  static open(path: string, issues: Issue[], displayPath = path): Hive | undefined {
    let src: ByteSource;
    try {
      src = new FileSource(path);
    } catch (e) {
      issues.push(issue('reg.open_failed', { file: displayPath }, { reason: (e as Error).message }, 'error'));
      return undefined;
    }
    const h = Hive.fromSource(src, issues, displayPath);
    if (!h) src.close();
    return h;
  }

  static fromBuffer(buf: Buffer, issues: Issue[], displayPath: string): Hive | undefined {
    return Hive.fromSource(new BufferSource(buf), issues, displayPath);
  }

  static fromSource(src: ByteSource, issues: Issue[], file: string): Hive | undefined {
    const head = src.read(0, BASE_BLOCK_SIZE);
    const base = parseBaseBlock(head);
    if (!base) {
      issues.push(issue('reg.not_a_hive', { file, offset: 0 }, undefined, 'error'));
      return undefined;
    }
    const kind = hiveFileType(base);
    if (kind === 'log' || kind === 'log-new') {
      issues.push(issue('reg.transaction_log', { file, offset: 28 }, { type: base.fileType }, 'warning'));
      return undefined;
    }
    const hive = new Hive(src, base, issues, file);
    if (!base.checksumOk) hive.problem('reg.base_block_checksum', 508, {});
    if (base.majorVersion !== 1)
      hive.problem('reg.unknown_version', 20, { major: base.majorVersion, minor: base.minorVersion });
    return hive;
  }

  close(): void {
    this.src.close();
  }

  /** Records an issue once per (code, offset); offsets are file offsets. */
  problem(
    code: MessageKey,
    fileOffset: number,
    params: Record<string, string | number>,
    severity: Issue['severity'] = 'warning',
  ): void {
    const key = `${code}@${fileOffset}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    if (this.issueCount >= MAX_ISSUES) {
      this.stats.issuesSuppressed++;
      return;
    }
    this.issueCount++;
    this.issues.push(issue(code, { file: this.file, offset: fileOffset }, params, severity));
  }

  /** Call once reading is done: says how many further problems were only counted. */
  finish(): void {
    if (this.stats.issuesSuppressed > 0) {
      this.issues.push(
        issue('reg.issues_suppressed', { file: this.file }, { count: this.stats.issuesSuppressed }, 'warning'),
      );
      this.stats.issuesSuppressed = 0;
    }
  }

  private scanBins(): void {
    const declared = this.base.hiveBinsDataSize;
    const limit = Math.min(this.src.size - BASE_BLOCK_SIZE, declared > 0 ? declared : Infinity);
    if (declared > 0 && this.src.size - BASE_BLOCK_SIZE < declared) {
      this.problem('reg.truncated', 40, { declared, present: Math.max(0, this.src.size - BASE_BLOCK_SIZE) });
    }
    let off = 0;
    while (off + HBIN_HEADER_SIZE <= limit) {
      const h = this.src.read(BASE_BLOCK_SIZE + off, HBIN_HEADER_SIZE);
      const size = h.length >= 12 ? h.readUInt32LE(8) : 0;
      if (h.length < 12 || h.toString('latin1', 0, 4) !== 'hbin' || size < 4096 || size % 4096 !== 0) {
        // skip to the next 4 KiB boundary that starts a hive bin
        const next = this.findNextBin(off + 4096, limit);
        this.problem('reg.bad_hbin', BASE_BLOCK_SIZE + off, { bytes: next - off });
        off = next;
        continue;
      }
      const end = Math.min(off + size, limit);
      this.bins.push({ start: off, end });
      off += size;
    }
  }

  private findNextBin(from: number, limit: number): number {
    for (let o = from; o + 4 <= limit; o += 4096) {
      if (this.src.read(BASE_BLOCK_SIZE + o, 4).toString('latin1') === 'hbin') return o;
    }
    return limit;
  }

  /** The hive bin holding a cell offset, or undefined. */
  binOf(offset: number): HbinRange | undefined {
    const b = this.bins;
    let lo = 0;
    let hi = b.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = b[mid]!;
      if (offset < r.start) hi = mid - 1;
      else if (offset >= r.end) lo = mid + 1;
      else return r;
    }
    return undefined;
  }

  get binCount(): number {
    return this.bins.length;
  }

  /**
   * The data of the cell at `offset` (after its 4-byte size), or undefined with an issue. `what`
   * names the structure that pointed here, for the message.
   */
  cell(offset: number, what: string): Buffer | undefined {
    if (offset === 0xffffffff || offset < 0) return undefined;
    const at = BASE_BLOCK_SIZE + offset;
    const bin = this.binOf(offset);
    if (!bin || offset < bin.start + HBIN_HEADER_SIZE || offset + 4 > bin.end) {
      this.stats.cellsBad++;
      this.problem('reg.bad_cell_offset', at, { what, cell: hexOff(offset) });
      return undefined;
    }
    const raw = this.src.read(at, 4);
    if (raw.length < 4) return undefined;
    const size = Math.abs(raw.readInt32LE(0));
    if (size < 8 || offset + size > bin.end) {
      this.stats.cellsBad++;
      this.problem('reg.bad_cell_size', at, { what, cell: hexOff(offset), size });
      return undefined;
    }
    return this.src.read(at + 4, size - 4);
  }

  /** Raw bytes at a cell-relative offset (for resident data and tests). */
  readAt(offset: number, len: number): Buffer {
    return this.src.read(BASE_BLOCK_SIZE + offset, len);
  }

  /** Names are Windows-1252 when the "compressed" flag is set, UTF-16LE otherwise. */
  static decodeName(b: Buffer, off: number, len: number, compressed: boolean): string {
    return compressed ? cp1252(b, off, len) : utf16(b, off, len);
  }
}

export function hexOff(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}
