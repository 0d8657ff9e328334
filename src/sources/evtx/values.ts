/**
 * BinXML value types (MS-EVEN6 2.2.x / libevtx "value types") and their text forms.
 * Text forms follow the Rust `evtx` crate so that our JSON matches `evtx_dump -o jsonl`.
 */
import { NULL_VALUE, VT, type Value } from './model.ts';

const FILETIME_UNIX_DIFF = 116444736000000000n; // 100 ns ticks between 1601 and 1970

const SECS_1601_TO_1970 = 11644473600;
/** 2^32 = 429 * 10^7 + 4967296: lets FILETIME ticks split into seconds without BigInt. */
const HI_SECS = 429;
const HI_REST = 4967296;

/** [seconds since 1970, remaining 100 ns ticks], or undefined past what doubles hold exactly. */
function splitFiletime(lo: number, hi: number): [number, number] | undefined {
  const rest = (hi >>> 0) * HI_REST + (lo >>> 0);
  if (rest > Number.MAX_SAFE_INTEGER) return undefined;
  const restSecs = Math.floor(rest / 10_000_000);
  return [(hi >>> 0) * HI_SECS + restSecs - SECS_1601_TO_1970, rest - restSecs * 10_000_000];
}

function bigTicks(lo: number, hi: number): bigint {
  return ((BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0)) - FILETIME_UNIX_DIFF;
}

/** FILETIME ticks to epoch microseconds (a plain number; precise to the microsecond for any real date). */
export function filetimeToUs(lo: number, hi: number): number {
  const rest = (hi >>> 0) * HI_REST + (lo >>> 0);
  if (rest > Number.MAX_SAFE_INTEGER) return Number(bigTicks(lo, hi) / 10n);
  const restSecs = Math.floor(rest / 10_000_000);
  return (
    ((hi >>> 0) * HI_SECS + restSecs - SECS_1601_TO_1970) * 1_000_000 + Math.floor((rest - restSecs * 10_000_000) / 10)
  );
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
const D2 = Array.from({ length: 100 }, (_, i) => pad(i));

/** `YYYY-MM-DDT` by day number since 1970: records of a log share few days. */
const dayTexts = new Map<number, string>();

/** `YYYY-MM-DDT` of a day number since 1970 (chrono's %Y: a sign beyond 0..9999); undefined out of Date's range. */
export function dayText(day: number): string | undefined {
  let text = dayTexts.get(day);
  if (text === undefined) {
    const d = new Date(day * 86_400_000);
    if (Number.isNaN(d.getTime())) return undefined;
    text = isoSeconds(d).slice(0, -8);
    if (dayTexts.size >= 4096) dayTexts.clear();
    dayTexts.set(day, text);
  }
  return text;
}

/** `2019-04-27T21:04:25.733401Z` (Rust evtx's `%Y-%m-%dT%H:%M:%S%.6fZ`); '' when out of Date's range. */
export function formatFiletime(lo: number, hi: number): string {
  const s = splitFiletime(lo, hi);
  if (!s) return formatBigFiletime(lo, hi);
  const [secs, frac] = s;
  const day = Math.floor(secs / 86400);
  const text = dayText(day);
  if (text === undefined) return '';
  const tod = secs - day * 86400;
  const us = Math.floor(frac / 10);
  return `${text}${D2[Math.floor(tod / 3600)]}:${D2[Math.floor(tod / 60) % 60]}:${D2[tod % 60]}.${us < 100000 ? pad(us, 6) : us}Z`;
}

function formatBigFiletime(lo: number, hi: number): string {
  const rel = bigTicks(lo, hi);
  let secs = rel / 10_000_000n;
  let frac = rel % 10_000_000n;
  if (frac < 0n) {
    frac += 10_000_000n;
    secs -= 1n;
  }
  const d = new Date(Number(secs) * 1000);
  if (Number.isNaN(d.getTime())) return '';
  return `${isoSeconds(d)}.${pad(Number(frac / 10n), 6)}Z`;
}

function isoSeconds(d: Date): string {
  const y = d.getUTCFullYear();
  // chrono's %Y (Rust evtx): 4 digits, a sign beyond 0..9999
  const ys = y < 0 ? `-${pad(-y, 4)}` : y > 9999 ? `+${y}` : pad(y, 4);
  return `${ys}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

export function formatSystemtime(b: Buffer, o: number): string {
  const y = b.readUInt16LE(o),
    mo = b.readUInt16LE(o + 2),
    d = b.readUInt16LE(o + 6);
  const h = b.readUInt16LE(o + 8),
    mi = b.readUInt16LE(o + 10),
    s = b.readUInt16LE(o + 12),
    ms = b.readUInt16LE(o + 14);
  if (y === 0 && mo === 0 && d === 0) return '';
  return `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}.${pad(ms * 1000, 6)}Z`;
}

const HEX2 = Array.from({ length: 256 }, (_, i) => i.toString(16).toUpperCase().padStart(2, '0'));

/** `{D1-D2-D3-D4-D5}` in upper case: the first three groups little-endian, the rest as stored. */
export function formatGuid(b: Buffer, o: number): string {
  const h = HEX2;
  return `{${h[b[o + 3]!]}${h[b[o + 2]!]}${h[b[o + 1]!]}${h[b[o]!]}-${h[b[o + 5]!]}${h[b[o + 4]!]}-${h[b[o + 7]!]}${h[b[o + 6]!]}-${h[b[o + 8]!]}${h[b[o + 9]!]}-${h[b[o + 10]!]}${h[b[o + 11]!]}${h[b[o + 12]!]}${h[b[o + 13]!]}${h[b[o + 14]!]}${h[b[o + 15]!]}}`;
}

/** S-R-I-S-S... from a binary SID; empty string when it does not fit. */
export function formatSid(b: Buffer, o: number, size: number): string {
  if (size < 8) return '';
  const rev = b[o]!,
    count = b[o + 1]!;
  if (8 + count * 4 > size) return '';
  let auth = 0;
  for (let i = 2; i < 8; i++) auth = auth * 256 + b[o + i]!;
  let s = `S-${rev}-${auth}`;
  for (let i = 0; i < count; i++) s += `-${b.readUInt32LE(o + 8 + i * 4)}`;
  return s;
}

/** Shortest decimal that reads back as the same f32 (Rust prints f32 this way). */
export function formatReal32(f: number): string {
  if (!Number.isFinite(f)) return f > 0 ? 'inf' : f < 0 ? '-inf' : 'NaN';
  for (let p = 1; p <= 9; p++) {
    const s = f.toPrecision(p);
    if (Math.fround(Number(s)) === f) return String(Number(s));
  }
  return String(f);
}

export function formatReal64(f: number): string {
  if (!Number.isFinite(f)) return f > 0 ? 'inf' : f < 0 ? '-inf' : 'NaN';
  return String(f);
}

/** UTF-16LE text without trailing NULs. */
export function utf16(b: Buffer, start: number, end: number): string {
  let e = end;
  while (e - 2 >= start && b[e - 2] === 0 && b[e - 1] === 0) e -= 2;
  return b.toString('utf16le', start, e);
}

function ansi(b: Buffer, start: number, end: number): string {
  let e = end;
  while (e > start && b[e - 1] === 0) e--;
  return b.toString('latin1', start, e);
}

export function fixedSize(t: number): number {
  switch (t) {
    case VT.Int8:
    case VT.UInt8:
      return 1;
    case VT.Int16:
    case VT.UInt16:
      return 2;
    case VT.Int32:
    case VT.UInt32:
    case VT.Real32:
    case VT.Bool:
    case VT.HexInt32:
      return 4;
    case VT.Int64:
    case VT.UInt64:
    case VT.Real64:
    case VT.FileTime:
    case VT.HexInt64:
      return 8;
    case VT.Guid:
    case VT.SysTime:
      return 16;
    default:
      return 0;
  }
}

function readU64(b: Buffer, o: number): number | bigint {
  const v = b.readBigUInt64LE(o);
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}
function readI64(b: Buffer, o: number): number | bigint {
  const v = b.readBigInt64LE(o);
  return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v;
}

/** One scalar of a fixed-size type at `o` (caller checked bounds). */
function scalar(t: number, b: Buffer, o: number, size: number): string | number | bigint | boolean {
  switch (t) {
    case VT.Int8:
      return b.readInt8(o);
    case VT.UInt8:
      return b[o]!;
    case VT.Int16:
      return b.readInt16LE(o);
    case VT.UInt16:
      return b.readUInt16LE(o);
    case VT.Int32:
      return b.readInt32LE(o);
    case VT.UInt32:
      return b.readUInt32LE(o);
    case VT.Int64:
      return readI64(b, o);
    case VT.UInt64:
      return readU64(b, o);
    case VT.Real32:
      return b.readFloatLE(o);
    case VT.Real64:
      return b.readDoubleLE(o);
    case VT.Bool:
      return b.readInt32LE(o) !== 0;
    case VT.Guid:
      return formatGuid(b, o);
    case VT.FileTime:
      return formatFiletime(b.readUInt32LE(o), b.readUInt32LE(o + 4));
    case VT.SysTime:
      return formatSystemtime(b, o);
    case VT.HexInt32:
      return `0x${b.readUInt32LE(o).toString(16)}`;
    case VT.HexInt64:
      return `0x${b.readBigUInt64LE(o).toString(16)}`;
    case VT.SizeT:
      return size === 8 ? `0x${b.readBigUInt64LE(o).toString(16)}` : `0x${b.readUInt32LE(o).toString(16)}`;
    default:
      return '';
  }
}

/**
 * Whether decodeValue reads a value of type `t` from `size` bytes; when it cannot, the value is shown
 * as Binary (hex of its bytes), as the reader always did.
 */
export function decodable(t: number, size: number): boolean {
  if (t & VT.ArrayFlag) {
    const base = t & 0x7f;
    return (
      base === VT.String || base === VT.AnsiString || base === VT.Sid || base === VT.SizeT || fixedSize(base) !== 0
    );
  }
  switch (t) {
    case VT.Null:
    case VT.String:
    case VT.AnsiString:
    case VT.Binary:
    case VT.Sid:
    case VT.EvtHandle:
    case VT.EvtXml:
      return true;
    case VT.SizeT:
      return size === 4 || size === 8;
    default: {
      const fs = fixedSize(t);
      return fs !== 0 && size >= fs;
    }
  }
}

/**
 * Decode a substitution value of `size` bytes at `o`. Returns undefined when the bytes cannot hold
 * the type (the caller reports it). BinXml values are left to the caller (nested parse).
 */
export function decodeValue(t: number, b: Buffer, o: number, size: number): Value | undefined {
  if (o + size > b.length) return undefined;
  if (t & VT.ArrayFlag) return decodeArray(t, b, o, size);
  switch (t) {
    case VT.Null:
      return NULL_VALUE;
    case VT.String:
      return { t, v: utf16(b, o, o + (size & ~1)) };
    case VT.AnsiString:
      return { t, v: ansi(b, o, o + size) };
    case VT.Binary:
      return { t, v: b.toString('hex', o, o + size).toUpperCase() };
    case VT.Sid:
      return { t, v: formatSid(b, o, size) };
    case VT.SizeT:
      if (size !== 4 && size !== 8) return undefined;
      return { t, v: scalar(t, b, o, size) };
    case VT.EvtHandle:
      return { t, v: size >= 8 ? readU64(b, o) : size >= 4 ? b.readUInt32LE(o) : 0 };
    case VT.EvtXml:
      return { t, v: utf16(b, o, o + (size & ~1)) };
    default: {
      const fs = fixedSize(t);
      if (fs === 0 || size < fs) return undefined;
      return { t, v: scalar(t, b, o, fs) };
    }
  }
}

function decodeArray(t: number, b: Buffer, o: number, size: number): Value | undefined {
  const base = t & 0x7f;
  const out: Array<string | number | bigint | boolean> = [];
  if (base === VT.String) {
    const s = b.toString('utf16le', o, o + (size & ~1));
    const parts = s.split('\u0000');
    if (parts.length && parts[parts.length - 1] === '') parts.pop();
    return { t, v: parts };
  }
  if (base === VT.AnsiString) {
    const parts = b.toString('latin1', o, o + size).split('\u0000');
    if (parts.length && parts[parts.length - 1] === '') parts.pop();
    return { t, v: parts };
  }
  const fs = base === VT.SizeT ? 8 : base === VT.Sid ? 0 : fixedSize(base);
  if (base === VT.Sid) {
    let p = o;
    while (p + 8 <= o + size) {
      const len = 8 + b[p + 1]! * 4;
      if (p + len > o + size) break;
      out.push(formatSid(b, p, len));
      p += len;
    }
    return { t, v: out };
  }
  if (fs === 0) return undefined;
  for (let p = o; p + fs <= o + size; p += fs) out.push(scalar(base, b, p, fs));
  return { t, v: out };
}

/** Text of a value as it appears in XML and in JSON strings. */
export function valueText(val: Value): string {
  const v = val.v;
  if (v === null) return '';
  switch (val.t) {
    case VT.Real32:
      return formatReal32(v as number);
    case VT.Real64:
      return formatReal64(v as number);
  }
  if (Array.isArray(v))
    return v
      .map((x) => (typeof x === 'number' && val.t === (VT.Real32 | VT.ArrayFlag) ? formatReal32(x) : String(x)))
      .join(',');
  if (typeof v === 'object') return '';
  return String(v);
}

/** Integer and bool types are JSON numbers/booleans in Rust evtx's output; everything else is text. */
export function isJsonScalarType(t: number): boolean {
  return (t >= VT.Int8 && t <= VT.UInt64) || t === VT.Bool;
}

/** Long text counts as more than one node (one per 32 characters): a value named many times cannot blow up the output. */
export const textWeight = (bytes: number): number => bytes >> 6;

/** Nodes a value counts for beyond the first: long text and long arrays count more (old reader's weights). */
export function valueWeight(type: number, size: number): number {
  if (type & VT.ArrayFlag) {
    const base = type & 0x7f;
    const each = base === VT.String ? 2 : base === VT.SizeT ? 8 : fixedSize(base) || 1;
    return (size / each) | 0;
  }
  switch (type) {
    case VT.String:
    case VT.EvtXml:
    case VT.LiteralString:
      return textWeight(size);
    case VT.AnsiString:
      return size >> 5;
    case VT.Binary:
      return size >> 4;
    default:
      return 0;
  }
}
