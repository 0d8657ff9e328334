/** Times in the organisation's zone (case.json), as the timeline files print them, and byte counts. */
let zone = 'UTC';
const formatters = new Map<string, Intl.DateTimeFormat>();

export function setZone(z: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: z });
    zone = z;
  } catch {
    zone = 'UTC';
  }
}
export function getZone(): string {
  return zone;
}

function fmt(z: string): Intl.DateTimeFormat {
  let f = formatters.get(z);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: z,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZoneName: 'longOffset',
    });
    formatters.set(z, f);
  }
  return f;
}

function parts(ms: number): Record<string, string> {
  const p: Record<string, string> = {};
  for (const x of fmt(zone).formatToParts(new Date(ms))) p[x.type] = x.value;
  return p;
}

/** `2026-10-14 10:05:02.035` (with ` +09:00` when `offset`), from epoch µs. */
export function time(us: unknown, offset = false): string {
  const n = typeof us === 'string' ? Number(us) : (us as number);
  if (typeof n !== 'number' || !Number.isFinite(n)) return '-';
  const ms = Math.floor(n / 1000);
  const p = parts(ms);
  const frac = String(((ms % 1000) + 1000) % 1000).padStart(3, '0');
  const off = (p.timeZoneName ?? '').replace('GMT', '') || '+00:00';
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}.${frac}${offset ? ` ${off}` : ''}`;
}

/** The zone's offset at an instant, in minutes. */
function offsetAt(ms: number): number {
  const p = parts(ms);
  const local = Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, +p.second!);
  return Math.round((local - Math.floor(ms / 1000) * 1000) / 60000);
}

/** `YYYY-MM-DDTHH:mm` in the zone, for datetime-local inputs. */
export function toLocalInput(us: number | undefined): string {
  if (us === undefined || !Number.isFinite(us)) return '';
  return time(us).slice(0, 16).replace(' ', 'T');
}

/** A datetime-local value (in the zone) to epoch µs. */
export function fromLocalInput(v: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(v);
  if (!m) return undefined;
  const guess = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0));
  let ms = guess - offsetAt(guess) * 60000;
  ms = guess - offsetAt(ms) * 60000;
  return ms * 1000;
}

export function bytes(n: unknown): string {
  const v = typeof n === 'string' ? Number(n) : (n as number);
  if (typeof v !== 'number' || !Number.isFinite(v)) return '-';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let x = v;
  let u = 0;
  while (x >= 1024 && u < units.length - 1) {
    x /= 1024;
    u++;
  }
  return u === 0 ? `${v} B` : `${x.toFixed(1)} ${units[u]}`;
}

export function num(n: unknown): string {
  const v = typeof n === 'string' ? Number(n) : (n as number);
  return typeof v === 'number' && Number.isFinite(v) ? v.toLocaleString('en-US') : '-';
}

export function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '-';
  if (seconds < 120) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  if (seconds < 7200) return `${(seconds / 60).toFixed(1)} min`;
  if (seconds < 172800) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86400).toFixed(1)} d`;
}
