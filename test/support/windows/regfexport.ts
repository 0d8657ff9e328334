/**
 * Renders a hive read by konseki in the exact text layout of Debian's `regfexport` (libregf-utils
 * 20201007, regftools/export_handle.c), so the two can be compared byte for byte. The layout rules
 * (which types print as text or numbers, when "Mismatch in data size" appears, the hex dump) follow
 * export_handle.c; the data itself comes only from our reader.
 */
import { spawnSync } from 'node:child_process';
import { className, values, type KeyNode, type ValueNode } from '../../../src/sources/registry/cells.ts';
import type { Hive } from '../../../src/sources/registry/regf.ts';
import { rootKey, walk } from '../../../src/sources/registry/tree.ts';
import { valueData } from '../../../src/sources/registry/cells.ts';

const TYPE_TEXT: Record<number, string> = {
  0: 'undefined (REG_NONE)',
  1: 'string (REG_SZ)',
  2: 'expandable string (REG_EXPAND_SZ)',
  3: 'binary data (REG_BINARY)',
  4: '32-bit integer little-endian (REG_DWORD_LITTLE_ENDIAN)',
  5: '32-bit integer big-endian (REG_DWORD_BIG_ENDIAN)',
  6: 'symbolic link (REG_LINK)',
  7: 'multi-value string (REG_MULTI_SZ)',
  8: 'resource list (REG_RESOURCE_LIST)',
  9: 'full resource descriptor (REG_FULL_RESOURCE_DESCRIPTOR)',
  10: 'resource requirements list (REG_RESOURCE_REQUIREMENTS_LIST)',
  11: '64-bit integer little-endian (REG_QWORD_LITTLE_ENDIAN)',
};

export function hexdump(data: Buffer): string {
  let s = '';
  let di = 0;
  let bi = 0;
  while (di < data.length) {
    while (bi < data.length) {
      if (bi % 16 === 0) s += `${bi.toString(16).padStart(8, '0')}: `;
      s += `${data[bi]!.toString(16).padStart(2, '0')} `;
      bi++;
      if (bi % 16 === 0) break;
      else if (bi % 8 === 0) s += ' ';
    }
    while (bi % 16 !== 0) {
      bi++;
      s += '   ';
      if (bi % 8 === 0 && bi % 16 !== 0) s += ' ';
    }
    s += '  ';
    bi = di;
    while (bi < data.length) {
      const c = data[bi]!;
      s += c >= 0x20 && c <= 0x7e ? String.fromCharCode(c) : '.';
      bi++;
      if (bi % 16 === 0) break;
      else if (bi % 8 === 0) s += ' ';
    }
    s += '\n';
    di = bi;
  }
  return `${s}\n`;
}

/** libuna's UTF-16 string size (code units incl. the end-of-string) of a UTF-16LE stream. */
function utf16Units(data: Buffer): number {
  let n = 0;
  let last = 0;
  for (let i = 0; i + 1 < data.length; i += 2) {
    last = data.readUInt16LE(i);
    n++;
    if (last === 0) break;
  }
  return last !== 0 ? n + 1 : n;
}

function cString(s: string): string {
  const i = s.indexOf('\0');
  return i < 0 ? s : s.slice(0, i);
}

function renderValueData(type: number, data: Buffer): string {
  let out = '';
  let expected = 0;
  if (type === 1 || type === 2) {
    const text = cString(data.toString('utf16le', 0, data.length & ~1));
    const units = utf16Units(data);
    out += units > 0 ? `Data: ${text}\n` : 'Data:\n';
    expected = units * 2;
    if (expected === data.length + 2) expected -= 2;
  } else if (type === 4 || type === 5) {
    if (data.length === 4) out += `Data: ${type === 4 ? data.readUInt32LE(0) : data.readUInt32BE(0)}\n`;
    expected = 4;
  } else if (type === 11) {
    if (data.length === 8) out += `Data: ${data.readBigUInt64LE(0)}\n`;
    expected = 8;
  }
  if (data.length !== expected) {
    if (expected !== 0) out += 'Mismatch in data size and that required for data type.\n';
    out += data.length > 0 ? `Data:\n${hexdump(data)}` : '\n';
  } else out += '\n';
  return out;
}

/**
 * The value data as libregf 20201007 hands it to regfexport. Two libregf behaviours differ from
 * what Windows stores, so our raw data is reshaped here, in the test only:
 * - resident data (4 bytes or less, kept in the vk cell) is taken from the END of the 4-byte field,
 *   where Windows puts it at the start (reglookup and konseki read 09 04 for a 2-byte LANGID that
 *   libregf shows as 00 00); a 1- or 3-byte string grows by one zero byte;
 * - a REG_SZ/REG_EXPAND_SZ in a cell is cut after its first UTF-16 NUL (the declared size is
 *   replaced), or runs to the end of the cell when it has none.
 */
export function libregfData(hive: Hive, v: ValueNode): Buffer {
  const isString = v.type === 1 || v.type === 2;
  if (v.resident) {
    let size = Math.min(v.size, 4);
    if (size === 0) return Buffer.alloc(0);
    const field = Buffer.alloc(4);
    field.writeUInt32LE(v.dataOffset, 0);
    const grow = isString && (size === 1 || size === 3);
    if (grow) size += 1;
    const out = Buffer.from(field.subarray(4 - size));
    if (grow) out[size - 1] = 0;
    return out;
  }
  const big = v.size > 16344 && hive.base.majorVersion >= 1 && hive.base.minorVersion >= 5;
  if (big || v.size === 0) return valueData(hive, v);
  const cell = hive.cell(v.dataOffset, 'value data');
  if (!cell) return Buffer.alloc(0);
  let size = Math.min(v.size, cell.length);
  if (isString) {
    let calc = 0;
    while (calc + 2 <= cell.length) {
      const nul = cell[calc] === 0 && cell[calc + 1] === 0;
      calc += 2;
      if (nul) break;
    }
    if (calc !== size && saneUtf16(cell.subarray(0, calc))) size = calc;
  }
  return cell.subarray(0, size);
}

/** libuna refuses UTF-16 with unpaired surrogates. */
function saneUtf16(b: Buffer): boolean {
  for (let i = 0; i + 1 < b.length; i += 2) {
    const u = b.readUInt16LE(i);
    if (u >= 0xd800 && u <= 0xdbff) {
      const n = i + 3 < b.length ? b.readUInt16LE(i + 2) : 0;
      if (n < 0xdc00 || n > 0xdfff) return false;
      i += 2;
    } else if (u >= 0xdc00 && u <= 0xdfff) return false;
  }
  return true;
}

function renderKey(hive: Hive, key: KeyNode, path: string): string {
  let s = `Key path: ${path}\nKey: ${key.name}\n`;
  const cls = className(hive, key);
  if (cls !== undefined) s += `Class name: ${cString(cls)}\n`;
  const vals = values(hive, key);
  vals.forEach((v, i) => {
    s += v.name ? `Value: ${i} ${v.name}\n` : `Value: ${i} (default)\n`;
    s += `Type: ${TYPE_TEXT[v.type] ?? `unknown: 0x${v.type.toString(16).padStart(8, '0')}`}\n`;
    const data = libregfData(hive, v);
    s += `Data size: ${data.length}\n`;
    s += renderValueData(v.type, data);
  });
  if (vals.length === 0) s += '\n';
  return s;
}

/** The whole hive as regfexport prints it (without its version banner). */
export function renderHive(hive: Hive): string {
  const root = rootKey(hive);
  if (!root) return 'No root key\n';
  const parts: string[] = [];
  for (const e of walk(hive, root)) parts.push(renderKey(hive, e.key, e.path));
  return `${parts.join('')}\n`;
}

export function regfexportAvailable(): boolean {
  return spawnSync('regfexport', ['-V'], { encoding: 'utf8' }).status === 0;
}

/** Runs regfexport on a file: its stdout without the banner, and whether it succeeded. */
export function runRegfexport(path: string): { text: string; ok: boolean } {
  const r = spawnSync('regfexport', [path], { encoding: 'utf8', maxBuffer: 1 << 30 });
  return { text: stripBanner(r.stdout ?? ''), ok: r.status === 0 };
}

export function stripBanner(text: string): string {
  return text.replace(/^regfexport \d+\n\n/, '');
}
