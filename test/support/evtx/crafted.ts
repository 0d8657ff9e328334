/**
 * Hand-made hostile EVTX files, written byte by byte (the writer only makes well-formed files):
 * templates whose definitions instantiate other templates, so that a few bytes expand to millions
 * of elements (a "billion laughs" for BinXML), repeated in many tiny records.
 */
import { crc32 } from 'node:zlib';

class Bytes {
  readonly b = Buffer.alloc(65536);
  pos: number;
  constructor(start: number) {
    this.pos = start;
  }
  u8(...v: number[]): void {
    for (const x of v) this.b[this.pos++] = x;
  }
  u16(v: number): void {
    this.b.writeUInt16LE(v, this.pos);
    this.pos += 2;
  }
  u32(v: number): void {
    this.b.writeUInt32LE(v >>> 0, this.pos);
    this.pos += 4;
  }
}

function fileHeader(chunks: number): Buffer {
  const h = Buffer.alloc(4096);
  h.write('ElfFile\0', 0, 'latin1');
  h.writeBigUInt64LE(BigInt(chunks - 1), 16);
  h.writeBigUInt64LE(100000n, 24);
  h.writeUInt32LE(128, 32);
  h.writeUInt16LE(1, 36);
  h.writeUInt16LE(3, 38);
  h.writeUInt16LE(4096, 40);
  h.writeUInt16LE(chunks, 42);
  h.writeUInt32LE(crc32(h.subarray(0, 120)) >>> 0, 124);
  return h;
}

function finishChunk(w: Bytes, first: number, last: number, lastOff: number): Buffer {
  const b = w.b;
  b.write('ElfChnk\0', 0, 'latin1');
  b.writeBigUInt64LE(BigInt(first), 8);
  b.writeBigUInt64LE(BigInt(last), 16);
  b.writeBigUInt64LE(BigInt(first), 24);
  b.writeBigUInt64LE(BigInt(last), 32);
  b.writeUInt32LE(128, 40);
  b.writeUInt32LE(lastOff, 44);
  b.writeUInt32LE(w.pos, 48);
  b.writeUInt32LE(crc32(b.subarray(512, w.pos)) >>> 0, 52);
  b.writeUInt32LE(crc32(Buffer.concat([b.subarray(0, 120), b.subarray(128, 512)])) >>> 0, 124);
  return b;
}

/**
 * One chunk: record 1 defines T0 (an element with `width` empty children), record k+1 defines
 * T(k), an element holding `fanout` instances of T(k-1); every further record instantiates the
 * top template: `width * fanout^levels` elements from about 48 bytes, as often as the chunk holds.
 */
export function templateBombChunk(width = 1000, fanout = 50, levels = 2): Buffer {
  const w = new Bytes(512);
  let id = 1;
  let lastOff = 512;
  const defs: number[] = [];
  const record = (body: () => void): boolean => {
    const start = w.pos;
    if (start + 64 > 65536) return false;
    w.u32(0x2a2a);
    w.u32(0);
    w.b.writeBigUInt64LE(BigInt(id), w.pos);
    w.pos += 8;
    w.b.writeBigUInt64LE(132000000000000000n, w.pos);
    w.pos += 8;
    w.u8(0x0f, 0x01, 0x01, 0x00);
    body();
    w.u8(0x00);
    while ((w.pos + 4 - start) % 8) w.u8(0);
    w.u32(w.pos + 4 - start);
    w.b.writeUInt32LE(w.pos - start, start + 4);
    lastOff = start;
    id++;
    return true;
  };
  let nameOff = 0;
  const element = (children: () => void): void => {
    w.u8(0x01);
    w.u16(0xffff);
    const sizeAt = w.pos;
    w.u32(0);
    if (nameOff === 0) {
      nameOff = w.pos + 4;
      w.u32(nameOff);
      w.u32(0);
      w.u16(0x61);
      w.u16(1);
      w.u8(0x61, 0x00, 0x00, 0x00);
    } else {
      w.u32(nameOff);
    }
    w.u8(0x02);
    children();
    w.u8(0x04);
    w.b.writeUInt32LE(w.pos - sizeAt - 4, sizeAt);
  };
  const instance = (level: number, define: boolean): void => {
    w.u8(0x0c, 0x01);
    w.u32(level);
    if (!define) {
      w.u32(defs[level]!);
      w.u32(0);
      return;
    }
    const def = w.pos + 4;
    w.u32(def);
    w.u32(0);
    w.b.fill(level + 1, w.pos, w.pos + 16);
    w.pos += 16;
    const sizeAt = w.pos;
    w.u32(0);
    w.u8(0x0f, 0x01, 0x01, 0x00);
    defs[level] = def;
    element(() => {
      if (level === 0) {
        for (let i = 0; i < width; i++) {
          w.u8(0x01);
          w.u16(0xffff);
          w.u32(5);
          w.u32(nameOff);
          w.u8(0x03);
        }
      } else {
        for (let i = 0; i < fanout; i++) instance(level - 1, false);
      }
    });
    w.u8(0x00);
    w.b.writeUInt32LE(w.pos - sizeAt - 4, sizeAt);
    w.u32(0);
  };
  for (let level = 0; level <= levels; level++) record(() => instance(level, true));
  while (record(() => instance(levels, false)));
  return finishChunk(w, 1, id - 1, lastOff);
}

export function templateBombFile(chunks = 2, width = 1000, fanout = 50, levels = 2): Buffer {
  return Buffer.concat([
    fileHeader(chunks),
    ...Array.from({ length: chunks }, () => templateBombChunk(width, fanout, levels)),
  ]);
}

/**
 * One chunk: a template whose one element holds `subs` substitutions all naming value 0, and
 * records that instantiate it with a string of `chars` characters: small nodes, huge text.
 */
export function substitutionBombChunk(subs = 8000, chars = 12000): Buffer {
  const w = new Bytes(512);
  let id = 1;
  let lastOff = 512;
  let def = 0;
  for (;;) {
    const need = 24 + 4 + 14 + (def ? 0 : 24 + 4 + 20 + subs * 4 + 2) + 4 + 4 + chars * 2 + 16;
    if (w.pos + need > 65536) break;
    const start = w.pos;
    w.u32(0x2a2a);
    w.u32(0);
    w.b.writeBigUInt64LE(BigInt(id), w.pos);
    w.b.writeBigUInt64LE(132000000000000000n, w.pos + 8);
    w.pos += 16;
    w.u8(0x0f, 0x01, 0x01, 0x00, 0x0c, 0x01);
    w.u32(7);
    if (def) {
      w.u32(def);
    } else {
      def = w.pos + 4;
      w.u32(def);
      w.u32(0);
      w.b.fill(7, w.pos, w.pos + 16);
      w.pos += 16;
      const sizeAt = w.pos;
      w.u32(0);
      w.u8(0x0f, 0x01, 0x01, 0x00, 0x01);
      w.u16(0xffff);
      const elAt = w.pos;
      w.u32(0);
      w.u32(w.pos + 4);
      w.u32(0);
      w.u16(0x61);
      w.u16(1);
      w.u8(0x61, 0x00, 0x00, 0x00, 0x02);
      for (let i = 0; i < subs; i++) w.u8(0x0d, 0x00, 0x00, 0x01);
      w.u8(0x04);
      w.b.writeUInt32LE(w.pos - elAt - 4, elAt);
      w.u8(0x00);
      w.b.writeUInt32LE(w.pos - sizeAt - 4, sizeAt);
    }
    w.u32(1);
    w.u16(chars * 2);
    w.u8(0x01, 0x00);
    w.pos += w.b.write('A'.repeat(chars), w.pos, 'utf16le');
    w.u8(0x00);
    while ((w.pos + 4 - start) % 8) w.u8(0);
    w.u32(w.pos + 4 - start);
    w.b.writeUInt32LE(w.pos - start, start + 4);
    lastOff = start;
    id++;
  }
  return finishChunk(w, 1, id - 1, lastOff);
}

export function substitutionBombFile(chunks = 2, subs = 8000, chars = 12000): Buffer {
  return Buffer.concat([
    fileHeader(chunks),
    ...Array.from({ length: chunks }, () => substitutionBombChunk(subs, chars)),
  ]);
}
