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

export { localTime } from '../../core/time-format.ts';

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
