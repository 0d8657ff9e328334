/**
 * Local calendar of the organisation: local day, hour, weekday, and whether a moment is inside
 * business hours (work days, not a Japanese public holiday or an extra holiday of the
 * organisation). Intl is slow, so facts are cached per 15-minute UTC slot: every real zone offset
 * and every DST switch falls on a quarter hour, so local hour and date cannot change inside a slot.
 */
import { KonsekiError } from '../../core/issue.ts';
import { localTime } from '../../core/time-format.ts';
import { isJapaneseHoliday } from '../holidays.ts';

const SLOT_US = 15 * 60 * 1_000_000;

export interface CalendarOptions {
  timeZone: string;
  /** [start, end) in local hours; fractions allowed (8.5 = 08:30) */
  businessHours: [number, number];
  /** work days, 0 = Sunday .. 6 = Saturday */
  workDays: number[];
  /** treat Japanese public holidays as days off */
  japaneseHolidays: boolean;
  /** further days off, YYYY-MM-DD, or MM-DD every year (company holidays, 年末年始) */
  extraHolidays: string[];
}

export interface SlotInfo {
  /** local date YYYY-MM-DD */
  date: string;
  /** local days since 1970-01-01 (a day index for per-day baselines) */
  day: number;
  /** local minute of the day at the start of the slot */
  minute: number;
  /** 0 = Sunday */
  weekday: number;
  /** a work day (not a weekend, public or extra holiday) */
  workday: boolean;
  /** why a day is off: 'weekend' | 'holiday' | 'extra' | '' */
  offReason: string;
}

export class LocalClock {
  private readonly slots = new Map<number, SlotInfo>();
  private readonly startMin: number;
  private readonly endMin: number;
  private readonly workDays: Set<number>;
  private readonly extra: Set<string>;

  constructor(readonly opts: CalendarOptions) {
    try {
      localTime(0, opts.timeZone);
    } catch {
      throw new KonsekiError('network.bad_time_zone', { zone: opts.timeZone });
    }
    const [s, e] = opts.businessHours;
    if (!(s >= 0 && e <= 24 && s < e)) throw new KonsekiError('network.bad_business_hours', { hours: `${s}-${e}` });
    this.startMin = Math.round(s * 60);
    this.endMin = Math.round(e * 60);
    this.workDays = new Set(opts.workDays);
    this.extra = new Set(opts.extraHolidays);
  }

  slot(us: number): SlotInfo {
    const k = Math.floor(us / SLOT_US);
    let info = this.slots.get(k);
    if (info) return info;
    info = this.compute(k * SLOT_US);
    if (this.slots.size > 50_000) this.slots.clear();
    this.slots.set(k, info);
    return info;
  }

  private compute(us: number): SlotInfo {
    const { year: y, month: m, day: d, weekday, date, minute } = localTime(us, this.opts.timeZone);
    let offReason = '';
    if (!this.workDays.has(weekday)) offReason = 'weekend';
    else if (this.opts.japaneseHolidays && isJapaneseHoliday(y, m, d)) offReason = 'holiday';
    else if (this.extra.has(date) || this.extra.has(date.slice(5))) offReason = 'extra';
    return {
      date,
      day: Math.floor(Date.UTC(y, m - 1, d) / 86_400_000),
      minute,
      weekday,
      workday: offReason === '',
      offReason,
    };
  }

  /** Local minute of the day of a moment. */
  minuteOfDay(us: number): number {
    const s = this.slot(us);
    return s.minute + Math.floor((us - Math.floor(us / SLOT_US) * SLOT_US) / 60_000_000);
  }

  /** Local hour 0..23. */
  hour(us: number): number {
    return Math.floor(this.minuteOfDay(us) / 60);
  }

  /** Inside business hours on a work day? */
  isBusiness(us: number): boolean {
    const s = this.slot(us);
    if (!s.workday) return false;
    const min = this.minuteOfDay(us);
    return min >= this.startMin && min < this.endMin;
  }

  /** '' inside business hours, else why not: 'night' | 'weekend' | 'holiday' | 'extra'. */
  offHoursReason(us: number): string {
    const s = this.slot(us);
    if (!s.workday) return s.offReason;
    const min = this.minuteOfDay(us);
    return min >= this.startMin && min < this.endMin ? '' : 'night';
  }
}
