/**
 * Writes small but structurally complete regf hives for tests: hive bins of 4 KiB (bigger when a
 * cell needs it) with free cells filling the gaps, nk/vk/sk cells, every subkey list kind
 * (lf, lh, li, ri over li/lh), class names, resident data, big data (db) values, ASCII and UTF-16
 * names, and the base block checksum. Written from the format description (libyal's REGF notes,
 * M. Suhanov's registry format spec), independently of the reader.
 */
export interface ValueSpec {
  name: string;
  type: number;
  data: Buffer;
}

export interface KeySpec {
  name: string;
  lastWritten?: bigint;
  className?: string;
  values?: ValueSpec[];
  subkeys?: KeySpec[];
  /** how this key's subkeys are listed (default lh) */
  list?: 'lf' | 'lh' | 'li' | 'ri-li' | 'ri-lh';
}

export interface HiveOptions {
  minor?: number;
  dirty?: boolean;
  fileName?: string;
  lastWritten?: bigint;
}

const BIN = 4096;
const SEGMENT = 16344;
const DEFAULT_TIME = 0x01d2c1c0b4a2e000n; // 2017-04-..., any fixed FILETIME

class CellHeap {
  readonly bins: Buffer[] = [];
  private cur: Buffer | undefined;
  private curStart = 0;
  private pos = 0;

  /** Allocates an in-use cell of `size` data bytes; returns its cell offset and data view. */
  alloc(size: number): { offset: number; data: Buffer } {
    const total = (size + 4 + 7) & ~7;
    if (!this.cur || this.pos + total > this.cur.length) this.newBin(total);
    const cellAt = this.pos;
    this.cur!.writeInt32LE(-total, cellAt);
    this.pos += total;
    return { offset: this.curStart + cellAt, data: this.cur!.subarray(cellAt + 4, cellAt + total) };
  }

  private newBin(need: number): void {
    this.closeBin();
    const size = Math.ceil((need + 32) / BIN) * BIN;
    const b = Buffer.alloc(size);
    b.write('hbin', 0, 'latin1');
    const start = this.bins.reduce((n, x) => n + x.length, 0);
    b.writeUInt32LE(start, 4);
    b.writeUInt32LE(size, 8);
    this.bins.push(b);
    this.cur = b;
    this.curStart = start;
    this.pos = 32;
  }

  /** The rest of the current bin becomes one free cell. */
  closeBin(): void {
    if (this.cur && this.pos < this.cur.length) this.cur.writeInt32LE(this.cur.length - this.pos, this.pos);
  }
}

function isAscii(s: string): boolean {
  return /^[\x00-\xff]*$/.test(s);
}

function nameBytes(s: string): { bytes: Buffer; compressed: boolean } {
  return isAscii(s)
    ? { bytes: Buffer.from(s, 'latin1'), compressed: true }
    : { bytes: Buffer.from(s, 'utf16le'), compressed: false };
}

function lhHash(name: string): number {
  let h = 0;
  for (const ch of name.toUpperCase()) h = (Math.imul(h, 37) + ch.charCodeAt(0)) >>> 0;
  return h;
}

/** Self-relative security descriptor with owner BUILTIN\Administrators and group SYSTEM, no ACLs. */
function securityDescriptor(): Buffer {
  const sid = (auth: number, subs: number[]): Buffer => {
    const b = Buffer.alloc(8 + subs.length * 4);
    b[0] = 1;
    b[1] = subs.length;
    b.writeUIntBE(auth, 2, 6);
    subs.forEach((s, i) => b.writeUInt32LE(s, 8 + i * 4));
    return b;
  };
  const owner = sid(5, [32, 544]);
  const group = sid(5, [18]);
  const hdr = Buffer.alloc(20);
  hdr[0] = 1;
  hdr.writeUInt16LE(0x8000, 2); // self-relative
  hdr.writeUInt32LE(20, 4);
  hdr.writeUInt32LE(20 + owner.length, 8);
  return Buffer.concat([hdr, owner, group]);
}

export function writeHive(root: KeySpec, opts: HiveOptions = {}): Buffer {
  const minor = opts.minor ?? 5;
  const heap = new CellHeap();
  const sd = securityDescriptor();
  const sk = heap.alloc(20 + sd.length);
  sk.data.write('sk', 0, 'latin1');
  sk.data.writeUInt32LE(sk.offset, 4);
  sk.data.writeUInt32LE(sk.offset, 8);
  sk.data.writeUInt32LE(1, 12);
  sk.data.writeUInt32LE(sd.length, 16);
  sd.copy(sk.data, 20);

  const writeKey = (spec: KeySpec, parent: number, isRoot: boolean): number => {
    const { bytes, compressed } = nameBytes(spec.name);
    const nk = heap.alloc(76 + bytes.length);
    const d = nk.data;
    d.write('nk', 0, 'latin1');
    d.writeUInt16LE((compressed ? 0x20 : 0) | (isRoot ? 0x0c : 0), 2);
    d.writeBigUInt64LE(spec.lastWritten ?? DEFAULT_TIME, 4);
    d.writeUInt32LE(parent, 16);
    d.writeUInt32LE(0xffffffff, 28);
    d.writeUInt32LE(0xffffffff, 32);
    d.writeUInt32LE(0xffffffff, 40);
    d.writeUInt32LE(sk.offset, 44);
    d.writeUInt32LE(0xffffffff, 48);
    d.writeUInt16LE(bytes.length, 72);
    bytes.copy(d, 76);
    if (spec.className !== undefined) {
      const cls = Buffer.from(spec.className, 'utf16le');
      const c = heap.alloc(Math.max(cls.length, 1));
      cls.copy(c.data);
      d.writeUInt32LE(c.offset, 48);
      d.writeUInt16LE(cls.length, 74);
    }
    const vals = spec.values ?? [];
    if (vals.length) {
      const list = heap.alloc(vals.length * 4);
      vals.forEach((v, i) => list.data.writeUInt32LE(writeValue(heap, v, minor), i * 4));
      d.writeUInt32LE(vals.length, 36);
      d.writeUInt32LE(list.offset, 40);
    }
    const kids = [...(spec.subkeys ?? [])].sort((a, b) => (a.name.toUpperCase() < b.name.toUpperCase() ? -1 : 1));
    if (kids.length) {
      const offs = kids.map((k) => writeKey(k, nk.offset, false));
      d.writeUInt32LE(kids.length, 20);
      d.writeUInt32LE(writeList(heap, spec.list ?? 'lh', kids, offs), 28);
    }
    return nk.offset;
  };

  const rootOffset = writeKey(root, 0xffffffff, true);
  heap.closeBin();
  const bins = Buffer.concat(heap.bins);
  const base = Buffer.alloc(4096);
  base.write('regf', 0, 'latin1');
  base.writeUInt32LE(5, 4);
  base.writeUInt32LE(opts.dirty ? 4 : 5, 8);
  base.writeBigUInt64LE(opts.lastWritten ?? DEFAULT_TIME, 12);
  base.writeUInt32LE(1, 20);
  base.writeUInt32LE(minor, 24);
  base.writeUInt32LE(0, 28);
  base.writeUInt32LE(1, 32);
  base.writeUInt32LE(rootOffset, 36);
  base.writeUInt32LE(bins.length, 40);
  base.writeUInt32LE(1, 44);
  if (opts.fileName) Buffer.from(opts.fileName.slice(-31), 'utf16le').copy(base, 48);
  let x = 0;
  for (let i = 0; i < 508; i += 4) x ^= base.readUInt32LE(i);
  base.writeUInt32LE(x >>> 0, 508);
  return Buffer.concat([base, bins]);
}

function writeValue(heap: CellHeap, v: ValueSpec, minor: number): number {
  const { bytes, compressed } = nameBytes(v.name);
  const vk = heap.alloc(20 + bytes.length);
  const d = vk.data;
  d.write('vk', 0, 'latin1');
  d.writeUInt16LE(bytes.length, 2);
  d.writeUInt32LE(v.type, 12);
  d.writeUInt16LE(compressed ? 1 : 0, 16);
  bytes.copy(d, 20);
  if (v.data.length <= 4) {
    d.writeUInt32LE((v.data.length | 0x80000000) >>> 0, 4);
    v.data.copy(d, 8);
  } else if (v.data.length > SEGMENT && minor >= 4) {
    const n = Math.ceil(v.data.length / SEGMENT);
    const segs: number[] = [];
    for (let i = 0; i < n; i++) {
      const part = v.data.subarray(i * SEGMENT, (i + 1) * SEGMENT);
      const c = heap.alloc(SEGMENT);
      part.copy(c.data);
      segs.push(c.offset);
    }
    const list = heap.alloc(n * 4);
    segs.forEach((o, i) => list.data.writeUInt32LE(o, i * 4));
    const db = heap.alloc(8);
    db.data.write('db', 0, 'latin1');
    db.data.writeUInt16LE(n, 2);
    db.data.writeUInt32LE(list.offset, 4);
    d.writeUInt32LE(v.data.length, 4);
    d.writeUInt32LE(db.offset, 8);
  } else {
    const c = heap.alloc(v.data.length);
    v.data.copy(c.data);
    d.writeUInt32LE(v.data.length, 4);
    d.writeUInt32LE(c.offset, 8);
  }
  return vk.offset;
}

function writeList(heap: CellHeap, kind: NonNullable<KeySpec['list']>, kids: KeySpec[], offs: number[]): number {
  const leaf = (k: 'lf' | 'lh' | 'li', from: number, to: number): number => {
    const step = k === 'li' ? 4 : 8;
    const c = heap.alloc(4 + (to - from) * step);
    c.data.write(k, 0, 'latin1');
    c.data.writeUInt16LE(to - from, 2);
    for (let i = from; i < to; i++) {
      const at = 4 + (i - from) * step;
      c.data.writeUInt32LE(offs[i]!, at);
      if (k === 'lh') c.data.writeUInt32LE(lhHash(kids[i]!.name), at + 4);
      if (k === 'lf') Buffer.from(kids[i]!.name.padEnd(4, '\0').slice(0, 4), 'latin1').copy(c.data, at + 4);
    }
    return c.offset;
  };
  if (kind === 'lf' || kind === 'lh' || kind === 'li') return leaf(kind, 0, kids.length);
  const sub = kind === 'ri-li' ? 'li' : 'lh';
  const half = Math.ceil(kids.length / 2);
  const parts = [leaf(sub, 0, half), ...(half < kids.length ? [leaf(sub, half, kids.length)] : [])];
  const ri = heap.alloc(4 + parts.length * 4);
  ri.data.write('ri', 0, 'latin1');
  ri.data.writeUInt16LE(parts.length, 2);
  parts.forEach((o, i) => ri.data.writeUInt32LE(o, 4 + i * 4));
  return ri.offset;
}

/** Helpers for value data. */
export const reg = {
  sz: (s: string): Buffer => Buffer.from(`${s}\0`, 'utf16le'),
  multi: (xs: string[]): Buffer => Buffer.from(`${xs.join('\0')}\0\0`, 'utf16le'),
  dword: (n: number): Buffer => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n >>> 0);
    return b;
  },
  dwordBE: (n: number): Buffer => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n >>> 0);
    return b;
  },
  qword: (n: bigint): Buffer => {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(n);
    return b;
  },
};
