/**
 * Which time zone the organisation's evidence speaks. Clues come from time stamps that carry their
 * offset (Squid and web `[…+0900]`, Suricata EVE, RFC 3339 syslog), from the Windows time zone of
 * System event 6013, from journal zone abbreviations, and from pairing zone-less logs with dated
 * evidence of the same host. The zone is the one IANA zone that agrees with every clue at the
 * moment of each clue (so summer time is checked); when none does, the clues disagree and the caller
 * falls back and says why.
 */

export interface ZoneClue {
  /** where it comes from (a file, a format), for the message */
  source: string;
  kind: 'offset' | 'windows' | 'pairing' | 'abbreviation';
  /** a zone the clue names (Windows time zone, journal abbreviation) */
  zone?: string;
  /** the UTC offset in minutes the clue observed at `atUs` */
  offsetMin?: number;
  atUs?: number;
}

export type ZoneDecision =
  | { zone: string; sources: string[]; offsets: string[] }
  | { conflict: Array<{ offset: string; sources: string[] }> };

/** Zones preferred when several fit the clues (an offset alone does not name a zone). */
const PREFERRED = [
  'Asia/Tokyo',
  'UTC',
  'Asia/Seoul',
  'Asia/Shanghai',
  'Asia/Taipei',
  'Asia/Hong_Kong',
  'Asia/Singapore',
  'Asia/Bangkok',
  'Asia/Jakarta',
  'Asia/Kolkata',
  'Asia/Dubai',
  'Europe/London',
  'Europe/Berlin',
  'Europe/Paris',
  'Europe/Helsinki',
  'Europe/Moscow',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Phoenix',
  'America/Los_Angeles',
  'America/Anchorage',
  'Pacific/Honolulu',
  'America/Sao_Paulo',
  'America/Argentina/Buenos_Aires',
  'America/Mexico_City',
  'Australia/Sydney',
  'Australia/Perth',
  'Pacific/Auckland',
];

const fmts = new Map<string, Intl.DateTimeFormat>();

/** The UTC offset of `zone` at `ms`, in minutes; NaN for an unknown zone. */
export function zoneOffsetMinutes(zone: string, ms: number): number {
  let f = fmts.get(zone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    } catch {
      return NaN;
    }
    fmts.set(zone, f);
  }
  const name = f.formatToParts(new Date(ms)).find((p) => p.type === 'timeZoneName')?.value ?? '';
  const m = /GMT(?:([+-])(\d{1,2})(?::(\d{2}))?)?$/.exec(name);
  if (!m) return NaN;
  if (!m[1]) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
}

/** "+09:00" */
export function offsetText(min: number): string {
  const a = Math.abs(min);
  return `${min < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/** "+0900", "+09:00", "-03", "Z" → minutes; undefined when not an offset. */
export function parseOffset(s: string): number | undefined {
  if (s === 'Z' || s === 'z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(s);
  if (!m) return undefined;
  const v = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return v > 14 * 60 ? undefined : m[1] === '-' ? -v : v;
}

/** Moments at which named zones are compared with each other: each clue's, and one per month of its year. */
function probeTimes(clues: ZoneClue[]): number[] {
  const times = new Set<number>();
  for (const c of clues) if (c.atUs !== undefined && Number.isFinite(c.atUs)) times.add(Math.floor(c.atUs / 1000));
  const base = times.size ? [...times][0]! : Date.now();
  const y = new Date(base).getUTCFullYear();
  for (let m = 0; m < 12; m++) times.add(Date.UTC(y, m, 15));
  return [...times];
}

function fits(zone: string, clues: ZoneClue[], probes: number[]): boolean {
  for (const c of clues) {
    if (c.offsetMin !== undefined && c.atUs !== undefined) {
      if (zoneOffsetMinutes(zone, c.atUs / 1000) !== c.offsetMin) return false;
    }
    if (c.zone !== undefined && c.zone !== zone) {
      for (const t of probes) if (zoneOffsetMinutes(zone, t) !== zoneOffsetMinutes(c.zone, t)) return false;
    }
  }
  return true;
}

/** The zone every clue agrees with, or the groups of clues that disagree; undefined without clues. */
export function decideZone(clues: ZoneClue[]): ZoneDecision | undefined {
  const usable = clues.filter((c) => c.zone !== undefined || (c.offsetMin !== undefined && c.atUs !== undefined));
  if (!usable.length) return undefined;
  const probes = probeTimes(usable);
  const named = [...new Set(usable.map((c) => c.zone).filter((z): z is string => z !== undefined))];
  let all: string[] = [];
  try {
    all = Intl.supportedValuesOf('timeZone');
  } catch {
    // an old runtime: the preferred list only
  }
  const chosen = [...named, ...PREFERRED, ...all].find((z) => fits(z, usable, probes)) ?? fixedZone(usable);
  const sources = [...new Set(usable.map((c) => c.source))];
  if (chosen) {
    const offsets = [...new Set(usable.map((c) => offsetText(c.offsetMin ?? zoneOffsetMinutes(c.zone!, probes[0]!))))];
    return { zone: chosen, sources, offsets };
  }
  const groups = new Map<string, Set<string>>();
  for (const c of usable) {
    const o = offsetText(c.offsetMin ?? zoneOffsetMinutes(c.zone!, c.atUs !== undefined ? c.atUs / 1000 : probes[0]!));
    const label = c.zone ? `${o} ${c.zone}` : o;
    if (!groups.has(label)) groups.set(label, new Set());
    groups.get(label)!.add(c.source);
  }
  return { conflict: [...groups].map(([offset, s]) => ({ offset, sources: [...s] })) };
}

/** Etc/GMT±N for clues that all saw one whole-hour offset and no named zone fits (a zone without summer time). */
function fixedZone(clues: ZoneClue[]): string | undefined {
  if (clues.some((c) => c.zone !== undefined)) return undefined;
  const offsets = new Set(clues.map((c) => c.offsetMin));
  if (offsets.size !== 1) return undefined;
  const o = [...offsets][0]!;
  if (o % 60 !== 0) return undefined;
  // POSIX-style names: Etc/GMT-9 is nine hours ahead of UTC
  return o === 0 ? 'UTC' : `Etc/GMT${o > 0 ? '-' : '+'}${Math.abs(o / 60)}`;
}
