/**
 * The year of year-less time stamps (BSD syslog "Oct 14 10:05:02", Snort "10/14-10:05:02"), chosen
 * line by line in file order. The first stamp of a file takes the year that puts it nearest to the
 * dated evidence of the same host (wtmp, journal, audit, EVTX: `YearAnchor`), else of the case, else
 * the year that puts it at or before the file's modification time (a guess: copies and unpacked
 * archives carry the time they were made). Later stamps keep that year and move to the next one when
 * the month falls back by half a year or more (New Year inside the file); a stamp half a year ahead
 * of the one before is a late line of the previous year and does not move the year.
 */

/** What year-less stamps of a file are placed next to. */
export interface YearAnchor {
  /** time range of the dated evidence (epoch µs) */
  fromUs: number;
  toUs: number;
  /** the days (days since 1970-01-01, UTC) with dated events, sorted; empty: the range alone */
  days: number[];
  /** 'host': evidence of the same host; 'case': of other hosts of the case */
  scope: 'host' | 'case';
  /** the files it comes from, for the message */
  basis: string;
}

/** How the years of a file were chosen: 'host' / 'case' anchors, the file 'mtime', or the 'clock' of this machine. */
export type YearBasis = YearAnchor['scope'] | 'mtime' | 'clock';

const DAY_MS = 86_400_000;

/** Distance in days from a day to the nearest day of a sorted list. */
function nearest(day: number, days: number[]): number {
  let lo = 0;
  let hi = days.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (days[mid]! < day) lo = mid + 1;
    else hi = mid;
  }
  const a = Math.abs(days[lo]! - day);
  return lo > 0 ? Math.min(a, Math.abs(days[lo - 1]! - day)) : a;
}

export class YearGuess {
  readonly basis: YearBasis;
  /** stamps that needed a year */
  lines = 0;
  private year = 0;
  private month = 0;
  private readonly refMs: number;

  constructor(
    readonly anchor?: YearAnchor,
    mtimeUs?: number,
  ) {
    if (anchor && Number.isFinite(anchor.fromUs) && Number.isFinite(anchor.toUs)) this.basis = anchor.scope;
    else if (mtimeUs !== undefined && Number.isFinite(mtimeUs)) this.basis = 'mtime';
    else this.basis = 'clock';
    this.refMs = this.basis === 'mtime' ? mtimeUs! / 1000 : Date.now();
  }

  /** The year of a year-less month/day (1-based), for stamps given in file order. */
  yearOf(month: number, day: number): number {
    this.lines++;
    if (this.year === 0) {
      this.year = this.first(month, day);
      this.month = month;
      return this.year;
    }
    const delta = month - this.month;
    if (delta <= -6) {
      this.year++;
      this.month = month;
    } else if (delta >= 6) return this.year - 1;
    else this.month = month;
    return this.year;
  }

  private first(month: number, day: number): number {
    if (this.basis === 'host' || this.basis === 'case') {
      // the year that puts the date nearest a day with dated events; on a tie the later year (text logs
      // rotate within weeks, login records and event logs reach back further)
      const a = this.anchor!;
      const fromDay = Math.floor(a.fromUs / 86_400_000_000);
      const toDay = Math.floor(a.toUs / 86_400_000_000);
      const days = a.days.length ? a.days : [fromDay, toDay];
      let best = new Date(a.toUs / 1000).getUTCFullYear();
      let bestD = Infinity;
      for (
        let y = new Date(a.toUs / 1000).getUTCFullYear() + 1;
        y >= new Date(a.fromUs / 1000).getUTCFullYear() - 1;
        y--
      ) {
        if (month === 2 && day === 29 && !isLeap(y)) continue;
        const d = nearest(Math.floor(Date.UTC(y, month - 1, day) / DAY_MS), days);
        if (d < bestD) {
          bestD = d;
          best = y;
        }
      }
      return best;
    }
    // at or before the reference time (+1 day for zones ahead of UTC); Feb 29 goes to the last leap year
    let y = new Date(this.refMs).getUTCFullYear();
    if (Date.UTC(y, month - 1, day) > this.refMs + DAY_MS) y--;
    if (month === 2 && day === 29) while (!isLeap(y)) y--;
    return y;
  }
}

export function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}
