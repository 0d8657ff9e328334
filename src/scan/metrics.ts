/** `konseki metrics`: event counts by event id/channel, by computer, and per file, merged across workers. */
import type { Event } from '../core/event.ts';

export interface MetricRow {
  key: string[];
  count: number;
  first: number;
  last: number;
}
export type MetricsBy = 'eid' | 'computer' | 'file';

export function metricKey(e: Event, by: MetricsBy): string[] {
  const f = e.fields;
  const channel =
    typeof f.Channel === 'string' ? f.Channel : (e.logsource.category ?? e.logsource.service ?? e.source.format);
  const id = f.EventID ?? '';
  if (by === 'computer') return [e.host ?? '-'];
  if (by === 'file') return [e.source.file, e.host ?? '-'];
  return [channel, String(id), typeof f.Provider_Name === 'string' ? f.Provider_Name : ''];
}

export class Metrics {
  readonly rows = new Map<string, MetricRow>();
  add(key: string[], ts: number, count = 1, last = ts): void {
    const k = key.join('\u0000');
    const r = this.rows.get(k);
    if (!r) {
      this.rows.set(k, { key, count, first: ts, last });
      return;
    }
    r.count += count;
    if (ts < r.first || Number.isNaN(r.first)) r.first = ts;
    if (last > r.last || Number.isNaN(r.last)) r.last = last;
  }
  merge(rows: MetricRow[]): void {
    for (const r of rows) this.add(r.key, r.first, r.count, r.last);
  }
  sorted(): MetricRow[] {
    return [...this.rows.values()].sort((a, b) => b.count - a.count || a.key.join().localeCompare(b.key.join()));
  }
}
