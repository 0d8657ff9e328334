/** Little helpers for Windows binary structures (registry hives, Prefetch): FILETIME, UTF-16, code page 1252. */
import { formatLocal } from '../core/time-format.ts';
import { FILETIME_EPOCH_DIFF_US } from '../core/event.ts';

/** FILETIME (100 ns since 1601) → epoch µs; NaN for 0 and for values no calendar can show. */
export function filetimeToUs(ft: bigint): number {
  if (ft <= 0n || ft >= 0x7fffffffffffffffn) return NaN;
  const us = Number(ft / 10n - FILETIME_EPOCH_DIFF_US);
  return Math.abs(us) > 8.64e18 ? NaN : us;
}

export function readFiletime(b: Buffer, off: number): bigint {
  return off >= 0 && off + 8 <= b.length ? b.readBigUInt64LE(off) : 0n;
}

/** ISO 8601 with the full 100 ns precision of a FILETIME, e.g. 2016-01-11T22:08:20.9853304Z; '' when unset. */
export function formatFiletime(ft: bigint): string {
  const us = filetimeToUs(ft);
  if (!Number.isFinite(us)) return '';
  const ms = Math.floor(us / 1000);
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return '';
  const frac7 = (ft % 10_000_000n).toString().padStart(7, '0');
  return `${d.toISOString().slice(0, 19)}.${frac7}Z`;
}

/** A FILETIME in a zone with all seven fraction digits: "2016-01-11 07:08:20.9853304 +09:00". */
export function formatFiletimeIn(ft: bigint, tz: string): string {
  const s = formatLocal(filetimeToUs(ft), tz);
  if (!s) return '';
  return `${s.slice(0, 19)}.${(ft % 10_000_000n).toString().padStart(7, '0')} ${s.slice(24)}`;
}

/** UTF-16LE text of `b[off, off+len)`, cut at the first NUL; an odd trailing byte is ignored. */
export function utf16z(b: Buffer, off: number, len: number): string {
  const end = Math.min(b.length, off + len);
  if (off < 0 || off >= end) return '';
  let stop = off;
  while (stop + 1 < end && (b[stop] !== 0 || b[stop + 1] !== 0)) stop += 2;
  return b.toString('utf16le', off, stop);
}

/** UTF-16LE text without cutting at NUL (lengths given by the structure). */
export function utf16(b: Buffer, off: number, len: number): string {
  const end = Math.min(b.length, off + len);
  if (off < 0 || off >= end) return '';
  return b.toString('utf16le', off, off + ((end - off) & ~1));
}

const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/** Windows-1252 text (the registry's "compressed" ASCII names). */
export function cp1252(b: Buffer, off: number, len: number): string {
  const end = Math.min(b.length, off + len);
  let s = '';
  for (let i = Math.max(0, off); i < end; i++) {
    const c = b[i]!;
    s += String.fromCharCode(c >= 0x80 && c < 0xa0 ? CP1252_HIGH[c - 0x80]! : c);
  }
  return s;
}

export function hex(b: Buffer | Uint8Array, max = Infinity): string {
  const n = Math.min(b.length, max);
  return Buffer.from(b.buffer, b.byteOffset, n).toString('hex');
}
