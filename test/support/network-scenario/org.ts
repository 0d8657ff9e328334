// The organisation of the scenario: ~200 client PCs in four VLANs, a server segment (Squid proxy,
// AD/DNS, file server, monitoring, backup), a management terminal; and the Emitter that turns
// activity into log lines of the four devices, bucketed by hour so that a week streams to disk.
import { closeSync, openSync, writeSync } from 'node:fs';
import { Rng, Zipf } from './rng.ts';
import {
  bindLine,
  eveAlertLine,
  eveFlowLine,
  filterlogLine,
  squidLine,
  type AlertRecord,
  type FilterRecord,
  type SquidRecord,
} from '../../../src/demo/log-formats.ts';

export interface ScenarioConfig {
  seed: string;
  /** local (JST) Monday the week starts, YYYY-MM-DD */
  start: string;
  days: number;
  clients: number;
  /** browsing sessions per present hour per client */
  sessionsPerHour: number;
  /** write EVE flow records for client→proxy connections (upload volumes) */
  flows: boolean;
  /** local days off besides weekends (Japanese public holidays of the week, from the Cabinet Office list) */
  daysOff: string[];
  /**
   * The harder week (hard.ts): more benign traps (org-wide agents and NTP, an AV console on :8080, a
   * SaaS on :8443 and SaaS uploads, the proxy's own outbound firewall rows) and more compromised hosts.
   */
  hard: boolean;
  /** Squid's byte count of a CONNECT tunnel: the reply only, or both directions (no direction known) */
  tunnelBytes: 'reply' | 'both';
  /** the firewall logs the proxy's own outbound connections (they mirror its clients' requests) */
  proxyFirewall: boolean;
}

export const DEFAULT_CONFIG: ScenarioConfig = {
  seed: 'konseki-issue-6',
  start: '2025-04-28',
  days: 7,
  clients: 200,
  sessionsPerHour: 2.5,
  flows: true,
  daysOff: ['2025-04-29', '2025-05-03', '2025-05-04', '2025-05-05', '2025-05-06'],
  hard: false,
  tunnelBytes: 'reply',
  proxyFirewall: false,
};

export const HOUR = 3600_000;
export const JST = 9 * HOUR;

export const IPS = {
  proxy: '10.20.0.5',
  dc: '10.20.0.10',
  dc2: '10.20.0.11',
  fileServer: '10.20.0.20',
  monitoring: '10.20.0.40',
  backup: '10.20.0.50',
  admin: '10.30.0.10',
  publicIp: '198.51.100.2',
};

export type Style = 'normal' | 'late' | 'holiday' | 'weekend';

export interface Client {
  ip: string;
  index: number;
  ua: string;
  style: Style;
  alwaysOn: boolean;
  sites: number[];
  dev: boolean;
  java: boolean;
  license: boolean;
  webconf: boolean;
  vendorVpn: boolean;
}

const CHROME = (v: number): string =>
  `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${v}.0.0.0 Safari/537.36`;
const EDGE = (v: number): string =>
  `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${v}.0.0.0 Safari/537.36 Edg/${v}.0.0.0`;
const FIREFOX = (v: number): string =>
  `Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:${v}.0) Gecko/20100101 Firefox/${v}.0`;

export const POPULAR = [
  'www.google.com',
  'www.yahoo.co.jp',
  'www.microsoft.com',
  'outlook.office365.com',
  'teams.microsoft.com',
  'corp.sharepoint.com',
  'www.youtube.com',
  'news.yahoo.co.jp',
  'www.amazon.co.jp',
  'www.nikkei.com',
  'ja.wikipedia.org',
  'github.com',
  'www.nhk.or.jp',
  'weather.yahoo.co.jp',
  'www.jr-east.co.jp',
  'docs.google.com',
  'zoom.us',
  'www.asahi.com',
];
export const CDNS = [
  'fonts.gstatic.com',
  'ajax.googleapis.com',
  'cdn.jsdelivr.net',
  'static.cloudflareinsights.com',
  'www.googletagmanager.com',
  's.yimg.jp',
  'cdnjs.cloudflare.com',
  'assets.adobedtm.com',
];

export class Org {
  readonly rng: Rng;
  readonly clients: Client[] = [];
  readonly sites: string[] = [];
  readonly siteZipf: Zipf;
  readonly startMs: number;
  readonly endMs: number;
  private readonly daysOff: Set<string>;

  constructor(readonly cfg: ScenarioConfig) {
    this.rng = new Rng(cfg.seed);
    this.startMs = Date.parse(`${cfg.start}T00:00:00+09:00`);
    this.endMs = this.startMs + cfg.days * 24 * HOUR;
    this.daysOff = new Set(cfg.daysOff);
    for (const s of POPULAR) this.sites.push(s);
    const words = [
      'news',
      'shop',
      'blog',
      'tech',
      'travel',
      'food',
      'sports',
      'finance',
      'docs',
      'forum',
      'music',
      'game',
      'photo',
      'health',
      'learn',
      'city',
      'univ',
      'lab',
    ];
    for (let i = 0; this.sites.length < 2500; i++) this.sites.push(`www.${words[i % words.length]}${i}.example`);
    this.siteZipf = new Zipf(this.sites.length, 1.05);
    const r = this.rng.fork('clients');
    for (let i = 0; i < cfg.clients; i++) {
      const vlan = 1 + Math.floor(i / 50);
      const ip = `10.10.${vlan}.${20 + (i % 50)}`;
      const b = r.next();
      const ua =
        b < 0.68
          ? CHROME(r.pick([124, 124, 124, 125]))
          : b < 0.9
            ? EDGE(r.pick([124, 124, 125]))
            : b < 0.99
              ? FIREFOX(125)
              : FIREFOX(115) + ' ESR';
      const s = r.next();
      const style: Style = s < 0.12 ? 'late' : s < 0.15 ? 'holiday' : s < 0.18 ? 'weekend' : 'normal';
      const personal = new Set<number>();
      while (personal.size < 25) personal.add(this.siteZipf.draw(r));
      this.clients.push({
        ip,
        index: i,
        ua,
        style,
        alwaysOn: r.chance(0.4),
        sites: [...personal],
        dev: i === 88,
        java: i === 140 || i === 171,
        license: i % 5 === 2,
        webconf: i % 4 === 1,
        vendorVpn: i === 23 || i === 164,
      });
    }
  }

  /** Local date YYYY-MM-DD and minute of day of a moment. */
  local(ms: number): { date: string; minute: number; weekday: number } {
    const d = new Date(ms + JST);
    return {
      date: d.toISOString().slice(0, 10),
      minute: d.getUTCHours() * 60 + d.getUTCMinutes(),
      weekday: d.getUTCDay(),
    };
  }

  isWorkday(ms: number): boolean {
    const l = this.local(ms);
    return l.weekday !== 0 && l.weekday !== 6 && !this.daysOff.has(l.date);
  }

  /** Deterministic public address of a site. */
  siteIp(name: string): string {
    let h = 2166136261;
    for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
    h >>>= 0;
    return `${20 + (h % 150)}.${(h >>> 8) & 255}.${(h >>> 16) & 255}.${1 + ((h >>> 24) % 250)}`;
  }
}

type Log = 'proxy' | 'fw' | 'dns' | 'eve';

/** Lines bucketed by hour; an hour is written once every actor has moved past it. */
export class Emitter {
  private readonly buckets = new Map<number, Record<Log, Array<[number, string]>>>();
  private readonly fds: Record<Log, number>;
  private readonly proxyDnsCache = new Map<string, number>();
  private readonly proxyConnCache = new Map<string, number>();
  private flowId = 1_000_000_000;
  private bindObj = 0x7f3a1c000000;
  readonly counts: Record<Log, number> = { proxy: 0, fw: 0, dns: 0, eve: 0 };

  constructor(
    readonly org: Org,
    paths: Record<Log, string>,
    private readonly rng: Rng,
  ) {
    this.fds = {
      proxy: openSync(paths.proxy, 'w'),
      fw: openSync(paths.fw, 'w'),
      dns: openSync(paths.dns, 'w'),
      eve: openSync(paths.eve, 'w'),
    };
  }

  private push(log: Log, ts: number, line: string): void {
    if (ts >= this.org.endMs || ts < this.org.startMs) return;
    const h = Math.floor(ts / HOUR);
    let b = this.buckets.get(h);
    if (!b) {
      b = { proxy: [], fw: [], dns: [], eve: [] };
      this.buckets.set(h, b);
    }
    b[log].push([ts, line]);
  }

  /** Write every hour before `ms`. */
  flushBefore(ms: number): void {
    const limit = Math.floor(ms / HOUR);
    for (const h of [...this.buckets.keys()].sort((a, b) => a - b)) {
      if (h >= limit) break;
      const b = this.buckets.get(h)!;
      for (const log of ['proxy', 'fw', 'dns', 'eve'] as Log[]) {
        const rows = b[log].sort((x, y) => x[0] - y[0]);
        if (!rows.length) continue;
        this.counts[log] += rows.length;
        writeSync(this.fds[log], rows.map((r) => r[1]).join('\n') + '\n');
      }
      this.buckets.delete(h);
    }
  }

  close(): void {
    this.flushBefore(Infinity);
    for (const fd of Object.values(this.fds)) closeSync(fd);
  }

  ephemeral(): number {
    return this.rng.int(49152, 65535);
  }

  nextFlowId(): number {
    return (this.flowId += this.rng.int(1, 97));
  }

  /**
   * One request through the proxy: the Squid line at its end, the proxy's own DNS lookup when its
   * cache has expired, and the client→proxy flow of the EVE sensor.
   */
  request(p: {
    start: number;
    client: string;
    method: string;
    host: string;
    port?: number;
    path?: string;
    status?: number;
    code?: string;
    toClient: number;
    toServer: number;
    elapsed: number;
    mime?: string;
    ua?: string;
    referer?: string;
    flow?: boolean;
    scheme?: 'http';
  }): void {
    const peer = /^\d+\.\d+\.\d+\.\d+$/.test(p.host) ? p.host : this.org.siteIp(p.host);
    if (!/^\d+\.\d+\.\d+\.\d+$/.test(p.host)) this.proxyDns(p.start, p.host);
    const connect = p.method === 'CONNECT';
    const url = connect
      ? `${p.host}:${p.port ?? 443}`
      : `http://${p.host}${p.port && p.port !== 80 ? `:${p.port}` : ''}${p.path ?? '/'}`;
    const status = p.status ?? 200;
    const rec: SquidRecord = {
      end: p.start + p.elapsed,
      elapsed: p.elapsed,
      client: p.client,
      code: p.code ?? (connect ? 'TCP_TUNNEL' : status === 304 ? 'TCP_REFRESH_UNMODIFIED' : 'TCP_MISS'),
      status,
      bytes: connect && this.org.cfg.tunnelBytes === 'both' ? Math.round(p.toClient + p.toServer) : p.toClient,
      method: p.method,
      url,
      hier: 'HIER_DIRECT',
      peer,
      mime: connect ? '-' : (p.mime ?? 'text/html'),
      referer: p.referer,
      ua: p.ua,
    };
    this.push('proxy', rec.end, squidLine(rec));
    if (this.org.cfg.proxyFirewall) this.proxyOutbound(p.start, peer, connect ? (p.port ?? 443) : (p.port ?? 80));
    if (this.org.cfg.flows && (p.flow ?? true)) {
      this.push(
        'eve',
        rec.end,
        eveFlowLine({
          start: p.start - 5,
          end: rec.end + 20,
          flowId: this.nextFlowId(),
          src: p.client,
          sport: this.ephemeral(),
          dst: IPS.proxy,
          dport: 3128,
          appProto: 'http',
          toServer: p.toServer,
          toClient: p.toClient + 400,
        }),
      );
    }
  }

  /** The proxy's own connection to the server (a new state every few minutes per server: connections are reused). */
  private proxyOutbound(ts: number, peer: string, port: number): void {
    const key = `${peer}:${port}`;
    if ((this.proxyConnCache.get(key) ?? 0) > ts) return;
    this.proxyConnCache.set(key, ts + 120_000);
    if (this.proxyConnCache.size > 50_000) this.proxyConnCache.clear();
    this.fw({
      ts: ts + 40,
      rule: 140,
      iface: 'igb2',
      action: 'pass',
      dir: 'in',
      proto: 'tcp',
      src: IPS.proxy,
      dst: peer,
      sport: this.ephemeral(),
      dport: port,
    });
  }

  proxyDns(ts: number, name: string): void {
    const until = this.proxyDnsCache.get(name) ?? 0;
    if (until > ts) return;
    this.proxyDnsCache.set(name, ts + 300_000);
    if (this.proxyDnsCache.size > 50_000) this.proxyDnsCache.clear();
    this.dns(ts - 3, IPS.proxy, name, 'A');
  }

  dns(ts: number, client: string, name: string, type: string): void {
    this.bindObj += 0x1a0;
    this.push('dns', ts, bindLine(ts, client, this.ephemeral(), name, type, IPS.dc, this.bindObj.toString(16)));
  }

  fw(r: Omit<FilterRecord, 'ttl' | 'id' | 'length' | 'tracker'> & { length?: number }): void {
    const full: FilterRecord = {
      ...r,
      ttl: 128,
      id: this.rng.int(1, 65535),
      length: r.length ?? (r.proto === 'tcp' ? 52 : 76),
      tracker: 1_000_000_000 + r.rule,
    };
    this.push('fw', r.ts, filterlogLine(full));
  }

  /** A TCP connection attempt as pfSense logs it: one line per SYN (the client retries when blocked). */
  fwConnect(
    ts: number,
    src: string,
    dst: string,
    dport: number,
    action: 'pass' | 'block',
    rule: number,
    iface: string,
  ): void {
    const sport = this.ephemeral();
    const tries = action === 'block' ? [0, 1000, 3000] : [0];
    for (const d of tries)
      this.fw({ ts: ts + d, rule, iface, action, dir: 'in', proto: 'tcp', src, dst, sport, dport });
  }

  alert(r: Omit<AlertRecord, 'flowId'>): void {
    this.push('eve', r.ts, eveAlertLine({ ...r, flowId: this.nextFlowId() }));
  }
}
