/**
 * One driver for every line-oriented network log: stream lines, hand each to the format's parser,
 * yield its events, count and report what it could not read, go on. A parser never sees the file
 * as a whole and never throws for bad input (a throw is caught here and counted as malformed too).
 */
import type { MessageKey } from '../../i18n/index.ts';
import type { Event, Fields, LogSource } from '../../core/event.ts';
import { issue } from '../../core/issue.ts';
import { displayBase } from '../display-path.ts';
import type { ReadContext, SourceReader } from '../types.ts';
import { headLines, readLines, type LineRange } from '../lines.ts';
import { yearIssue } from '../year-issue.ts';
import { YearGuess } from '../year.ts';
import './messages.ts';

/** Returned by a parser for a line that is not a record (blank, comment, other program output). */
export const IGNORE = null;

/** What a parser makes of one line: an event, IGNORE, or the reason the line is malformed. */
export type LineResult = Event | null | string;

export interface ParseContext {
  format: string;
  file: string;
  /** the year of year-less stamps, chosen line by line (see sources/year.ts) */
  years: YearGuess;
  timeZone: string;
  /** the file name (basename of the display path), a hint for Zeek paths */
  name: string;
  /** for problems that are not about one line (e.g. a header) */
  report(code: MessageKey, line: number | undefined, params?: Record<string, string | number>): void;
}

export interface LineParser {
  line(text: string, no: number): LineResult;
  /** called at the end of the file: a record still open (multi-line formats) */
  end?(): LineResult;
}

export interface LineFormat {
  id: string;
  /** every line parses on its own (no header, no multi-line records): a large file may be read in parallel ranges */
  splittable?: boolean;
  /** 0..1 from the first complete lines of the file (gunzipped) and its name */
  sniff(lines: string[], name: string): number;
  parser(ctx: ParseContext): LineParser;
}

export interface ReadStats {
  lines: number;
  events: number;
  skipped: number;
  ignored: number;
}

export const MAX_LINE_ISSUES = 50;

export function newReadStats(): ReadStats {
  return { lines: 0, events: 0, skipped: 0, ignored: 0 };
}

/** An event of a network reader; `message` is the raw line. */
export function netEvent(
  ctx: ParseContext,
  no: number,
  ts: number,
  host: string | undefined,
  logsource: LogSource,
  fields: Fields,
): Event {
  const e: Event = { ts, source: { format: ctx.format, file: ctx.file, line: no }, logsource, fields };
  if (host !== undefined) e.host = host;
  return e;
}

/** Read a file with a format, yielding its events; `stats` receives the counts. */
export async function* readFormat(
  format: LineFormat,
  path: string,
  rc: ReadContext,
  stats: ReadStats = newReadStats(),
  range?: LineRange,
): AsyncGenerator<Event> {
  const file = rc.displayPath;
  let reported = 0;
  const bad = (no: number, reason: string): void => {
    stats.skipped++;
    if (reported < MAX_LINE_ISSUES)
      rc.issues.push(issue('net.bad_line', { file, line: no }, { format: format.id, reason: reason.slice(0, 200) }));
    reported++;
  };
  const ctx: ParseContext = {
    format: format.id,
    file,
    years: new YearGuess(rc.yearAnchor, rc.mtimeUs),
    timeZone: rc.timeZone ?? 'UTC',
    name: displayBase(file),
    report: (code, line, params) => rc.issues.push(issue(code, line === undefined ? { file } : { file, line }, params)),
  };
  const parser = format.parser(ctx);
  const take = (r: LineResult, no: number): Event | undefined => {
    if (r === null) {
      stats.ignored++;
      return undefined;
    }
    if (typeof r === 'string') {
      bad(no, r);
      return undefined;
    }
    stats.events++;
    return r;
  };
  for await (const batch of readLines(path, {
    file,
    issues: rc.issues,
    onProgress: rc.onProgress,
    range: range && format.splittable ? range : undefined,
  })) {
    const over = batch.overlong;
    for (let i = 0; i < batch.lines.length; i++) {
      const no = batch.first + i;
      stats.lines++;
      if (over?.includes(i)) {
        bad(no, 'line longer than 1 MiB');
        continue;
      }
      let r: LineResult;
      try {
        r = parser.line(batch.lines[i], no);
      } catch (e) {
        r = `internal: ${(e as Error).message}`;
      }
      const ev = take(r, no);
      if (ev) yield ev;
    }
  }
  if (parser.end) {
    let r: LineResult;
    try {
      r = parser.end();
    } catch (e) {
      r = `internal: ${(e as Error).message}`;
    }
    const ev = take(r, stats.lines);
    if (ev) yield ev;
  }
  if (ctx.years.lines) rc.issues.push(yearIssue(ctx.years, file, rc.mtimeUs, ctx.timeZone));
  if (reported > MAX_LINE_ISSUES)
    rc.issues.push(issue('net.bad_lines_more', { file }, { count: reported - MAX_LINE_ISSUES, format: format.id }));
  if (stats.skipped > 0)
    rc.issues.push(
      issue('net.skipped_lines', { file }, { skipped: stats.skipped, lines: stats.lines, format: format.id }),
    );
}

/** A SourceReader for a line format, plus `readWithStats` for callers that want the counts. */
export interface NetworkReader extends SourceReader {
  format: LineFormat;
  read(path: string, ctx: ReadContext): AsyncIterable<Event>;
  readWithStats(path: string, ctx: ReadContext, stats: ReadStats): AsyncIterable<Event>;
}

export function makeReader(format: LineFormat): NetworkReader {
  return {
    id: format.id,
    format,
    splittable: format.splittable,
    sniff(head, name) {
      if (!head.length) return 0;
      return format.sniff(headLines(head), name);
    },
    read: (path, ctx) => readFormat(format, path, ctx, newReadStats(), ctx.range),
    readWithStats: (path, ctx, stats) => readFormat(format, path, ctx, stats),
  };
}

/** Share of the lines that `test` accepts, ignoring blank and comment lines; 0 when none to judge. */
export function shareOf(
  lines: string[],
  test: (l: string) => boolean,
  skip: (l: string) => boolean = (l) => l.startsWith('#'),
): number {
  let n = 0;
  let ok = 0;
  for (const l of lines) {
    if (skip(l)) continue;
    n++;
    if (test(l)) ok++;
  }
  return n ? ok / n : 0;
}
