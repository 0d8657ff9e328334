/** Pieces every export shares: an output sink with backpressure, times, stable ids, flattening. */
import { createHash } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { formatTs } from '../core/event.ts';

/** Where an export writes: a file, or stdout. Writes wait for the stream to drain. */
export interface Sink {
  write(s: string): Promise<void> | void;
  close(): Promise<void>;
}

export function streamSink(stream: NodeJS.WritableStream, closeStream: boolean): Sink {
  return {
    write(s) {
      if (!s) return;
      if (!stream.write(s)) return new Promise((r) => stream.once('drain', () => r()));
    },
    close() {
      if (!closeStream) return Promise.resolve();
      return new Promise((r) => (stream as WriteStream).end(() => r()));
    },
  };
}

export function fileSink(path: string): Sink {
  return streamSink(createWriteStream(path), true);
}

/** Collects text in memory (tests, and small documents that are built whole). */
export class TextSink implements Sink {
  text = '';
  write(s: string): void {
    this.text += s;
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** Batches small writes into larger ones (a write per row costs more than the row). */
export class Buffered {
  private buf = '';
  constructor(
    private readonly sink: Sink,
    private readonly size = 1 << 16,
  ) {}
  async add(s: string): Promise<void> {
    this.buf += s;
    if (this.buf.length >= this.size) await this.flush();
  }
  async flush(): Promise<void> {
    if (!this.buf) return;
    const b = this.buf;
    this.buf = '';
    await this.sink.write(b);
  }
}

/** ISO 8601 UTC with microseconds and an explicit +00:00 offset (Timesketch's example form); '' when unknown. */
export function isoOffset(us: number): string {
  const s = formatTs(us);
  return s ? `${s.slice(0, -1)}+00:00` : '';
}

/** ISO 8601 UTC with milliseconds and Z (`@timestamp` of ECS, STIX timestamps); '' when unknown. */
export function isoMillis(us: number): string {
  if (!Number.isFinite(us)) return '';
  const d = new Date(Math.floor(us / 1000));
  return Number.isNaN(d.getTime()) ? '' : d.toISOString();
}

/** Epoch milliseconds (OCSF `timestamp_t`), or undefined. */
export function epochMillis(us: number): number | undefined {
  return Number.isFinite(us) ? Math.floor(us / 1000) : undefined;
}

/** RFC 4122 version 5 UUID (SHA-1, name-based): the same input gives the same id in every export. */
export function uuid5(name: string, namespace = KONSEKI_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const h = createHash('sha1').update(ns).update(name, 'utf8').digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}
/** konseki's own name-space for uuid5: itself uuid5 of "https://github.com/konseki" in RFC 4122's URL name-space. */
export const KONSEKI_NAMESPACE = 'c76da35d-291d-536f-b3e3-445575255a4c';

export type Flat = Record<string, string | number | boolean>;

/**
 * Nested objects and arrays to one level of dotted keys (`a.b`, `list.0`) with scalar values, as
 * Timesketch's importer needs. Bounded: depth, keys and value length are capped; null is left out.
 */
export function flatten(value: unknown, prefix: string, out: Flat, depth = 0): Flat {
  if (Object.keys(out).length >= MAX_FLAT_KEYS) return out;
  if (value === null || value === undefined) return out;
  if (typeof value === 'string') {
    out[prefix] = value.length > MAX_FLAT_VALUE ? `${value.slice(0, MAX_FLAT_VALUE)}…` : value;
    return out;
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    out[prefix] = value;
    return out;
  }
  if (depth >= 8) {
    out[prefix] = JSON.stringify(value).slice(0, MAX_FLAT_VALUE);
    return out;
  }
  if (Array.isArray(value)) {
    // lists of scalars read best as one value, as Hayabusa joins them
    if (value.every((v) => v === null || typeof v !== 'object')) {
      out[prefix] = value.map((v) => String(v)).join(', ');
      return out;
    }
    value.forEach((v, i) => flatten(v, prefix ? `${prefix}.${i}` : String(i), out, depth + 1));
    return out;
  }
  for (const [k, v] of Object.entries(value as Record<string, unknown>))
    flatten(v, prefix ? `${prefix}.${k}` : k, out, depth + 1);
  return out;
}
const MAX_FLAT_KEYS = 2000;
const MAX_FLAT_VALUE = 32_000;

/** obj[key] = value, also for "__proto__" (field names come from evidence). */
export function setKey(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}
