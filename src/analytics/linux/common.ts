/** Small helpers shared by the Linux analyzers: field access, evidence refs, local time. */
import type { Event } from '../../core/event.ts';
import type { EvidenceRef } from '../../core/finding.ts';

export function str(e: Event, name: string): string | undefined {
  const v = e.fields[name];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

export function num(e: Event, name: string): number | undefined {
  const v = e.fields[name];
  return typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : undefined;
}

export function isLinux(e: Event): boolean {
  return e.logsource.product === 'linux';
}

export function ref(e: Event): EvidenceRef {
  const r: EvidenceRef = { file: e.source.file };
  if (e.source.record !== undefined) r.record = e.source.record;
  if (e.source.offset !== undefined) r.offset = e.source.offset;
  if (e.source.line !== undefined) r.line = e.source.line;
  if (Number.isFinite(e.ts)) r.ts = e.ts;
  return r;
}

/** The host an event happened on: syslog hostname, else the event's host, else null. */
export function hostOf(e: Event): string | null {
  return e.host ?? str(e, 'hostname') ?? str(e, 'node') ?? null;
}

/** The remote peer: an IP when known, else a host name. */
export function peerOf(e: Event): string | undefined {
  const ip = str(e, 'src_ip');
  if (ip && ip !== '?' && ip !== '0.0.0.0') return ip;
  const rh = str(e, 'rhost');
  return rh && rh !== '?' ? rh : undefined;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Local date (YYYY-MM-DD), minute of the day and weekday (0 = Sunday) of an epoch-µs time in a zone. */
export function localTime(us: number, tz: string): { date: string; minute: number; weekday: number } {
  let f = formatters.get(tz);
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
    formatters.set(tz, f);
  }
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(new Date(Math.floor(us / 1000)))) p[part.type] = part.value;
  return {
    date: `${p.year}-${p.month}-${p.day}`,
    minute: Number(p.hour) * 60 + Number(p.minute),
    weekday: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(p.weekday ?? ''),
  };
}

/** Keeps the first `max` items and counts the rest. */
export class Capped<T> {
  readonly items: T[] = [];
  total = 0;
  constructor(private readonly max: number) {}
  push(x: T): void {
    this.total++;
    if (this.items.length < this.max) this.items.push(x);
  }
}

export function minTs(a: number, b: number): number {
  return !Number.isFinite(a) ? b : !Number.isFinite(b) ? a : Math.min(a, b);
}
export function maxTs(a: number, b: number): number {
  return !Number.isFinite(a) ? b : !Number.isFinite(b) ? a : Math.max(a, b);
}
