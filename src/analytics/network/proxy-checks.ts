/**
 * Two checks on proxy logs from JPCERT/CC's and IPA's guidance (seed 000/001 照合分析):
 * - `connect-nonstandard-port`: CONNECT to a port other than 443 (and 80), i.e. a tunnel that is
 *   not HTTPS — RATs that tunnel their own protocol through the proxy;
 * - `ip-direct-http`: HTTP to a bare IP address (no name resolution: typical of droppers and
 *   C&C), worst when it fetched an executable.
 * Both are ranked by how many hosts of the organisation use the same destination.
 */
import type { Event } from '../../core/event.ts';
import type { Finding, FindingSeverity } from '../../core/finding.ts';
import type { Analyzer } from '../types.ts';
import { netKind, num, own, str } from './event-view.ts';
import { fmtTime, listEn, listJa } from './fmt.ts';
import { isIpLiteral } from './ip.ts';
import { makeFinding } from './make.ts';
import type { NetworkContext } from './options.ts';
import type { OrgProfile } from './profile.ts';
import { RefSample } from './refs.ts';
import { DistinctCounter, Interner } from './sketch.ts';

interface Group {
  host: string;
  dest: string;
  port: number;
  count: number;
  first: number;
  last: number;
  ok: number;
  methods: Map<string, number>;
  exe: string[];
  refs: RefSample;
}

function bump(g: Group, e: Event): void {
  g.count++;
  if (e.ts < g.first) g.first = e.ts;
  if (e.ts > g.last) g.last = e.ts;
  const status = num(e.fields['sc-status']) ?? 0;
  if (status >= 200 && status < 400) g.ok++;
  const m = str(e.fields['cs-method']) ?? '?';
  if (g.methods.size < 10 || g.methods.has(m)) g.methods.set(own(m), (g.methods.get(m) ?? 0) + 1);
  g.refs.add(e);
}

function newGroup(host: string, dest: string, port: number, e: Event): Group {
  return {
    host,
    dest,
    port,
    count: 0,
    first: e.ts,
    last: e.ts,
    ok: 0,
    methods: new Map(),
    exe: [],
    refs: new RefSample(8),
  };
}

export class ConnectPortAnalyzer implements Analyzer {
  readonly id = 'network.connect-nonstandard-port';
  private readonly groups = new Map<string, Group>();
  private readonly hosts = new Interner();
  private readonly users = new Map<string, DistinctCounter>();

  constructor(
    private readonly ctx: NetworkContext,
    private readonly profile: OrgProfile,
  ) {}

  wants(e: Event): boolean {
    return netKind(e) === 'proxy' && e.fields['cs-method'] === 'CONNECT';
  }

  add(e: Event): void {
    const port = num(e.fields.dst_port);
    if (port === undefined || this.ctx.opts.connectPorts.includes(port)) return;
    const v = this.ctx.views.of(e);
    const host = v.src;
    const dest = v.dest;
    if (!host || !v.srcInternal || !dest || !e.fields['cs-host']) return;
    const dk = `${dest}:${port}`;
    const key = `${host}\u0000${dk}`;
    let g = this.groups.get(key);
    if (!g) {
      g = newGroup(host, dest, port, e);
      this.groups.set(own(key), g);
    }
    bump(g, e);
    let u = this.users.get(dk);
    if (!u) {
      u = new DistinctCounter();
      this.users.set(own(dk), u);
    }
    u.add(this.hosts.id(host));
  }

  finish(): Finding[] {
    const { opts } = this.ctx;
    const out: Finding[] = [];
    const total = Math.max(1, this.profile.hostCount());
    for (const g of this.groups.values()) {
      if (opts.allow.pair(g.host, g.dest, g.port, 'connect-nonstandard-port')) continue;
      const users = this.users.get(`${g.dest}:${g.port}`)?.count() ?? 1;
      const ipLiteral = isIpLiteral(g.dest);
      const rare = users <= this.profile.rareLimit();
      // A bare address that few use is what RATs tunnel to; a named service may be a vendor's.
      let severity: FindingSeverity =
        users / total >= opts.thresholds.commonShare ? 'low' : rare && ipLiteral ? 'high' : 'medium';
      if (g.ok === 0 && severity === 'high') severity = 'medium'; // refused by the proxy every time
      out.push(
        makeFinding({
          kind: 'connect-nonstandard-port',
          severity,
          host: g.host,
          peer: `${g.dest}:${g.port}`,
          first: g.first,
          last: g.last,
          count: g.count,
          evidence: g.refs.refs(),
          message: 'network.connect_port',
          params: {
            host: g.host,
            dest: g.dest,
            port: g.port,
            count: g.count,
            hosts: users,
            total,
            first: fmtTime(g.first, opts.timeZone),
            last: fmtTime(g.last, opts.timeZone),
          },
          attack: ['T1090', 'T1571'],
          details: { port: g.port, hosts_using: users, ip_literal: ipLiteral, succeeded: g.ok },
        }),
      );
    }
    return out;
  }
}

const EXE_EXT = new Set([
  'exe',
  'dll',
  'scr',
  'msi',
  'bat',
  'cmd',
  'ps1',
  'vbs',
  'js',
  'jse',
  'hta',
  'jar',
  'lnk',
  'cpl',
  'sys',
  'com',
  'pif',
  'elf',
  'sh',
  'bin',
  'iso',
  'img',
]);
const EXE_MIME =
  /^application\/(?:x-msdownload|x-msdos-program|x-dosexec|x-executable|vnd\.microsoft\.portable-executable|x-ms-installer|x-sh|java-archive|hta)\b/i;

/** Did this request fetch an executable (by extension of the path or by content type)? */
export function isExecutableFetch(e: Event): boolean {
  const ext = str(e.fields['c-uri-extension']);
  if (ext && EXE_EXT.has(ext.toLowerCase())) return true;
  const mime = str(e.fields.mime_type);
  return mime !== undefined && EXE_MIME.test(mime);
}

export class IpDirectAnalyzer implements Analyzer {
  readonly id = 'network.ip-direct-http';
  private readonly groups = new Map<string, Group>();

  constructor(
    private readonly ctx: NetworkContext,
    private readonly profile: OrgProfile,
  ) {}

  wants(e: Event): boolean {
    return netKind(e) === 'proxy';
  }

  add(e: Event): void {
    if (!e.fields['cs-host']) return;
    const v = this.ctx.views.of(e);
    if (!v.destIsIp || !v.dest || v.destInternal) return; // intranet servers by address are common and harmless
    const ip = v.dest.startsWith('[') ? v.dest.slice(1, -1) : v.dest;
    const host = v.src;
    if (!host || !v.srcInternal) return; // Internet clients asking our servers by address are not our hosts
    const port = num(e.fields.dst_port) ?? 0;
    const key = `${host}\u0000${ip}`;
    let g = this.groups.get(key);
    if (!g) {
      g = newGroup(host, ip, port, e);
      this.groups.set(own(key), g);
    }
    bump(g, e);
    if (isExecutableFetch(e) && g.exe.length < 10) {
      const url = str(e.fields.url) ?? str(e.fields['c-uri']) ?? '?';
      if (!g.exe.includes(url)) g.exe.push(own(url.slice(0, 300)));
    }
  }

  finish(): Finding[] {
    const { opts } = this.ctx;
    const out: Finding[] = [];
    for (const g of this.groups.values()) {
      if (opts.allow.pair(g.host, g.dest, g.port || undefined, 'ip-direct-http')) continue;
      const users = this.profile.prevalence(g.dest);
      const common = this.profile.isCommon(g.dest);
      let severity: FindingSeverity;
      if (g.exe.length) severity = common ? 'medium' : 'high';
      else if (common) severity = 'low';
      else severity = this.profile.isRare(g.dest) ? 'medium' : 'low';
      const methods = [...g.methods.entries()].map(([m, n]) => `${m} ${n}`);
      out.push(
        makeFinding({
          kind: 'ip-direct-http',
          severity,
          host: g.host,
          peer: g.dest,
          first: g.first,
          last: g.last,
          count: g.count,
          evidence: g.refs.refs(),
          message: g.exe.length ? 'network.ip_direct_exe' : 'network.ip_direct',
          params: {
            host: g.host,
            ip: g.dest,
            count: g.count,
            methods_en: listEn(methods),
            methods_ja: listJa(methods),
            exe_en: listEn(g.exe, 3),
            exe_ja: listJa(g.exe, 3),
            hosts: users,
            first: fmtTime(g.first, opts.timeZone),
            last: fmtTime(g.last, opts.timeZone),
          },
          attack: g.exe.length ? ['T1105', 'T1071.001'] : ['T1071.001'],
          details: { executables: g.exe, methods: Object.fromEntries(g.methods), hosts_using: users, succeeded: g.ok },
        }),
      );
    }
    return out;
  }
}
