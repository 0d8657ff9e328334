/** Key (nk), value (vk), security (sk) and subkey list (lf/lh/li/ri) cells, and big data (db) values. */
import { readFiletime } from '../binary.ts';
import { BASE_BLOCK_SIZE, Hive, hexOff } from './regf.ts';

export interface KeyNode {
  /** cell offset (relative to the first hive bin) */
  offset: number;
  name: string;
  flags: number;
  lastWritten: bigint;
  parent: number;
  subkeyCount: number;
  subkeyList: number;
  valueCount: number;
  valueList: number;
  security: number;
  classNameOffset: number;
  classNameLength: number;
}

export interface ValueNode {
  offset: number;
  /** '' is the key's default value */
  name: string;
  type: number;
  /** data size in bytes (without the resident flag) */
  size: number;
  dataOffset: number;
  /** data stored in the data offset field itself (4 bytes or less) */
  resident: boolean;
}

const KEY_COMP_NAME = 0x0020;
const VALUE_COMP_NAME = 0x0001;
const BIG_DATA_SEGMENT = 16344;
/** Subkey lists may nest through one ri level; anything deeper is treated as corrupt. */
const MAX_LIST_DEPTH = 2;

export function readKey(hive: Hive, offset: number): KeyNode | undefined {
  const c = hive.cell(offset, 'nk');
  if (!c) return undefined;
  if (c.length < 76 || c.toString('latin1', 0, 2) !== 'nk') {
    hive.stats.keysSkipped++;
    hive.problem('reg.bad_key', BASE_BLOCK_SIZE + offset, { cell: hexOff(offset), signature: sig(c) });
    return undefined;
  }
  const flags = c.readUInt16LE(2);
  const nameLength = c.readUInt16LE(72);
  if (76 + nameLength > c.length)
    hive.problem('reg.name_truncated', BASE_BLOCK_SIZE + offset, { cell: hexOff(offset) });
  return {
    offset,
    name: Hive.decodeName(c, 76, nameLength, (flags & KEY_COMP_NAME) !== 0),
    flags,
    lastWritten: readFiletime(c, 4),
    parent: c.readUInt32LE(16),
    subkeyCount: c.readUInt32LE(20),
    subkeyList: c.readUInt32LE(28),
    valueCount: c.readUInt32LE(36),
    valueList: c.readUInt32LE(40),
    security: c.readUInt32LE(44),
    classNameOffset: c.readUInt32LE(48),
    classNameLength: c.readUInt16LE(74),
  };
}

export function readValue(hive: Hive, offset: number): ValueNode | undefined {
  const c = hive.cell(offset, 'vk');
  if (!c) return undefined;
  if (c.length < 20 || c.toString('latin1', 0, 2) !== 'vk') {
    hive.stats.valuesSkipped++;
    hive.problem('reg.bad_value', BASE_BLOCK_SIZE + offset, { cell: hexOff(offset), signature: sig(c) });
    return undefined;
  }
  const nameLength = c.readUInt16LE(2);
  const rawSize = c.readUInt32LE(4);
  const flags = c.readUInt16LE(16);
  return {
    offset,
    name: Hive.decodeName(c, 20, nameLength, (flags & VALUE_COMP_NAME) !== 0),
    type: c.readUInt32LE(12),
    size: rawSize & 0x7fffffff,
    dataOffset: c.readUInt32LE(8),
    resident: (rawSize & 0x80000000) !== 0,
  };
}

/** The subkeys of a key, in stored order (sorted by upper-case name). Bad entries are skipped. */
export function subkeys(hive: Hive, key: KeyNode): KeyNode[] {
  if (key.subkeyCount === 0 || key.subkeyList === 0xffffffff) return [];
  const offsets: number[] = [];
  collectList(hive, key.subkeyList, 0, offsets, key.subkeyCount);
  if (offsets.length !== key.subkeyCount) {
    hive.problem('reg.subkey_count', BASE_BLOCK_SIZE + key.offset, {
      cell: hexOff(key.offset),
      declared: key.subkeyCount,
      found: offsets.length,
    });
  }
  const out: KeyNode[] = [];
  for (const o of offsets) {
    const k = readKey(hive, o);
    if (k) out.push(k);
  }
  return out;
}

function collectList(hive: Hive, offset: number, depth: number, out: number[], limit: number): void {
  const c = hive.cell(offset, 'subkey list');
  if (!c || c.length < 4) return;
  const s = c.toString('latin1', 0, 2);
  const count = c.readUInt16LE(2);
  const step = s === 'lf' || s === 'lh' ? 8 : s === 'li' || s === 'ri' ? 4 : 0;
  if (step === 0) {
    hive.problem('reg.bad_subkey_list', BASE_BLOCK_SIZE + offset, { cell: hexOff(offset), signature: sig(c) });
    return;
  }
  if (s === 'ri' && depth >= MAX_LIST_DEPTH - 1) {
    hive.problem('reg.bad_subkey_list', BASE_BLOCK_SIZE + offset, { cell: hexOff(offset), signature: 'ri (nested)' });
    return;
  }
  const n = Math.min(count, Math.floor((c.length - 4) / step));
  if (n < count)
    hive.problem('reg.list_truncated', BASE_BLOCK_SIZE + offset, { cell: hexOff(offset), declared: count, found: n });
  for (let i = 0; i < n && out.length <= limit + 1024; i++) {
    const o = c.readUInt32LE(4 + i * step);
    if (s === 'ri') collectList(hive, o, depth + 1, out, limit);
    else out.push(o);
  }
}

/** The values of a key, in stored order. */
export function values(hive: Hive, key: KeyNode): ValueNode[] {
  if (key.valueCount === 0 || key.valueList === 0xffffffff) return [];
  const c = hive.cell(key.valueList, 'value list');
  if (!c) {
    hive.stats.valuesSkipped += key.valueCount;
    return [];
  }
  const n = Math.min(key.valueCount, Math.floor(c.length / 4));
  if (n < key.valueCount) {
    hive.stats.valuesSkipped += key.valueCount - n;
    hive.problem('reg.list_truncated', BASE_BLOCK_SIZE + key.valueList, {
      cell: hexOff(key.valueList),
      declared: key.valueCount,
      found: n,
    });
  }
  const out: ValueNode[] = [];
  for (let i = 0; i < n; i++) {
    const v = readValue(hive, c.readUInt32LE(i * 4));
    if (v) out.push(v);
  }
  return out;
}

/** A value's data: resident, in one cell, or assembled from big data segments. Short on problems (with an issue). */
export function valueData(hive: Hive, v: ValueNode): Buffer {
  if (v.resident) {
    if (v.size > 4)
      hive.problem('reg.bad_resident_size', BASE_BLOCK_SIZE + v.offset + 4, { cell: hexOff(v.offset), size: v.size });
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v.dataOffset, 0);
    return b.subarray(0, Math.min(4, v.size));
  }
  if (v.size === 0) return Buffer.alloc(0);
  const c = hive.cell(v.dataOffset, 'value data');
  if (!c) return Buffer.alloc(0);
  const version = hive.base.majorVersion * 100 + hive.base.minorVersion;
  if (v.size > BIG_DATA_SEGMENT && version >= 104 && c.length >= 8 && c.toString('latin1', 0, 2) === 'db') {
    return bigData(hive, v, c);
  }
  if (v.size > c.length) {
    hive.problem('reg.value_data_truncated', BASE_BLOCK_SIZE + v.offset, {
      cell: hexOff(v.offset),
      size: v.size,
      available: c.length,
    });
    return c;
  }
  return c.subarray(0, v.size);
}

function bigData(hive: Hive, v: ValueNode, db: Buffer): Buffer {
  const count = db.readUInt16LE(2);
  const list = hive.cell(db.readUInt32LE(4), 'big data segment list');
  if (!list) return Buffer.alloc(0);
  const n = Math.min(count, Math.floor(list.length / 4));
  const parts: Buffer[] = [];
  let remaining = v.size;
  for (let i = 0; i < n && remaining > 0; i++) {
    const seg = hive.cell(list.readUInt32LE(i * 4), 'big data segment');
    if (!seg) break;
    const take = Math.min(remaining, BIG_DATA_SEGMENT, seg.length);
    parts.push(seg.subarray(0, take));
    remaining -= take;
  }
  if (remaining > 0) {
    hive.problem('reg.value_data_truncated', BASE_BLOCK_SIZE + v.offset, {
      cell: hexOff(v.offset),
      size: v.size,
      available: v.size - remaining,
    });
  }
  return Buffer.concat(parts);
}

/** The key's class name (UTF-16LE), if it has one. */
export function className(hive: Hive, key: KeyNode): string | undefined {
  if (key.classNameLength === 0 || key.classNameOffset === 0xffffffff) return undefined;
  const c = hive.cell(key.classNameOffset, 'class name');
  if (!c) return undefined;
  return Hive.decodeName(c, 0, Math.min(key.classNameLength, c.length), false);
}

/** The key's security descriptor (from its sk cell), if readable. */
export function securityDescriptor(hive: Hive, key: KeyNode): Buffer | undefined {
  if (key.security === 0xffffffff) return undefined;
  const c = hive.cell(key.security, 'sk');
  if (!c || c.length < 20 || c.toString('latin1', 0, 2) !== 'sk') return undefined;
  const size = c.readUInt32LE(16);
  return c.subarray(20, Math.min(c.length, 20 + size));
}

/** The owner SID of a self-relative security descriptor, e.g. S-1-5-18. */
export function ownerSid(sd: Buffer): string | undefined {
  if (sd.length < 20) return undefined;
  const off = sd.readUInt32LE(4);
  return off > 0 ? sidAt(sd, off) : undefined;
}

export function sidAt(b: Buffer, off: number): string | undefined {
  if (off + 8 > b.length || b[off] !== 1) return undefined;
  const n = b[off + 1]!;
  if (off + 8 + n * 4 > b.length) return undefined;
  const auth = b.readUIntBE(off + 2, 6);
  let s = `S-1-${auth}`;
  for (let i = 0; i < n; i++) s += `-${b.readUInt32LE(off + 8 + i * 4)}`;
  return s;
}

function sig(c: Buffer): string {
  return c.length >= 2 ? JSON.stringify(c.toString('latin1', 0, 2)) : '(short)';
}
