/**
 * Syslog line headers as found in /var/log: RFC 3164 (year-less "Mmm dd HH:MM:SS", optional <PRI>,
 * optional host, optional fraction), RFC 3339 (rsyslog high precision, journalctl -o short-iso),
 * RFC 5424, journalctl -o short-full / short-unix, bare epoch seconds, and no header at all.
 * Year-less times are local times in the log's zone; the year comes from a YearResolver.
 */
import { YearGuess } from '../year.ts';
import { fromLocal } from './ctime.ts';

export interface SyslogHeader {
  /** epoch µs, NaN when none */
  ts: number;
  /** true when the year was guessed */
  yearless: boolean;
  host?: string;
  program?: string;
  pid?: number;
  /** the message after the tag */
  msg: string;
  /** rfc3164 | rfc3339 | rfc5424 | journal-full | epoch | none */
  format: string;
}

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
  // German and French abbreviations seen in localized syslogs
  mär: 3,
  mrz: 3,
  mai: 5,
  okt: 10,
  dez: 12,
  fév: 2,
  fev: 2,
  avr: 4,
  jui: 6,
  aoû: 8,
  aou: 8,
  déc: 12,
};

/** Year-less local dates → epoch seconds: the year from a YearGuess (stamps in file order), the zone conversion memoized per local hour. */
export class YearResolver {
  readonly years: YearGuess;
  constructor(
    years: YearGuess | number,
    private readonly tz: string,
  ) {
    this.years = typeof years === 'number' ? new YearGuess(undefined, years) : years;
  }
  private readonly hours = new Map<number, number>();
  /** One zone conversion per hour of log, not per line. */
  resolve(month: number, day: number, h: number, m: number, s: number): number {
    const y = this.years.yearOf(month, day);
    const key = (((y * 13 + month) * 32 + day) * 24 + h) | 0;
    let base = this.hours.get(key);
    if (base === undefined) {
      base = fromLocal(y, month, day, h, 0, 0, this.tz);
      if (this.hours.size > 20000) this.hours.clear();
      this.hours.set(key, base);
    }
    return base + m * 60 + s;
  }
}

const RE_3164 =
  /^(?:<(\d{1,3})>)?([A-Za-z\u00c0-\u00ff]{3})\.? {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?:? ?/;
const RE_3339 =
  /^(?:<(\d{1,3})>)?(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(Z|[+-]\d{2}:?\d{2})? ?/;
const RE_5424 = /^<(\d{1,3})>1 (\S+) (\S+) (\S+) (\S+) (\S+) /;
const RE_FULL =
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))? ([A-Za-z0-9+:-]+) /;
const RE_EPOCH = /^(\d{9,10})(?:\.(\d{1,6}))? /;
const RE_TAG = /^([^\s[\]:]{1,64})(?:\[(\d{0,10})\])?: ?/;
const RE_BRACKET_TAG = /^\[([^\s\]]{1,64})\]:? ?/;
const RE_HOST = /^([^\s:[\]]{1,255}) /;

function fracUs(frac: string | undefined): number {
  return frac ? Number(frac.padEnd(6, '0').slice(0, 6)) : 0;
}

function zoneSeconds(z: string | undefined): number | undefined {
  if (!z) return undefined;
  if (z === 'Z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(z);
  if (!m) return undefined;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60);
}

/** Host, tag and pid after the timestamp. `hostExpected`: a host field normally follows. */
function splitRest(rest: string, out: SyslogHeader, hostExpected: boolean): void {
  let r = rest;
  if (hostExpected) {
    const tagFirst = RE_TAG.exec(r);
    const looksTag = tagFirst && (tagFirst[2] !== undefined || /^[^\s]+: /.test(r.slice(0, tagFirst[0].length + 1)));
    const bracket = RE_BRACKET_TAG.exec(r);
    if (!looksTag && !bracket) {
      const h = RE_HOST.exec(r);
      if (h) {
        out.host = h[1];
        r = r.slice(h[0].length);
      }
    }
  }
  const t = RE_TAG.exec(r);
  if (t && (t[2] !== undefined || r[t[1].length] === ':')) {
    out.program = t[1];
    if (t[2]) out.pid = Number(t[2]);
    r = r.slice(t[0].length);
  } else {
    const b = RE_BRACKET_TAG.exec(r);
    if (b) {
      out.program = b[1];
      r = r.slice(b[0].length);
    }
  }
  out.msg = r.trimStart();
}

export function parseSyslogHeader(line: string, years: YearResolver, tz: string): SyslogHeader {
  const out: SyslogHeader = { ts: NaN, yearless: false, msg: line, format: 'none' };
  let m = RE_5424.exec(line);
  if (m) {
    out.format = 'rfc5424';
    const t = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/.exec(m[2]);
    if (t) {
      const local = Date.UTC(+t[1], +t[2] - 1, +t[3], +t[4], +t[5], +t[6]) / 1000;
      out.ts = (local - (zoneSeconds(t[8]) ?? 0)) * 1e6 + fracUs(t[7]);
    }
    if (m[3] !== '-') out.host = m[3];
    if (m[4] !== '-') out.program = m[4];
    if (/^\d+$/.test(m[5])) out.pid = Number(m[5]);
    let rest = line.slice(m[0].length);
    if (rest.startsWith('- ') || rest === '-') rest = rest.slice(2);
    else if (rest.startsWith('[')) {
      // structured data: [id k="v" ...]... with escaped quotes and brackets inside values
      let i = 0;
      let depthOpen = false;
      let inQuote = false;
      for (; i < rest.length && i < 65536; i++) {
        const c = rest[i];
        if (inQuote) {
          if (c === '\\') i++;
          else if (c === '"') inQuote = false;
        } else if (c === '"') inQuote = true;
        else if (c === '[') depthOpen = true;
        else if (c === ']') depthOpen = false;
        else if (c === ' ' && !depthOpen) break;
      }
      rest = rest.slice(i + 1);
    }
    out.msg = rest.startsWith('\ufeff') ? rest.slice(1) : rest;
    return out;
  }
  m = RE_3339.exec(line);
  if (m) {
    out.format = 'rfc3339';
    const local = Date.UTC(+m[2], +m[3] - 1, +m[4], +m[5], +m[6], +m[7]) / 1000;
    const z = zoneSeconds(m[9]);
    const sec = z === undefined ? fromLocal(+m[2], +m[3], +m[4], +m[5], +m[6], +m[7], tz) : local - z;
    out.ts = sec * 1e6 + fracUs(m[8]);
    splitRest(line.slice(m[0].length), out, true);
    return out;
  }
  m = RE_3164.exec(line);
  if (m) {
    const mon = MONTHS[m[2].toLowerCase()];
    if (mon) {
      out.format = 'rfc3164';
      out.yearless = true;
      const day = +m[3];
      if (day >= 1 && day <= 31) out.ts = years.resolve(mon, day, +m[4], +m[5], +m[6]) * 1e6 + fracUs(m[7]);
      splitRest(line.slice(m[0].length), out, true);
      return out;
    }
  }
  m = RE_FULL.exec(line);
  if (m) {
    out.format = 'journal-full';
    const sec = fromLocal(+m[1], +m[2], +m[3], +m[4], +m[5], +m[6], tz);
    out.ts = sec * 1e6 + fracUs(m[7]);
    splitRest(line.slice(m[0].length), out, true);
    return out;
  }
  m = RE_EPOCH.exec(line);
  if (m) {
    out.format = 'epoch';
    out.ts = Number(m[1]) * 1e6 + fracUs(m[2]);
    splitRest(line.slice(m[0].length), out, true);
    return out;
  }
  splitRest(line, out, false);
  return out;
}

/** journalctl decorations that are not log lines. */
export function isJournalDecoration(line: string): boolean {
  return /^-- (?:Logs begin at|Journal begins at|Boot |No entries|Reboot --)/.test(line);
}
