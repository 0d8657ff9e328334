/**
 * `port-scan`: one source touching many ports of a host (vertical) or many hosts (horizontal)
 * within a short window — Zeek scan.zeek's defaults (15 ports / 25 hosts in 5 min) over firewall
 * and flow records. Only "probe" edges count: a destination:port the source touched at most
 * `scanMaxTouches` times in the whole log. Monitoring and backup servers touch the same hosts every
 * cycle, a scanner touches each once. For many-hosts, web ports to external addresses that got
 * through are not probes (browsing touches many CDN addresses). Internal sources are what matters
 * in an intrusion; scans from the Internet are background noise and stay low.
 */
import type { Finding, FindingSeverity } from '../../core/finding.ts';
import type { Sql } from '../sql.ts';
import { densestWindow, edgesBySource, type Edge } from './edges.ts';
import { fmtDurationEn, fmtDurationJa, fmtTime, listEn, listJa } from './fmt.ts';
import { makeFinding } from './make.ts';
import type { NetworkContext } from './options.ts';

const WEB_PORTS = new Set([80, 443, 8080, 8443]);

/** `port-scan` over firewall and flow records, one source at a time. */
export async function portScanFindings(sql: Sql, ctx: NetworkContext): Promise<Finding[]> {
  const out: Finding[] = [];
  const edges = edgesBySource(sql, {
    where: `kind IN ('firewall', 'flow') AND ts IS NOT NULL AND src IS NOT NULL AND dst_ip IS NOT NULL
        AND (coalesce(dst_port, -1) >= 0 OR proto = 'icmp')`,
    blocked: 'blocked OR failed',
    perSource: 50_000,
  });
  for await (const s of edges) {
    const f = scanFinding(ctx, s);
    if (f) out.push(f);
  }
  return out;
}

function isProbe(ctx: NetworkContext, edge: Edge, srcInternal: boolean): boolean {
  if (edge.n > ctx.opts.thresholds.scanMaxTouches) return false;
  if (edge.blocked > 0 || ctx.internal.has(edge.dst)) return true;
  return srcInternal ? !WEB_PORTS.has(edge.port) : true;
}

function scanFinding(ctx: NetworkContext, s: { src: string; edges: Edge[]; dropped: number }): Finding | undefined {
  const { opts } = ctx;
  const t = opts.thresholds;
  const windowUs = t.scanWindowSeconds * 1e6;
  if (s.edges.length < Math.min(t.scanPorts, t.scanHosts)) return undefined;
  const internal = ctx.internal.has(s.src);
  if (opts.allow.host(s.src, 'port-scan')) return undefined;
  const probes = s.edges.filter((e) => isProbe(ctx, e, internal) && !opts.allow.dest(e.dst, e.port, 'port-scan'));
  if (probes.length < Math.min(t.scanPorts, t.scanHosts)) return undefined;
  probes.sort((a, b) => a.first - b.first);
  const w = densestWindow(probes, windowUs);
  const horizontal = w.hosts >= t.scanHosts;
  const vertical = w.ports >= t.scanPorts;
  if (!horizontal && !vertical) return undefined;
  // Everything this source probed in the scan's time range(s), for counts and evidence.
  let from = Infinity;
  let to = -Infinity;
  for (const [hit, at] of [
    [horizontal, w.hostsAt],
    [vertical, w.portsAt],
  ] as const) {
    if (!hit) continue;
    from = Math.min(from, probes[at[0]].first);
    to = Math.max(to, probes[at[1]].first);
  }
  const inScan = probes.filter((e) => e.first >= from - windowUs && e.first <= to + windowUs);
  const hosts = new Set(inScan.map((e) => e.dst));
  const ports = new Set(inScan.map((e) => e.port));
  const blocked = inScan.filter((e) => e.blocked > 0).length;
  const style = horizontal && vertical ? 'both' : horizontal ? 'horizontal' : 'vertical';
  let severity: FindingSeverity = internal ? 'high' : 'low';
  if (!internal && blocked < inScan.length) severity = 'medium';
  const topPorts = countTop(
    inScan.map((e) => String(e.port)),
    10,
  );
  const span = (inScan[inScan.length - 1].first - inScan[0].first) / 1e6;
  return makeFinding({
    kind: 'port-scan',
    severity,
    host: s.src,
    peer: vertical && !horizontal ? w.portsDst : null,
    first: inScan[0].first,
    last: inScan[inScan.length - 1].last,
    count: inScan.length,
    evidence: sample(inScan, 30).map((e) => e.ref),
    message: `network.port_scan_${style}`,
    params: {
      host: s.src,
      hosts: hosts.size,
      ports: ports.size,
      target: w.portsDst,
      target_ports: w.ports,
      window_en: fmtDurationEn(Math.max(span, 1)),
      window_ja: fmtDurationJa(Math.max(span, 1)),
      blocked,
      probes: inScan.length,
      top_en: listEn(topPorts, 8),
      top_ja: listJa(topPorts, 8),
      first: fmtTime(inScan[0].first, opts.timeZone),
    },
    attack: ['T1046'],
    details: {
      style,
      internal_source: internal,
      distinct_hosts: hosts.size,
      distinct_ports: ports.size,
      max_hosts_in_window: w.hosts,
      max_ports_on_one_host: w.ports,
      busiest_target: w.portsDst || undefined,
      window_s: t.scanWindowSeconds,
      blocked_probes: blocked,
      top_ports: topPorts,
      edges_dropped: s.dropped || undefined,
    },
  });
}

function countTop(values: string[], max: number): string[] {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, max)
    .map(([v]) => v);
}

/** Up to n items spread evenly over the list. */
export function sample<T>(items: readonly T[], n: number): T[] {
  if (items.length <= n) return [...items];
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(items[Math.floor((i * (items.length - 1)) / (n - 1))]);
  return out;
}
