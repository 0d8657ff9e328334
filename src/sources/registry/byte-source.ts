/**
 * Random access to evidence without loading it whole: a read-only file read in 1 MiB pages kept in a
 * small cache (a hive's cells are scattered, so reading it front to back does not help), or a buffer.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

export interface ByteSource {
  readonly size: number;
  /** `len` bytes at `off`, or a shorter buffer at the end of the data (never throws). */
  read(off: number, len: number): Buffer;
  close(): void;
}

export class BufferSource implements ByteSource {
  readonly size: number;
  constructor(private readonly buf: Buffer) {
    this.size = buf.length;
  }
  read(off: number, len: number): Buffer {
    if (off < 0 || len <= 0 || off >= this.size) return Buffer.alloc(0);
    return this.buf.subarray(off, Math.min(this.size, off + len));
  }
  close(): void {}
}

const PAGE = 1 << 20;
const MAX_PAGES = 64;

export class FileSource implements ByteSource {
  readonly size: number;
  private fd: number | undefined;
  private readonly pages = new Map<number, Buffer>();

  constructor(path: string) {
    this.fd = openSync(path, 'r');
    try {
      this.size = fstatSync(this.fd).size;
    } catch (e) {
      closeSync(this.fd);
      throw e;
    }
  }

  private page(n: number): Buffer {
    let p = this.pages.get(n);
    if (p) {
      // keep recently used pages at the end of the map (LRU order)
      this.pages.delete(n);
      this.pages.set(n, p);
      return p;
    }
    if (this.fd === undefined) return Buffer.alloc(0);
    const start = n * PAGE;
    const len = Math.max(0, Math.min(PAGE, this.size - start));
    p = Buffer.alloc(len);
    let got = 0;
    while (got < len) {
      const r = readSync(this.fd, p, got, len - got, start + got);
      if (r <= 0) break;
      got += r;
    }
    if (got < len) p = p.subarray(0, got);
    if (this.pages.size >= MAX_PAGES) this.pages.delete(this.pages.keys().next().value as number);
    this.pages.set(n, p);
    return p;
  }

  read(off: number, len: number): Buffer {
    if (off < 0 || len <= 0 || off >= this.size) return Buffer.alloc(0);
    const end = Math.min(this.size, off + len);
    const first = Math.floor(off / PAGE);
    const last = Math.floor((end - 1) / PAGE);
    if (first === last) return this.page(first).subarray(off - first * PAGE, end - first * PAGE);
    const out = Buffer.alloc(end - off);
    let pos = 0;
    for (let n = first; n <= last; n++) {
      const p = this.page(n);
      const from = n === first ? off - n * PAGE : 0;
      const to = n === last ? end - n * PAGE : p.length;
      p.copy(out, pos, from, to);
      pos += to - from;
    }
    return pos === out.length ? out : out.subarray(0, pos);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    this.pages.clear();
  }
}
