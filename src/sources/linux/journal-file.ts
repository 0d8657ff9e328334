/**
 * systemd journal files (.journal, .journal~), read-only, by the documented on-disk format
 * (https://systemd.io/JOURNAL_FILE_FORMAT/): a 272-byte header ("LPKSHHRH"), then 8-byte aligned
 * objects, each with a 16-byte object header (type, flags, size). Entries are found by walking the
 * objects in file order (append order, which is seqnum order), so an entry whose entry-array link
 * was lost in a crash is still read; each entry item points at a DATA object holding "FIELD=value".
 * Regular and compact files (systemd 252+: 32-bit item offsets, 72-byte data header) are read.
 * DATA payloads compressed with zstd (the default since systemd 246; decoded by the fzstd package,
 * since Node 20's zlib has no zstd) and LZ4 (decoded here) are read; XZ-compressed payloads (systemd
 * before 228 by default) cannot be decoded without a native or WebAssembly decoder and are counted
 * as skipped fields. Damage (bad object sizes, offsets outside the file, broken payloads) becomes
 * issues with the offset; reading continues at the next object or entry.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { decompress as zstdDecompress } from 'fzstd';
import { lz4BlockDecode } from './lz4-block.ts';

export const JOURNAL_MAGIC = 'LPKSHHRH';

const HEADER_MIN = 208;
const OBJ_DATA = 1;
const OBJ_ENTRY = 3;
const OBJ_MAX_TYPE = 7;
const COMPRESSED_XZ = 1;
const COMPRESSED_LZ4 = 2;
const COMPRESSED_ZSTD = 4;
const INCOMPAT_COMPACT = 16;
/** No data object or decompressed field is read beyond this (journald's own limit on entries is far lower in practice). */
const MAX_FIELD = 64 << 20;
const MAX_ENTRY_ITEMS = 1 << 16;
const CACHE_MAX = 50_000;
const CACHE_SMALL = 4096;

export interface JournalHeader {
  compatible: number;
  incompatible: number;
  state: number;
  compact: boolean;
  headerSize: number;
  arenaSize: number;
  nEntries: number;
  fileSize: number;
}

export interface JournalField {
  name: string;
  value: Buffer;
}

export interface JournalEntry {
  offset: number;
  seqnum: bigint;
  realtime: bigint;
  monotonic: bigint;
  bootId: string;
  fields: JournalField[];
}

export interface JournalProblem {
  code: 'journal.bad_header' | 'journal.bad_object' | 'journal.bad_data' | 'journal.xz' | 'journal.truncated';
  offset: number;
  reason?: string;
}

export interface JournalStats {
  entries: number;
  /** fields that could not be read (bad data objects, XZ payloads) */
  skippedFields: number;
  /** entries skipped whole (unreadable entry objects) */
  skippedEntries: number;
}

/** A read-only journal file with a small read-ahead window for the sequential walk. */
export class JournalFile {
  private readonly fd: number;
  readonly header: JournalHeader;
  private readonly win = { start: -1, buf: Buffer.alloc(0) };
  private readonly cache = new Map<number, JournalField | null>();
  readonly stats: JournalStats = { entries: 0, skippedFields: 0, skippedEntries: 0 };

  private constructor(fd: number, header: JournalHeader) {
    this.fd = fd;
    this.header = header;
  }

  /** Opens a journal file; undefined (with a problem) when it is not one or its header is unusable. */
  static open(path: string, problems: JournalProblem[]): JournalFile | undefined {
    const fd = openSync(path, 'r');
    try {
      const size = fstatSync(fd).size;
      const h = Buffer.alloc(272);
      const n = readSync(fd, h, 0, 272, 0);
      if (n < HEADER_MIN || h.toString('latin1', 0, 8) !== JOURNAL_MAGIC) {
        problems.push({ code: 'journal.bad_header', offset: 0, reason: 'no journal signature' });
        closeSync(fd);
        return undefined;
      }
      const headerSize = Number(h.readBigUInt64LE(88));
      const arenaSize = Number(h.readBigUInt64LE(96));
      if (headerSize < HEADER_MIN || headerSize > 1 << 20 || headerSize % 8) {
        problems.push({ code: 'journal.bad_header', offset: 88, reason: `header size ${headerSize}` });
        closeSync(fd);
        return undefined;
      }
      const incompatible = h.readUInt32LE(12);
      const header: JournalHeader = {
        compatible: h.readUInt32LE(8),
        incompatible,
        state: h[16],
        compact: (incompatible & INCOMPAT_COMPACT) !== 0,
        headerSize,
        arenaSize,
        nEntries: Number(h.readBigUInt64LE(152)),
        fileSize: size,
      };
      return new JournalFile(fd, header);
    } catch (e) {
      closeSync(fd);
      throw e;
    }
  }

  close(): void {
    closeSync(this.fd);
  }

  /** Bytes at [off, off + len), from the read-ahead window when it covers them. */
  private read(off: number, len: number): Buffer | undefined {
    if (off < 0 || len < 0 || off + len > this.header.fileSize) return undefined;
    const w = this.win;
    if (w.start >= 0 && off >= w.start && off + len <= w.start + w.buf.length)
      return w.buf.subarray(off - w.start, off - w.start + len);
    if (len > 1 << 20) {
      const b = Buffer.alloc(len);
      return readSync(this.fd, b, 0, len, off) === len ? b : undefined;
    }
    const size = Math.min(Math.max(len, 1 << 20), this.header.fileSize - off);
    const b = Buffer.alloc(size);
    const n = readSync(this.fd, b, 0, size, off);
    if (n < len) return undefined;
    w.start = off;
    w.buf = b.subarray(0, n);
    return w.buf.subarray(0, len);
  }

  /** The entries in file order. Problems go to `problems`; the walk never throws for bad content. */
  *entries(problems: JournalProblem[], onProgress?: (bytes: number) => void): Generator<JournalEntry> {
    const h = this.header;
    const end = Math.min(h.headerSize + h.arenaSize, h.fileSize);
    let off = h.headerSize;
    let lastProgress = off;
    while (off + 16 <= end) {
      const oh = this.read(off, 16);
      if (!oh) break;
      const type = oh[0];
      const size = Number(oh.readBigUInt64LE(8));
      if (type === 0 && size === 0) break; // unused space at the end of an online file
      if (type > OBJ_MAX_TYPE || size < 16 || off + size > end) {
        problems.push({ code: 'journal.bad_object', offset: off, reason: `type ${type}, size ${size}` });
        break; // object sizes chain the walk: after a bad one there is no reliable next offset
      }
      if (type === OBJ_ENTRY) {
        const e = this.entry(off, size, problems);
        if (e) {
          this.stats.entries++;
          yield e;
        } else this.stats.skippedEntries++;
      }
      off += Math.ceil(size / 8) * 8;
      if (onProgress && off - lastProgress >= 1 << 22) {
        lastProgress = off;
        onProgress(off);
      }
    }
    if (off < end && off + 16 > end) problems.push({ code: 'journal.truncated', offset: off });
  }

  private entry(off: number, size: number, problems: JournalProblem[]): JournalEntry | undefined {
    if (size < 64 || size > 64 + MAX_ENTRY_ITEMS * 16) {
      problems.push({ code: 'journal.bad_object', offset: off, reason: `entry size ${size}` });
      return undefined;
    }
    const b = this.read(off, size);
    if (!b) return undefined;
    const itemSize = this.header.compact ? 4 : 16;
    const n = Math.floor((size - 64) / itemSize);
    const fields: JournalField[] = [];
    for (let i = 0; i < n; i++) {
      const p = 64 + i * itemSize;
      const dataOff = this.header.compact ? b.readUInt32LE(p) : Number(b.readBigUInt64LE(p));
      const f = this.data(dataOff, problems);
      if (f) fields.push(f);
      else this.stats.skippedFields++;
    }
    return {
      offset: off,
      seqnum: b.readBigUInt64LE(16),
      realtime: b.readBigUInt64LE(24),
      monotonic: b.readBigUInt64LE(32),
      bootId: b.toString('hex', 40, 56),
      fields,
    };
  }

  private data(off: number, problems: JournalProblem[]): JournalField | undefined {
    const cached = this.cache.get(off);
    if (cached !== undefined) return cached ?? undefined;
    const f = this.readData(off, problems);
    if (this.cache.size >= CACHE_MAX) this.cache.clear();
    if (!f || f.value.length <= CACHE_SMALL) this.cache.set(off, f ?? null);
    return f;
  }

  private readData(off: number, problems: JournalProblem[]): JournalField | undefined {
    const bad = (reason: string): undefined => {
      problems.push({ code: 'journal.bad_data', offset: off, reason });
      return undefined;
    };
    if (off % 8 || off < this.header.headerSize) return bad('misaligned or inside the header');
    const oh = this.read(off, 16);
    if (!oh) return bad('outside the file');
    const size = Number(oh.readBigUInt64LE(8));
    const payloadAt = this.header.compact ? 72 : 64;
    if (oh[0] !== OBJ_DATA || size < payloadAt || size > MAX_FIELD) return bad(`type ${oh[0]}, size ${size}`);
    const obj = this.read(off, size);
    if (!obj) return bad('outside the file');
    let payload: Buffer = obj.subarray(payloadAt);
    const flags = oh[1];
    if (flags & COMPRESSED_XZ) {
      problems.push({ code: 'journal.xz', offset: off });
      return undefined;
    }
    if (flags & COMPRESSED_LZ4) {
      if (payload.length < 8) return bad('short LZ4 payload');
      const len = Number(payload.readBigUInt64LE(0));
      if (len > MAX_FIELD) return bad(`LZ4 payload of ${len} bytes`);
      const d = lz4BlockDecode(payload.subarray(8), len);
      if (!d) return bad('broken LZ4 payload');
      payload = Buffer.from(d.buffer, d.byteOffset, d.byteLength);
    } else if (flags & COMPRESSED_ZSTD) {
      const len = zstdContentSize(payload);
      if (len === undefined || len > MAX_FIELD) return bad('zstd frame without a usable content size');
      try {
        const d = zstdDecompress(payload, new Uint8Array(len));
        payload = Buffer.from(d.buffer, d.byteOffset, d.byteLength);
      } catch (e) {
        return bad(`broken zstd payload: ${(e as Error).message}`);
      }
    }
    const eq = payload.indexOf(0x3d);
    if (eq <= 0) return bad('no "=" in the field');
    return { name: payload.toString('latin1', 0, eq), value: Buffer.from(payload.subarray(eq + 1)) };
  }
}

/** Frame_Content_Size of a zstd frame (RFC 8878 3.1.1.1), or undefined when absent or not a frame. */
export function zstdContentSize(b: Uint8Array): number | undefined {
  if (b.length < 6 || b[0] !== 0x28 || b[1] !== 0xb5 || b[2] !== 0x2f || b[3] !== 0xfd) return undefined;
  const fhd = b[4];
  const fcsFlag = fhd >> 6;
  const single = (fhd >> 5) & 1;
  const dictBytes = [0, 1, 2, 4][fhd & 3];
  let p = 5 + (single ? 0 : 1) + dictBytes;
  const fcsBytes = fcsFlag === 0 ? (single ? 1 : 0) : [0, 2, 4, 8][fcsFlag];
  if (!fcsBytes || p + fcsBytes > b.length) return undefined;
  let v = 0;
  for (let i = fcsBytes - 1; i >= 0; i--) v = v * 256 + b[p + i];
  p += fcsBytes;
  return fcsBytes === 2 ? v + 256 : v;
}
