/**
 * Broken-down times in an IANA zone and the C formats the login tools print (ctime, strftime
 * subsets). Times are epoch seconds; null when outside what a Date can hold.
 */
export interface Tm {
  year: number;
  /** 1..12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday */
  weekday: number;
  /** offset from UTC in seconds */
  gmtoff: number;
}

export const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(tz, f);
  }
  return f;
}

function utcTm(sec: number): Tm | null {
  const d = new Date(sec * 1000);
  if (Number.isNaN(d.getTime())) return null;
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    weekday: d.getUTCDay(),
    gmtoff: 0,
  };
}

/** gmtime / localtime in `tz` (UTC when tz is 'UTC' or empty). */
export function toTm(sec: number, tz = 'UTC'): Tm | null {
  if (!Number.isFinite(sec) || Math.abs(sec) > 8.64e12) return null;
  const s = Math.floor(sec);
  if (!tz || tz === 'UTC' || tz === 'Etc/UTC') return utcTm(s);
  const p: Record<string, string> = {};
  for (const part of formatter(tz).formatToParts(new Date(s * 1000))) p[part.type] = part.value;
  let year = Number(p.year);
  if (p.era === 'BC') year = 1 - year;
  const local = {
    year,
    month: Number(p.month),
    day: Number(p.day),
    hour: Number(p.hour),
    minute: Number(p.minute),
    second: Number(p.second),
  };
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second) / 1000;
  const wd = new Date(asUtc * 1000).getUTCDay();
  return { ...local, weekday: wd, gmtoff: asUtc - s };
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** ctime(3) without the newline: "Thu Oct 28 03:32:50 2021". */
export function ctimeText(tm: Tm): string {
  return `${WEEKDAYS[tm.weekday]} ${MONTHS[tm.month - 1]}${String(tm.day).padStart(3, ' ')} ${pad2(tm.hour)}:${pad2(tm.minute)}:${pad2(tm.second)} ${tm.year}`;
}

/** strftime %z: +0900 */
export function zoneText(gmtoff: number): string {
  const sign = gmtoff < 0 ? '-' : '+';
  const a = Math.abs(Math.trunc(gmtoff / 60));
  return `${sign}${pad2(Math.floor(a / 60))}${pad2(a % 60)}`;
}

/** A small strftime: %a %b %d %e %H %M %S %T %D %Y %y %z %%. */
export function strftime(fmt: string, tm: Tm): string {
  return fmt.replace(/%([abdeHMSTDYyz%])/g, (_all, c: string) => {
    switch (c) {
      case 'a':
        return WEEKDAYS[tm.weekday];
      case 'b':
        return MONTHS[tm.month - 1];
      case 'd':
        return pad2(tm.day);
      case 'e':
        return String(tm.day).padStart(2, ' ');
      case 'H':
        return pad2(tm.hour);
      case 'M':
        return pad2(tm.minute);
      case 'S':
        return pad2(tm.second);
      case 'T':
        return `${pad2(tm.hour)}:${pad2(tm.minute)}:${pad2(tm.second)}`;
      case 'D':
        return `${pad2(tm.month)}/${pad2(tm.day)}/${pad2(((tm.year % 100) + 100) % 100)}`;
      case 'Y':
        return String(tm.year);
      case 'y':
        return pad2(((tm.year % 100) + 100) % 100);
      case 'z':
        return zoneText(tm.gmtoff);
      default:
        return '%';
    }
  });
}

/** Local wall-clock fields → epoch seconds in `tz` (the earlier instant when ambiguous). */
export function fromLocal(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  tz = 'UTC',
): number {
  const guess = Date.UTC(year, month - 1, day, hour, minute, second) / 1000;
  if (!tz || tz === 'UTC') return guess;
  let t = guess;
  for (let i = 0; i < 3; i++) {
    const tm = toTm(t, tz);
    if (!tm) return NaN;
    const shown = Date.UTC(tm.year, tm.month - 1, tm.day, tm.hour, tm.minute, tm.second) / 1000;
    if (shown === guess) return t;
    t += guess - shown;
  }
  return t;
}
