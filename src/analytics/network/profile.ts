/**
 * What the organisation normally looks like, shared by the analyses of one run: which internal
 * hosts exist, how many of them use each destination (registrable domain or IP) and the time span of
 * each kind of log. It is an Analyzer so that it sees the same events as the others; it reports
 * nothing itself and must come first in the list (networkAnalyzers() does that).
 */
import type { Event } from '../../core/event.ts';
import type { Finding } from '../../core/finding.ts';
import type { Analyzer } from '../types.ts';
import { netKind, type NetKind } from './event-view.ts';
import type { NetworkContext } from './options.ts';
import { DistinctCounter, Interner } from './sketch.ts';

export class OrgProfile implements Analyzer {
  readonly id = 'network.profile';
  readonly hosts = new Interner();
  private readonly dests = new Map<string, DistinctCounter>();
  /** first and last event time (µs) per kind of log */
  readonly span = new Map<NetKind, { start: number; end: number }>();

  constructor(private readonly ctx: NetworkContext) {}

  wants(e: Event): boolean {
    return netKind(e) !== undefined;
  }

  add(e: Event): void {
    const v = this.ctx.views.of(e);
    const kind = v.kind!;
    if (Number.isFinite(e.ts)) {
      const s = this.span.get(kind);
      if (!s) this.span.set(kind, { start: e.ts, end: e.ts });
      else {
        if (e.ts < s.start) s.start = e.ts;
        if (e.ts > s.end) s.end = e.ts;
      }
    }
    if (kind === 'dns' || kind === 'ids') return;
    if (!v.srcInternal || !v.destKey) return;
    const hostId = this.hosts.id(v.src!);
    const key = v.destKey;
    let c = this.dests.get(key);
    if (!c) {
      c = new DistinctCounter();
      this.dests.set(key, c);
    }
    c.add(hostId);
  }

  finish(): Finding[] {
    return [];
  }

  /** Registrable domain of a name, the IP itself for an address (memoised). */
  destKey(dest: string): string {
    return this.ctx.views.name(dest)[1];
  }

  /** Internal hosts seen as clients. */
  hostCount(): number {
    return this.hosts.size;
  }

  /** How many internal hosts used this destination (name, IP or registrable domain). */
  prevalence(dest: string): number {
    return this.dests.get(this.destKey(dest))?.count() ?? 0;
  }

  /** At most this many hosts make a destination or User-Agent "rare". */
  rareLimit(): number {
    return Math.max(1, Math.min(this.ctx.opts.thresholds.rareHosts, Math.ceil(0.02 * this.hostCount())));
  }

  isRare(dest: string): boolean {
    return this.prevalence(dest) <= this.rareLimit();
  }

  isCommon(dest: string): boolean {
    const n = this.hostCount();
    return n >= 10 && this.prevalence(dest) >= this.ctx.opts.thresholds.commonShare * n;
  }

  /** The last event time of a kind of log (µs), or of all logs. */
  endOf(kind?: NetKind): number {
    if (kind) return this.span.get(kind)?.end ?? NaN;
    let end = -Infinity;
    for (const s of this.span.values()) if (s.end > end) end = s.end;
    return end;
  }

  startOf(kind?: NetKind): number {
    if (kind) return this.span.get(kind)?.start ?? NaN;
    let start = Infinity;
    for (const s of this.span.values()) if (s.start < start) start = s.start;
    return start;
  }
}
