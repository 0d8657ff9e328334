/**
 * Times written inside event data: ISO 8601 (4616 version 1, Kernel-General 1), or the localized
 * date and time strings of 4616 version 0 ("8/23/2015" + "11:52:54 PM", "2015/08/23" + "23:52:54",
 * "午後 11:52:54"). Localized values are read as wall-clock time without zone: good for the size of
 * a jump (both sides share the zone), not for absolute time.
 */
import { parseTs } from '../../core/event.ts';

export interface ParsedTime {
  us: number;
  approximate: boolean;
}

/** Unicode direction marks Windows puts into localized dates. */
const MARKS = /[\u200e\u200f\u202a-\u202e]/g;

export function parseEventTime(date: string | undefined, time: string | undefined): ParsedTime | undefined {
  const t = (time ?? '').replace(MARKS, '').trim();
  if (!date) {
    const iso = parseTs(t);
    return Number.isNaN(iso) ? undefined : { us: iso, approximate: false };
  }
  const d = parseLocalDate(date.replace(MARKS, '').trim());
  const clock = parseClock(t);
  if (!d || clock === undefined) return undefined;
  const ms = Date.UTC(d.y, d.m - 1, d.d) + clock;
  return Number.isFinite(ms) ? { us: ms * 1000, approximate: true } : undefined;
}

function parseLocalDate(s: string): { y: number; m: number; d: number } | undefined {
  let m = /^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})$/.exec(s);
  if (m) return valid(+m[1]!, +m[2]!, +m[3]!);
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (!m) return undefined;
  const a = +m[1]!;
  const b = +m[2]!;
  const y = +m[3]!;
  // month first (en-US) unless that cannot be a date (23/8/2015)
  return valid(y, a, b) ?? valid(y, b, a);
}

function valid(y: number, m: number, d: number): { y: number; m: number; d: number } | undefined {
  return m >= 1 && m <= 12 && d >= 1 && d <= 31 ? { y, m, d } : undefined;
}

/** Milliseconds since midnight from "11:52:54 PM", "23:52:54", "午後 11:52:54", "午前0:05:00". */
function parseClock(s: string): number | undefined {
  const m = /^(午前|午後)?\s*(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,](\d{1,7}))?\s*(AM|PM|午前|午後)?$/i.exec(s);
  if (!m) return undefined;
  let h = +m[2]!;
  const marker = (m[1] ?? m[6] ?? '').toUpperCase();
  if (h > 23 || +m[3]! > 59 || +(m[4] ?? 0) > 59) return undefined;
  if (marker === 'PM' || marker === '午後') h = (h % 12) + 12;
  else if (marker === 'AM' || marker === '午前') h = h % 12;
  const frac = Number(`0.${m[5] ?? '0'}`);
  return ((h * 60 + +m[3]!) * 60 + +(m[4] ?? 0)) * 1000 + Math.round(frac * 1000);
}
