/**
 * `beacon`: periodic communication per internal host and destination (proxy host name, TLS SNI,
 * or destination IP of firewall and flow records), scored by beacon-score.ts. Timestamps (s) and
 * sizes are kept per pair, in typed arrays (8 bytes per connection) once a pair has more than 64,
 * at most `beaconMaxTimestamps` per pair. Destinations that many hosts beacon to (update, AV, monitoring
 * agents) become one organisation-wide finding at low severity instead of one per host; five or
 * more hosts with the same periodic destination (a fleet of agents, or a spreading implant) one
 * finding too, at medium unless they are a tenth of the organisation.
 */
import type { Event } from '../../core/event.ts';
import type { Finding, FindingSeverity } from '../../core/finding.ts';
import type { Analyzer } from '../types.ts';
import { beaconScore, ritaScore, type BeaconParts } from './beacon-score.ts';
import { connSize, dstPortOf, isBlocked, netKind, type NetKind } from './event-view.ts';
import { fmtDurationEn, fmtDurationJa, fmtTime } from './fmt.ts';
import { makeFinding } from './make.ts';
import type { NetworkContext } from './options.ts';
import type { OrgProfile } from './profile.ts';
import { RefSample } from './refs.ts';

interface Pair {
  src: string;
  dest: string;
  kind: NetKind;
  n: number;
  /** connection times (s) and sizes, at most beaconMaxTimestamps: plain arrays while small, then typed */
  ts: number[] | Uint32Array;
  sz: number[] | Float32Array;
  len: number;
  first: number;
  last: number;
  blocked: number;
  port: number;
  refs: RefSample;
}

export interface ScoredPair {
  src: string;
  dest: string;
  kind: NetKind;
  count: number;
  parts: BeaconParts;
  rita: ReturnType<typeof ritaScore>;
  /** RITA v5 on the last 24 h of the log only, as RITA itself would run */
  rita24: ReturnType<typeof ritaScore>;
  hosts: number;
}

/** this many hosts beaconing to one destination are reported as one group */
const FLEET_HOSTS = 5;
const BEACON_KINDS = new Set<NetKind>(['proxy', 'tls', 'flow', 'firewall']);

export class BeaconAnalyzer implements Analyzer {
  readonly id = 'network.beacon';
  private readonly pairs = new Map<string, Map<string, Pair>>();
  /** every scored pair, for evaluation against RITA (filled by finish) */
  scored: ScoredPair[] = [];

  private readonly maxTimestamps: number;

  constructor(
    private readonly ctx: NetworkContext,
    private readonly profile: OrgProfile,
  ) {
    this.maxTimestamps = ctx.opts.thresholds.beaconMaxTimestamps;
  }

  wants(e: Event): boolean {
    const k = netKind(e);
    return k !== undefined && BEACON_KINDS.has(k);
  }

  add(e: Event): void {
    if (!Number.isFinite(e.ts)) return;
    const v = this.ctx.views.of(e);
    if (!v.srcInternal || !v.dest) return;
    if (v.destInternal && !this.ctx.opts.internalBeacons) return;
    const kind = v.kind!;
    const src = v.src!;
    const dest = v.dest;
    let bySrc = this.pairs.get(dest);
    if (!bySrc) {
      bySrc = new Map();
      this.pairs.set(dest, bySrc);
    }
    let p = bySrc.get(src);
    if (!p) {
      p = {
        src,
        dest,
        kind,
        n: 0,
        ts: [],
        sz: [],
        len: 0,
        first: e.ts,
        last: e.ts,
        blocked: 0,
        port: dstPortOf(e) ?? 0,
        refs: new RefSample(2),
      };
      bySrc.set(src, p);
    }
    p.n++;
    if (e.ts < p.first) p.first = e.ts;
    if (e.ts > p.last) p.last = e.ts;
    if (isBlocked(e, kind)) p.blocked++;
    p.refs.add(e);
    const len = p.len;
    if (len >= this.maxTimestamps) return;
    if (len === SMALL || (len > SMALL && len === p.ts.length)) grow(p, Math.min(this.maxTimestamps, len * 2));
    p.ts[len] = Math.floor(e.ts / 1e6);
    p.sz[len] = Math.max(0, connSize(e, kind));
    p.len = len + 1;
  }

  finish(): Finding[] {
    const t = this.ctx.opts.thresholds;
    const start = Math.floor(this.profile.startOf() / 1e6);
    const end = Math.floor(this.profile.endOf() / 1e6);
    const hits: Array<{ p: Pair; s: ScoredPair }> = [];
    for (const bySrc of this.pairs.values()) {
      for (const p of bySrc.values()) {
        if (p.len < t.beaconMinConnections) continue;
        const order = sortOrder(p.ts, p.len);
        const ts = Float64Array.from(order, (i) => p.ts[i]);
        const sz = Float64Array.from(order, (i) => p.sz[i]);
        const hours = Uint8Array.from(ts, (x) => this.ctx.clock.hour(x * 1e6));
        const parts = beaconScore({ ts, sizes: sz, hours, start, end, burstSeconds: t.beaconBurstSeconds });
        if (parts.beats < t.beaconMinConnections) continue;
        const rita = ritaScore(ts, sz, start, end);
        const from24 = Math.max(start, end - 86_400);
        const i24 = ts.findIndex((x) => x >= from24);
        const rita24 =
          i24 < 0
            ? { ts: 0, ds: 0, hist: 0, dur: 0, score: 0 }
            : ritaScore(ts.subarray(i24), sz.subarray(i24), from24, end);
        const s: ScoredPair = {
          src: p.src,
          dest: p.dest,
          kind: p.kind,
          count: p.n,
          parts,
          rita,
          rita24,
          hosts: this.profile.prevalence(p.dest),
        };
        this.scored.push(s);
        if (parts.score >= t.beaconMinScore) hits.push({ p, s });
      }
    }
    return this.report(hits);
  }

  private report(hits: Array<{ p: Pair; s: ScoredPair }>): Finding[] {
    const { opts } = this.ctx;
    const allow = opts.allow;
    const byDest = new Map<string, Array<{ p: Pair; s: ScoredPair }>>();
    for (const h of hits) {
      if (allow.pair(h.p.src, h.p.dest, h.p.port || undefined, 'beacon')) continue;
      const key = this.profile.destKey(h.p.dest);
      const list = byDest.get(key) ?? [];
      list.push(h);
      byDest.set(key, list);
    }
    const out: Finding[] = [];
    const total = Math.max(1, this.profile.hostCount());
    for (const [dest, list] of byDest) {
      // Many hosts with the same periodic destination: an agent fleet (or a spreading infection), one finding.
      const hosts = new Set(list.map((h) => h.p.src)).size;
      if (this.profile.isCommon(dest)) out.push(this.groupFinding(dest, list, 'low'));
      else if (hosts >= FLEET_HOSTS) out.push(this.groupFinding(dest, list, hosts / total >= 0.1 ? 'low' : 'medium'));
      else for (const h of list) out.push(this.pairFinding(h.p, h.s));
    }
    return out;
  }

  private pairFinding(p: Pair, s: ScoredPair): Finding {
    const { opts } = this.ctx;
    const servicePort = opts.servicePorts.includes(p.port) && p.kind !== 'proxy';
    const rare = this.profile.isRare(p.dest);
    let score = s.parts.score + (rare ? 0.05 : 0) - (servicePort ? 0.2 : 0);
    if (p.blocked === p.n) score += 0.05; // a host that keeps trying a blocked destination
    score = Math.min(1, score);
    let severity: FindingSeverity = score >= 0.9 ? 'high' : score >= 0.8 ? 'medium' : 'low';
    if (servicePort) severity = 'low';
    const span = (p.last - p.first) / 1e6;
    return makeFinding({
      kind: 'beacon',
      severity,
      host: p.src,
      peer: p.dest,
      first: p.first,
      last: p.last,
      count: p.n,
      evidence: p.refs.refs(),
      message: 'network.beacon',
      params: {
        host: p.src,
        dest: p.port && p.kind !== 'proxy' ? `${p.dest}:${p.port}` : p.dest,
        period_en: fmtDurationEn(s.parts.period),
        period_ja: fmtDurationJa(s.parts.period),
        span_en: fmtDurationEn(span),
        span_ja: fmtDurationJa(span),
        beats: s.parts.beats,
        score: score.toFixed(2),
        hosts: s.hosts,
        first: fmtTime(p.first, opts.timeZone),
        last: fmtTime(p.last, opts.timeZone),
      },
      attack: ['T1071', 'T1573'],
      details: {
        score: Math.round(score * 1000) / 1000,
        parts: s.parts,
        rita: s.rita,
        rita_last_24h: s.rita24,
        source: p.kind,
        dst_port: p.port || undefined,
        prevalence: s.hosts,
        rare,
        blocked: p.blocked,
        service_port: servicePort || undefined,
      },
    });
  }

  private groupFinding(dest: string, list: Array<{ p: Pair; s: ScoredPair }>, severity: FindingSeverity): Finding {
    let first = Infinity;
    let last = -Infinity;
    let count = 0;
    const periods: number[] = [];
    for (const { p, s } of list) {
      first = Math.min(first, p.first);
      last = Math.max(last, p.last);
      count += p.n;
      periods.push(s.parts.period);
    }
    periods.sort((a, b) => a - b);
    const period = periods[periods.length >> 1];
    const hosts = list.map((h) => h.p.src).sort();
    return makeFinding({
      kind: 'beacon',
      severity,
      host: null,
      peer: dest,
      first,
      last,
      count,
      evidence: list.slice(0, 5).flatMap((h) => h.p.refs.refs().slice(0, 2)),
      message: 'network.beacon_common',
      params: {
        dest,
        hosts: hosts.length,
        total: this.profile.hostCount(),
        period_en: fmtDurationEn(period),
        period_ja: fmtDurationJa(period),
      },
      details: {
        scope: 'organisation',
        hosts: hosts.slice(0, 200),
        host_count: hosts.length,
        prevalence: this.profile.prevalence(dest),
      },
    });
  }
}

/** Pairs with more connections than this move to typed arrays (8 bytes per connection). */
const SMALL = 64;

function grow(p: Pair, size: number): void {
  const ts = new Uint32Array(size);
  const sz = new Float32Array(size);
  for (let i = 0; i < p.len; i++) {
    ts[i] = p.ts[i];
    sz[i] = p.sz[i];
  }
  p.ts = ts;
  p.sz = sz;
}

/** Indices of the first `len` values in ascending order of value. */
function sortOrder(ts: ArrayLike<number>, len: number): Uint32Array {
  const idx = new Uint32Array(len);
  for (let i = 0; i < len; i++) idx[i] = i;
  for (let i = 1; i < len; i++) {
    if (ts[i] < ts[i - 1]) {
      idx.sort((a, b) => ts[a] - ts[b]);
      break;
    }
  }
  return idx;
}
