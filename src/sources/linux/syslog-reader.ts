/**
 * Text logs of a Linux host read as syslog: auth.log, secure, syslog, messages, cron logs, and the
 * text output of journalctl (short, short-iso, short-precise, short-full, short-unix). One event per
 * line with the raw line in `message` (for Sigma keyword rules), the header fields, and the
 * normalized fields of the programs konseki knows (sshd, sudo, su, login, shadow tools, PAM, cron).
 */
import { basename } from 'node:path';
import { statSync } from 'node:fs';
import type { Event, Fields } from '../../core/event.ts';
import { issue } from '../../core/issue.ts';
import type { ReadContext, SourceReader } from '../types.ts';
import { classify, serviceOf, type LinuxService } from './auth.ts';
import { headLines, readLines } from '../lines.ts';
import { newSshState } from './sshd.ts';
import { isJournalDecoration, parseSyslogHeader, YearResolver } from './syslog.ts';
import { yearIssue } from '../year-issue.ts';
import { YearGuess, type YearAnchor } from '../year.ts';
import './messages.ts';

export interface SyslogContext {
  file: string;
  /** fallback for year-less times (epoch µs): the file's modification time */
  mtimeUs?: number;
  /** dated evidence that year-less times are placed next to */
  yearAnchor?: YearAnchor;
  timeZone?: string;
  /** service for lines of programs konseki does not know */
  defaultService?: LinuxService;
}

export interface SyslogStats {
  events: number;
  /** lines without a recognizable header */
  headerless: number;
  yearless: number;
}

/** The default service from a file name: auth.log/secure → auth, cron logs → cron, else syslog. */
export function defaultServiceFor(name: string): LinuxService {
  const b = basename(name).toLowerCase();
  if (/^(auth\.log|secure|authlog)/.test(b)) return 'auth';
  if (/^cron/.test(b)) return 'cron';
  return 'syslog';
}

/** A line parser with its state (year resolution, sshd connections); feed lines in file order. */
export function syslogParser(ctx: SyslogContext) {
  const tz = ctx.timeZone ?? 'UTC';
  const guess = new YearGuess(ctx.yearAnchor, ctx.mtimeUs);
  const years = new YearResolver(guess, tz);
  const ssh = newSshState();
  const fallback = ctx.defaultService ?? defaultServiceFor(ctx.file);
  const stats: SyslogStats = { events: 0, headerless: 0, yearless: 0 };
  let prev: { ts: number; host?: string; program?: string; pid?: number } | undefined;
  return {
    stats,
    years: guess,
    line(text: string, no: number): Event | null {
      if (!text.trim() || isJournalDecoration(text)) return null;
      const h = parseSyslogHeader(text, years, tz);
      const fields: Fields = { message: text };
      let ts = h.ts;
      let host = h.host;
      let program = h.program;
      let pid = h.pid;
      if (h.format === 'none') {
        stats.headerless++;
        if (prev && /^\s/.test(text)) {
          ts = prev.ts;
          host = prev.host;
          program = prev.program;
          pid = prev.pid;
          fields.continuation = true;
        }
      } else {
        if (h.yearless) stats.yearless++;
        prev = { ts, host, program, pid };
      }
      if (host) fields.hostname = host;
      if (program) fields.program = program;
      if (pid !== undefined) fields.pid = pid;
      fields.msg = h.msg;
      if (!fields.continuation) {
        const connKey = pid !== undefined ? `${host ?? ''}|${pid}` : '';
        const extra = classify(program, h.msg, connKey, ssh);
        if (extra) Object.assign(fields, extra);
      }
      const e: Event = {
        ts,
        source: { format: 'syslog', file: ctx.file, line: no },
        logsource: { product: 'linux', service: serviceOf(program, fallback) },
        fields,
      };
      if (host) e.host = host;
      stats.events++;
      return e;
    },
  };
}

function fileMtimeUs(path: string, ctx: ReadContext): number | undefined {
  if (ctx.mtimeUs !== undefined) return ctx.mtimeUs;
  try {
    return statSync(path).mtimeMs * 1000;
  } catch {
    return undefined;
  }
}

export async function* readSyslog(path: string, ctx: ReadContext): AsyncGenerator<Event> {
  const file = ctx.displayPath;
  const mtimeUs = fileMtimeUs(path, ctx);
  const parser = syslogParser({ file, mtimeUs, timeZone: ctx.timeZone, yearAnchor: ctx.yearAnchor });
  for await (const batch of readLines(path, { file, issues: ctx.issues, onProgress: ctx.onProgress })) {
    for (let i = 0; i < batch.lines.length; i++) {
      const e = parser.line(batch.lines[i], batch.first + i);
      if (e) yield e;
    }
  }
  const s = parser.stats;
  if (s.yearless) ctx.issues.push(yearIssue(parser.years, file, mtimeUs, ctx.timeZone ?? 'UTC'));
  if (s.headerless) ctx.issues.push(issue('linux.headerless_lines', { file }, { lines: s.headerless }, 'info'));
}

const KNOWN_PROGRAM =
  /(?:^|\s)(?:sshd|sudo|su|login|CRON|crond|cron|useradd|usermod|passwd|systemd-logind|groupadd|userdel|chpasswd|unix_chkpwd)(?:\[\d+\])?:|pam_unix\(/;
const HEADER =
  /^(?:<\d{1,3}>1 \d{4}-|<\d{1,3}>)?(?:[A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2}|\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}|(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}|\d{10}\.\d{6} )/;

export const syslogReader: SourceReader = {
  id: 'syslog',
  sniff(head, name) {
    const lines = headLines(head).filter((l) => !isJournalDecoration(l));
    if (!lines.length) return 0;
    let headed = 0;
    let known = 0;
    for (const l of lines) {
      if (HEADER.test(l)) headed++;
      if (KNOWN_PROGRAM.test(l)) known++;
    }
    const share = headed / lines.length;
    if (share < 0.6) return 0;
    const named = /(?:auth\.log|secure|syslog|messages|cron|journal)/i.test(basename(name));
    let score = 0.55 + (known / lines.length) * 0.35;
    if (named) score += 0.05;
    return Math.min(0.95, score);
  },
  read: readSyslog,
};
