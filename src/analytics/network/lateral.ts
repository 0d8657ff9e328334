/**
 * `lateral-fanout`: one internal host opening remote-administration sessions (SMB, RPC, RDP,
 * WinRM, SSH; `adminPorts`) to many internal hosts within a window. Routine administration repeats:
 * an edge seen on three or more local days (the monitoring server's WinRM polls, the backup job's
 * SMB) is not counted, nor is one the flow policy allows. What is left is new fan-out, the way an
 * intruder spreads from patient zero (JPCERT/CC's tool sheet: PsExec 135/445, WinRM 5985/5986, RDP 3389).
 */
import type { Event } from '../../core/event.ts';
import type { Finding, FindingSeverity } from '../../core/finding.ts';
import type { Analyzer } from '../types.ts';
import { densestWindow, EdgeStore, popcount, type Edge } from './edges.ts';
import { dstIpOf, dstPortOf, isBlocked, netKind, num, protoOf, srcOf } from './event-view.ts';
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

export class LateralFanoutAnalyzer implements Analyzer {
  readonly id = 'network.lateral-fanout';
  private readonly store = new EdgeStore(20_000, 1_000_000);
  private readonly ports: Set<number>;

  constructor(private readonly ctx: NetworkContext) {
    this.ports = new Set(ctx.opts.adminPorts);
  }

  wants(e: Event): boolean {
    const k = netKind(e);
    return k === 'firewall' || k === 'flow';
  }

  add(e: Event): void {
    if (!Number.isFinite(e.ts)) return;
    const port = dstPortOf(e);
    if (port === undefined || !this.ports.has(port)) return;
    const src = srcOf(e);
    const dst = dstIpOf(e);
    if (!src || !dst || src === dst) return;
    const { internal, clock } = this.ctx;
    if (!internal.has(src) || !internal.has(dst)) return;
    const kind = netKind(e)!;
    const bytes = (num(e.fields.orig_bytes) ?? 0) + (num(e.fields.resp_bytes) ?? 0);
    this.store.add(e, src, dst, port, protoOf(e), isBlocked(e, kind), bytes, clock.slot(e.ts).day);
  }

  finish(): Finding[] {
    const { opts } = this.ctx;
    const t = opts.thresholds;
    const out: Finding[] = [];
    for (const s of this.store.sources.values()) {
      if (s.edges.size < t.lateralTargets || opts.allow.host(s.src, 'lateral-fanout')) continue;
      const fresh: Edge[] = [];
      for (const e of s.edges.values()) {
        if (popcount(e.days) >= ROUTINE_DAYS) continue;
        if (opts.policy?.allowing(e.src, e.dst, e.port, e.proto || 'tcp')) continue;
        if (opts.allow.pair(e.src, e.dst, e.port, 'lateral-fanout')) continue;
        fresh.push(e);
      }
      if (fresh.length < t.lateralTargets) continue;
      fresh.sort((a, b) => a.first - b.first);
      const w = densestWindow(fresh, t.lateralWindowSeconds * 1e6);
      if (w.hosts < t.lateralTargets) continue;
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
      out.push(
        makeFinding({
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
            routine_edges_ignored: s.edges.size - fresh.length,
          },
        }),
      );
    }
    return out;
  }
}
