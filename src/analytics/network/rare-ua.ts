/**
 * `rare-user-agent`: User-Agents that few hosts of the organisation use, or that are not browsers
 * (empty, scripting tools, forged or outdated browser strings). Measured against the whole
 * organisation: the share of internal hosts that sent the same string. Common browsers and the
 * Windows agents every host runs never qualify; rare browser builds are not reported unless they
 * look forged. Per-host detail is dropped once a User-Agent is seen on more than 16 hosts.
 */
import type { Event } from '../../core/event.ts';
import type { Finding, FindingSeverity } from '../../core/finding.ts';
import type { Analyzer } from '../types.ts';
import { netKind, own } from './event-view.ts';
import { fmtTime, listEn, listJa } from './fmt.ts';
import { isIpLiteral } from './ip.ts';
import { makeFinding } from './make.ts';
import type { NetworkContext } from './options.ts';
import type { OrgProfile } from './profile.ts';
import { RefSample } from './refs.ts';
import { DistinctCounter, Interner } from './sketch.ts';

export type UaClass = 'empty' | 'tool' | 'forged' | 'outdated' | 'browser' | 'app';

const TOOL =
  /^(?:curl|wget|python-requests|python-urllib|python\/|aiohttp|go-http-client|java\/|okhttp|libwww-perl|lwp::|winhttp|powershell|certutil|bitsadmin|nmap|sqlmap|masscan|zgrab|nikto|nuclei|httpie|axios|node-fetch|undici|ruby|perl|php|mshta|rclone|megacmd|winscp|pscp|filezilla|anydesk|ngrok)/i;
const TOOL_INSIDE = /WindowsPowerShell\/|CertUtil URL Agent|\bcurl\/|\bWget\//i;
const BROWSER = /^Mozilla\/5\.0 \([^)]{3,200}\).*(?:Chrome|Firefox|Safari|Edg|OPR|Version)\/\d/;
const OUTDATED = /MSIE [1-9]\.|MSIE 10\.|Trident\/[3-6]\.|Windows NT 5\.|Windows 9[58]|Firefox\/[1-9]\./;

/** What kind of client a User-Agent string claims to be, and why it looks wrong when it does. */
export function classifyUa(ua: string): UaClass {
  const u = ua.trim();
  if (!u || u === '-') return 'empty';
  if (TOOL.test(u) || TOOL_INSIDE.test(u)) return 'tool';
  if (/^Mozila|^Mozilla\/[0-3]\.|^Mozilla [^/]|^Mozilla\/\d\.\d\s{2}|^Mozilla\/5\.0$|\$\{|^[\w.-]{1,4}$/.test(u))
    return 'forged';
  if (/^Mozilla\/4\.0 \(compatible; ?MSIE/.test(u) || OUTDATED.test(u)) return 'outdated';
  if (BROWSER.test(u)) return 'browser';
  return 'app';
}

const WHY_EN: Record<UaClass, string> = {
  empty: 'empty',
  tool: 'scripting tool',
  forged: 'malformed or forged browser string',
  outdated: 'outdated browser',
  browser: 'browser',
  app: 'application',
};
const WHY_JA: Record<UaClass, string> = {
  empty: '空',
  tool: 'スクリプト・ツール',
  forged: '不正な形式または偽装されたブラウザ文字列',
  outdated: '古いブラウザ',
  browser: 'ブラウザ',
  app: 'アプリケーション',
};

interface HostUse {
  count: number;
  first: number;
  last: number;
  dests: Map<string, number>;
  refs: RefSample;
}

interface UaState {
  hosts: DistinctCounter;
  count: number;
  /** per-host detail while few hosts use it */
  perHost: Map<string, HostUse> | undefined;
}

const PER_HOST_MAX = 16;

function names(dests: Array<[string, number]>): string[] {
  return dests.map(([d]) => d);
}
const MAX_UA_LENGTH = 512;
const MAX_UAS = 200_000;

export class RareUaAnalyzer implements Analyzer {
  readonly id = 'network.rare-user-agent';
  private readonly uas = new Map<string, UaState>();
  private readonly hostIds = new Interner();
  private withUa = 0;
  private withoutUa = 0;

  constructor(
    private readonly ctx: NetworkContext,
    private readonly profile: OrgProfile,
  ) {}

  wants(e: Event): boolean {
    return netKind(e) === 'proxy';
  }

  add(e: Event): void {
    const v = this.ctx.views.of(e);
    if (!v.srcInternal) return;
    const host = v.src!;
    const raw = e.fields['c-useragent'];
    let ua: string;
    if (typeof raw === 'string') {
      this.withUa++;
      ua = raw.length > MAX_UA_LENGTH ? raw.slice(0, MAX_UA_LENGTH) : raw;
    } else {
      this.withoutUa++;
      ua = '';
    }
    let s = this.uas.get(ua);
    if (!s) {
      if (this.uas.size >= MAX_UAS) return;
      s = { hosts: new DistinctCounter(), count: 0, perHost: new Map() };
      this.uas.set(own(ua), s);
    }
    s.count++;
    let h = s.perHost?.get(host);
    if (!h) s.hosts.add(this.hostIds.id(host));
    if (!s.perHost) return;
    if (!h) {
      if (s.perHost.size >= PER_HOST_MAX) {
        s.perHost = undefined;
        return;
      }
      h = { count: 0, first: e.ts, last: e.ts, dests: new Map(), refs: new RefSample(5) };
      s.perHost.set(host, h);
    }
    h.count++;
    if (e.ts < h.first) h.first = e.ts;
    if (e.ts > h.last) h.last = e.ts;
    const d = v.dest;
    if (d) {
      if (h.dests.size < 16 || h.dests.has(d)) h.dests.set(d, (h.dests.get(d) ?? 0) + 1);
    }
    h.refs.add(e);
  }

  finish(): Finding[] {
    // A proxy that does not log User-Agents at all tells nothing about them.
    if (this.withUa === 0 || this.withoutUa > 9 * this.withUa) return [];
    const { opts } = this.ctx;
    const total = this.hostIds.size;
    const rareLimit = this.profile.rareLimit();
    const out: Finding[] = [];
    for (const [ua, s] of this.uas) {
      if (!s.perHost) continue;
      const users = s.hosts.count();
      const cls = classifyUa(ua);
      const rare = users <= rareLimit;
      const nonBrowser = cls !== 'browser' && cls !== 'app';
      if (!rare && !(nonBrowser && users < opts.thresholds.commonShare * total)) continue;
      if (cls === 'browser') continue;
      for (const [host, h] of s.perHost) {
        if (opts.allow.userAgent(ua, 'rare-user-agent') || opts.allow.host(host, 'rare-user-agent')) continue;
        const dests = [...h.dests.entries()].sort((a, b) => b[1] - a[1]);
        let toRare = 0;
        for (const [d, n] of dests) if (this.profile.isRare(d)) toRare += n;
        const rareShare = h.count ? toRare / h.count : 0;
        let severity: FindingSeverity;
        if (!rare || cls === 'app') severity = 'low';
        else if (cls === 'tool') severity = names(dests).some(isIpLiteral) ? 'high' : 'medium';
        else severity = rareShare >= 0.5 ? 'high' : 'medium';
        const destNames = names(dests);
        out.push(
          makeFinding({
            kind: 'rare-user-agent',
            severity,
            host,
            peer: destNames[0] ?? null,
            first: h.first,
            last: h.last,
            count: h.count,
            evidence: h.refs.refs(),
            message: ua ? 'network.rare_ua' : 'network.empty_ua',
            params: {
              host,
              ua: ua.slice(0, 200),
              count: h.count,
              hosts: users,
              total,
              why_en: WHY_EN[cls],
              why_ja: WHY_JA[cls],
              dests_en: listEn(destNames, 3),
              dests_ja: listJa(destNames, 3),
              first: fmtTime(h.first, opts.timeZone),
              last: fmtTime(h.last, opts.timeZone),
            },
            attack: ['T1071.001'],
            details: {
              user_agent: ua,
              class: cls,
              hosts_using: users,
              organisation_hosts: total,
              rare,
              destinations: Object.fromEntries(dests.slice(0, 10)),
              rare_destination_share: Math.round(rareShare * 100) / 100,
            },
          }),
        );
      }
    }
    return out;
  }
}
