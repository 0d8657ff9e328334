/**
 * `policy-violation`: internal→internal flows that the organisation's allowed-flow list (`--policy`)
 * does not allow (seed 000: 「内部で許可されていない通信を、Firewallの通信ログから検知」). One
 * finding per source host lists what it did; flows that got through rank above attempts the
 * firewall already refused, and remote-administration ports above the rest.
 */
import type { Event } from '../../core/event.ts';
import type { Finding, FindingSeverity } from '../../core/finding.ts';
import type { Analyzer } from '../types.ts';
import { EdgeStore, type Edge } from './edges.ts';
import { dstIpOf, dstPortOf, isBlocked, netKind, num, protoOf, srcOf } from './event-view.ts';
import { fmtTime, listEn, listJa } from './fmt.ts';
import { makeFinding } from './make.ts';
import type { NetworkContext } from './options.ts';
import { sample } from './scan.ts';

export class PolicyViolationAnalyzer implements Analyzer {
  readonly id = 'network.policy-violation';
  private readonly store = new EdgeStore(20_000, 1_000_000);

  constructor(private readonly ctx: NetworkContext) {}

  wants(e: Event): boolean {
    if (!this.ctx.opts.policy) return false;
    const k = netKind(e);
    return k === 'firewall' || k === 'flow';
  }

  add(e: Event): void {
    if (!Number.isFinite(e.ts)) return;
    const src = srcOf(e);
    const dst = dstIpOf(e);
    if (!src || !dst || src === dst) return;
    const { internal } = this.ctx;
    if (!internal.has(src) || !internal.has(dst)) return;
    const kind = netKind(e)!;
    const bytes = (num(e.fields.orig_bytes) ?? 0) + (num(e.fields.resp_bytes) ?? 0);
    this.store.add(e, src, dst, dstPortOf(e) ?? -1, protoOf(e), isBlocked(e, kind), bytes, 0);
  }

  finish(): Finding[] {
    const { opts } = this.ctx;
    const policy = opts.policy;
    if (!policy) return [];
    const admin = new Set(opts.adminPorts);
    const out: Finding[] = [];
    for (const s of this.store.sources.values()) {
      if (opts.allow.host(s.src, 'policy-violation')) continue;
      const bad: Edge[] = [];
      for (const e of s.edges.values()) {
        const port = e.port >= 0 ? e.port : undefined;
        if (policy.allowing(e.src, e.dst, port, e.proto)) continue;
        if (opts.allow.pair(e.src, e.dst, port, 'policy-violation')) continue;
        bad.push(e);
      }
      if (!bad.length) continue;
      bad.sort((a, b) => a.first - b.first);
      const passed = bad.filter((e) => e.blocked < e.n);
      const passedAdmin = passed.filter((e) => admin.has(e.port));
      const severity: FindingSeverity = passedAdmin.length ? 'high' : passed.length ? 'medium' : 'low';
      const zone = policy.zoneOf(s.src) || '?';
      const flows = summarise(bad, policy.zoneOf.bind(policy));
      const dsts = new Set(bad.map((e) => e.dst));
      out.push(
        makeFinding({
          kind: 'policy-violation',
          severity,
          host: s.src,
          peer: dsts.size === 1 ? bad[0].dst : null,
          first: bad[0].first,
          last: bad.reduce((m, e) => Math.max(m, e.last), bad[0].last),
          count: bad.reduce((n, e) => n + e.n, 0),
          evidence: sample(passed.length ? passed : bad, 30).map((e) => e.ref),
          message: 'network.policy_violation',
          params: {
            host: s.src,
            zone,
            edges: bad.length,
            dsts: dsts.size,
            passed: passed.length,
            list_en: listEn(flows, 5),
            list_ja: listJa(flows, 5),
            first: fmtTime(bad[0].first, opts.timeZone),
          },
          attack: ['T1021', 'T1046'],
          details: {
            source_zone: zone,
            distinct_destinations: dsts.size,
            edges: bad.length,
            edges_passed: passed.length,
            edges_passed_admin: passedAdmin.length,
            flows: flows.slice(0, 50),
            edges_dropped: s.dropped || undefined,
          },
        }),
      );
    }
    return out;
  }
}

/** "zone:port/proto ×N" lines, passed first, most destinations first. */
function summarise(edges: Edge[], zoneOf: (ip: string) => string): string[] {
  const m = new Map<string, { dsts: Set<string>; passed: boolean }>();
  for (const e of edges) {
    const key = `${zoneOf(e.dst) || e.dst}:${e.port >= 0 ? e.port : '*'}/${e.proto || '?'}`;
    const v = m.get(key) ?? { dsts: new Set<string>(), passed: false };
    v.dsts.add(e.dst);
    if (e.blocked < e.n) v.passed = true;
    m.set(key, v);
  }
  return [...m.entries()]
    .sort((a, b) => Number(b[1].passed) - Number(a[1].passed) || b[1].dsts.size - a[1].dsts.size)
    .map(([k, v]) => `${k} → ${v.dsts.size}${v.passed ? '' : ' (blocked)'}`);
}
