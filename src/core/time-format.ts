/** Timestamps as Hayabusa prints them: `YYYY-MM-DD HH:mm:ss.sss +hh:mm` in a chosen IANA zone. */
const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = cache.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZoneName: 'longOffset',
    });
    cache.set(tz, f);
  }
  return f;
}

export function isValidTimeZone(tz: string): boolean {
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

const offsets = new Map<string, Map<number, number>>();
const HALF_HOUR_MS = 1_800_000;

/** The zone's UTC offset in minutes at `ms`; zones change offset only on half-hour boundaries, so it is cached per half hour. */
function offsetMinutes(ms: number, tz: string): number {
  let byZone = offsets.get(tz);
  if (!byZone) offsets.set(tz, (byZone = new Map()));
  const bucket = Math.floor(ms / HALF_HOUR_MS);
  let off = byZone.get(bucket);
  if (off === undefined) {
    const p: Record<string, string> = {};
    for (const part of formatter(tz).formatToParts(new Date(ms))) p[part.type] = part.value;
    const local = Date.UTC(
      Number(p.year),
      Number(p.month) - 1,
      Number(p.day),
      Number(p.hour),
      Number(p.minute),
      Number(p.second),
    );
    off = Math.round((local - Math.floor(ms / 1000) * 1000) / 60_000);
    if (byZone.size > 100_000) byZone.clear();
    byZone.set(bucket, off);
  }
  return off;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

export function formatLocal(us: number, tz = 'UTC'): string {
  if (!Number.isFinite(us)) return '';
  const ms = Math.floor(us / 1000);
  if (Number.isNaN(new Date(ms).getTime())) return '';
  const off = offsetMinutes(ms, tz);
  const d = new Date(ms + off * 60_000);
  if (Number.isNaN(d.getTime())) return '';
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)} ${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

/** The machine's zone (what Hayabusa uses by default). */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

const ISO_Z = /\b(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z(?![\w:])/g;
const WITH_OFFSET = /\b(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})(:\d{2}(?:\.\d{1,6})?)? ([+-]\d{2}):(\d{2})(?![\d:])/g;

/**
 * A sentence with every time stamp in it shown in `tz`: ISO UTC stamps ("2026-10-14T01:06:55.2625Z")
 * become "2026-10-14 10:06:55 +09:00"; stamps that carry an offset ("2026-10-14 10:06 +09:00", as
 * sentences are written) move to `tz` with the precision they had. Every stamp names its instant, so
 * nothing is guessed.
 */
export function zoneSentence(text: string, tz: string): string {
  if (!text || !/\d{4}-\d{2}-\d{2}/.test(text)) return text;
  return text
    .replace(ISO_Z, (all, d: string, hms: string) => {
      const ms = Date.parse(`${d}T${hms}Z`);
      return Number.isNaN(ms)
        ? all
        : `${formatLocal(ms * 1000, tz).slice(0, 19)} ${formatLocal(ms * 1000, tz).slice(24)}`;
    })
    .replace(WITH_OFFSET, (all, d: string, hm: string, sec: string | undefined, oh: string, om: string) => {
      const ms = Date.parse(`${d}T${hm}${sec ?? ':00'}${oh}:${om}`);
      if (Number.isNaN(ms)) return all;
      const s = formatLocal(ms * 1000, tz);
      const width = sec === undefined ? 16 : sec.length > 3 ? 19 + (sec.length - 3) : 19;
      return `${s.slice(0, Math.min(width, 23))} ${s.slice(24)}`;
    });
}

const calendars = new Map<string, Intl.DateTimeFormat>();
const WEEKDAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export interface LocalTime {
  year: number;
  month: number;
  day: number;
  /** YYYY-MM-DD */
  date: string;
  /** minute of the day */
  minute: number;
  /** 0 = Sunday */
  weekday: number;
}

/** The local calendar date, minute of the day and weekday of an epoch-µs time in an IANA zone (throws on an unknown zone). */
export function localTime(us: number, tz: string): LocalTime {
  let f = calendars.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
    });
    calendars.set(tz, f);
  }
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(new Date(Math.floor(us / 1000)))) p[part.type] = part.value;
  return {
    year: Number(p.year),
    month: Number(p.month),
    day: Number(p.day),
    date: `${p.year}-${p.month}-${p.day}`,
    minute: Number(p.hour) * 60 + Number(p.minute),
    weekday: WEEKDAY_NAMES.indexOf(p.weekday ?? ''),
  };
}
