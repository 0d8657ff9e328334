/**
 * `policy-violation`: internal→internal flows that the organisation's allowed-flow list (`--policy`)
 * does not allow (seed 000: 「内部で許可されていない通信を、Firewallの通信ログから検知」). One
 * finding per source host lists what it did; flows that got through rank above attempts the
 * firewall already refused, and remote-administration ports above the rest.
 */
import type { Finding, FindingSeverity } from '../../core/finding.ts';
import type { Sql } from '../sql.ts';
import { edgesBySource, type Edge, type SourceEdges } from './edges.ts';
import { fmtTime, listEn, listJa } from './fmt.ts';
import { makeFinding } from './make.ts';
import type { NetworkContext } from './options.ts';
import { sample } from './scan.ts';

/** `policy-violation` over internal→internal firewall and flow records (needs the policy). */
export async function policyFindings(sql: Sql, ctx: NetworkContext): Promise<Finding[]> {
  if (!ctx.opts.policy) return [];
  const out: Finding[] = [];
  for await (const s of edgesBySource(sql, {
    where: `kind IN ('firewall', 'flow') AND ts IS NOT NULL AND src IS NOT NULL AND dst_ip IS NOT NULL
        AND src <> dst_ip AND src_int AND dst_int`,
    blocked: 'blocked',
    perSource: 20_000,
  })) {
    const f = policyFinding(ctx, s);
    if (f) out.push(f);
  }
  return out;
}

function policyFinding(ctx: NetworkContext, s: SourceEdges): Finding | undefined {
  const { opts } = ctx;
  const policy = opts.policy;
  if (!policy) return undefined;
  const admin = new Set(opts.adminPorts);
  if (opts.allow.host(s.src, 'policy-violation')) return undefined;
  const bad: Edge[] = [];
  for (const e of s.edges) {
    const port = e.port >= 0 ? e.port : undefined;
    if (policy.allowing(e.src, e.dst, port, e.proto)) continue;
    if (opts.allow.pair(e.src, e.dst, port, 'policy-violation')) continue;
    bad.push(e);
  }
  if (!bad.length) return undefined;
  bad.sort((a, b) => a.first - b.first);
  const passed = bad.filter((e) => e.blocked < e.n);
  const passedAdmin = passed.filter((e) => admin.has(e.port));
  const severity: FindingSeverity = passedAdmin.length ? 'high' : passed.length ? 'medium' : 'low';
  const zone = policy.zoneOf(s.src) || '?';
  const flows = summarise(bad, policy.zoneOf.bind(policy));
  const dsts = new Set(bad.map((e) => e.dst));
  return makeFinding({
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
  });
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
