/**
 * Substitution values for the EVTX writer: what callers may pass, and their BinXML encodings
 * (MS-EVEN6 2.2.x value types; the inverse of values.ts).
 */
import { KonsekiError } from '../../core/issue.ts';
import { VT } from './model.ts';

/** A typed value. Plain JS values are inferred: see `typed`. */
export type TypedValue =
  | { type: 'string'; value: string }
  | { type: 'ansi'; value: string }
  | { type: 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'hex32'; value: number }
  | { type: 'int64' | 'uint64' | 'hex64' | 'sizet'; value: number | bigint }
  | { type: 'real32' | 'real64'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'binary'; value: Uint8Array }
  | { type: 'guid'; value: string }
  | { type: 'sid'; value: string }
  /** epoch microseconds (UTC) */
  | { type: 'filetime'; value: number }
  /** epoch milliseconds (UTC); SYSTEMTIME holds milliseconds */
  | { type: 'systemtime'; value: number }
  | { type: 'string[]'; value: string[] }
  | { type: 'uint32[]'; value: number[] }
  | { type: 'null' }
  /** any value type with its bytes as they are (tests of unusual types) */
  | { type: 'raw'; vt: number; bytes: Uint8Array };

/** string → String, boolean → Bool, bigint → UInt64, integer → UInt32 (Int64 outside 0..2^32-1), other number → Real64, null → Null. */
export type WriteValue = TypedValue | string | number | boolean | bigint | null;

export interface EncodedValue {
  vt: number;
  bytes: Buffer;
}

const EMPTY = Buffer.alloc(0);

export function typed(v: WriteValue): TypedValue {
  if (v === null) return { type: 'null' };
  switch (typeof v) {
    case 'string':
      return { type: 'string', value: v };
    case 'boolean':
      return { type: 'bool', value: v };
    case 'bigint':
      return { type: 'uint64', value: v };
    case 'number':
      if (Number.isInteger(v))
        return v >= 0 && v <= 0xffffffff ? { type: 'uint32', value: v } : { type: 'int64', value: v };
      return { type: 'real64', value: v };
    default:
      return v;
  }
}

function fixed(size: number, fill: (b: Buffer) => void): Buffer {
  const b = Buffer.alloc(size);
  fill(b);
  return b;
}

const big = (v: number | bigint): bigint => (typeof v === 'bigint' ? v : BigInt(Math.trunc(v)));
const FILETIME_UNIX_DIFF = 116444736000000000n;

export function filetimeTicks(epochUs: number): bigint {
  return BigInt(Math.round(epochUs)) * 10n + FILETIME_UNIX_DIFF;
}

export function encodeGuid(text: string): Buffer {
  const m = /^\{?([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})\}?$/i.exec(text.trim());
  if (!m) throw new KonsekiError('evtx.write_bad_value', { type: 'guid', value: text });
  const b = Buffer.alloc(16);
  b.writeUInt32LE(parseInt(m[1]!, 16), 0);
  b.writeUInt16LE(parseInt(m[2]!, 16), 4);
  b.writeUInt16LE(parseInt(m[3]!, 16), 6);
  Buffer.from(m[4]! + m[5]!, 'hex').copy(b, 8);
  return b;
}

export function encodeSid(text: string): Buffer {
  const m = /^S-(\d+)-(\d+)((?:-\d+)*)$/i.exec(text.trim());
  const subs = m?.[3] ? m[3].slice(1).split('-').map(Number) : [];
  if (
    !m ||
    subs.length > 15 ||
    subs.some((s) => s > 0xffffffff) ||
    Number(m[1]) > 255 ||
    Number(m[2]) > 0xffffffffffff
  ) {
    throw new KonsekiError('evtx.write_bad_value', { type: 'sid', value: text });
  }
  const b = Buffer.alloc(8 + subs.length * 4);
  b[0] = Number(m[1]);
  b[1] = subs.length;
  b.writeUIntBE(Number(m[2]), 2, 6);
  subs.forEach((s, i) => b.writeUInt32LE(s, 8 + i * 4));
  return b;
}

function systemtime(ms: number): Buffer {
  const d = new Date(ms);
  return fixed(16, (b) => {
    b.writeUInt16LE(d.getUTCFullYear(), 0);
    b.writeUInt16LE(d.getUTCMonth() + 1, 2);
    b.writeUInt16LE(d.getUTCDay(), 4);
    b.writeUInt16LE(d.getUTCDate(), 6);
    b.writeUInt16LE(d.getUTCHours(), 8);
    b.writeUInt16LE(d.getUTCMinutes(), 10);
    b.writeUInt16LE(d.getUTCSeconds(), 12);
    b.writeUInt16LE(d.getUTCMilliseconds(), 14);
  });
}

/** The value type and bytes of a substitution value (BinXML values are the writer's business). */
export function encodeValue(input: WriteValue): EncodedValue {
  const v = typed(input);
  switch (v.type) {
    case 'null':
      return { vt: VT.Null, bytes: EMPTY };
    case 'string':
      return { vt: VT.String, bytes: Buffer.from(v.value, 'utf16le') };
    case 'ansi':
      return { vt: VT.AnsiString, bytes: Buffer.from(v.value, 'latin1') };
    case 'int8':
      return { vt: VT.Int8, bytes: fixed(1, (b) => b.writeInt8(v.value)) };
    case 'uint8':
      return { vt: VT.UInt8, bytes: fixed(1, (b) => b.writeUInt8(v.value)) };
    case 'int16':
      return { vt: VT.Int16, bytes: fixed(2, (b) => b.writeInt16LE(v.value)) };
    case 'uint16':
      return { vt: VT.UInt16, bytes: fixed(2, (b) => b.writeUInt16LE(v.value)) };
    case 'int32':
      return { vt: VT.Int32, bytes: fixed(4, (b) => b.writeInt32LE(v.value)) };
    case 'uint32':
      return { vt: VT.UInt32, bytes: fixed(4, (b) => b.writeUInt32LE(v.value)) };
    case 'hex32':
      return { vt: VT.HexInt32, bytes: fixed(4, (b) => b.writeUInt32LE(v.value >>> 0)) };
    case 'int64':
      return { vt: VT.Int64, bytes: fixed(8, (b) => b.writeBigInt64LE(big(v.value))) };
    case 'uint64':
      return { vt: VT.UInt64, bytes: fixed(8, (b) => b.writeBigUInt64LE(big(v.value))) };
    case 'hex64':
      return { vt: VT.HexInt64, bytes: fixed(8, (b) => b.writeBigUInt64LE(big(v.value))) };
    case 'sizet':
      return { vt: VT.SizeT, bytes: fixed(8, (b) => b.writeBigUInt64LE(big(v.value))) };
    case 'real32':
      return { vt: VT.Real32, bytes: fixed(4, (b) => b.writeFloatLE(v.value)) };
    case 'real64':
      return { vt: VT.Real64, bytes: fixed(8, (b) => b.writeDoubleLE(v.value)) };
    case 'bool':
      return { vt: VT.Bool, bytes: fixed(4, (b) => b.writeUInt32LE(v.value ? 1 : 0)) };
    case 'binary':
      return { vt: VT.Binary, bytes: Buffer.from(v.value) };
    case 'guid':
      return { vt: VT.Guid, bytes: encodeGuid(v.value) };
    case 'sid':
      return { vt: VT.Sid, bytes: encodeSid(v.value) };
    case 'filetime':
      return { vt: VT.FileTime, bytes: fixed(8, (b) => b.writeBigUInt64LE(filetimeTicks(v.value))) };
    case 'systemtime':
      return { vt: VT.SysTime, bytes: systemtime(v.value) };
    case 'string[]':
      return { vt: VT.String | VT.ArrayFlag, bytes: Buffer.from(v.value.map((s) => `${s}\u0000`).join(''), 'utf16le') };
    case 'uint32[]':
      return {
        vt: VT.UInt32 | VT.ArrayFlag,
        bytes: fixed(v.value.length * 4, (b) => v.value.forEach((n, i) => b.writeUInt32LE(n, i * 4))),
      };
    case 'raw':
      return { vt: v.vt, bytes: Buffer.from(v.bytes) };
  }
}
