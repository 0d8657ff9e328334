/**
 * Writes AppCompatCache values in every layout (after winreg-kb's "Application compatibility cache"
 * notes), for fixtures where no public sample exists (2003, Vista 32-bit, XP ordering, 10 Creators).
 * Entries are given most recent first.
 */
import type { ShimcacheLayout } from '../../../src/sources/registry/shimcache.ts';

export interface ShimSpec {
  path: string;
  lastModified: bigint;
  executed?: boolean;
  fileSize?: number;
  data?: Buffer;
}

const u16 = (n: number): Buffer => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
};
const u32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
};
const u64 = (n: bigint | number): Buffer => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n));
  return b;
};
const utf16 = (s: string): Buffer => Buffer.from(s, 'utf16le');

function xp(entries: ShimSpec[]): Buffer {
  const slots = 96;
  const h = Buffer.alloc(400);
  h.writeUInt32LE(0xdeadbeef, 0);
  h.writeUInt32LE(slots, 4);
  h.writeUInt32LE(entries.length, 8);
  // store entries in reverse slot order so the LRU list, not the slot order, gives recency
  const body = Buffer.alloc(slots * 552);
  entries.forEach((e, pos) => {
    const slot = entries.length - 1 - pos;
    h.writeUInt32LE(slot, 16 + pos * 4);
    const o = slot * 552;
    utf16(`${e.path}\0`).copy(body, o);
    body.writeBigUInt64LE(e.lastModified, o + 528);
    body.writeBigUInt64LE(BigInt(e.fileSize ?? 0), o + 536);
    body.writeBigUInt64LE(e.lastModified + 1000n, o + 544);
  });
  return Buffer.concat([h, body]);
}

function table(entries: ShimSpec[], layout: ShimcacheLayout): Buffer {
  const x64 = layout.endsWith('x64');
  const win7 = layout.startsWith('win7');
  const header = win7 ? 128 : 8;
  const size = win7 ? (x64 ? 48 : 32) : x64 ? 32 : 24;
  const h = Buffer.alloc(header);
  h.writeUInt32LE(win7 ? 0xbadc0fee : 0xbadc0ffe, 0);
  h.writeUInt32LE(entries.length, 4);
  if (win7) h.writeUInt32LE(120, 8);
  let strAt = header + entries.length * size;
  const rows: Buffer[] = [];
  const strings: Buffer[] = [];
  for (const e of entries) {
    const p = utf16(e.path);
    const parts: Buffer[] = [u16(p.length), u16(p.length + 2)];
    if (x64) parts.push(u32(0), u64(strAt));
    else parts.push(u32(strAt));
    parts.push(u64(e.lastModified));
    if (layout.startsWith('2003')) parts.push(u64(e.fileSize ?? 0));
    else parts.push(u32(e.executed ? 2 : 0), u32(0));
    if (win7) parts.push(...(x64 ? [u64(0), u64(0)] : [u32(0), u32(0)]));
    rows.push(Buffer.concat(parts));
    strings.push(p, Buffer.alloc(2));
    strAt += p.length + 2;
  }
  return Buffer.concat([h, ...rows, ...strings]);
}

function ts(entries: ShimSpec[], layout: 'win8.0' | 'win8.1' | 'win10', header: number): Buffer {
  const h = Buffer.alloc(header);
  h.writeUInt32LE(layout === 'win8.0' ? 0 : header, 0);
  if (layout === 'win10') h.writeUInt32LE(entries.length, header >= 0x34 ? 0x28 : 0x24);
  const sig = layout === 'win8.0' ? '00ts' : '10ts';
  const rows = entries.map((e) => {
    const p = utf16(e.path);
    const data = e.data ?? Buffer.alloc(0);
    const body =
      layout === 'win10'
        ? Buffer.concat([u16(p.length), p, u64(e.lastModified), u32(data.length), data])
        : Buffer.concat([
            u16(p.length),
            p,
            u16(0),
            u32(e.executed ? 2 : 0),
            u32(0),
            u64(e.lastModified),
            u32(data.length),
            data,
          ]);
    return Buffer.concat([Buffer.from(sig, 'latin1'), u32(0x12345678), u32(body.length), body]);
  });
  return Buffer.concat([h, ...rows]);
}

export function writeShimcache(layout: ShimcacheLayout | 'win10-creators', entries: ShimSpec[]): Buffer {
  switch (layout) {
    case 'xp-x86':
      return xp(entries);
    case 'win8.0':
    case 'win8.1':
      return ts(entries, layout, 128);
    case 'win10':
      return ts(entries, 'win10', 0x30);
    case 'win10-creators':
      return ts(entries, 'win10', 0x34);
    default:
      return table(entries, layout);
  }
}
