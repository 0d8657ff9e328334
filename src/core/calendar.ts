/**
 * The organisation's business calendar as the command line and case.json give it: business hours
 * ("08:30-18:00"), work days ("mon-fri", "mon,tue,thu"), and company days off on top of the Japanese
 * national holidays (a file of dates, ranges and yearly dates such as 年末年始 "12-29..01-03").
 */
import { KonsekiError } from './issue.ts';
import './messages.ts';

export interface BusinessCalendar {
  /** [start, end) in local hours; fractions for minutes (8.5 = 08:30) */
  businessHours: [number, number];
  /** work days, 0 = Sunday .. 6 = Saturday */
  workDays: number[];
  /** Japanese national holidays are days off */
  japaneseHolidays: boolean;
  /** company days off: YYYY-MM-DD, or MM-DD every year */
  extraHolidays: string[];
}

export const DEFAULT_CALENDAR: BusinessCalendar = {
  businessHours: [8, 20],
  workDays: [1, 2, 3, 4, 5],
  japaneseHolidays: true,
  extraHolidays: [],
};

const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const DAY_NAMES_JA = ['日', '月', '火', '水', '木', '金', '土'];

function dayIndex(s: string): number {
  const t = s.trim().toLowerCase();
  let i = DAY_NAMES.findIndex((d) => t.startsWith(d));
  if (i < 0) i = DAY_NAMES_JA.indexOf(t.replace(/曜日?$/, ''));
  if (i < 0 && /^[0-6]$/.test(t)) i = Number(t);
  return i;
}

/** "08:30-18:00", "8-20", "9:00–17:30" → [8.5, 18]. */
export function parseBusinessHours(v: string): [number, number] {
  const m = /^\s*(\d{1,2})(?::(\d{2}))?\s*[-–~〜]\s*(\d{1,2})(?::(\d{2}))?\s*$/.exec(v);
  const start = m ? Number(m[1]) + Number(m[2] ?? 0) / 60 : NaN;
  const end = m ? Number(m[3]) + Number(m[4] ?? 0) / 60 : NaN;
  if (!(start >= 0 && end <= 24 && start < end) || Number(m?.[2] ?? 0) > 59 || Number(m?.[4] ?? 0) > 59)
    throw new KonsekiError('calendar.bad_hours', { value: v });
  return [start, end];
}

export function formatBusinessHours([s, e]: [number, number]): string {
  const hm = (h: number): string =>
    `${String(Math.floor(h)).padStart(2, '0')}:${String(Math.round((h % 1) * 60)).padStart(2, '0')}`;
  return `${hm(s)}-${hm(e)}`;
}

/** "mon-fri", "mon,tue,thu", "月-金", "sun-thu" → day numbers (sorted). */
export function parseWorkdays(v: string): number[] {
  const out = new Set<number>();
  for (const part of v.split(/[,、\s]+/).filter(Boolean)) {
    const range = part.split(/[-–~〜]/);
    const a = dayIndex(range[0] ?? '');
    const b = range.length === 2 ? dayIndex(range[1] ?? '') : a;
    if (a < 0 || b < 0 || range.length > 2) throw new KonsekiError('calendar.bad_workdays', { value: v });
    for (let d = a; ; d = (d + 1) % 7) {
      out.add(d);
      if (d === b) break;
    }
  }
  if (!out.size) throw new KonsekiError('calendar.bad_workdays', { value: v });
  return [...out].sort((x, y) => x - y);
}

/** [1,2,3,4,5] → "mon-fri"; [1,2,4] → "mon,tue,thu". */
export function formatWorkdays(days: number[]): string {
  const s = [...new Set(days)].sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < s.length; ) {
    let j = i;
    while (j + 1 < s.length && s[j + 1] === s[j]! + 1) j++;
    runs.push(
      j - i >= 2
        ? `${DAY_NAMES[s[i]!]}-${DAY_NAMES[s[j]!]}`
        : s
            .slice(i, j + 1)
            .map((d) => DAY_NAMES[d])
            .join(','),
    );
    i = j + 1;
  }
  return runs.join(',');
}

const FULL = /^(\d{4})-(\d{2})-(\d{2})$/;
const YEARLY = /^(\d{2})-(\d{2})$/;
const MAX_RANGE_DAYS = 400;

function validDate(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** One entry of a holiday file ("2026-12-29", "2026-12-29..2027-01-03", "12-29..01-03") → dates, or undefined. */
export function expandHolidayEntry(entry: string): string[] | undefined {
  const [a, b, ...more] = entry.split('..');
  if (!a || more.length) return undefined;
  const fa = FULL.exec(a);
  const ya = YEARLY.exec(a);
  if (b === undefined) {
    if (fa && validDate(+fa[1]!, +fa[2]!, +fa[3]!)) return [a];
    if (ya && validDate(2000, +ya[1]!, +ya[2]!)) return [a];
    return undefined;
  }
  const fb = FULL.exec(b);
  const yb = YEARLY.exec(b);
  if (fa && fb) {
    if (!validDate(+fa[1]!, +fa[2]!, +fa[3]!) || !validDate(+fb[1]!, +fb[2]!, +fb[3]!)) return undefined;
    const from = Date.UTC(+fa[1]!, +fa[2]! - 1, +fa[3]!);
    const to = Date.UTC(+fb[1]!, +fb[2]! - 1, +fb[3]!);
    if (to < from || (to - from) / 86_400_000 > MAX_RANGE_DAYS) return undefined;
    const out: string[] = [];
    for (let t = from; t <= to; t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
    return out;
  }
  if (ya && yb) {
    // a yearly range may cross New Year (12-29..01-03); walked in a leap year so 02-29 exists
    if (!validDate(2000, +ya[1]!, +ya[2]!) || !validDate(2000, +yb[1]!, +yb[2]!)) return undefined;
    const out: string[] = [];
    let t = Date.UTC(2000, +ya[1]! - 1, +ya[2]!);
    const end = `${yb[1]}-${yb[2]}`;
    for (let i = 0; i < 366; i++, t += 86_400_000) {
      const md = new Date(t).toISOString().slice(5, 10);
      out.push(md);
      if (md === end) return out;
      if (md === '12-31') t = Date.UTC(1999, 11, 31); // next step is 2000-01-01 again
    }
    return undefined;
  }
  return undefined;
}

/** A holiday file: one entry per line, optional name after it, `#` comments. Bad lines are returned, not thrown. */
export function parseHolidayFile(text: string): { dates: string[]; bad: Array<{ line: number; text: string }> } {
  const dates = new Set<string>();
  const bad: Array<{ line: number; text: string }> = [];
  const lines = text.replace(/^\ufeff/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length && i < 100_000; i++) {
    const l = lines[i]!.replace(/#.*$/, '').trim();
    if (!l) continue;
    const entry = l.split(/[\s,]+/)[0]!;
    const got = expandHolidayEntry(entry);
    if (got) for (const d of got) dates.add(d);
    else bad.push({ line: i + 1, text: l.slice(0, 100) });
  }
  return { dates: [...dates].sort(), bad };
}

/** Is a local date (YYYY-MM-DD) one of the company's days off? */
export function isExtraHoliday(date: string, extra: ReadonlySet<string>): boolean {
  return extra.has(date) || extra.has(date.slice(5));
}
