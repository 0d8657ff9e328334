/**
 * Byte-level helpers for the binary login records: C strings in fixed fields, C-style padding (printf
 * `%-N.Ms` counts bytes, so formatted text is kept as latin1 strings: one char per byte) and
 * inet_ntop as glibc prints addresses.
 */
import { isUtf8 } from 'node:buffer';

/** Bytes of a fixed char[] field up to the first NUL (or the whole field). */
export function cBytes(buf: Buffer, start: number, size: number): Buffer {
  const end = Math.min(start + size, buf.length);
  const nul = buf.indexOf(0, start);
  return buf.subarray(start, nul >= 0 && nul < end ? nul : end);
}

/** A fixed char[] field as text: UTF-8 when it is valid UTF-8, else latin1 (never throws). */
export function cText(buf: Buffer, start: number, size: number): string {
  const b = cBytes(buf, start, size);
  return isUtf8(b) ? b.toString('utf8') : b.toString('latin1');
}

/** A byte string (latin1) cut at NUL, at most `size` bytes. */
export function latin1Field(buf: Buffer, start: number, size: number): string {
  return cBytes(buf, start, size).toString('latin1');
}

/** printf("%-W.Ps", s) on a byte string; precision undefined means none. */
export function padRight(s: string, width: number, precision?: number): string {
  const t = precision === undefined ? s : s.slice(0, precision);
  return t.length >= width ? t : t + ' '.repeat(width - t.length);
}

/** printf("%0Wd", n) as C prints it (the sign counts in the width). */
export function zeroPad(n: number, width: number): string {
  const neg = n < 0;
  const digits = String(Math.abs(n));
  const w = neg ? width - 1 : width;
  return (neg ? '-' : '') + (digits.length >= w ? digits : '0'.repeat(w - digits.length) + digits);
}

/** C isprint in the C locale. */
export function isPrintByte(c: number): boolean {
  return c >= 0x20 && c <= 0x7e;
}

export function inetNtop4(b: Buffer, off = 0): string {
  return `${b[off]}.${b[off + 1]}.${b[off + 2]}.${b[off + 3]}`;
}

/** glibc inet_ntop(AF_INET6): longest zero run (>= 2 words) compressed, IPv4-compatible/mapped tail dotted. */
export function inetNtop6(b: Buffer, off = 0): string {
  const words: number[] = [];
  for (let i = 0; i < 8; i++) words.push((b[off + 2 * i] << 8) | b[off + 2 * i + 1]);
  let bestBase = -1;
  let bestLen = 0;
  let curBase = -1;
  let curLen = 0;
  for (let i = 0; i < 8; i++) {
    if (words[i] === 0) {
      if (curBase < 0) {
        curBase = i;
        curLen = 1;
      } else curLen++;
    } else if (curBase >= 0) {
      if (curLen > bestLen) {
        bestBase = curBase;
        bestLen = curLen;
      }
      curBase = -1;
    }
  }
  if (curBase >= 0 && curLen > bestLen) {
    bestBase = curBase;
    bestLen = curLen;
  }
  if (bestLen < 2) bestBase = -1;
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLen) {
      if (i === bestBase) out += ':';
      continue;
    }
    if (i !== 0) out += ':';
    if (i === 6 && bestBase === 0 && (bestLen === 6 || (bestLen === 5 && words[5] === 0xffff))) {
      out += inetNtop4(b, off + 12);
      break;
    }
    out += words[i].toString(16);
  }
  if (bestBase >= 0 && bestBase + bestLen === 8) out += ':';
  return out;
}

/** The address of a utmp ut_addr_v6 as utmpdump prints it: IPv6 when any of words 1..3 is set. */
export function utmpAddress(b: Buffer, off: number): string {
  const rest = b.readUInt32LE(off + 4) | b.readUInt32LE(off + 8) | b.readUInt32LE(off + 12);
  return rest !== 0 ? inetNtop6(b, off) : inetNtop4(b, off);
}

/** The address for events: empty when unset, IPv4-mapped IPv6 shown as IPv4. */
export function eventAddress(b: Buffer, off: number): string {
  let zero = true;
  for (let i = 0; i < 16; i++) if (b[off + i] !== 0) zero = false;
  if (zero) return '';
  const w1 = b.readUInt32LE(off + 4);
  const w2 = b.readUInt32BE(off + 8);
  const w3 = b.readUInt32LE(off + 12);
  if (w1 === 0 && w2 === 0 && w3 === 0) return inetNtop4(b, off);
  if (b.readUInt32LE(off) === 0 && w1 === 0 && w2 === 0xffff) return inetNtop4(b, off + 12);
  return inetNtop6(b, off);
}
