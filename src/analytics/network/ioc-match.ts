/**
 * `ioc-match` and `dns-cnc` (route #1 of the network investigation: the name resolution of the C&C
 * server). Every request, connection, DNS query or alert that touches an indicator is grouped per
 * internal host and indicator: first and last contact, through which logs, whether it got through,
 * and whether the host was still in contact when its log ended ("is anyone connected now?").
 * Squid writes a CONNECT line only when the tunnel closes and firewalls log new states, so "still
 * connected" is judged from the last contact: within `activeWindowSeconds` (or three usual
 * intervals) of the end of that log, or a Zeek open_conn record.
 */
import type { Event } from '../../core/event.ts';
import type { Finding } from '../../core/finding.ts';
import type { Indicator, IocSet } from '../../ioc/index.ts';
import type { Analyzer } from '../types.ts';
import { isBlocked, netKind, normName, own, str, type NetKind } from './event-view.ts';
import { fmtDurationEn, fmtDurationJa, fmtTime, listEn, listJa } from './fmt.ts';
import { makeFinding } from './make.ts';
import type { NetworkContext } from './options.ts';
import type { OrgProfile } from './profile.ts';
import { RefSample } from './refs.ts';
import { medianOf } from './stats.ts';

/** The part of an indicator set the analyses use (src/ioc IocSet satisfies it). */
export type IocMatcher = Pick<
  IocSet,
  'matchIp' | 'matchDomain' | 'matchUrl' | 'matchHash' | 'matchHost' | 'size' | 'all'
>;

const HASH_FIELDS = ['fileinfo.sha256', 'fileinfo.sha1', 'fileinfo.md5', 'sha256', 'md5', 'sha1'];
const MAX_TIMES = 4096;

interface Group {
  host: string;
  ind: Indicator;
  count: number;
  first: number;
  last: number;
  lastKind: NetKind;
  channels: Map<NetKind, number>;
  blocked: number;
  open: boolean;
  peers: Set<string>;
  times: number[];
  refs: RefSample;
}

interface Hit {
  ind: Indicator;
  /** the indicator matched the client side (an inbound contact from the indicator) */
  inbound: boolean;
  peer: string;
}

/** A bounded memo of lookups (undefined results are remembered too). */
class Memo<V> {
  private readonly m = new Map<string, V | null>();
  get(k: string, make: (k: string) => V | undefined): V | undefined {
    const v = this.m.get(k);
    if (v !== undefined) return v === null ? undefined : v;
    const made = make(k);
    if (this.m.size > 200_000) this.m.clear();
    this.m.set(k, made ?? null);
    return made;
  }
}

export class IocMatchAnalyzer implements Analyzer {
  readonly id = 'network.ioc-match';
  private readonly groups = new Map<string, Group>();
  private readonly hostMemo = new Memo<Indicator>();
  private readonly ipMemo = new Memo<Indicator>();

  constructor(
    private readonly ctx: NetworkContext,
    private readonly profile: OrgProfile,
    private readonly iocs: IocMatcher,
  ) {}

  wants(e: Event): boolean {
    return this.iocs.size > 0 && netKind(e) !== undefined;
  }

  private readonly matchIp = (v: string): Indicator | undefined => this.iocs.matchIp(v);
  private readonly matchName = (v: string): Indicator | undefined => this.iocs.matchHost(normName(v));

  private ip(v: string | undefined): Indicator | undefined {
    return v ? this.ipMemo.get(v, this.matchIp) : undefined;
  }

  private name(v: string | undefined): Indicator | undefined {
    return v ? this.hostMemo.get(v, this.matchName) : undefined;
  }

  /** Hosts named in URL indicators: only their requests are worth the URL normalisation. */
  private urlHosts: Set<string> | undefined;

  private urlCandidate(host: string | undefined): boolean {
    if (!this.urlHosts) {
      this.urlHosts = new Set();
      for (const ind of this.iocs.all()) {
        if (ind.type !== 'url') continue;
        const m = /^(?:[a-z][a-z0-9+.-]*:\/\/)?(?:[^@/]*@)?(\[[^\]]+\]|[^:/?#]+)/i.exec(ind.value);
        if (m) this.urlHosts.add(m[1].toLowerCase().replace(/^\[|\]$/g, ''));
      }
    }
    return host !== undefined && this.urlHosts.has(normName(host));
  }

  private static push(out: Hit[], ind: Indicator | undefined, peer: string | undefined, inbound = false): void {
    if (!ind || !peer) return;
    for (const h of out) if (h.ind === ind) return;
    out.push({ ind, inbound, peer });
  }

  private hits(e: Event, kind: NetKind): Hit[] | undefined {
    const f = e.fields;
    const push = IocMatchAnalyzer.push;
    const out: Hit[] = [];
    const dst = str(f.dst_ip);
    switch (kind) {
      case 'proxy': {
        const host = str(f['cs-host']);
        if (this.urlCandidate(host)) {
          const url = str(f.url) ?? str(f['c-uri']);
          if (url?.includes('/')) push(out, this.iocs.matchUrl(url), host ?? url);
        }
        push(out, this.name(host), host);
        push(out, this.ip(dst), dst);
        break;
      }
      case 'dns': {
        const q = str(f.query);
        push(out, this.name(q), q);
        const ans = f.answer;
        if (Array.isArray(ans)) for (const a of ans.slice(0, 32)) push(out, this.name(String(a)), q ?? String(a));
        break;
      }
      case 'tls':
        push(out, this.name(str(f.server_name)), str(f.server_name));
        push(out, this.ip(dst), dst);
        push(out, this.ip(str(f.src_ip)), str(f.src_ip), true);
        break;
      default:
        push(out, this.ip(dst), dst);
        push(out, this.ip(str(f.src_ip)), str(f.src_ip), true);
    }
    if (kind !== 'proxy' && kind !== 'dns' && kind !== 'firewall') {
      for (const h of HASH_FIELDS) {
        const v = str(f[h]);
        if (v) push(out, this.iocs.matchHash(v), dst ?? v);
      }
    }
    return out.length ? out : undefined;
  }

  add(e: Event): void {
    const kind = netKind(e)!;
    const hits = this.hits(e, kind);
    if (!hits) return;
    const src = this.ctx.views.of(e).src;
    for (const h of hits) {
      const host = h.inbound ? str(e.fields.dst_ip) : src;
      if (!host) continue;
      const key = `${host}\u0000${h.ind.type}\u0000${h.ind.value}`;
      let g = this.groups.get(key);
      if (!g) {
        g = {
          host: own(host),
          ind: h.ind,
          count: 0,
          first: e.ts,
          last: e.ts,
          lastKind: kind,
          channels: new Map(),
          blocked: 0,
          open: false,
          peers: new Set(),
          times: [],
          refs: new RefSample(10),
        };
        this.groups.set(own(key), g);
      }
      g.count++;
      if (e.ts < g.first) g.first = e.ts;
      if (e.ts >= g.last) {
        g.last = e.ts;
        g.lastKind = kind;
      }
      g.channels.set(kind, (g.channels.get(kind) ?? 0) + 1);
      if (isBlocked(e, kind)) g.blocked++;
      if (e.fields.open === true) g.open = true;
      if (g.peers.size < 20 && !g.peers.has(h.peer)) g.peers.add(own(h.peer));
      if (g.times.length < MAX_TIMES && Number.isFinite(e.ts)) g.times.push(e.ts);
      g.refs.add(e);
    }
  }

  finish(): Finding[] {
    const { opts } = this.ctx;
    const out: Finding[] = [];
    for (const g of this.groups.values()) {
      if (opts.allow.host(g.host, 'ioc-match')) continue;
      const end = this.profile.endOf(g.lastKind);
      const times = g.times.sort((a, b) => a - b);
      const gaps: number[] = [];
      for (let i = 1; i < times.length; i++) if (times[i] > times[i - 1]) gaps.push(times[i] - times[i - 1]);
      gaps.sort((a, b) => a - b);
      const usual = gaps.length >= 2 ? medianOf(gaps) : 0;
      const window = Math.max(opts.thresholds.activeWindowSeconds * 1e6, 3 * usual);
      const sinceEnd = end - g.last;
      const active = g.open || (Number.isFinite(sinceEnd) && sinceEnd <= window);
      const onlyBlocked = g.blocked === g.count;
      const onlyDns = g.channels.size === 1 && g.channels.has('dns');
      const channels = [...g.channels.entries()].map(([k, n]) => `${k} ${n}`);
      const label = g.ind.label ? ` "${g.ind.label.slice(0, 80)}"` : '';
      out.push(
        makeFinding({
          kind: 'ioc-match',
          severity: active && !onlyBlocked && !onlyDns ? 'critical' : 'high',
          host: g.host,
          peer: g.ind.value,
          first: g.first,
          last: g.last,
          count: g.count,
          evidence: g.refs.refs(),
          message: !active
            ? 'network.ioc_match'
            : onlyDns
              ? 'network.ioc_match_resolving'
              : onlyBlocked
                ? 'network.ioc_match_trying'
                : 'network.ioc_match_active',
          params: {
            host: g.host,
            indicator: g.ind.value,
            type: g.ind.type,
            label,
            count: g.count,
            channels_en: listEn(channels),
            channels_ja: listJa(channels),
            first: fmtTime(g.first, opts.timeZone),
            last: fmtTime(g.last, opts.timeZone),
            ago_en: fmtDurationEn(Math.max(0, sinceEnd / 1e6)),
            ago_ja: fmtDurationJa(Math.max(0, sinceEnd / 1e6)),
          },
          attack: ['T1071'],
          details: {
            indicator: g.ind.value,
            indicator_type: g.ind.type,
            indicator_source: g.ind.source,
            indicator_label: g.ind.label,
            channels: Object.fromEntries(g.channels),
            blocked: g.blocked,
            active_at_end: active,
            open_connection: g.open || undefined,
            seconds_before_log_end: Number.isFinite(sinceEnd) ? Math.round(sinceEnd / 1e6) : undefined,
            usual_interval_s: usual ? Math.round(usual / 1e6) : undefined,
            peers: [...g.peers],
          },
        }),
      );
    }
    return out;
  }
}

/** `dns-cnc`: each host that resolved an indicator domain (or got an indicator address in an answer). */
export class DnsCncAnalyzer implements Analyzer {
  readonly id = 'network.dns-cnc';
  private readonly groups = new Map<
    string,
    {
      host: string;
      query: string;
      ind: Indicator;
      count: number;
      first: number;
      last: number;
      types: Set<string>;
      rcodes: Set<string>;
      answers: Set<string>;
      servers: Set<string>;
      refs: RefSample;
    }
  >();
  private readonly memo = new Memo<Indicator>();
  private readonly match = (q: string): Indicator | undefined => this.iocs.matchDomain(q);

  constructor(
    private readonly ctx: NetworkContext,
    private readonly iocs: IocMatcher,
  ) {}

  wants(e: Event): boolean {
    return this.iocs.size > 0 && netKind(e) === 'dns';
  }

  add(e: Event): void {
    const q = str(e.fields.query);
    if (!q) return;
    const query = normName(q);
    let ind = this.memo.get(query, this.match);
    const ans = e.fields.answer;
    if (!ind && Array.isArray(ans)) {
      for (const a of ans.slice(0, 32)) {
        ind = this.iocs.matchIp(String(a)) ?? this.iocs.matchDomain(normName(String(a)));
        if (ind) break;
      }
    }
    if (!ind) return;
    const host = this.ctx.views.of(e).src;
    if (!host) return;
    const key = `${host}\u0000${query}`;
    let g = this.groups.get(key);
    if (!g) {
      g = {
        host,
        query: own(query),
        ind,
        count: 0,
        first: e.ts,
        last: e.ts,
        types: new Set(),
        rcodes: new Set(),
        answers: new Set(),
        servers: new Set(),
        refs: new RefSample(10),
      };
      this.groups.set(own(key), g);
    }
    g.count++;
    if (e.ts < g.first) g.first = e.ts;
    if (e.ts > g.last) g.last = e.ts;
    const rt = str(e.fields.record_type);
    if (rt && g.types.size < 10) g.types.add(own(rt));
    const rc = str(e.fields.rcode);
    if (rc && g.rcodes.size < 10) g.rcodes.add(own(rc));
    if (Array.isArray(ans)) for (const a of ans) if (g.answers.size < 20) g.answers.add(own(String(a)));
    const server = str(e.fields.dst_ip);
    if (server && g.servers.size < 10) g.servers.add(own(server));
    g.refs.add(e);
  }

  finish(): Finding[] {
    const { opts } = this.ctx;
    const out: Finding[] = [];
    for (const g of this.groups.values()) {
      if (opts.allow.host(g.host, 'dns-cnc')) continue;
      const answers = [...g.answers];
      out.push(
        makeFinding({
          kind: 'dns-cnc',
          severity: 'high',
          host: g.host,
          peer: g.query,
          first: g.first,
          last: g.last,
          count: g.count,
          evidence: g.refs.refs(),
          message: answers.length ? 'network.dns_cnc_answers' : 'network.dns_cnc',
          params: {
            host: g.host,
            query: g.query,
            indicator: g.ind.value,
            count: g.count,
            types: [...g.types].join('/') || '?',
            first: fmtTime(g.first, opts.timeZone),
            last: fmtTime(g.last, opts.timeZone),
            answers_en: listEn(answers),
            answers_ja: listJa(answers),
          },
          attack: ['T1071.004'],
          details: {
            indicator: g.ind.value,
            indicator_source: g.ind.source,
            record_types: [...g.types],
            rcodes: [...g.rcodes],
            answers,
            servers: [...g.servers],
          },
        }),
      );
    }
    return out;
  }
}
