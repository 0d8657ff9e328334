/**
 * One utmp record as util-linux `utmpdump` (2.38) prints it, byte for byte:
 *   [type] [pid] [id] [user] [line] [host] [addr] [time]
 * Strings are "cleansed" (non-printable bytes and brackets become '?', up to the first NUL), the time
 * is UTC with microseconds as stored (even when out of range), the address IPv6 when words 1..3 are set.
 */
import { padRight, utmpAddress, zeroPad } from './bytes.ts';
import { toTm } from './ctime.ts';
import { HOST_SIZE, ID_SIZE, LINE_SIZE, USER_SIZE, UT_HOST, UT_ID, UT_LINE, UT_USER, type UtmpRecord } from './utmp.ts';

function cleansed(raw: Buffer, start: number, size: number): string {
  let out = '';
  for (let i = start; i < start + size; i++) {
    const c = raw[i];
    if (c === 0) break;
    out += c < 0x20 || c > 0x7e || c === 0x5b || c === 0x5d ? '?' : String.fromCharCode(c);
  }
  return out;
}

const p2 = (n: number): string => String(n).padStart(2, '0');

/** ISO time "2020-03-30T12:35:44,990777+00:00", or null where gmtime would fail (the record is not printed). */
export function utmpdumpTime(sec: number, usec: number): string | null {
  const tm = toTm(sec, 'UTC');
  if (!tm) return null;
  const year = String(tm.year).padStart(4, ' ');
  return `${year}-${p2(tm.month)}-${p2(tm.day)}T${p2(tm.hour)}:${p2(tm.minute)}:${p2(tm.second)},${zeroPad(usec, 6)}+00:00`;
}

/** The line (without newline), latin1: one char per byte. Null when utmpdump would skip the record. */
export function utmpdumpLine(r: UtmpRecord): string | null {
  const time = utmpdumpTime(r.sec, r.usec);
  if (time === null) return null;
  const raw = r.raw;
  const id = cleansed(raw, UT_ID, ID_SIZE);
  const user = cleansed(raw, UT_USER, USER_SIZE);
  const line = cleansed(raw, UT_LINE, LINE_SIZE);
  const host = cleansed(raw, UT_HOST, HOST_SIZE);
  const addr = utmpAddress(raw, r.addrAt);
  return `[${r.type}] [${zeroPad(r.pid, 5)}] [${padRight(id, 4, 4)}] [${padRight(user, 8)}] [${padRight(line, 12)}] [${padRight(host, 20)}] [${padRight(addr, 15)}] [${time}]`;
}
