/**
 * `off-hours`: traffic outside business hours (nights, weekends, Japanese public holidays, extra
 * days off of the organisation) per internal host and destination. Destinations that much of the
 * organisation uses (update services, the sites everyone reads) are left out, so what remains is a
 * host talking at night to something few others talk to — a C&C channel, an upload, or a person
 * working late on an unusual site, ranked in that order by persistence and volume. A browser that
 * visits a rare site on one evening is a person and is not reported; the same few hours night after
 * night is a scheduled job and stays low.
 */
import type { Event } from '../../core/event.ts';
import type { Finding, FindingSeverity } from '../../core/finding.ts';
import type { Analyzer } from '../types.ts';
import { bytesIn, bytesOut, dstPortOf, isBlocked, netKind, type NetKind } from './event-view.ts';
import { fmtBytes, fmtTime, listEn, listJa } from './fmt.ts';
import { makeFinding } from './make.ts';
import type { NetworkContext } from './options.ts';
import type { OrgProfile } from './profile.ts';
import { RefSample } from './refs.ts';
import { classifyUa } from './rare-ua.ts';
import { popcount } from './edges.ts';

interface Group {
  host: string;
  dest: string;
  count: number;
  first: number;
  last: number;
  out: number;
  in: number;
  reasons: Map<string, number>;
  /** distinct local (day, hour) slots with traffic: persistence over time */
  slots: Set<number>;
  days: Set<number>;
  /** bit h = traffic in local hour h of the day */
  hoursOfDay: number;
  /** every request came from a browser User-Agent (a person at the keyboard) */
  browserOnly: boolean;
  refs: RefSample;
}

const KINDS = new Set<NetKind>(['proxy', 'flow', 'tls', 'firewall']);
const REASON_JA: Record<string, string> = { night: '夜間', weekend: '週末', holiday: '祝日', extra: '休業日' };

export class OffHoursAnalyzer implements Analyzer {
  readonly id = 'network.off-hours';
  private readonly groups = new Map<string, Group>();

  private readonly uaMemo = new Map<string, boolean>();

  constructor(
    private readonly ctx: NetworkContext,
    private readonly profile: OrgProfile,
  ) {}

  private isBrowser(ua: unknown): boolean {
    if (typeof ua !== 'string') return false;
    let b = this.uaMemo.get(ua);
    if (b === undefined) {
      b = classifyUa(ua) === 'browser';
      if (this.uaMemo.size > 10_000) this.uaMemo.clear();
      this.uaMemo.set(ua, b);
    }
    return b;
  }

  wants(e: Event): boolean {
    const k = netKind(e);
    return k !== undefined && KINDS.has(k);
  }

  add(e: Event): void {
    if (!Number.isFinite(e.ts)) return;
    const reason = this.ctx.clock.offHoursReason(e.ts);
    if (!reason) return;
    const v = this.ctx.views.of(e);
    const kind = v.kind!;
    if (kind === 'firewall' && isBlocked(e, kind)) return;
    if (kind !== 'proxy' && this.ctx.opts.servicePorts.includes(dstPortOf(e) ?? -1)) return; // NTP, DNS
    if (!v.srcInternal || !v.destKey || v.destInternal) return;
    const host = v.src!;
    const dest = v.destKey;
    const key = `${host}\u0000${dest}`;
    let g = this.groups.get(key);
    if (!g) {
      g = {
        host,
        dest,
        count: 0,
        first: e.ts,
        last: e.ts,
        out: 0,
        in: 0,
        reasons: new Map(),
        slots: new Set(),
        days: new Set(),
        hoursOfDay: 0,
        browserOnly: true,
        refs: new RefSample(6),
      };
      this.groups.set(key, g);
    }
    g.count++;
    if (e.ts < g.first) g.first = e.ts;
    if (e.ts > g.last) g.last = e.ts;
    g.out += bytesOut(e, kind) ?? 0;
    g.in += bytesIn(e, kind) ?? 0;
    g.reasons.set(reason, (g.reasons.get(reason) ?? 0) + 1);
    const slot = this.ctx.clock.slot(e.ts);
    const hour = this.ctx.clock.hour(e.ts);
    if (g.slots.size < 2000) g.slots.add(slot.day * 24 + hour);
    g.hoursOfDay |= 1 << hour;
    if (g.browserOnly && !this.isBrowser(e.fields['c-useragent'])) g.browserOnly = false;
    g.days.add(slot.day);
    g.refs.add(e);
  }

  finish(): Finding[] {
    const { opts } = this.ctx;
    const t = opts.thresholds;
    const out: Finding[] = [];
    for (const g of this.groups.values()) {
      if (opts.allow.pair(g.host, g.dest, undefined, 'off-hours')) continue;
      const bigUpload = g.out >= t.uploadMinBytes;
      if (this.profile.isCommon(g.dest) && !bigUpload) continue;
      const rare = this.profile.isRare(g.dest);
      if (!rare && !bigUpload) continue;
      if (g.count < t.offHoursMinRequests && !bigUpload) continue;
      // Automation shows as traffic in many separate off-hours slots over several days; a scheduled
      // job as the same few hours of the day, night after night; a person as a browser now and then.
      const persistent = g.slots.size >= 6 && g.days.size >= 2;
      const scheduled = popcount(g.hoursOfDay) <= 4 && g.days.size >= 3;
      if (g.browserOnly && !persistent && !bigUpload) continue;
      let severity: FindingSeverity = 'low';
      if (bigUpload || (persistent && !scheduled)) severity = 'high';
      else if (!scheduled && (g.days.size >= 2 || g.slots.size >= 4)) severity = 'medium';
      const reasons = [...g.reasons.entries()].sort((a, b) => b[1] - a[1]);
      out.push(
        makeFinding({
          kind: 'off-hours',
          severity,
          host: g.host,
          peer: g.dest,
          first: g.first,
          last: g.last,
          count: g.count,
          evidence: g.refs.refs(),
          message: 'network.off_hours',
          params: {
            host: g.host,
            dest: g.dest,
            count: g.count,
            when_en: listEn(reasons.map(([r, n]) => `${r} ${n}`)),
            when_ja: listJa(reasons.map(([r, n]) => `${REASON_JA[r] ?? r} ${n} 件`)),
            hours: g.slots.size,
            days: g.days.size,
            sent: fmtBytes(g.out),
            received: fmtBytes(g.in),
            hosts: this.profile.prevalence(g.dest),
            first: fmtTime(g.first, opts.timeZone),
            last: fmtTime(g.last, opts.timeZone),
          },
          attack: ['T1071'],
          details: {
            reasons: Object.fromEntries(reasons),
            active_hours: g.slots.size,
            active_days: g.days.size,
            scheduled: scheduled || undefined,
            browser_only: g.browserOnly || undefined,
            bytes_out: g.out,
            bytes_in: g.in,
            hosts_using: this.profile.prevalence(g.dest),
            business_hours: opts.businessHours,
            time_zone: opts.timeZone,
          },
        }),
      );
    }
    return out;
  }
}
