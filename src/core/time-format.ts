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
