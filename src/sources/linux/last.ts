/**
 * util-linux `last` / `lastb` (2.38) over a wtmp/btmp file, reproducing their output byte for byte:
 * records are read backwards from the end of the file (whole records counted from the end, as last
 * does), logins are paired with the next logout on the same line, reboots and shutdowns close open
 * sessions ("crash", "down"). Output is a latin1 string (one char per byte).
 *
 * The two things that depend on the machine running the command, the current time and whether a
 * session without logout is still alive ("still logged in" or "gone - no logout"), come from `env`.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { inetNtop4, inetNtop6, padRight } from './bytes.ts';
import { ctimeText, toTm } from './ctime.ts';
import {
  HOST_SIZE,
  LINE_SIZE,
  USER_SIZE,
  UT_HOST,
  UT_LINE,
  UT_USER,
  decodeRecord,
  type UtmpLayout,
  type UtmpRecord,
} from './utmp.ts';

export type LastTimeFormat = 'notime' | 'short' | 'full' | 'iso';

export interface LastEnv {
  /** "now" in epoch seconds: sessions ending now are "still running" */
  now: number;
  /** true when a session with no logout record is stale (util-linux checks boot time, passwd, /proc, /dev) */
  isPhantom(user: string, line: string, pid: number, sec: number): boolean;
}

export interface LastOptions {
  lastb: boolean;
  extended: boolean;
  showHost: boolean;
  altList: boolean;
  useIp: boolean;
  fullNames: boolean;
  maxRecords: number;
  timeFormat: LastTimeFormat;
  since?: number;
  until?: number;
  present?: number;
  /** user names or ttys to show (empty: all) */
  show: string[];
  timeZone: string;
}

/** One listed line as data (for --json). */
export interface LastRow {
  user: string;
  tty: string;
  host: string;
  /** epoch seconds */
  login: number;
  /** epoch seconds; null while still logged in or when unknown */
  logout: number | null;
  status: 'normal' | 'crash' | 'down' | 'logged-in' | 'gone' | 'running' | 'reboot' | 'time-change';
  record: number;
}

export const DEFAULT_LAST_OPTIONS: LastOptions = {
  lastb: false,
  extended: false,
  showHost: true,
  altList: false,
  useIp: false,
  fullNames: false,
  maxRecords: 0,
  timeFormat: 'short',
  show: [],
  timeZone: 'UTC',
};

const R_CRASH = 1,
  R_DOWN = 2,
  R_NORMAL = 3,
  R_NOW = 4,
  R_REBOOT = 5,
  R_PHANTOM = 6,
  R_TIMECHANGE = 7;
const EMPTY = 0,
  RUN_LVL = 1,
  BOOT_TIME = 2,
  NEW_TIME = 3,
  OLD_TIME = 4,
  INIT_PROCESS = 5,
  LOGIN_PROCESS = 6,
  USER_PROCESS = 7,
  DEAD_PROCESS = 8,
  ACCOUNTING = 9,
  SHUTDOWN_TIME = 254;

const FORMATS: Record<
  LastTimeFormat,
  { inLen: number; outLen: number; inFmt: LastTimeFormat | 'hhmm'; outFmt: LastTimeFormat | 'hhmm' }
> = {
  notime: { inLen: 0, outLen: 0, inFmt: 'notime', outFmt: 'notime' },
  short: { inLen: 16, outLen: 7, inFmt: 'full', outFmt: 'hhmm' },
  full: { inLen: 24, outLen: 26, inFmt: 'full', outFmt: 'full' },
  iso: { inLen: 25, outLen: 27, inFmt: 'iso', outFmt: 'iso' },
};

/** A record as last handles it: its fields as byte strings it may overwrite. */
interface Ut {
  index: number;
  type: number;
  pid: number;
  sec: number;
  usec: number;
  user: string;
  line: string;
  host: string;
  addr: Buffer;
}

function latin1Upto(raw: Buffer, start: number, size: number): string {
  const end = start + size;
  let i = start;
  while (i < end && raw[i] !== 0) i++;
  return raw.toString('latin1', start, i);
}

function toUt(r: UtmpRecord): Ut {
  return {
    index: r.index,
    type: r.type,
    pid: r.pid,
    sec: r.sec,
    usec: r.usec,
    user: latin1Upto(r.raw, UT_USER, USER_SIZE),
    line: latin1Upto(r.raw, UT_LINE, LINE_SIZE),
    host: latin1Upto(r.raw, UT_HOST, HOST_SIZE),
    addr: Buffer.from(r.raw.subarray(r.addrAt, r.addrAt + 16)),
  };
}

const p2 = (n: number): string => String(n).padStart(2, '0');

function formatTime(fmt: LastTimeFormat | 'hhmm', sec: number, tz: string): string {
  if (fmt === 'notime') return '';
  const tm = toTm(sec, tz);
  if (!tm) return '';
  if (fmt === 'hhmm') return `${p2(tm.hour)}:${p2(tm.minute)}`;
  if (fmt === 'full') return ctimeText(tm);
  const off = tm.gmtoff;
  const a = Math.abs(Math.trunc(off / 60));
  return `${tm.year}-${p2(tm.month)}-${p2(tm.day)}T${p2(tm.hour)}:${p2(tm.minute)}:${p2(tm.second)}${off < 0 ? '-' : '+'}${p2(Math.floor(a / 60))}:${p2(a % 60)}`;
}

/** util-linux fputc_careful: a control byte c becomes '*' and c ^ 0x40 (\x01 → "*A"), bytes >= 0x80 an octal escape. */
function careful(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0x20 && c <= 0x7e) || c === 7 || c === 9 || c === 13 || c === 10) out += s[i];
    else if (c >= 0x80) out += '\\' + c.toString(8).padStart(3, ' ');
    else out += '*' + String.fromCharCode(c ^ 0x40);
  }
  return out;
}

function trimTrailing(s: string): string {
  let end = s.length;
  while (end > 0 && /[ \t\n\v\f\r]/.test(s[end - 1])) end--;
  return end > 0 ? s.slice(0, end) + '\n' : '\n' + s.slice(1);
}

function ipText(addr: Buffer): string {
  const a1 = addr.readUInt32LE(4),
    a2 = addr.readUInt32BE(8),
    a3 = addr.readUInt32LE(12);
  const mapped = addr.readUInt32LE(0) === 0 && a1 === 0 && a2 === 0xffff;
  if (mapped) return inetNtop4(addr, 12);
  if (a1 === 0 && a2 === 0 && a3 === 0) return inetNtop4(addr, 0);
  return inetNtop6(addr, 0);
}

/** Reads records from the end of the file, aligned on the end as last does. */
function* backwards(path: string, layout: UtmpLayout): Generator<UtmpRecord> {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const per = Math.max(1, Math.floor((1 << 20) / layout.size));
    const block = Buffer.alloc(per * layout.size);
    let end = size;
    let index = Math.floor(size / layout.size) - 1;
    while (end >= layout.size) {
      const n = Math.min(per, Math.floor(end / layout.size));
      const start = end - n * layout.size;
      const got = readSync(fd, block, 0, n * layout.size, start);
      if (got < n * layout.size) return;
      for (let k = n - 1; k >= 0; k--) {
        yield decodeRecord(
          block.subarray(k * layout.size, (k + 1) * layout.size),
          layout,
          index--,
          start + k * layout.size,
        );
      }
      end = start;
    }
  } finally {
    closeSync(fd);
  }
}

function firstRecordTime(path: string, layout: UtmpLayout): number | undefined {
  const fd = openSync(path, 'r');
  try {
    const b = Buffer.alloc(layout.size);
    if (readSync(fd, b, 0, layout.size, 0) < layout.size) return undefined;
    return decodeRecord(b, layout, 0, 0).sec;
  } finally {
    closeSync(fd);
  }
}

/** The full output of `last -f <path>` (or lastb) for the options; `ctimeSec` is used for empty files. */
export function runLast(
  path: string,
  layout: UtmpLayout,
  o: LastOptions,
  env: LastEnv,
  ctimeSec: number,
  displayName = basename(path),
  rows?: LastRow[],
): string {
  const fmt = FORMATS[o.timeFormat];
  const nameLen = o.fullNames ? USER_SIZE : 8;
  const domainLen = o.fullNames ? HOST_SIZE : 16;
  const out: string[] = [];
  const currentdate = env.now;
  let recsdone = 0;

  const list = (p: Ut, logoutTime: number, what: number): boolean => {
    let utline = p.line.slice(0, LINE_SIZE);
    if (utline.startsWith('ftp') && /[0-9]/.test(utline[3] ?? '')) utline = utline.slice(0, 3);
    if (utline.startsWith('uucp') && /[0-9]/.test(utline[4] ?? '')) utline = utline.slice(0, 4);
    if (o.show.length) {
      const hit = o.show.some(
        (w) => p.user.slice(0, USER_SIZE) === w || utline === w || (utline.startsWith('tty') && utline.slice(3) === w),
      );
      if (!hit) return false;
    }
    const utmpTime = p.sec;
    if (o.present) {
      if (o.present < utmpTime) return false;
      if (logoutTime > 0 && logoutTime < o.present) return false;
    }
    const logintime = formatTime(fmt.inFmt, utmpTime, o.timeZone);
    const secs = logoutTime - utmpTime;
    const mins = Math.trunc(secs / 60) % 60;
    const hours = Math.trunc(secs / 3600) % 24;
    const days = Math.trunc(secs / 86400);
    let logouttime = '- ' + formatTime(fmt.outFmt, logoutTime, o.timeZone);
    let length: string;
    const long = o.timeFormat === 'full' || o.timeFormat === 'iso';
    if (logoutTime === currentdate) {
      if (long) {
        logouttime = '  still running';
        length = '';
      } else {
        logouttime = '  still';
        length = 'running';
      }
    } else if (days) length = `(${days}+${p2(Math.abs(hours))}:${p2(Math.abs(mins))})`;
    else if (hours) length = ` (${p2(hours)}:${p2(Math.abs(mins))})`;
    else if (secs >= 0) length = ` (${p2(hours)}:${p2(mins)})`;
    else length = ` (-00:${p2(Math.abs(mins))})`;
    switch (what) {
      case R_CRASH:
        logouttime = '- crash';
        break;
      case R_DOWN:
        logouttime = '- down ';
        break;
      case R_NOW:
        if (long) {
          logouttime = '  still logged in';
          length = '';
        } else {
          logouttime = '  still';
          length = 'logged in';
        }
        break;
      case R_PHANTOM:
        if (long) {
          logouttime = '  gone - no logout';
          length = '';
        } else if (o.timeFormat === 'short') {
          logouttime = '   gone';
          length = '- no logout';
        } else {
          logouttime = '';
          length = 'no logout';
        }
        break;
      case R_TIMECHANGE:
        logouttime = '';
        length = '';
        break;
      default:
        break;
    }
    const domain = o.useIp ? ipText(p.addr) : p.host;
    const user = padRight(p.user, 8, nameLen);
    const line = padRight(utline, 12, 12);
    const inT = padRight(logintime, fmt.inLen, fmt.inLen);
    const outT = padRight(logouttime, fmt.outLen, fmt.outLen);
    let final: string;
    if (o.showHost && !o.altList)
      final = `${user} ${line} ${padRight(domain, 16, domainLen)} ${inT} ${outT} ${length}\n`;
    else if (o.showHost) final = `${user} ${line} ${inT} ${outT} ${padRight(length, 12, 12)} ${domain}\n`;
    else final = `${user} ${line} ${inT} ${outT} ${length}\n`;
    if (final.length > 511) final = final.slice(0, 511);
    out.push(careful(trimTrailing(final)));
    if (rows) {
      const status: LastRow['status'] =
        what === R_CRASH
          ? 'crash'
          : what === R_DOWN
            ? 'down'
            : what === R_NOW
              ? 'logged-in'
              : what === R_PHANTOM
                ? 'gone'
                : what === R_TIMECHANGE
                  ? 'time-change'
                  : logoutTime === currentdate
                    ? 'running'
                    : what === R_REBOOT
                      ? 'reboot'
                      : 'normal';
      const open = status === 'logged-in' || status === 'gone' || status === 'running';
      rows.push({
        user: p.user,
        tty: utline,
        host: domain,
        login: utmpTime,
        logout: open ? null : logoutTime,
        status,
        record: p.index,
      });
    }
    recsdone++;
    return o.maxRecords > 0 && o.maxRecords <= recsdone;
  };

  let lastboot = 0;
  let lastrch = currentdate;
  let lastdown = currentdate;
  let whydown = 0;
  let down = false;
  let quit = false;
  let ulist: Ut[] = [];
  const first = firstRecordTime(path, layout);
  const begintime = first ?? ctimeSec;
  if (first !== undefined) {
    for (const rec of backwards(path, layout)) {
      if (quit) break;
      const ut = toUt(rec);
      if (o.since && ut.sec < o.since) continue;
      if (o.until && o.until < ut.sec) continue;
      if (o.lastb) {
        quit = list(ut, ut.sec, R_NORMAL);
        continue;
      }
      if (ut.line.startsWith('~')) {
        if (ut.user.startsWith('shutdown')) ut.type = SHUTDOWN_TIME;
        else if (ut.user.startsWith('reboot')) ut.type = BOOT_TIME;
        else if (ut.user.startsWith('runlevel')) ut.type = RUN_LVL;
      } else {
        if (ut.type !== DEAD_PROCESS && ut.user && ut.line && !ut.user.startsWith('LOGIN')) ut.type = USER_PROCESS;
        if (!ut.user) ut.type = DEAD_PROCESS;
        if (ut.user.startsWith('date')) {
          if (ut.line[0] === '|') ut.type = OLD_TIME;
          if (ut.line[0] === '{') ut.type = NEW_TIME;
        }
      }
      switch (ut.type) {
        case SHUTDOWN_TIME:
          if (o.extended) {
            ut.line = 'system down';
            quit = list(ut, lastboot, R_NORMAL);
          }
          lastdown = lastrch = ut.sec;
          down = true;
          break;
        case OLD_TIME:
        case NEW_TIME:
          if (o.extended) {
            ut.line = ut.type === NEW_TIME ? 'new time' : 'old time';
            quit = list(ut, lastdown, R_TIMECHANGE);
          }
          break;
        case BOOT_TIME:
          ut.line = 'system boot';
          quit = list(ut, lastdown, R_REBOOT);
          lastboot = ut.sec;
          down = true;
          break;
        case RUN_LVL: {
          const x = ut.pid & 255;
          if (o.extended) {
            ut.line = x === 0 ? '(to lvl ' : `(to lvl ${String.fromCharCode(x)})`;
            quit = list(ut, lastrch, R_NORMAL);
          }
          if (x === 0x30 || x === 0x36) {
            lastdown = ut.sec;
            down = true;
            ut.type = SHUTDOWN_TIME;
          }
          lastrch = ut.sec;
          break;
        }
        case USER_PROCESS:
        case DEAD_PROCESS: {
          if (ut.type === USER_PROCESS) {
            let shown = false;
            const keep: Ut[] = [];
            for (const p of ulist) {
              if (p.line === ut.line) {
                if (!shown) {
                  quit = list(ut, p.sec, R_NORMAL);
                  shown = true;
                }
              } else keep.push(p);
            }
            ulist = keep;
            if (!shown) {
              let c: number;
              if (!lastboot)
                c = env.isPhantom(ut.user.slice(0, USER_SIZE - 1), ut.line, ut.pid, ut.sec) ? R_PHANTOM : R_NOW;
              else c = whydown;
              quit = list(ut, lastboot, c);
            }
          }
          if (ut.line) ulist.unshift(ut);
          break;
        }
        case EMPTY:
        case INIT_PROCESS:
        case LOGIN_PROCESS:
        case ACCOUNTING:
          break;
        default:
          break;
      }
      if (down) {
        lastboot = ut.sec;
        whydown = ut.type === SHUTDOWN_TIME ? R_DOWN : R_CRASH;
        ulist = [];
        down = false;
      }
    }
  }
  if (o.timeFormat !== 'notime') out.push(`\n${displayName} begins ${formatTime(fmt.inFmt, begintime, o.timeZone)}\n`);
  return out.join('');
}

/** The unknown ut_type warnings last prints to stderr are not reproduced; this lists the types it ignores. */
export const LAST_IGNORED_TYPES = [EMPTY, INIT_PROCESS, LOGIN_PROCESS, ACCOUNTING];
