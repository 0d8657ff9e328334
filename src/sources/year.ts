/**
 * The year of year-less time stamps (BSD syslog "Oct 14 10:05:02", Snort "10/14-10:05:02"). A stamp takes
 * the year that puts it nearest the dated evidence of the same host (wtmp, journal, audit, EVTX:
 * `YearAnchor`), else of the case; a stamp within a month of the one before keeps to it (New Year inside
 * a file, and logs that reach half a year from the anchor, stay in order). Without dated evidence, the
 * year that puts the stamp at or before the file's modification time (a guess: copies and unpacked
 * archives carry the time they were made), else this machine's clock.
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
  private readonly refMs: number;
  /** the day (days since 1970) of the stamp before, for continuity */
  private prevDay = NaN;

  constructor(
    readonly anchor?: YearAnchor,
    mtimeUs?: number,
  ) {
    if (anchor && Number.isFinite(anchor.fromUs) && Number.isFinite(anchor.toUs)) this.basis = anchor.scope;
    else if (mtimeUs !== undefined && Number.isFinite(mtimeUs)) this.basis = 'mtime';
    else this.basis = 'clock';
    this.refMs = this.basis === 'mtime' ? mtimeUs! / 1000 : Date.now();
  }

  /** The year of a year-less month/day (1-based); stamps of a file are given in file order. */
  yearOf(month: number, day: number): number {
    this.lines++;
    if (this.basis !== 'host' && this.basis !== 'case') return this.atOrBefore(month, day);
    const a = this.anchor!;
    const fromDay = Math.floor(a.fromUs / 1000 / DAY_MS);
    const toDay = Math.floor(a.toUs / 1000 / DAY_MS);
    const distance = (d: number): number =>
      a.days.length ? nearest(d, a.days) : d < fromDay ? fromDay - d : d > toDay ? d - toDay : 0;
    let best = NaN;
    let bestD = Infinity;
    let follow = NaN;
    let followD = Infinity;
    for (
      let y = new Date(a.toUs / 1000).getUTCFullYear() + 1;
      y >= new Date(a.fromUs / 1000).getUTCFullYear() - 1;
      y--
    ) {
      if (month === 2 && day === 29 && !isLeap(y)) continue;
      const d = Math.floor(Date.UTC(y, month - 1, day) / DAY_MS);
      const dist = distance(d);
      // on a tie the later year: text logs rotate within weeks, login records and event logs reach further back
      if (dist < bestD) {
        bestD = dist;
        best = y;
      }
      if (Math.abs(d - this.prevDay) <= 31) {
        follow = y;
        followD = dist;
      }
    }
    const y = Number.isFinite(follow) && followD <= bestD + 90 ? follow : best;
    this.prevDay = Math.floor(Date.UTC(y, month - 1, day) / DAY_MS);
    return y;
  }

  /** At or before the reference time (+1 day for zones ahead of UTC); Feb 29 goes to the last leap year. */
  private atOrBefore(month: number, day: number): number {
    let y = new Date(this.refMs).getUTCFullYear();
    if (Date.UTC(y, month - 1, day) > this.refMs + DAY_MS) y--;
    if (month === 2 && day === 29) while (!isLeap(y)) y--;
    return y;
  }
}

export function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}
