/**
 * Pieces shared by the Snort and Suricata text alert formats: their timestamps and address pairs.
 * Stamps are sensor-local time (Snort/Suricata add the local zone offset before printing).
 *   Snort 2:  MM/DD-HH:MM:SS.uuuuuu,  with -y MM/DD/YY-…   (util.c ts_print)
 *   Snort 3:  MM/DD-…,                with -y YY/MM/DD-…, or "YYYY-MM-DD HH:MM:SS.uuuuuu"
 *   Suricata: MM/DD/YYYY-HH:MM:SS.uuuuuu (1.x: MM/DD/YY)
 */
import type { Fields } from '../../core/event.ts';
import { YearGuess } from '../year.ts';
import { fractionUs, localToUs } from './text/time.ts';
import { splitAddrPort } from './text/values.ts';

export interface TimeCtx {
  years?: YearGuess;
  timeZone: string;
}

const STAMP = /^(\d{2})\/(\d{2})(?:\/(\d{2}|\d{4}))?-(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/;
const ISO_STAMP = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/;

/** `yearFirst`: a 3-part 2-digit date is YY/MM/DD (Snort 3) rather than MM/DD/YY (Snort 2, old Suricata). */
export function idsTimeUs(s: string, t: TimeCtx, yearFirst: boolean): number {
  const m = STAMP.exec(s);
  if (!m) {
    const i = ISO_STAMP.exec(s);
    return i ? localToUs(t.timeZone, +i[1], +i[2], +i[3], +i[4], +i[5], +i[6], fractionUs(i[7])) : NaN;
  }
  let y: number;
  let mo: number;
  let d: number;
  const a = +m[1];
  const b = +m[2];
  if (m[3] === undefined) {
    mo = a;
    d = b;
    y = (t.years ?? new YearGuess()).yearOf(mo, d);
  } else if (m[3].length === 4) {
    mo = a;
    d = b;
    y = +m[3];
  } else if (yearFirst || a > 12) {
    y = 2000 + a;
    mo = b;
    d = +m[3];
  } else {
    mo = a;
    d = b;
    y = 2000 + +m[3];
  }
  return localToUs(t.timeZone, y, mo, d, +m[4], +m[5], +m[6], fractionUs(m[7]));
}

const PORTED = new Set(['tcp', 'udp', 'sctp']);

/** "src[:port] -> dst[:port]" with the protocol deciding whether IPv6 addresses carry a port. */
export function setAddrPair(f: Fields, text: string, proto: string | undefined, alwaysPorts: boolean): boolean {
  const arrow = text.indexOf(' -> ');
  if (arrow < 0) return false;
  const withPorts = alwaysPorts || (proto !== undefined && PORTED.has(proto));
  const a = addr(text.slice(0, arrow).trim(), withPorts);
  const b = addr(text.slice(arrow + 4).trim(), withPorts);
  if (!a.ip || !b.ip) return false;
  f.src_ip = a.ip;
  f.dst_ip = b.ip;
  if (a.port !== undefined) f.src_port = a.port;
  if (b.port !== undefined) f.dst_port = b.port;
  return true;
}

function addr(s: string, withPorts: boolean): { ip: string; port?: number } {
  if (s.includes(' ')) return { ip: '' };
  if (!s.includes('.') && s.includes(':') && !s.startsWith('[')) {
    // IPv6: the port, when there is one, is the last ":" group
    if (!withPorts) return { ip: s.toLowerCase() };
    const i = s.lastIndexOf(':');
    const p = s.slice(i + 1);
    if (/^\d{1,5}$/.test(p) && s.slice(0, i).includes(':')) return { ip: s.slice(0, i).toLowerCase(), port: Number(p) };
    return { ip: s.toLowerCase() };
  }
  return splitAddrPort(s);
}

/** Classification text, unless Snort/Suricata printed a placeholder. */
export function classification(s: string | undefined): string | undefined {
  if (!s || s === '(null)' || s === 'none') return undefined;
  return s;
}
