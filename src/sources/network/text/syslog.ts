/**
 * Syslog framing in front of a program's message: BSD (RFC 3164, "Sep 28 10:38:09 host prog[pid]: msg",
 * host optional, `<PRI>` optional, ISO stamps of rsyslog's high-precision template too) and RFC 5424
 * ("<134>1 2025-11-06T11:32:42.868451+00:00 host app procid msgid [sd] msg").
 */
import { YearGuess } from '../../year.ts';
import { isoToUs, localToUs, monthNumber, fractionUs } from './time.ts';

export interface SyslogFrame {
  ts: number;
  host?: string;
  /** program name without pid ("filterlog", "kernel", "named") */
  app?: string;
  /** the message after the framing */
  msg: string;
}

export interface TimeOptions {
  /** the year of year-less stamps (one per file, fed in file order); without it, this machine's clock */
  years?: YearGuess;
  timeZone: string;
}

const BSD = /^(?:<\d{1,3}>)?([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))? /;
const ISO_START = /^(?:<\d{1,3}>)?(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})?) (.*)$/;
const RFC5424 = /^<\d{1,3}>1 (\S+) (\S+) (\S+) (\S+) (\S+) (.*)$/;
/** "prog[pid]: " or "prog: " at the start of the rest, or nothing */
const TAG = /^([^\s:[\]]{1,64})(?:\[[^\]\s]{0,32}\])?: ?/;

/** Cache of the last BSD stamp: consecutive lines mostly share the second (compared part by part, no concatenation). */
const last = { mon: '', day: '', hh: '', mm: '', ss: '', zone: '', years: undefined as YearGuess | undefined, us: NaN };

function bsdStampUs(
  mon: string,
  day: string,
  hh: string,
  mm: string,
  ss: string,
  frac: string | undefined,
  o: TimeOptions,
): number {
  if (
    ss !== last.ss ||
    mm !== last.mm ||
    hh !== last.hh ||
    day !== last.day ||
    mon !== last.mon ||
    o.timeZone !== last.zone ||
    o.years !== last.years
  ) {
    const mo = monthNumber(mon);
    last.us = mo ? localToUs(o.timeZone, (o.years ?? new YearGuess()).yearOf(mo, +day), mo, +day, +hh, +mm, +ss) : NaN;
    last.mon = mon;
    last.day = day;
    last.hh = hh;
    last.mm = mm;
    last.ss = ss;
    last.zone = o.timeZone;
    last.years = o.years;
  }
  return frac ? last.us + fractionUs(frac) : last.us;
}

/** Split "host prog[pid]: msg" / "prog: msg" / "msg" after a BSD stamp. */
function splitHostTag(rest: string): { host?: string; app?: string; msg: string } {
  const first = TAG.exec(rest);
  if (first) return { app: first[1], msg: rest.slice(first[0].length) };
  const sp = rest.indexOf(' ');
  if (sp > 0) {
    const after = rest.slice(sp + 1);
    const tag = TAG.exec(after);
    if (tag) return { host: rest.slice(0, sp), app: tag[1], msg: after.slice(tag[0].length) };
    return { host: rest.slice(0, sp), msg: after };
  }
  return { msg: rest };
}

/** The syslog frame of a line, or undefined when the line has no syslog stamp. */
export function parseSyslog(line: string, o: TimeOptions): SyslogFrame | undefined {
  const c = line.charCodeAt(0);
  if (c === 60 /* < */) {
    const r = RFC5424.exec(line);
    if (r) {
      let msg = r[6];
      if (msg.startsWith('- ')) msg = msg.slice(2);
      else if (msg === '-') msg = '';
      else if (msg.startsWith('[')) msg = skipStructuredData(msg);
      if (msg.charCodeAt(0) === 0xfeff) msg = msg.slice(1);
      return { ts: r[1] === '-' ? NaN : isoToUs(r[1], o.timeZone), host: dash(r[2]), app: dash(r[3]), msg };
    }
  }
  const b = BSD.exec(line);
  if (b) {
    const ts = bsdStampUs(b[1], b[2], b[3], b[4], b[5], b[6], o);
    const r = splitHostTag(line.slice(b[0].length));
    return { ts, host: r.host, app: r.app, msg: r.msg };
  }
  const i = ISO_START.exec(line);
  if (i) {
    const r = splitHostTag(i[2]);
    return { ts: isoToUs(i[1], o.timeZone), host: r.host, app: r.app, msg: r.msg };
  }
  return undefined;
}

function dash(s: string): string | undefined {
  return s === '-' ? undefined : s;
}

/** Skip RFC 5424 structured data "[id k="v"][…] " (bounded: quoted values may contain escaped "]"). */
function skipStructuredData(s: string): string {
  let i = 0;
  while (i < s.length && s[i] === '[') {
    let inQuote = false;
    i++;
    for (; i < s.length; i++) {
      const ch = s[i];
      if (ch === '\\') {
        i++;
        continue;
      }
      if (ch === '"') inQuote = !inQuote;
      else if (ch === ']' && !inQuote) break;
    }
    i++;
  }
  return s.slice(i).replace(/^ /, '');
}
