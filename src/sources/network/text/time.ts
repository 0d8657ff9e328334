/**
 * Wall-clock stamps of network logs to epoch µs UTC: local times in an IANA zone (without a date
 * library: the zone offset comes from Intl and is cached per hour), and year-less syslog stamps
 * resolved against the file's mtime.
 */

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

/** 1..12 for an English month abbreviation (any case), 0 otherwise. */
export function monthNumber(name: string): number {
  return MONTHS[name.slice(0, 3).toLowerCase()] ?? 0;
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, number>();

/** Offset (ms) of `zone` from UTC at the UTC instant `ms`; 0 for UTC or an unknown zone. */
export function zoneOffsetMs(zone: string, ms: number): number {
  if (zone === 'UTC' || zone === 'Etc/UTC') return 0;
  const hourKey = `${zone}|${Math.floor(ms / 3_600_000)}`;
  const hit = offsetCache.get(hourKey);
  if (hit !== undefined) return hit;
  let f = offsetFormatters.get(zone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      return 0;
    }
    offsetFormatters.set(zone, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(new Date(ms))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  const off = asUtc - (ms - (ms % 1000));
  if (offsetCache.size > 10_000) offsetCache.clear();
  offsetCache.set(hourKey, off);
  return off;
}

/**
 * Epoch µs of a wall-clock time in `zone` (month 1-based). NaN when out of range.
 * Around a DST change the earlier of two readings wins, as most tools do.
 */
export function localToUs(
  zone: string,
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  us = 0,
): number {
  if (!(mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h >= 0 && h <= 24 && mi >= 0 && mi <= 59 && s >= 0 && s <= 60))
    return NaN;
  if (!(y >= 1970 && y <= 2200)) return NaN;
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  if (Number.isNaN(wall)) return NaN;
  let utc = wall;
  if (zone !== 'UTC' && zone !== 'Etc/UTC') {
    const off1 = zoneOffsetMs(zone, wall);
    utc = wall - off1;
    const off2 = zoneOffsetMs(zone, utc);
    if (off2 !== off1) utc = wall - off2;
  }
  return utc * 1000 + us;
}

/** Fraction digits ("123", "123456") to microseconds. */
export function fractionUs(frac: string | undefined): number {
  if (!frac) return 0;
  return Number((frac + '000000').slice(0, 6));
}

/** RFC 3339 / ISO 8601 with or without zone ("2022-09-06T18:37:34+02:00", "...Z", "2009-11-24T21:27:09.534255") → µs; no zone → `zone`. */
export function isoToUs(text: string, zone = 'UTC'): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/i.exec(text);
  if (!m) return NaN;
  const us = fractionUs(m[7]);
  if (!m[8]) return localToUs(zone, +m[1], +m[2], +m[3], +m[4], +m[5], +m[6], us);
  const base = localToUs('UTC', +m[1], +m[2], +m[3], +m[4], +m[5], +m[6], us);
  if (m[8].toUpperCase() === 'Z') return base;
  const sign = m[8][0] === '-' ? -1 : 1;
  const digits = m[8].replace(':', '');
  const offMin = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5));
  return base - sign * offMin * 60_000_000;
}

/** Epoch seconds text ("1157689312.049", "1588205199.82437") → µs, NaN when not a number. */
export function epochSecondsToUs(text: string): number {
  const dot = text.indexOf('.');
  const intPart = dot < 0 ? text : text.slice(0, dot);
  if (!/^\d{1,12}$/.test(intPart)) return NaN;
  const frac = dot < 0 ? '' : text.slice(dot + 1);
  if (frac && !/^\d{1,9}$/.test(frac)) return NaN;
  return Number(intPart) * 1_000_000 + fractionUs(frac);
}

/** Epoch seconds as a JSON number → µs (rounded to the µs). */
export function epochNumberToUs(n: number): number {
  return Number.isFinite(n) ? Math.round(n * 1_000_000) : NaN;
}
