/**
 * Times konseki can place on a timeline: from 1970-01-01 to the end of 2199 (UTC). A record whose time
 * could not be read (its reader put the text it could not parse in `time_raw`) or lies outside that
 * range (a Suricata event in year 9999, a FILETIME of zero) keeps its place in the case: it is stored
 * with no time (NULL) and its time text, matched by the rules, reported as an issue with its file and
 * line, and left out of every analysis (those work on times). Records that simply carry no time (a
 * crontab line) are not touched.
 */
import { formatTs, type Event } from './event.ts';
import { issue, type Issue, type Location } from './issue.ts';

/** The field that holds the time text of a record whose time could not be used. */
export const RAW_TIME_FIELD = 'time_raw';

export const MIN_TIME_US = 0;
export const MAX_TIME_US = Date.UTC(2200, 0, 1) * 1000;

/** Issues of this kind listed per file; the rest are counted in one issue. */
const LISTED_PER_FILE = 20;

/** Is this a time konseki can use (on the timeline, in analyses)? */
export function usableTime(us: number): boolean {
  return us >= MIN_TIME_US && us < MAX_TIME_US;
}

/** Was this event's time unreadable or out of range (see TimeCheck)? */
export function hasBadTime(e: Event): boolean {
  return e.fields[RAW_TIME_FIELD] !== undefined && !Number.isFinite(e.ts);
}

/** Checks the events of one file as they are read; `finish()` adds the count of the file. */
export class TimeCheck {
  count = 0;
  constructor(
    private readonly file: string,
    private readonly issues: Issue[],
  ) {}

  /** Call for every event; a bad time is flagged on the event (ts NaN, time text kept). Returns true when it was. */
  check(e: Event): boolean {
    if (usableTime(e.ts)) return false;
    const raw = e.fields[RAW_TIME_FIELD];
    if (Number.isNaN(e.ts) && raw === undefined) return false; // no time at all: nothing to report
    const text = raw !== undefined ? String(raw) : renderOutOfRange(e.ts);
    // a reader may refuse a well-formed time outside the range itself: the text still says which side
    const us = Number.isNaN(e.ts) ? Date.parse(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) * 1000 : e.ts;
    const why = Number.isNaN(us) ? 'unreadable' : us < MIN_TIME_US ? 'before_1970' : 'after_2199';
    e.fields[RAW_TIME_FIELD] = text;
    e.ts = Number.NaN;
    if (++this.count <= LISTED_PER_FILE)
      this.issues.push(issue(`event.bad_time_${why}`, locationOf(e, this.file), { raw: text.slice(0, 100) }));
    return true;
  }

  finish(): void {
    if (this.count) this.issues.push(issue('event.bad_times', { file: this.file }, { count: this.count }, 'warning'));
  }
}

function renderOutOfRange(us: number): string {
  return formatTs(us) || String(us);
}

function locationOf(e: Event, file: string): Location {
  const at: Location = { file };
  if (e.source.line !== undefined) at.line = e.source.line;
  else if (e.source.offset !== undefined) at.offset = e.source.offset;
  return at;
}
