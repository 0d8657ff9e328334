/**
 * Sigma correlations (and Sigma 1 `| count() by` aggregations) over hits that arrive in any order.
 * Hits are kept per rule; `finish()` sorts each group by time and evaluates every correlation, inner ones
 * first (their firings are the events of the correlations that name them).
 *
 * Windows slide (they are not cut at fixed boundaries). For conditions that only grow with more events
 * (gt/gte on counts, distinct counts and rule sets), a correlation fires at the first event where some
 * window of `timespan` ending there satisfies it; the events of that window are consumed and counting
 * starts again after them. Other conditions (lt, lte, eq, neq, ranges, averages, percentiles) are judged
 * on whole windows: for each event in time order, the window starting there and lasting `timespan`;
 * a satisfied window fires and is consumed. temporal_ordered fires when the rules occur in the listed
 * order (equal times count as ordered) within `timespan`, keeping the latest possible start.
 */
import type { FieldValue, SourceRef } from '../core/event.ts';
import type { Detection } from '../core/finding.ts';
import { toNumber } from './matchers.ts';
import { referenceIndex } from './references.ts';
import { ruleInfo } from './ruleset.ts';
import type {
  AggregationDoc,
  CompareDoc,
  CorrelationDoc,
  CorrelationInput,
  CorrelationResult,
  CorrelationType,
  RuleDoc,
} from './types.ts';

export const MAX_RELATED = 50;
/** event times are epoch µs, timespans seconds */
const US = 1_000_000;

/** One event as a correlation sees it: a base hit, or an inner correlation's firing. */
interface CEvent {
  ts: number;
  seq: number;
  /** which entry of the correlation's `rules` it satisfies */
  slot: number;
  values: Record<string, FieldValue>;
  refs: SourceRef[];
  refCount: number;
  hosts: string[];
}

interface Spec {
  index: number;
  doc: RuleDoc;
  type: CorrelationType | 'aggregation';
  /** referenced rule/correlation indexes, by slot */
  slots: number[];
  groupBy: string[];
  /** group-by field name per slot */
  fieldsBySlot: string[][];
  value?: string[];
  func?: AggregationDoc['func'];
  timespan: number;
  compare: CompareDoc[];
}

export class Correlator {
  private inputs = new Map<number, CorrelationInput[]>();
  private specs: Spec[] = [];
  private seq = 0;

  constructor(private docs: RuleDoc[]) {
    const byRef = referenceIndex(docs);
    for (const d of docs) {
      if (d.kind === 'correlation') {
        const slots = d.rules.map((r) => byRef.get(r)!.index);
        const fieldsBySlot = slots.map((s) => d.groupBy.map((g) => aliasField(d, g, docs[s]!)));
        this.specs.push({
          index: d.index,
          doc: d,
          type: d.type,
          slots,
          groupBy: d.groupBy,
          fieldsBySlot,
          value: d.field,
          timespan: d.timespan * US,
          compare: d.compare,
        });
      } else if (d.kind === 'rule' && d.aggregation) {
        const a = d.aggregation;
        const type: Spec['type'] = 'aggregation';
        this.specs.push({
          index: d.index,
          doc: d,
          type,
          slots: [d.index],
          groupBy: a.groupBy,
          fieldsBySlot: [a.groupBy],
          value: a.field ? [a.field] : undefined,
          func: a.func,
          timespan: a.timespan * US,
          compare: [a.compare],
        });
      }
    }
  }

  /** Rule indexes whose hits this correlator needs. */
  get wanted(): Set<number> {
    const out = new Set<number>();
    for (const s of this.specs) for (const r of s.slots) if (this.docs[r]?.kind === 'rule') out.add(r);
    return out;
  }

  add(input: CorrelationInput): void {
    const list = this.inputs.get(input.rule);
    if (list) list.push(input);
    else this.inputs.set(input.rule, [input]);
  }

  finish(): CorrelationResult[] {
    const results = new Map<number, CorrelationResult[]>();
    const done = new Set<number>();
    const all: CorrelationResult[] = [];
    const evaluate = (spec: Spec, depth: number): void => {
      if (done.has(spec.index) || depth > 64) return;
      for (const s of spec.slots) {
        const inner = this.specs.find((x) => x.index === s && x.type !== 'aggregation');
        if (inner) evaluate(inner, depth + 1);
      }
      done.add(spec.index);
      const out = this.run(spec, results);
      results.set(spec.index, out);
      all.push(...out);
    };
    for (const spec of this.specs) evaluate(spec, 0);
    return all.sort((a, b) => a.ts - b.ts || a.rule - b.rule);
  }

  private eventsOf(spec: Spec, results: Map<number, CorrelationResult[]>): CEvent[] {
    const out: CEvent[] = [];
    spec.slots.forEach((r, slot) => {
      const doc = this.docs[r]!;
      if (doc.kind === 'correlation') {
        for (const res of results.get(r) ?? []) {
          out.push({
            ts: res.ts,
            seq: this.seq++,
            slot,
            values: res.group,
            refs: res.related,
            refCount: res.relatedCount,
            hosts: res.hosts,
          });
        }
      } else {
        for (const h of this.inputs.get(r) ?? []) {
          out.push({
            ts: h.ts,
            seq: this.seq++,
            slot,
            values: h.values,
            refs: [h.source],
            refCount: 1,
            hosts: h.host ? [h.host] : [],
          });
        }
      }
    });
    return out;
  }

  private run(spec: Spec, results: Map<number, CorrelationResult[]>): CorrelationResult[] {
    const groups = new Map<string, CEvent[]>();
    for (const e of this.eventsOf(spec, results)) {
      if (!Number.isFinite(e.ts)) continue;
      const key = JSON.stringify(spec.fieldsBySlot[e.slot]!.map((f) => text(e.values[f])));
      const g = groups.get(key);
      if (g) g.push(e);
      else groups.set(key, [e]);
    }
    const out: CorrelationResult[] = [];
    for (const events of groups.values()) {
      events.sort((a, b) => a.ts - b.ts || a.seq - b.seq);
      const group: Record<string, string> = {};
      spec.groupBy.forEach((g, i) => (group[g] = text(events[0]!.values[spec.fieldsBySlot[events[0]!.slot]![i]!])));
      for (const fired of spec.type === 'temporal_ordered' ? ordered(spec, events) : windows(spec, events))
        out.push(this.result(spec, group, fired.events, fired.value, fired.detail));
    }
    return out;
  }

  private result(
    spec: Spec,
    group: Record<string, string>,
    events: CEvent[],
    value: number,
    detail?: string,
  ): CorrelationResult {
    const related: SourceRef[] = [];
    let relatedCount = 0;
    const hosts = new Set<string>();
    for (const e of events) {
      relatedCount += e.refCount;
      for (const r of e.refs) if (related.length < MAX_RELATED) related.push(r);
      for (const h of e.hosts) if (hosts.size < 20) hosts.add(h);
    }
    const last = events[events.length - 1]!;
    return {
      rule: spec.index,
      info: ruleInfo(spec.doc),
      type: spec.type,
      ts: last.ts,
      first: events[0]!.ts,
      last: last.ts,
      group,
      value,
      related,
      relatedCount,
      hosts: [...hosts],
      detail,
    };
  }
}

function aliasField(c: CorrelationDoc, groupField: string, target: RuleDoc): string {
  const a = c.aliases[groupField];
  if (!a) return groupField;
  return (target.name && a[target.name]) || (target.id && a[target.id]) || groupField;
}

function text(v: FieldValue | undefined): string {
  if (v === undefined || v === null) return '';
  return Array.isArray(v) ? v.join(',') : String(v);
}

export function compare(c: CompareDoc[], v: number): boolean {
  for (const { op, value } of c) {
    const ok =
      op === 'gt'
        ? v > value
        : op === 'gte'
          ? v >= value
          : op === 'lt'
            ? v < value
            : op === 'lte'
              ? v <= value
              : op === 'eq'
                ? v === value
                : v !== value;
    if (!ok) return false;
  }
  return true;
}

interface Fired {
  events: CEvent[];
  value: number;
  detail?: string;
}

/** An aggregate over a window, updated as events enter and leave it. */
interface Agg {
  add(e: CEvent): void;
  remove(e: CEvent): void;
  /** the number the condition is tested on, and whether it holds */
  holds(): { ok: boolean; value: number; detail?: string };
  clear(): void;
}

function aggregate(spec: Spec): { agg: Agg; monotone: boolean } {
  const grows = spec.compare.length > 0 && spec.compare.every((c) => c.op === 'gt' || c.op === 'gte');
  const fields = spec.value ?? [];
  const type =
    spec.type === 'aggregation'
      ? spec.func === 'count'
        ? fields.length
          ? 'value_count'
          : 'event_count'
        : `agg_${spec.func}`
      : spec.type;
  const cond = (v: number): { ok: boolean; value: number } => ({ ok: compare(spec.compare, v), value: v });
  switch (type) {
    case 'event_count': {
      let n = 0;
      return {
        monotone: grows,
        agg: { add: () => void n++, remove: () => void n--, holds: () => cond(n), clear: () => void (n = 0) },
      };
    }
    case 'value_count': {
      const maps = fields.map(() => new Map<string, number>());
      const val = (e: CEvent, f: string): string | undefined => {
        const v = e.values[f];
        return v === undefined || v === null || v === '' ? undefined : text(v);
      };
      return {
        monotone: grows,
        agg: {
          add: (e) =>
            fields.forEach((f, i) => {
              const v = val(e, f);
              if (v !== undefined) maps[i]!.set(v, (maps[i]!.get(v) ?? 0) + 1);
            }),
          remove: (e) =>
            fields.forEach((f, i) => {
              const v = val(e, f);
              if (v === undefined) return;
              const n = (maps[i]!.get(v) ?? 1) - 1;
              if (n <= 0) maps[i]!.delete(v);
              else maps[i]!.set(v, n);
            }),
          holds: () => {
            const sizes = maps.map((m) => m.size);
            return { ok: sizes.every((s) => compare(spec.compare, s)), value: sizes[0] ?? 0 };
          },
          clear: () => maps.forEach((m) => m.clear()),
        },
      };
    }
    case 'value_sum':
    case 'value_avg':
    case 'agg_sum':
    case 'agg_avg': {
      let sum = 0;
      let n = 0;
      const num = (e: CEvent): number | undefined => {
        const v = e.values[fields[0]!];
        return typeof v === 'number' || typeof v === 'string' ? toNumber(v) : undefined;
      };
      const avg = type.endsWith('avg');
      return {
        monotone: false,
        agg: {
          add: (e) => {
            const x = num(e);
            if (x !== undefined) {
              sum += x;
              n++;
            }
          },
          remove: (e) => {
            const x = num(e);
            if (x !== undefined) {
              sum -= x;
              n--;
            }
          },
          holds: () => (n === 0 ? { ok: false, value: 0 } : cond(avg ? sum / n : sum)),
          clear: () => {
            sum = 0;
            n = 0;
          },
        },
      };
    }
    case 'agg_min':
    case 'agg_max': {
      const list: number[] = [];
      const num = (e: CEvent): number | undefined => {
        const v = e.values[fields[0]!];
        return typeof v === 'number' || typeof v === 'string' ? toNumber(v) : undefined;
      };
      return {
        monotone: false,
        agg: {
          add: (e) => {
            const x = num(e);
            if (x !== undefined) list.push(x);
          },
          remove: (e) => {
            const x = num(e);
            if (x !== undefined) list.splice(list.indexOf(x), 1);
          },
          holds: () =>
            list.length ? cond(type === 'agg_min' ? Math.min(...list) : Math.max(...list)) : { ok: false, value: 0 },
          clear: () => void (list.length = 0),
        },
      };
    }
    case 'value_percentile': {
      const counts = new Map<string, number>();
      let n = 0;
      const key = (e: CEvent): string => text(e.values[fields[0]!]);
      return {
        monotone: false,
        agg: {
          add: (e) => {
            counts.set(key(e), (counts.get(key(e)) ?? 0) + 1);
            n++;
          },
          remove: (e) => {
            const k = key(e);
            const c = (counts.get(k) ?? 1) - 1;
            if (c <= 0) counts.delete(k);
            else counts.set(k, c);
            n--;
          },
          holds: () => {
            for (const [v, c] of counts) {
              const share = (c / n) * 100;
              if (compare(spec.compare, share)) return { ok: true, value: share, detail: v };
            }
            return { ok: false, value: 0 };
          },
          clear: () => {
            counts.clear();
            n = 0;
          },
        },
      };
    }
    default: {
      // temporal: the number of distinct rules seen (all of them when there is no condition)
      const seen = new Map<number, number>();
      const all = spec.slots.length;
      const test = (k: number): { ok: boolean; value: number } => ({
        ok: spec.compare.length ? compare(spec.compare, k) : k >= all,
        value: k,
      });
      return {
        monotone: spec.compare.length === 0 || grows,
        agg: {
          add: (e) => void seen.set(e.slot, (seen.get(e.slot) ?? 0) + 1),
          remove: (e) => {
            const c = (seen.get(e.slot) ?? 1) - 1;
            if (c <= 0) seen.delete(e.slot);
            else seen.set(e.slot, c);
          },
          holds: () => test(seen.size),
          clear: () => seen.clear(),
        },
      };
    }
  }
}

/** Sliding windows (see the module comment). */
function windows(spec: Spec, ev: CEvent[]): Fired[] {
  const { agg, monotone } = aggregate(spec);
  const span = spec.timespan;
  const out: Fired[] = [];
  if (monotone) {
    let j = 0;
    for (let m = 0; m < ev.length; m++) {
      agg.add(ev[m]!);
      while (ev[m]!.ts - ev[j]!.ts > span) agg.remove(ev[j++]!);
      const h = agg.holds();
      if (h.ok) {
        out.push({ events: ev.slice(j, m + 1), value: h.value, detail: h.detail });
        agg.clear();
        j = m + 1;
      }
    }
    return out;
  }
  let k = -1;
  for (let j = 0; j < ev.length; ) {
    if (k < j - 1) k = j - 1;
    while (k + 1 < ev.length && ev[k + 1]!.ts - ev[j]!.ts <= span) agg.add(ev[++k]!);
    const h = agg.holds();
    if (h.ok) {
      out.push({ events: ev.slice(j, k + 1), value: h.value, detail: h.detail });
      agg.clear();
      j = k + 1;
      continue;
    }
    agg.remove(ev[j]!);
    j++;
  }
  return out;
}

/** temporal_ordered: the rules' events in the listed order within the timespan. */
function ordered(spec: Spec, ev: CEvent[]): Fired[] {
  const n = spec.slots.length;
  const out: Fired[] = [];
  let best: Array<CEvent[] | undefined> = new Array(n).fill(undefined);
  for (const e of ev) {
    for (let p = n - 1; p >= 0; p--) {
      if (e.slot !== p) continue;
      if (p === 0) {
        if (!best[0] || best[0][0]!.ts <= e.ts) best[0] = [e];
      } else if (best[p - 1] && !best[p - 1]!.includes(e)) {
        const chain = [...best[p - 1]!, e];
        if (!best[p] || best[p]![0]!.ts <= chain[0]!.ts) best[p] = chain;
      }
    }
    const full = best[n - 1];
    if (full && full[full.length - 1] === e) {
      if (e.ts - full[0]!.ts <= spec.timespan) {
        out.push({ events: full, value: n });
        best = new Array(n).fill(undefined);
      } else best[n - 1] = undefined;
    }
  }
  return out;
}

/** A correlation firing as a timeline row. */
export function correlationDetection(r: CorrelationResult): Detection {
  const groupText = Object.entries(r.group)
    .map(([k, v]) => `${k}: ${v || '-'}`)
    .join(' ¦ ');
  const what =
    r.type === 'aggregation' || r.type === 'event_count'
      ? 'Count'
      : r.type.startsWith('temporal')
        ? 'Rules'
        : r.type === 'value_count'
          ? 'Distinct'
          : 'Value';
  return {
    ts: r.ts,
    ruleId: r.info.id,
    ruleTitle: r.info.title,
    level: r.info.level,
    author: r.info.author,
    tags: r.info.tags,
    ruleFile: r.info.file,
    host: r.hosts[0],
    source: r.related[0] ?? { format: 'sigma-correlation', file: r.info.file },
    related: r.related,
    details: [
      `${what}: ${Number.isInteger(r.value) ? r.value : r.value.toFixed(2)}`,
      groupText,
      r.detail ? `Value: ${r.detail}` : '',
    ]
      .filter(Boolean)
      .join(' ¦ '),
  };
}
