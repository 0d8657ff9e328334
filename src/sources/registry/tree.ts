/** Navigating a hive: the root key, keys by path, a bounded depth-first walk, and decoded values. */
import { utf16z } from '../binary.ts';
import { readKey, subkeys, valueData, values, type KeyNode, type ValueNode } from './cells.ts';
import { BASE_BLOCK_SIZE, type Hive, hexOff } from './regf.ts';

/** Deeper keys than this are not followed (real hives stay far below; loops are caught separately). */
export const MAX_KEY_DEPTH = 512;

export function rootKey(hive: Hive): KeyNode | undefined {
  const k = readKey(hive, hive.base.rootCellOffset);
  if (!k) hive.problem('reg.no_root_key', 36, { cell: hexOff(hive.base.rootCellOffset) }, 'error');
  return k;
}

/** The key at a backslash-separated path below the root (case-insensitive); '' is the root itself. */
export function keyAt(hive: Hive, path: string, from?: KeyNode): KeyNode | undefined {
  let k = from ?? rootKey(hive);
  for (const part of path.split('\\').filter(Boolean)) {
    if (!k) return undefined;
    const want = part.toUpperCase();
    k = subkeys(hive, k).find((s) => s.name.toUpperCase() === want);
  }
  return k;
}

export function valueNamed(hive: Hive, key: KeyNode, name: string): ValueNode | undefined {
  const want = name.toUpperCase();
  return values(hive, key).find((v) => v.name.toUpperCase() === want);
}

export interface WalkEntry {
  key: KeyNode;
  /** path from the root key's name, backslash-separated, e.g. ROOT\ControlSet001 */
  path: string;
  depth: number;
}

/**
 * Depth-first, in stored order, parents before children (regfexport's order). A key reached twice
 * (a loop in a corrupt hive) or deeper than MAX_KEY_DEPTH is reported and not followed.
 */
export function* walk(hive: Hive, start: KeyNode, startPath = start.name): Generator<WalkEntry> {
  const seen = new Set<number>();
  const stack: WalkEntry[] = [{ key: start, path: startPath, depth: 0 }];
  while (stack.length) {
    const e = stack.pop()!;
    if (seen.has(e.key.offset)) {
      hive.problem('reg.key_loop', BASE_BLOCK_SIZE + e.key.offset, { cell: hexOff(e.key.offset) });
      continue;
    }
    seen.add(e.key.offset);
    yield e;
    if (e.depth >= MAX_KEY_DEPTH) {
      hive.problem('reg.too_deep', BASE_BLOCK_SIZE + e.key.offset, { depth: e.depth });
      continue;
    }
    const kids = subkeys(hive, e.key);
    for (let i = kids.length - 1; i >= 0; i--) {
      const k = kids[i]!;
      stack.push({ key: k, path: `${e.path}\\${k.name}`, depth: e.depth + 1 });
    }
  }
}

export const REG_TYPE_NAMES: Record<number, string> = {
  0: 'REG_NONE',
  1: 'REG_SZ',
  2: 'REG_EXPAND_SZ',
  3: 'REG_BINARY',
  4: 'REG_DWORD',
  5: 'REG_DWORD_BIG_ENDIAN',
  6: 'REG_LINK',
  7: 'REG_MULTI_SZ',
  8: 'REG_RESOURCE_LIST',
  9: 'REG_FULL_RESOURCE_DESCRIPTOR',
  10: 'REG_RESOURCE_REQUIREMENTS_LIST',
  11: 'REG_QWORD',
};

export function typeName(type: number): string {
  return REG_TYPE_NAMES[type] ?? `0x${type.toString(16).padStart(8, '0')}`;
}

export type DecodedData = string | number | string[];

/**
 * Data as a person reads it: strings (to the first NUL), string lists, numbers (a QWORD beyond 2^53
 * as decimal text), everything else as lower-case hex. Sizes that do not fit the type fall back to hex.
 */
export function decodeData(type: number, data: Buffer): DecodedData {
  switch (type) {
    case 1:
    case 2:
    case 6:
      return utf16z(data, 0, data.length);
    case 7:
      return multiString(data);
    case 4:
      return data.length === 4 ? data.readUInt32LE(0) : data.toString('hex');
    case 5:
      return data.length === 4 ? data.readUInt32BE(0) : data.toString('hex');
    case 11: {
      if (data.length !== 8) return data.toString('hex');
      const v = data.readBigUInt64LE(0);
      return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
    }
    default:
      return data.toString('hex');
  }
}

export function multiString(data: Buffer): string[] {
  const s = data.toString('utf16le', 0, data.length & ~1);
  const parts = s.split('\0');
  while (parts.length && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** Decoded data of a value (reads it). */
export function readValueData(hive: Hive, v: ValueNode): { raw: Buffer; value: DecodedData } {
  const raw = valueData(hive, v);
  return { raw, value: decodeData(v.type, raw) };
}
