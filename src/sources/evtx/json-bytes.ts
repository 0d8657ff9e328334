/**
 * JSON text written as bytes straight from the chunk: UTF-16LE and Latin-1 strings transcoded and escaped
 * in one pass (exactly as JSON.stringify escapes, then UTF-8), integers, GUIDs, FILETIMEs and hex numbers
 * formatted without making a string first. Each writer produces the bytes that JSON.stringify of the value
 * values.ts decodes would, encoded as UTF-8.
 */
import type { ByteSink } from './byte-sink.ts';
import { dayText, formatFiletime } from './values.ts';

const HEX_UPPER = Buffer.from('0123456789ABCDEF', 'latin1');
const HEX_LOWER = Buffer.from('0123456789abcdef', 'latin1');
/** JSON.stringify's short escapes of control characters (0 where it writes \u00XX). */
const SHORT_ESCAPE = new Uint8Array(32);
SHORT_ESCAPE[8] = 0x62; // b
SHORT_ESCAPE[9] = 0x74; // t
SHORT_ESCAPE[10] = 0x6e; // n
SHORT_ESCAPE[12] = 0x66; // f
SHORT_ESCAPE[13] = 0x72; // r

/** `\uXXXX` in lower-case hex at p; returns the position after. */
function unicodeEscape(o: Buffer, p: number, c: number): number {
  o[p] = 0x5c;
  o[p + 1] = 0x75;
  o[p + 2] = HEX_LOWER[c >> 12]!;
  o[p + 3] = HEX_LOWER[(c >> 8) & 15]!;
  o[p + 4] = HEX_LOWER[(c >> 4) & 15]!;
  o[p + 5] = HEX_LOWER[c & 15]!;
  return p + 6;
}

/** An ASCII character that needs escaping: `"`, `\` or a control character. */
function escapeAscii(o: Buffer, p: number, c: number): number {
  if (c === 0x22 || c === 0x5c) {
    o[p] = 0x5c;
    o[p + 1] = c;
    return p + 2;
  }
  const short = SHORT_ESCAPE[c]!;
  if (short !== 0) {
    o[p] = 0x5c;
    o[p + 1] = short;
    return p + 2;
  }
  return unicodeEscape(o, p, c);
}

/** UTF-16LE text at [start, end) of `b` as a JSON string. Lone surrogates become \udXXX as JSON.stringify writes them. */
export function jsonUtf16(out: ByteSink, b: Buffer, start: number, end: number): void {
  out.ensure(2 + (end - start) * 3);
  const o = out.buf;
  let p = out.pos;
  o[p++] = 0x22;
  for (let i = start; i + 1 < end; i += 2) {
    const c = b[i]! | (b[i + 1]! << 8);
    if (c < 0x80) {
      if (c >= 0x20 && c !== 0x22 && c !== 0x5c) o[p++] = c;
      else p = escapeAscii(o, p, c);
    } else if (c < 0x800) {
      o[p] = 0xc0 | (c >> 6);
      o[p + 1] = 0x80 | (c & 0x3f);
      p += 2;
    } else if (c < 0xd800 || c > 0xdfff) {
      o[p] = 0xe0 | (c >> 12);
      o[p + 1] = 0x80 | ((c >> 6) & 0x3f);
      o[p + 2] = 0x80 | (c & 0x3f);
      p += 3;
    } else {
      const d = i + 3 < end ? b[i + 2]! | (b[i + 3]! << 8) : 0;
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        o[p] = 0xf0 | (cp >> 18);
        o[p + 1] = 0x80 | ((cp >> 12) & 0x3f);
        o[p + 2] = 0x80 | ((cp >> 6) & 0x3f);
        o[p + 3] = 0x80 | (cp & 0x3f);
        p += 4;
        i += 2;
      } else {
        p = unicodeEscape(o, p, c);
      }
    }
  }
  o[p++] = 0x22;
  out.pos = p;
}

/** End of UTF-16LE text without its trailing NULs (values.ts utf16). */
export function trimNuls16(b: Buffer, start: number, end: number): number {
  let e = end;
  while (e - 2 >= start && b[e - 2] === 0 && b[e - 1] === 0) e -= 2;
  return e;
}

/** Latin-1 text (ANSI strings) at [start, end) as a JSON string. */
export function jsonLatin1(out: ByteSink, b: Buffer, start: number, end: number): void {
  out.ensure(2 + (end - start) * 6);
  const o = out.buf;
  let p = out.pos;
  o[p++] = 0x22;
  for (let i = start; i < end; i++) {
    const c = b[i]!;
    if (c < 0x80) {
      if (c >= 0x20 && c !== 0x22 && c !== 0x5c) o[p++] = c;
      else p = escapeAscii(o, p, c);
    } else {
      o[p] = 0xc0 | (c >> 6);
      o[p + 1] = 0x80 | (c & 0x3f);
      p += 2;
    }
  }
  o[p++] = 0x22;
  out.pos = p;
}

const DIGITS = new Uint8Array(24);

/** A non-negative integer below 2^53 in decimal. */
export function jsonUint(out: ByteSink, n: number): void {
  out.ensure(16);
  const o = out.buf;
  if (n < 10) {
    o[out.pos++] = 0x30 + n;
    return;
  }
  let k = 0;
  while (n >= 0x80000000) {
    const q = Math.floor(n / 10);
    DIGITS[k++] = 0x30 + (n - q * 10);
    n = q;
  }
  let m = n | 0;
  while (m > 0) {
    const q = (m / 10) | 0;
    DIGITS[k++] = 0x30 + (m - q * 10);
    m = q;
  }
  let p = out.pos;
  while (k > 0) o[p++] = DIGITS[--k]!;
  out.pos = p;
}

/** A safe integer in decimal. */
export function jsonInt(out: ByteSink, n: number): void {
  if (n < 0) {
    out.byte(0x2d);
    jsonUint(out, -n);
  } else {
    jsonUint(out, n);
  }
}

/** `"0x…"`: lower-case hex without leading zeros of the 64-bit value hi:lo (values.ts HexInt64, SizeT). */
export function jsonHex64(out: ByteSink, lo: number, hi: number): void {
  out.ensure(20);
  const o = out.buf;
  let p = out.pos;
  o[p] = 0x22;
  o[p + 1] = 0x30;
  o[p + 2] = 0x78;
  p += 3;
  let started = false;
  for (let s = 28; s >= 0; s -= 4) {
    const d = (hi >>> s) & 15;
    if (d !== 0 || started) {
      o[p++] = HEX_LOWER[d]!;
      started = true;
    }
  }
  for (let s = 28; s >= 0; s -= 4) {
    const d = (lo >>> s) & 15;
    if (d !== 0 || started || s === 0) {
      o[p++] = HEX_LOWER[d]!;
      started = true;
    }
  }
  o[p++] = 0x22;
  out.pos = p;
}

/** Bytes as upper-case hex in a JSON string (values.ts Binary). */
export function jsonHexBytes(out: ByteSink, b: Buffer, start: number, end: number): void {
  out.ensure(2 + (end - start) * 2);
  const o = out.buf;
  let p = out.pos;
  o[p++] = 0x22;
  for (let i = start; i < end; i++) {
    const c = b[i]!;
    o[p] = HEX_UPPER[c >> 4]!;
    o[p + 1] = HEX_UPPER[c & 15]!;
    p += 2;
  }
  o[p++] = 0x22;
  out.pos = p;
}

/** Byte order of a GUID's text: the first three groups are little-endian. */
const GUID_ORDER = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];

/** `"{D1-D2-D3-D4-D5}"` upper case, the first three groups little-endian (values.ts formatGuid). */
export function jsonGuid(out: ByteSink, b: Buffer, at: number): void {
  out.ensure(40);
  const o = out.buf;
  let p = out.pos;
  o[p] = 0x22;
  o[p + 1] = 0x7b;
  p += 2;
  for (let k = 0; k < 16; k++) {
    const c = b[at + GUID_ORDER[k]!]!;
    o[p] = HEX_UPPER[c >> 4]!;
    o[p + 1] = HEX_UPPER[c & 15]!;
    p += 2;
    if (k === 3 || k === 5 || k === 7 || k === 9) o[p++] = 0x2d;
  }
  o[p] = 0x7d;
  o[p + 1] = 0x22;
  out.pos = p + 2;
}

/** `"S-R-A-S1-S2…"` of a binary SID (values.ts formatSid); `""` when it does not fit. */
export function jsonSid(out: ByteSink, b: Buffer, at: number, size: number): void {
  const count = size >= 8 ? b[at + 1]! : 0;
  if (size < 8 || 8 + count * 4 > size) {
    out.ensure(2);
    out.buf[out.pos++] = 0x22;
    out.buf[out.pos++] = 0x22;
    return;
  }
  out.ensure(4);
  out.buf[out.pos++] = 0x22;
  out.buf[out.pos++] = 0x53;
  out.buf[out.pos++] = 0x2d;
  jsonUint(out, b[at]!);
  let auth = 0;
  for (let i = 2; i < 8; i++) auth = auth * 256 + b[at + i]!;
  out.byte(0x2d);
  jsonUint(out, auth);
  for (let i = 0; i < count; i++) {
    out.byte(0x2d);
    jsonUint(out, b.readUInt32LE(at + 8 + i * 4));
  }
  out.byte(0x22);
}

const SECS_1601_TO_1970 = 11644473600;
const HI_SECS = 429;
const HI_REST = 4967296;
/** `YYYY-MM-DDT` as bytes, by day number (values.ts dayText). */
const dayBytes = new Map<number, Buffer>();

function two(o: Buffer, p: number, n: number): void {
  o[p] = 0x30 + ((n / 10) | 0);
  o[p + 1] = 0x30 + (n % 10);
}

/** A FILETIME as values.ts formatFiletime writes it, in a JSON string. */
export function jsonFiletime(out: ByteSink, lo: number, hi: number): void {
  const rest = (hi >>> 0) * HI_REST + (lo >>> 0);
  if (rest > Number.MAX_SAFE_INTEGER) {
    const s = formatFiletime(lo, hi);
    out.ascii(JSON.stringify(s));
    return;
  }
  const restSecs = Math.floor(rest / 10_000_000);
  const secs = (hi >>> 0) * HI_SECS + restSecs - SECS_1601_TO_1970;
  const frac = rest - restSecs * 10_000_000;
  const day = Math.floor(secs / 86400);
  let date = dayBytes.get(day);
  if (date === undefined) {
    const text = dayText(day);
    if (text === undefined) {
      out.ascii('""');
      return;
    }
    date = Buffer.from(text, 'latin1');
    if (dayBytes.size >= 4096) dayBytes.clear();
    dayBytes.set(day, date);
  }
  out.ensure(date.length + 20);
  const o = out.buf;
  let p = out.pos;
  o[p++] = 0x22;
  for (let i = 0; i < date.length; i++) o[p + i] = date[i]!;
  p += date.length;
  const tod = secs - day * 86400;
  two(o, p, Math.floor(tod / 3600));
  o[p + 2] = 0x3a;
  two(o, p + 3, Math.floor(tod / 60) % 60);
  o[p + 5] = 0x3a;
  two(o, p + 6, tod % 60);
  o[p + 8] = 0x2e;
  let us = Math.floor(frac / 10);
  for (let i = 14; i >= 9; i--) {
    o[p + i] = 0x30 + (us % 10);
    us = Math.floor(us / 10);
  }
  o[p + 15] = 0x5a;
  o[p + 16] = 0x22;
  out.pos = p + 17;
}
