/**
 * Events grouped by a key (host + user + source, host + task name, ...): times, count, capped
 * evidence, and kind-specific data. Groups are bounded so hostile input cannot exhaust memory.
 */
import type { Event } from '../../core/event.ts';
import { MAX_EVIDENCE, type EvidenceRef, type Finding, type FindingSeverity } from '../../core/finding.ts';
import { tBoth, type Params, type MessageKey } from '../../i18n/index.ts';
import { hostOf, maxTs, minTs, ref } from './common.ts';

export interface Group<D> {
  host: string | null;
  first: number;
  last: number;
  count: number;
  evidence: EvidenceRef[];
  data: D;
}

const MAX_GROUPS = 200_000;

export class Groups<D> {
  private readonly map = new Map<string, Group<D>>();
  /** events that found no room because there were too many groups */
  dropped = 0;
  constructor(
    private readonly init: (e: Event) => D,
    private readonly maxGroups = MAX_GROUPS,
  ) {}

  /** The event's group (created on first sight), with the event counted and referenced. */
  add(key: string, e: Event): Group<D> | undefined {
    let g = this.map.get(key);
    if (!g) {
      if (this.map.size >= this.maxGroups) {
        this.dropped++;
        return undefined;
      }
      g = { host: hostOf(e), first: NaN, last: NaN, count: 0, evidence: [], data: this.init(e) };
      this.map.set(key, g);
    }
    g.count++;
    g.first = minTs(g.first, e.ts);
    g.last = maxTs(g.last, e.ts);
    if (g.evidence.length < MAX_EVIDENCE) g.evidence.push(ref(e));
    return g;
  }

  get(key: string): Group<D> | undefined {
    return this.map.get(key);
  }

  values(): IterableIterator<Group<D>> {
    return this.map.values();
  }

  entries(): IterableIterator<[string, Group<D>]> {
    return this.map.entries();
  }

  get size(): number {
    return this.map.size;
  }
}

/**
 * A map that forgets its oldest entries when full, in two generations: when the current one
 * reaches half the limit it becomes the old one (the previous old one is dropped). Lookups see
 * both. (Deleting a Map's first key one at a time is quadratic in V8: deleted slots are skipped.)
 */
export class BoundedMap<K, V> {
  private current = new Map<K, V>();
  private old = new Map<K, V>();
  constructor(private readonly limit: number) {}
  get(k: K): V | undefined {
    return this.current.get(k) ?? this.old.get(k);
  }
  set(k: K, v: V): void {
    if (this.current.size >= this.limit / 2) {
      this.old = this.current;
      this.current = new Map();
    }
    this.current.set(k, v);
  }
  get size(): number {
    return this.current.size + this.old.size;
  }
}

/** Counts of distinct values, bounded. */
export class Tally {
  readonly counts = new Map<string, number>();
  constructor(private readonly max = 1000) {}
  add(v: string | undefined, n = 1): void {
    if (v === undefined) return;
    const c = this.counts.get(v);
    if (c !== undefined) this.counts.set(v, c + n);
    else if (this.counts.size < this.max) this.counts.set(v, n);
  }
  get size(): number {
    return this.counts.size;
  }
  top(n = 5): string[] {
    return [...this.counts.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, n)
      .map(([k]) => k);
  }
  /** "a ×3, b ×1" */
  describe(n = 5): string {
    const sorted = [...this.counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const shown = sorted
      .slice(0, n)
      .map(([k, c]) => (c > 1 ? `${k} ×${c}` : k))
      .join(', ');
    return sorted.length > n ? `${shown}, … (+${sorted.length - n})` : shown;
  }
  toObject(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }
}

export interface FindingSpec {
  kind: string;
  severity: FindingSeverity;
  producer: string;
  message: MessageKey;
  params: Params;
  peer?: string | null;
  attack?: string[];
  details?: Record<string, unknown>;
  count?: number;
}

/** "once", "twice", "3 times" for English summaries (Japanese writes "{count} 回"). */
export function times(n: number): string {
  return n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`;
}

export function findingOf(
  g: Pick<Group<unknown>, 'host' | 'first' | 'last' | 'count' | 'evidence'>,
  s: FindingSpec,
): Finding {
  const params = typeof s.params.count === 'number' ? { times: times(s.params.count), ...s.params } : s.params;
  const text = tBoth(s.message, params);
  return {
    kind: s.kind,
    severity: s.severity,
    host: g.host,
    peer: s.peer ?? null,
    first_seen: g.first,
    last_seen: g.last,
    count: s.count ?? g.count,
    evidence: g.evidence.slice(0, MAX_EVIDENCE),
    summary_en: text.en,
    summary_ja: text.ja,
    producer: s.producer,
    attack: s.attack ?? [],
    details: s.details ?? {},
  };
}

export const SEVERITY_ORDER: FindingSeverity[] = ['low', 'medium', 'high', 'critical'];
export function maxSeverity(a: FindingSeverity, b: FindingSeverity): FindingSeverity {
  return SEVERITY_ORDER.indexOf(a) >= SEVERITY_ORDER.indexOf(b) ? a : b;
}
export function raise(s: FindingSeverity): FindingSeverity {
  return SEVERITY_ORDER[Math.min(3, SEVERITY_ORDER.indexOf(s) + 1)]!;
}
