/**
 * `beacon`: periodic communication per internal host and destination (proxy host name, TLS SNI,
 * or destination IP of firewall and flow records), scored by beacon-score.ts. The store groups the
 * `net` table per pair and hands each pair's connection times (s) and sizes over in time order, at most
 * `beaconMaxTimestamps` of them, one pair at a time. Destinations that many hosts beacon to (update, AV, monitoring
 * agents) become one organisation-wide finding at low severity instead of one per host; five or
 * more hosts with the same periodic destination (a fleet of agents, or a spreading implant) one
 * finding too, at medium unless they are a tenth of the organisation.
 */
import type { EvidenceRef, Finding, FindingSeverity } from '../../core/finding.ts';
import type { Sql } from '../sql.ts';
import { beaconScore, ritaScore, type BeaconParts } from './beacon-score.ts';
import type { NetKind } from './event-view.ts';
import { fmtDurationEn, fmtDurationJa, fmtTime } from './fmt.ts';
import { makeFinding } from './make.ts';
import type { NetworkContext } from './options.ts';
import type { OrgProfile } from './profile.ts';
import { groupRefs, num, ORDER } from './sql-parts.ts';

interface Pair {
  src: string;
  dest: string;
  kind: NetKind;
  n: number;
  first: number;
  last: number;
  blocked: number;
  port: number;
  refs: EvidenceRef[];
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

/**
 * Connection times (whole seconds) and sizes of a pair in (ts, seq) order, the first `max` of them,
 * from the unordered lists of times (s, with fractions), seqs and sizes the store gave.
 */
export function inTimeOrder(
  tl: unknown,
  ql: unknown,
  sl: unknown,
  max: number,
): { ts: Float64Array; sz: Float64Array } {
  const t = Float64Array.from(tl as ArrayLike<unknown>, num);
  const q = Float64Array.from(ql as ArrayLike<unknown>, num);
  const s = Float64Array.from(sl as ArrayLike<unknown>, num);
  const idx = Array.from({ length: t.length }, (_, i) => i);
  idx.sort((a, b) => t[a]! - t[b]! || q[a]! - q[b]!);
  const n = Math.min(max, idx.length);
  const ts = new Float64Array(n);
  const sz = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    ts[i] = Math.floor(t[idx[i]!]!);
    sz[i] = s[idx[i]!]!;
  }
  return { ts, sz };
}

/** this many hosts beaconing to one destination are reported as one group */
const FLEET_HOSTS = 5;

/**
 * The pairs worth scoring, one row each, with their connection times (s), seqs and sizes in no order:
 * sorting them here (inTimeOrder) costs far less than an ordered list per group in the store. `/` makes
 * doubles of the BIGINTs (exact at µs for times, and for seqs), which reach JavaScript as numbers, not text.
 */
export function beaconSql(ctx: NetworkContext, sql: Sql): string {
  const d = sql.dialect;
  const t = ctx.opts.thresholds;
  return `SELECT src, dest, ${d.argMin('kind', ORDER)} AS kind, count(*) AS n, min(ts) AS first, max(ts) AS last,
      ${d.countIf('blocked')} AS blocked, ${d.argMin('coalesce(dst_port, 0)', ORDER)} AS port,
      ${d.bag('ts / 1000000')} AS tl, ${d.bag('seq / 1')} AS ql, ${d.bag('greatest(coalesce(size, 0), 0)')} AS sl
    FROM net WHERE ${beaconWhere(ctx)}
   GROUP BY src, dest HAVING count(*) >= ${t.beaconMinConnections}`;
}

/** The records a beacon pair is made of. */
function beaconWhere(ctx: NetworkContext): string {
  return `kind IN ('proxy', 'tls', 'flow', 'firewall') AND ts IS NOT NULL AND src_int AND dest IS NOT NULL
     ${ctx.opts.internalBeacons ? '' : 'AND NOT d_int'}`;
}

/**
 * `beacon` findings. Every scored pair goes to `scored` when given (the scenario test compares the
 * scores with RITA's); only pairs at or above the minimum score are kept otherwise.
 */
export async function beaconFindings(
  sql: Sql,
  ctx: NetworkContext,
  profile: OrgProfile,
  scored?: ScoredPair[],
): Promise<Finding[]> {
  return new BeaconReport(ctx, profile).run(sql, scored);
}

class BeaconReport {
  constructor(
    private readonly ctx: NetworkContext,
    private readonly profile: OrgProfile,
  ) {}

  async run(sql: Sql, scored?: ScoredPair[]): Promise<Finding[]> {
    const t = this.ctx.opts.thresholds;
    const start = Math.floor(this.profile.startOf() / 1e6);
    const end = Math.floor(this.profile.endOf() / 1e6);
    const hits: Array<{ p: Pair; s: ScoredPair }> = [];
    for await (const r of sql.stream(beaconSql(this.ctx, sql))) {
      const { ts, sz } = inTimeOrder(r.tl, r.ql, r.sl, t.beaconMaxTimestamps);
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
      const p: Pair = {
        src: String(r.src),
        dest: String(r.dest),
        kind: r.kind as NetKind,
        n: num(r.n),
        first: num(r.first),
        last: num(r.last),
        blocked: num(r.blocked),
        port: num(r.port) || 0,
        refs: [],
      };
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
      scored?.push(s);
      if (parts.score >= t.beaconMinScore) hits.push({ p, s });
    }
    // references only for the pairs reported (a sort per pair in the store otherwise)
    const refs = await groupRefs(
      sql,
      beaconWhere(this.ctx),
      hits.map((h) => [h.p.src, h.p.dest] as const),
      2,
    );
    for (const h of hits) h.p.refs = refs.get(`${h.p.src}\u0000${h.p.dest}`) ?? [];
    hits.sort((a, b) =>
      a.p.dest < b.p.dest ? -1 : a.p.dest > b.p.dest ? 1 : a.p.src < b.p.src ? -1 : a.p.src > b.p.src ? 1 : 0,
    );
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
      evidence: p.refs,
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
      evidence: list.slice(0, 5).flatMap((h) => h.p.refs.slice(0, 2)),
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
