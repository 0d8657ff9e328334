/**
 * The AppCompatCache (Shimcache) value in every layout Windows has used: XP (0xdeadbeef), 2003 and
 * Vista/2008 (0xbadc0ffe, 32/64-bit, file size or flags), 7/2008 R2 (0xbadc0fee, 32/64-bit),
 * 8.0/2012 ("00ts"), 8.1/2012 R2 ("10ts" after a 128-byte header) and 10/11/2016+ ("10ts" after a
 * 0x30/0x34-byte header). Layouts after the format notes of libyal's winreg-kb and Mandiant's
 * ShimCacheParser paper. Position 0 is the most recently inserted entry.
 */
import { readFiletime, utf16 } from '../binary.ts';

export type ShimcacheLayout =
  | 'xp-x86'
  | '2003-x86'
  | '2003-x64'
  | 'vista-x86'
  | 'vista-x64'
  | 'win7-x86'
  | 'win7-x64'
  | 'win8.0'
  | 'win8.1'
  | 'win10';

export interface ShimcacheEntry {
  /** 0 = most recently inserted */
  position: number;
  path: string;
  /** stored path size in bytes (with the \\??\\ prefix the path field drops) */
  pathSize?: number;
  /** the file's $STANDARD_INFORMATION modification time (not an execution time); 0n when absent */
  lastModified: bigint;
  /** the insertion flag bit 0x2 where the layout has one (XP: every entry ran); null otherwise */
  executed: boolean | null;
  fileSize?: number;
  insertFlags?: number;
  lastUpdate?: bigint;
  packageName?: string;
  dataSize?: number;
  /** byte offset of the entry in the value */
  offset: number;
}

export interface ShimcacheParse {
  layout: ShimcacheLayout | undefined;
  entries: ShimcacheEntry[];
  /** entry count the header declares, where it has one */
  declared?: number;
}

export type ShimcacheProblem = (
  code: 'shimcache.bad_layout' | 'shimcache.bad_entry',
  params: Record<string, string | number>,
) => void;

const MAGIC_XP = 0xdeadbeef;
const MAGIC_NT52 = 0xbadc0ffe;
const MAGIC_NT61 = 0xbadc0fee;
/** Windows keeps at most 1024 entries; a count beyond this is corrupt. */
const MAX_ENTRIES = 4096;

const stripNtPrefix = (p: string): string => p.replace(/^\\\?\?\\/, '');

export function shimcacheLayout(b: Buffer): ShimcacheLayout | undefined {
  if (b.length < 8) return undefined;
  const magic = b.readUInt32LE(0);
  if (magic === MAGIC_XP) return 'xp-x86';
  if (magic === MAGIC_NT52) {
    const x64 = b.length >= 16 && b.readUInt32LE(12) === 0;
    return nt52HasFileSize(b, x64) ? (x64 ? '2003-x64' : '2003-x86') : x64 ? 'vista-x64' : 'vista-x86';
  }
  if (magic === MAGIC_NT61) return b.length >= 136 && b.readUInt32LE(132) === 0 ? 'win7-x64' : 'win7-x86';
  if (magic >= 0x30 && magic < 0x80 && b.length >= magic + 4 && b.toString('latin1', magic, magic + 4) === '10ts')
    return 'win10';
  // 8.x: a 128-byte header whose first word is 0x80 or, on some systems, 0
  if (b.length >= 132) {
    const sig = b.toString('latin1', 128, 132);
    if (sig === '00ts') return 'win8.0';
    if (sig === '10ts') return 'win8.1';
  }
  return undefined;
}

/** 2003 keeps the file size where Vista/2008 keeps two flag words: flags never exceed a few bits. */
function nt52HasFileSize(b: Buffer, x64: boolean): boolean {
  const count = Math.min(b.readUInt32LE(4), MAX_ENTRIES);
  const size = x64 ? 32 : 24;
  const at = x64 ? 24 : 16;
  for (let i = 0; i < count; i++) {
    const o = 8 + i * size + at;
    if (o + 4 > b.length) break;
    if (b.readUInt32LE(o) > 3) return true;
  }
  return false;
}

export function parseShimcache(b: Buffer, problem: ShimcacheProblem = () => {}): ShimcacheParse {
  const layout = shimcacheLayout(b);
  if (!layout) {
    problem('shimcache.bad_layout', {
      bytes: b.length,
      signature: b.length >= 4 ? `0x${b.readUInt32LE(0).toString(16)}` : '-',
    });
    return { layout, entries: [] };
  }
  const bad = (index: number, at: number, reason: string): void =>
    problem('shimcache.bad_entry', { index, at, reason });
  switch (layout) {
    case 'xp-x86':
      return { layout, ...parseXp(b, bad) };
    case '2003-x86':
    case '2003-x64':
    case 'vista-x86':
    case 'vista-x64':
    case 'win7-x86':
    case 'win7-x64':
      return { layout, ...parseTable(b, layout, bad) };
    case 'win8.0':
    case 'win8.1':
      return { layout, entries: parseTs(b, 128, true, bad) };
    case 'win10': {
      const header = b.readUInt32LE(0);
      const countAt = header >= 0x34 ? 0x28 : 0x24;
      return {
        layout,
        entries: parseTs(b, header, false, bad),
        declared: b.length >= countAt + 4 ? b.readUInt32LE(countAt) : undefined,
      };
    }
  }
}

type Bad = (index: number, at: number, reason: string) => void;

function parseXp(b: Buffer, bad: Bad): { entries: ShimcacheEntry[]; declared: number } {
  const HEADER = 400;
  const SIZE = 552;
  const slots = Math.min(b.readUInt32LE(4), MAX_ENTRIES, Math.floor((b.length - HEADER) / SIZE));
  const used = Math.min(b.length >= 12 ? b.readUInt32LE(8) : 0, slots);
  // the LRU array in the header lists slot numbers, most recent first
  const order: number[] = [];
  const seen = new Set<number>();
  for (let i = 0; i < used && 16 + i * 4 + 4 <= HEADER; i++) {
    const slot = b.readUInt32LE(16 + i * 4);
    if (slot >= slots || seen.has(slot)) break;
    seen.add(slot);
    order.push(slot);
  }
  if (order.length !== used) {
    if (order.length < used) bad(order.length, 16 + order.length * 4, 'LRU list');
    order.length = 0;
    for (let i = 0; i < used; i++) order.push(i);
  }
  const entries = order.map((slot, position) => {
    const o = HEADER + slot * SIZE;
    const raw = utf16(b, o, 528);
    const nul = raw.indexOf('\0');
    return {
      position,
      path: stripNtPrefix(nul < 0 ? raw : raw.slice(0, nul)),
      lastModified: readFiletime(b, o + 528),
      fileSize: Number(b.readBigUInt64LE(o + 536)),
      lastUpdate: readFiletime(b, o + 544),
      executed: null,
      offset: o,
    };
  });
  return { entries, declared: used };
}

function parseTable(b: Buffer, layout: ShimcacheLayout, bad: Bad): { entries: ShimcacheEntry[]; declared: number } {
  const x64 = layout.endsWith('x64');
  const win7 = layout.startsWith('win7');
  const header = win7 ? 128 : 8;
  const size = win7 ? (x64 ? 48 : 32) : x64 ? 32 : 24;
  const declared = b.readUInt32LE(4);
  const count = Math.min(declared, MAX_ENTRIES, Math.max(0, Math.floor((b.length - header) / size)));
  if (count < declared) bad(count, header + count * size, `the value holds ${count} of ${declared} declared entries`);
  const entries: ShimcacheEntry[] = [];
  for (let i = 0; i < count; i++) {
    const o = header + i * size;
    const len = b.readUInt16LE(o);
    const pathOffset = x64 ? Number(b.readBigUInt64LE(o + 8)) : b.readUInt32LE(o + 4);
    const t = o + (x64 ? 16 : 8);
    if (pathOffset + len > b.length || len % 2 !== 0) {
      bad(i, o, 'path outside the value');
      continue;
    }
    const e: ShimcacheEntry = {
      position: i,
      path: stripNtPrefix(utf16(b, pathOffset, len)),
      pathSize: len,
      lastModified: readFiletime(b, t),
      executed: null,
      offset: o,
    };
    if (layout.startsWith('2003')) {
      e.fileSize = Number(b.readBigUInt64LE(t + 8));
    } else {
      e.insertFlags = b.readUInt32LE(t + 8);
      e.executed = (e.insertFlags & 2) !== 0;
      if (win7) e.dataSize = x64 ? Number(b.readBigUInt64LE(t + 16)) : b.readUInt32LE(t + 16);
    }
    entries.push(e);
  }
  return { entries, declared };
}

/** 8.x and 10 entries: a "00ts"/"10ts" signature, then the entry size, then the fields in order. */
function parseTs(b: Buffer, start: number, win8: boolean, bad: Bad): ShimcacheEntry[] {
  const sig = win8 ? b.toString('latin1', 128, 132) : '10ts';
  const entries: ShimcacheEntry[] = [];
  let o = start;
  while (o + 12 <= b.length && entries.length < MAX_ENTRIES) {
    if (b.toString('latin1', o, o + 4) !== sig) {
      // trailing zero padding ends the list quietly; anything else is damage
      if (b.subarray(o, Math.min(b.length, o + 16)).some((x) => x !== 0)) bad(entries.length, o, 'no entry signature');
      break;
    }
    const entrySize = b.readUInt32LE(o + 8);
    const end = o + 12 + entrySize;
    if (end > b.length || entrySize < 14) {
      bad(entries.length, o, 'entry runs past the value');
      break;
    }
    let p = o + 12;
    const pathLen = b.readUInt16LE(p);
    p += 2;
    const path = utf16(b, p, pathLen);
    p += pathLen;
    const e: ShimcacheEntry = {
      position: entries.length,
      path: stripNtPrefix(path),
      pathSize: pathLen,
      lastModified: 0n,
      executed: null,
      offset: o,
    };
    if (win8) {
      const pkgLen = p + 2 <= end ? b.readUInt16LE(p) : 0;
      p += 2;
      if (pkgLen) e.packageName = utf16(b, p, pkgLen);
      p += pkgLen;
      if (p + 8 <= end) {
        e.insertFlags = b.readUInt32LE(p);
        e.executed = (e.insertFlags & 2) !== 0;
      }
      p += 8;
    }
    e.lastModified = p + 8 <= end ? readFiletime(b, p) : 0n;
    p += 8;
    if (p + 4 <= end) e.dataSize = b.readUInt32LE(p);
    if (p > end) {
      bad(entries.length, o, 'fields run past the entry');
      break;
    }
    entries.push(e);
    o = end;
  }
  return entries;
}
