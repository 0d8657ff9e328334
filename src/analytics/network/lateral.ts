/**
 * `lateral-fanout`: one internal host opening remote-administration sessions (SMB, RPC, RDP,
 * WinRM, SSH; `adminPorts`) to many internal hosts within a window. Routine administration repeats:
 * an edge seen on three or more local days (the monitoring server's WinRM polls, the backup job's
 * SMB) is not counted, nor is one the flow policy allows. What is left is new fan-out, the way an
 * intruder spreads from patient zero (JPCERT/CC's tool sheet: PsExec 135/445, WinRM 5985/5986, RDP 3389).
 */
import type { Finding, FindingSeverity } from '../../core/finding.ts';
import type { Sql } from '../sql.ts';
import { densestWindow, edgesBySource, popcount, type Edge, type SourceEdges } from './edges.ts';
import { fmtDurationEn, fmtDurationJa, fmtTime, listEn, listJa } from './fmt.ts';
import { makeFinding } from './make.ts';
import type { NetworkContext } from './options.ts';
import { sample } from './scan.ts';

const SERVICE: Record<number, string> = {
  22: 'SSH',
  135: 'RPC',
  139: 'SMB',
  445: 'SMB',
  3389: 'RDP',
  5985: 'WinRM',
  5986: 'WinRM',
};
const ROUTINE_DAYS = 3;

/** `lateral-fanout` over firewall and flow records between internal hosts on administration ports. */
export async function lateralFindings(sql: Sql, ctx: NetworkContext): Promise<Finding[]> {
  const ports = ctx.opts.adminPorts.map(Number).filter(Number.isFinite);
  if (!ports.length) return [];
  const out: Finding[] = [];
  for await (const s of edgesBySource(sql, {
    where: `kind IN ('firewall', 'flow') AND ts IS NOT NULL AND dst_port IN (${ports.join(', ')})
        AND src IS NOT NULL AND dst_ip IS NOT NULL AND src <> dst_ip AND src_int AND dst_int`,
    blocked: 'blocked',
    perSource: 20_000,
    days: true,
  })) {
    const f = lateralFinding(ctx, s);
    if (f) out.push(f);
  }
  return out;
}

function lateralFinding(ctx: NetworkContext, s: SourceEdges): Finding | undefined {
  const { opts } = ctx;
  const t = opts.thresholds;
  if (s.edges.length < t.lateralTargets || opts.allow.host(s.src, 'lateral-fanout')) return undefined;
  const fresh: Edge[] = [];
  for (const e of s.edges) {
    if (popcount(e.days) >= ROUTINE_DAYS) continue;
    if (opts.policy?.allowing(e.src, e.dst, e.port, e.proto || 'tcp')) continue;
    if (opts.allow.pair(e.src, e.dst, e.port, 'lateral-fanout')) continue;
    fresh.push(e);
  }
  if (fresh.length < t.lateralTargets) return undefined;
  fresh.sort((a, b) => a.first - b.first);
  const w = densestWindow(fresh, t.lateralWindowSeconds * 1e6);
  if (w.hosts < t.lateralTargets) return undefined;
  const from = fresh[w.hostsAt[0]].first;
  const to = fresh[w.hostsAt[1]].first;
  const inWin = fresh.filter((e) => e.first >= from && e.first <= to);
  const targets = [...new Set(inWin.map((e) => e.dst))];
  const services = [...new Set(inWin.map((e) => SERVICE[e.port] ?? String(e.port)))];
  const passed = inWin.filter((e) => e.blocked < e.n);
  const withData = inWin.filter((e) => e.bytes > 0);
  const severity: FindingSeverity =
    passed.length >= t.lateralTargets || targets.length >= 2 * t.lateralTargets ? 'high' : 'medium';
  const span = (to - from) / 1e6;
  return makeFinding({
    kind: 'lateral-fanout',
    severity,
    host: s.src,
    peer: targets.length === 1 ? targets[0] : null,
    first: from,
    last: inWin.reduce((m, e) => Math.max(m, e.last), from),
    count: inWin.reduce((n, e) => n + e.n, 0),
    evidence: sample(inWin, 30).map((e) => e.ref),
    message: 'network.lateral_fanout',
    params: {
      host: s.src,
      targets: targets.length,
      services: services.join('/'),
      window_en: fmtDurationEn(Math.max(span, 1)),
      window_ja: fmtDurationJa(Math.max(span, 1)),
      list_en: listEn(targets, 6),
      list_ja: listJa(targets, 6),
      passed: passed.length,
      first: fmtTime(from, opts.timeZone),
    },
    attack: ['T1021', 'T1021.002', 'T1570'],
    details: {
      targets: targets.slice(0, 200),
      target_count: targets.length,
      services,
      edges: inWin.length,
      edges_passed: passed.length,
      edges_with_data: withData.length,
      routine_edges_ignored: s.edges.length - fresh.length,
    },
  });
}
