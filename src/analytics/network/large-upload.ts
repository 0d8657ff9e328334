/**
 * `large-upload`: bytes sent out by an internal host per local day, absolute and against the
 * host's own other days. Sources are records that count client→server bytes: proxy `cs-bytes`
 * (Zeek http; Squid's native format does not log request sizes), and flows (`orig_bytes` of Zeek
 * conn / EVE flow). When the upload went to the proxy, the proxy's long tunnels of that host at the
 * same time name the real destination.
 */
import type { Event } from '../../core/event.ts';
import type { Finding, FindingSeverity } from '../../core/finding.ts';
import type { Analyzer } from '../types.ts';
import { bytesOut, netKind, num, type NetKind } from './event-view.ts';
import { fmtBytes, fmtTime, listEn, listJa } from './fmt.ts';
import { makeFinding, shiftSeverity } from './make.ts';
import type { NetworkContext } from './options.ts';
import type { OrgProfile } from './profile.ts';
import { RefSample } from './refs.ts';
import { medianOf } from './stats.ts';

interface Day {
  bytes: number;
  date: string;
  first: number;
  last: number;
  offHours: number;
  /** largest transfers of the day: [bytes, start µs, end µs, destination] */
  top: Array<[number, number, number, string]>;
  refs: RefSample;
}

interface Tunnel {
  start: number;
  end: number;
  dest: string;
}

const TOP = 5;
const MAX_TUNNELS = 500;
const LONG_TUNNEL_MS = 60_000;

export class LargeUploadAnalyzer implements Analyzer {
  readonly id = 'network.large-upload';
  /** host → source kind → day index → totals */
  private readonly days = new Map<string, Map<NetKind, Map<number, Day>>>();
  private readonly tunnels = new Map<string, Tunnel[]>();

  constructor(
    private readonly ctx: NetworkContext,
    private readonly profile: OrgProfile,
  ) {}

  wants(e: Event): boolean {
    const k = netKind(e);
    return k === 'proxy' || k === 'flow';
  }

  add(e: Event): void {
    if (!Number.isFinite(e.ts)) return;
    const v = this.ctx.views.of(e);
    const kind = v.kind!;
    if (!v.srcInternal) return;
    const host = v.src!;
    const dest = v.dest;
    if (kind === 'proxy' && dest) this.noteTunnel(e, host, dest);
    const out = bytesOut(e, kind);
    if (!out || out <= 0) return;
    if (kind === 'flow' && dest && !this.isOutbound(dest, num(e.fields.dst_port))) return;
    const slot = this.ctx.clock.slot(e.ts);
    let byKind = this.days.get(host);
    if (!byKind) {
      byKind = new Map();
      this.days.set(host, byKind);
    }
    let byDay = byKind.get(kind);
    if (!byDay) {
      byDay = new Map();
      byKind.set(kind, byDay);
    }
    let d = byDay.get(slot.day);
    if (!d) {
      d = { bytes: 0, date: slot.date, first: e.ts, last: e.ts, offHours: 0, top: [], refs: new RefSample(3) };
      byDay.set(slot.day, d);
    }
    d.bytes += out;
    if (e.ts < d.first) d.first = e.ts;
    if (e.ts > d.last) d.last = e.ts;
    if (!this.ctx.clock.isBusiness(e.ts)) d.offHours += out;
    const durS = num(e.fields.duration) ?? (num(e.fields.duration_ms) ?? 0) / 1000;
    if (d.top.length < TOP || out > d.top[d.top.length - 1][0]) {
      d.top.push([out, e.ts, e.ts + durS * 1e6, dest ?? '?']);
      d.top.sort((a, b) => b[0] - a[0]);
      if (d.top.length > TOP) d.top.pop();
      d.refs.add(e);
    }
  }

  /** Flows to a web proxy count as outbound (the proxy forwards them); other internal peers do not. */
  private isOutbound(dest: string, port: number | undefined): boolean {
    if (!this.ctx.internal.has(dest)) return true;
    return this.ctx.opts.proxies.includes(dest) || (port !== undefined && this.ctx.opts.proxyPorts.includes(port));
  }

  private noteTunnel(e: Event, host: string, dest: string): void {
    const ms = num(e.fields.duration_ms) ?? 0;
    if (ms < LONG_TUNNEL_MS) return;
    let list = this.tunnels.get(host);
    if (!list) {
      list = [];
      this.tunnels.set(host, list);
    }
    if (list.length >= MAX_TUNNELS) {
      // keep the longest tunnels
      let shortest = 0;
      for (let i = 1; i < list.length; i++)
        if (list[i].end - list[i].start < list[shortest].end - list[shortest].start) shortest = i;
      if (list[shortest].end - list[shortest].start >= ms * 1000) return;
      list.splice(shortest, 1);
    }
    // Squid logs a request when it ends: the tunnel started `elapsed` earlier.
    list.push({ start: e.ts - ms * 1000, end: e.ts, dest });
  }

  finish(): Finding[] {
    const { opts } = this.ctx;
    const t = opts.thresholds;
    const out: Finding[] = [];
    for (const [host, byKind] of this.days) {
      if (opts.allow.host(host, 'large-upload')) continue;
      // Per day, the source that saw the most (proxy and flow logs may see the same bytes).
      const merged = new Map<number, Day>();
      for (const byDay of byKind.values()) {
        for (const [day, d] of byDay) {
          const have = merged.get(day);
          if (!have || d.bytes > have.bytes) merged.set(day, d);
        }
      }
      const daily = [...merged.entries()];
      for (const [day, d] of daily) {
        if (d.bytes < t.uploadMinBytes) continue;
        const others = daily
          .filter(([k]) => k !== day)
          .map(([, o]) => o.bytes)
          .sort((a, b) => a - b);
        const baseline = others.length ? medianOf(others) : NaN;
        const factor = baseline > 0 ? d.bytes / baseline : others.length ? Infinity : NaN;
        const relative = Number.isFinite(factor) || factor === Infinity ? factor >= t.uploadBaselineFactor : false;
        const absolute = d.bytes >= t.uploadAbsoluteBytes;
        if (!relative && !absolute) continue;
        const dests = this.destinations(host, d);
        if (dests.some((x) => opts.allow.pair(host, x, undefined, 'large-upload'))) continue;
        // Sharing files with a service much of the organisation uses is business as usual below the absolute mark.
        const toCommon = dests.length > 0 && dests.every((x) => this.profile.isCommon(x));
        if (toCommon && !absolute) continue;
        let severity: FindingSeverity;
        if (relative) severity = d.offHours >= d.bytes / 2 || d.bytes >= t.uploadAbsoluteBytes ? 'high' : 'medium';
        else severity = Number.isFinite(factor) && factor < 3 ? 'low' : 'medium';
        if (toCommon) severity = shiftSeverity(severity, -1);
        out.push(
          makeFinding({
            kind: 'large-upload',
            severity,
            host,
            peer: dests[0] ?? null,
            first: d.first,
            last: d.last,
            count: 1,
            evidence: d.refs.refs(),
            message: Number.isFinite(factor) ? 'network.large_upload' : 'network.large_upload_nobase',
            params: {
              host,
              bytes: fmtBytes(d.bytes),
              date: d.date,
              factor:
                factor === Infinity
                  ? '∞'
                  : Number.isFinite(factor)
                    ? factor >= 10
                      ? Math.round(factor)
                      : factor.toFixed(1)
                    : '?',
              baseline: fmtBytes(baseline),
              offhours: fmtBytes(d.offHours),
              dests_en: listEn(dests, 3),
              dests_ja: listJa(dests, 3),
              first: fmtTime(d.first, opts.timeZone),
              last: fmtTime(d.last, opts.timeZone),
            },
            attack: ['T1041', 'T1567'],
            details: {
              date: d.date,
              bytes: d.bytes,
              baseline_bytes: Number.isFinite(baseline) ? baseline : undefined,
              factor: Number.isFinite(factor) ? Math.round(factor * 10) / 10 : undefined,
              other_days: others.length,
              off_hours_bytes: d.offHours,
              destinations: dests,
              largest: d.top.map(([b, s, , dest]) => ({ bytes: b, at: s, dest })),
            },
          }),
        );
      }
    }
    return out;
  }

  /**
   * Where the day's largest transfers went: their own destination, or for a flow to the proxy the
   * proxy tunnel of the same host that covers the same time span best (at least half of both).
   */
  private destinations(host: string, d: Day): string[] {
    const names: string[] = [];
    const tunnels = this.tunnels.get(host) ?? [];
    for (const [, start, end, dest] of d.top) {
      if (!this.ctx.internal.has(dest)) {
        if (!names.includes(dest)) names.push(dest);
        continue;
      }
      let best: Tunnel | undefined;
      let bestRatio = 0.5;
      for (const tn of tunnels) {
        const overlap = Math.min(end, tn.end) - Math.max(start, tn.start);
        const ratio = overlap / Math.max(end - start, tn.end - tn.start, 1);
        if (ratio >= bestRatio) {
          best = tn;
          bestRatio = ratio;
        }
      }
      if (best && !names.includes(best.dest)) names.push(best.dest);
    }
    return names;
  }
}
