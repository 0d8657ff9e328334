// Everyday activity of the organisation and the benign traps: browsing of ~200 people with their
// working hours (late workers, a few on the holiday or Saturday), agents on every PC (Windows
// Update, a cloud anti-virus console, an asset-management agent), a licence server reached by bare
// IP, web conferences on :8443, a vendor VPN on :4443, a developer's python-requests, Java
// updaters, the monitoring server polling every PC over WinRM, the nightly backup upload to the
// cloud, the DC's NTP, an app that keeps trying to bypass the proxy, Internet background scans.
import { CDNS, type Emitter, HOUR, IPS, type Org, type Client } from './org.ts';
import type { Rng } from './rng.ts';

export interface Actor {
  /** emit everything that starts in [t0, t0 + 1 h) */
  hour(t0: number, em: Emitter): void;
}

const MIN = 60_000;

interface Presence {
  arrive: number;
  leave: number;
}

/** When each person is at their desk, per local day (null when not). */
export class Schedule {
  private readonly cache = new Map<string, Presence | null>();
  constructor(
    private readonly org: Org,
    private readonly rng: Rng,
  ) {}

  presence(c: Client, dayStart: number): Presence | null {
    const key = `${c.index}@${dayStart}`;
    if (this.cache.has(key)) return this.cache.get(key)!;
    const r = this.rng;
    const l = this.org.local(dayStart + 12 * HOUR);
    let p: Presence | null = null;
    if (this.org.isWorkday(dayStart + 12 * HOUR)) {
      const arrive = dayStart + (8 * 60 + 45) * MIN + r.logNormal(1, 0.4) * 20 * MIN - 20 * MIN;
      let leave = dayStart + (18 * 60 + 15) * MIN + (r.next() - 0.5) * 80 * MIN;
      if (c.style === 'late' && r.chance(0.5)) leave = dayStart + (21 * 60 + 30) * MIN + (r.next() - 0.5) * 90 * MIN;
      p = { arrive, leave };
    } else if (c.style === 'holiday' && l.weekday >= 1 && l.weekday <= 5) {
      p = { arrive: dayStart + 10 * HOUR + r.int(0, 40) * MIN, leave: dayStart + 16 * HOUR + r.int(0, 60) * MIN };
    } else if (c.style === 'weekend' && l.weekday === 6) {
      p = { arrive: dayStart + 13 * HOUR + r.int(0, 30) * MIN, leave: dayStart + 17 * HOUR + r.int(0, 30) * MIN };
    }
    this.cache.set(key, p);
    return p;
  }

  dayStart(ms: number): number {
    return Math.floor((ms + 9 * HOUR) / (24 * HOUR)) * 24 * HOUR - 9 * HOUR;
  }

  isPresent(c: Client, ms: number): boolean {
    const p = this.presence(c, this.dayStart(ms));
    return p !== null && ms >= p.arrive && ms < p.leave;
  }

  isOn(c: Client, ms: number): boolean {
    if (c.alwaysOn) return true;
    const p = this.presence(c, this.dayStart(ms));
    return p !== null && ms >= p.arrive - 10 * MIN && ms < p.leave + 5 * MIN;
  }
}

const PAGE_ASSETS: Array<[string, string]> = [
  ['/css/site.css', 'text/css'],
  ['/js/app.js', 'application/javascript'],
  ['/img/top.jpg', 'image/jpeg'],
  ['/img/logo.png', 'image/png'],
  ['/favicon.ico', 'image/x-icon'],
];

export class Browsing implements Actor {
  constructor(
    private readonly org: Org,
    private readonly sched: Schedule,
    private readonly rng: Rng,
  ) {}

  hour(t0: number, em: Emitter): void {
    const r = this.rng;
    const rate = this.org.cfg.sessionsPerHour;
    for (const c of this.org.clients) {
      const p = this.sched.presence(c, this.sched.dayStart(t0));
      if (!p) continue;
      const from = Math.max(t0, p.arrive);
      const to = Math.min(t0 + HOUR, p.leave);
      for (let t = from + r.exp(HOUR / rate); t < to; t += r.exp(HOUR / rate)) this.session(c, t, em);
      if (from < to && r.chance(0.012)) this.bigUpload(c, from + r.next() * (to - from), em);
    }
  }

  private session(c: Client, t: number, em: Emitter): void {
    const r = this.rng;
    const site = r.chance(0.8)
      ? this.org.sites[c.sites[Math.min(c.sites.length - 1, Math.floor(r.exp(5)))]]
      : this.org.sites[this.org.siteZipf.draw(r)];
    const pages = 1 + Math.floor(r.exp(1.5));
    let at = t;
    for (let i = 0; i < pages; i++) {
      this.page(c, site, at, em);
      at += r.exp(45_000) + 5_000;
    }
  }

  private page(c: Client, site: string, t: number, em: Emitter): void {
    const r = this.rng;
    const https = !site.endsWith('.example') || r.chance(0.75);
    if (https) {
      const tunnels = r.int(1, 3);
      for (let i = 0; i < tunnels; i++) {
        em.request({
          start: t + r.uniform(0, 2000),
          client: c.ip,
          method: 'CONNECT',
          host: site,
          port: 443,
          toClient: r.logNormal(40_000, 1.3),
          toServer: r.logNormal(3_000, 0.8),
          elapsed: Math.min(600_000, Math.max(200, r.logNormal(15_000, 1.0))),
          ua: c.ua,
        });
      }
      for (let i = r.int(0, 2); i > 0; i--) {
        em.request({
          start: t + r.uniform(0, 3000),
          client: c.ip,
          method: 'CONNECT',
          host: r.pick(CDNS),
          port: 443,
          toClient: r.logNormal(20_000, 1.2),
          toServer: r.logNormal(1_500, 0.5),
          elapsed: Math.max(100, r.logNormal(8_000, 1.0)),
          ua: c.ua,
        });
      }
      return;
    }
    const path = r.chance(0.5)
      ? '/'
      : `/${r.pick(['news', 'item', 'article', 'page', 'topics'])}/${r.int(1, 99999)}.html`;
    em.request({
      start: t,
      client: c.ip,
      method: 'GET',
      host: site,
      path,
      toClient: r.logNormal(25_000, 0.9),
      toServer: 600,
      elapsed: r.int(40, 900),
      mime: 'text/html',
      ua: c.ua,
    });
    const assets = r.int(1, 5);
    for (let i = 0; i < assets; i++) {
      const [p, mime] = r.pick(PAGE_ASSETS);
      const cached = r.chance(0.3);
      em.request({
        start: t + r.uniform(100, 1500),
        client: c.ip,
        method: 'GET',
        host: site,
        path: p,
        status: cached ? 304 : 200,
        toClient: cached ? 300 : r.logNormal(15_000, 1.0),
        toServer: 500,
        elapsed: r.int(10, 400),
        mime,
        ua: c.ua,
        referer: `http://${site}${path}`,
        flow: false,
      });
    }
  }

  /** A person sharing a big file (cloud storage) during the day: an upload that is unusual for this host but benign. */
  private bigUpload(c: Client, t: number, em: Emitter): void {
    const r = this.rng;
    const size = r.uniform(120e6, 400e6);
    em.request({
      start: t,
      client: c.ip,
      method: 'CONNECT',
      host: 'corp.sharepoint.com',
      port: 443,
      toClient: r.logNormal(30_000, 0.5),
      toServer: size,
      elapsed: (size / 2e6) * 1000,
      ua: c.ua,
    });
  }
}

interface AgentState {
  av: number;
  wu: number;
  asset: number;
  lic: number;
  misc: number;
  direct: number;
}

export class Agents implements Actor {
  private readonly state = new Map<number, AgentState>();
  private readonly dropbox: Set<number>;

  constructor(
    private readonly org: Org,
    private readonly sched: Schedule,
    private readonly rng: Rng,
  ) {
    const r = rng;
    for (const c of org.clients) {
      this.state.set(c.index, {
        av: org.startMs + r.uniform(0, 1800_000),
        wu: org.startMs + r.uniform(0, HOUR),
        asset: org.startMs + r.uniform(0, HOUR),
        lic: org.startMs + r.uniform(0, HOUR),
        misc: org.startMs + r.uniform(0, 4 * HOUR),
        direct: org.startMs + r.uniform(0, 1800_000),
      });
    }
    this.dropbox = new Set(org.clients.filter((c) => c.index % 19 === 7).map((c) => c.index));
  }

  hour(t0: number, em: Emitter): void {
    const r = this.rng;
    const end = t0 + HOUR;
    for (const c of this.org.clients) {
      const s = this.state.get(c.index)!;
      for (; s.av < end; s.av += 1800_000 * r.uniform(0.95, 1.05)) {
        if (this.sched.isOn(c, s.av))
          em.request({
            start: s.av,
            client: c.ip,
            method: 'CONNECT',
            host: 'sc.apexone-cloud.example',
            port: 443,
            toClient: r.int(3_900, 6_100),
            toServer: r.int(1_800, 2_400),
            elapsed: r.int(300, 900),
            ua: 'TMUFE/4.5.1',
          });
      }
      for (; s.wu < end; s.wu += 2 * HOUR + r.uniform(-10, 10) * MIN) {
        if (!this.sched.isOn(c, s.wu)) continue;
        em.request({
          start: s.wu,
          client: c.ip,
          method: 'CONNECT',
          host: 'slscr.update.microsoft.com',
          port: 443,
          toClient: r.int(6_000, 9_000),
          toServer: 3_000,
          elapsed: r.int(500, 2_000),
          ua: 'Windows-Update-Agent/10.0.10011.16384 Client-Protocol/2.50',
        });
        em.request({
          start: s.wu + 2_500,
          client: c.ip,
          method: 'CONNECT',
          host: 'fe3cr.delivery.mp.microsoft.com',
          port: 443,
          toClient: r.int(20_000, 60_000),
          toServer: 4_000,
          elapsed: r.int(800, 3_000),
          ua: 'Windows-Update-Agent/10.0.10011.16384 Client-Protocol/2.50',
        });
        if (r.chance(1 / 12)) {
          em.request({
            start: s.wu + 9_000,
            client: c.ip,
            method: 'GET',
            host: '7.tlu.dl.delivery.mp.microsoft.com',
            path: `/filestreamingservice/files/${r.int(1e8, 9e8)}-${r.int(1e3, 9e3)}?P1=${r.int(1e9, 2e9)}`,
            toClient: r.uniform(30e6, 200e6),
            toServer: 900,
            elapsed: r.int(60_000, 400_000),
            mime: 'application/octet-stream',
            ua: 'Microsoft-Delivery-Optimization/10.0',
          });
        }
      }
      for (; s.asset < end; s.asset += HOUR * r.uniform(0.8, 1.2)) {
        if (this.sched.isOn(c, s.asset))
          em.request({
            start: s.asset,
            client: c.ip,
            method: 'CONNECT',
            host: 'agent.lanscope-cloud.example',
            port: 443,
            toClient: r.int(1_000, 30_000),
            toServer: r.int(2_000, 40_000),
            elapsed: r.int(400, 2_500),
            ua: 'LanScopeAgent/9.3.0.1',
          });
      }
      for (; s.lic < end; s.lic += HOUR * r.uniform(0.9, 1.1)) {
        if (c.license && this.sched.isPresent(c, s.lic))
          em.request({
            start: s.lic,
            client: c.ip,
            method: 'GET',
            host: '192.0.2.10',
            path: `/lic/check?feature=cad&host=${c.index}`,
            toClient: 420,
            toServer: 700,
            elapsed: r.int(30, 200),
            mime: 'text/plain',
            ua: 'FlexNet/11.16.4',
          });
      }
      for (; s.misc < end; s.misc += r.exp(4 * HOUR)) {
        if (!this.sched.isOn(c, s.misc)) continue;
        em.request({
          start: s.misc,
          client: c.ip,
          method: 'GET',
          host: 'ctldl.windowsupdate.com',
          path: '/msdownload/update/v3/static/trustedr/en/authrootstl.cab',
          toClient: r.int(6_000, 9_000),
          toServer: 400,
          elapsed: r.int(50, 400),
          mime: 'application/vnd.ms-cab-compressed',
          ua: 'Microsoft-CryptoAPI/10.0',
        });
      }
      for (; s.direct < end; s.direct += 1800_000 * r.uniform(0.7, 1.3)) {
        if (this.dropbox.has(c.index) && this.sched.isOn(c, s.direct))
          em.fwConnect(s.direct, c.ip, '162.125.19.131', 443, 'block', 200, 'igb1');
      }
      this.specials(c, t0, em);
    }
  }

  private specials(c: Client, t0: number, em: Emitter): void {
    const r = this.rng;
    if (!this.sched.isPresent(c, t0 + 30 * MIN)) return;
    if (c.webconf && r.chance(0.12)) {
      const t = t0 + r.uniform(0, HOUR);
      em.request({
        start: t,
        client: c.ip,
        method: 'CONNECT',
        host: 'meet.webconf.example',
        port: 8443,
        toClient: r.logNormal(30e6, 0.6),
        toServer: r.logNormal(20e6, 0.6),
        elapsed: r.uniform(20, 60) * MIN,
        ua: c.ua,
      });
    }
    if (c.vendorVpn && r.chance(0.15)) {
      const t = t0 + r.uniform(0, HOUR);
      em.request({
        start: t,
        client: c.ip,
        method: 'CONNECT',
        host: 'vpn.partner.example',
        port: 4443,
        toClient: r.logNormal(2e6, 0.8),
        toServer: r.logNormal(1e6, 0.8),
        elapsed: r.uniform(10, 50) * MIN,
        ua: 'PartnerVPN/3.1',
      });
    }
    if (c.dev) {
      for (let i = r.int(0, 6); i > 0; i--) {
        em.request({
          start: t0 + r.uniform(0, HOUR),
          client: c.ip,
          method: 'CONNECT',
          host: r.pick(['api.github.com', 'pypi.org', 'files.pythonhosted.org']),
          port: 443,
          toClient: r.logNormal(50_000, 1.0),
          toServer: 1_500,
          elapsed: r.int(200, 4_000),
          ua: 'python-requests/2.31.0',
        });
      }
    }
    if (c.java && r.chance(0.1)) {
      em.request({
        start: t0 + r.uniform(0, HOUR),
        client: c.ip,
        method: 'GET',
        host: 'javadl-esd-secure.oracle.com',
        path: '/update/1.8.0/map-m-1.8.0.xml',
        toClient: 3_400,
        toServer: 500,
        elapsed: r.int(100, 500),
        mime: 'text/xml',
        ua: 'Java/1.8.0_381',
      });
    }
  }
}

/** Name resolution of the PCs (AD-internal names mostly: web names are resolved by the proxy). */
export class ClientDns implements Actor {
  constructor(
    private readonly org: Org,
    private readonly sched: Schedule,
    private readonly rng: Rng,
  ) {}

  hour(t0: number, em: Emitter): void {
    const r = this.rng;
    const names: Array<[string, string]> = [
      ['dc01.corp.example', 'A'],
      ['fs01.corp.example', 'A'],
      ['proxy.corp.example', 'A'],
      ['_ldap._tcp.dc._msdcs.corp.example', 'SRV'],
      ['print01.corp.example', 'A'],
      ['www.msftconnecttest.com', 'A'],
      ['wpad.corp.example', 'A'],
    ];
    for (const c of this.org.clients) {
      if (!this.sched.isOn(c, t0 + 30 * MIN)) continue;
      const n = this.sched.isPresent(c, t0 + 30 * MIN) ? r.int(3, 8) : r.int(0, 2);
      for (let i = 0; i < n; i++) {
        const [name, type] = r.pick(names);
        em.dns(t0 + r.uniform(0, HOUR), c.ip, name, type);
      }
    }
  }
}

/** What the internal firewall logs between segments, and the servers' own traffic. */
export class Infrastructure implements Actor {
  private ntp: number;
  constructor(
    private readonly org: Org,
    private readonly sched: Schedule,
    private readonly rng: Rng,
  ) {
    this.ntp = org.startMs + 321_000;
  }

  hour(t0: number, em: Emitter): void {
    const r = this.rng;
    const hourOfDay = new Date(t0 + 9 * HOUR).getUTCHours();
    for (const c of this.org.clients) {
      // SMB to the file server and the DCs' SYSVOL (logged: admin ports between segments).
      const present = this.sched.isPresent(c, t0 + 30 * MIN);
      if (present && r.chance(0.5))
        em.fwConnect(
          t0 + r.uniform(0, HOUR),
          c.ip,
          IPS.fileServer,
          445,
          'pass',
          110,
          'igb1.' + (10 + Math.floor(c.index / 50)),
        );
      if (present && r.chance(0.2))
        em.fwConnect(
          t0 + r.uniform(0, HOUR),
          c.ip,
          r.chance(0.5) ? IPS.dc : IPS.dc2,
          445,
          'pass',
          110,
          'igb1.' + (10 + Math.floor(c.index / 50)),
        );
      // The monitoring server polls every PC over WinRM at :05 each hour.
      em.fwConnect(t0 + 5 * MIN + c.index * 600, IPS.monitoring, c.ip, 5985, 'pass', 120, 'igb2');
    }
    // Backup job: the backup server pulls the file server and the DC at 01:00 each night.
    if (hourOfDay === 1) {
      em.fwConnect(t0 + r.uniform(0, 120_000), IPS.backup, IPS.fileServer, 445, 'pass', 120, 'igb2');
      em.fwConnect(t0 + r.uniform(0, 120_000), IPS.backup, IPS.dc, 445, 'pass', 120, 'igb2');
    }
    // Administrators RDP to servers from the management terminal on work days.
    if (this.org.isWorkday(t0) && hourOfDay >= 9 && hourOfDay < 18 && r.chance(0.25)) {
      for (const s of [IPS.dc, IPS.fileServer, IPS.backup].slice(0, r.int(1, 3)))
        em.fwConnect(t0 + r.uniform(0, HOUR), IPS.admin, s, 3389, 'pass', 110, 'igb3');
    }
    // The DC keeps its clock with NTP every 1024 s (servers' outbound traffic is logged).
    for (; this.ntp < t0 + HOUR; this.ntp += 1024_000 + r.uniform(-300, 300)) {
      em.fw({
        ts: this.ntp,
        rule: 130,
        iface: 'igb2',
        action: 'pass',
        dir: 'in',
        proto: 'udp',
        src: IPS.dc,
        dst: '133.243.238.243',
        sport: 123,
        dport: 123,
      });
    }
    // Internet background: blocked inbound probes on the WAN address, and one sweep of many ports a day.
    for (let i = r.int(3, 12); i > 0; i--) {
      em.fw({
        ts: t0 + r.uniform(0, HOUR),
        rule: 5,
        iface: 'igb0',
        action: 'block',
        dir: 'in',
        proto: 'tcp',
        src: `${r.int(45, 220)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`,
        dst: IPS.publicIp,
        sport: r.int(1024, 65535),
        dport: r.pick([22, 23, 80, 443, 445, 3389, 8080, 5900, 1433, 3306]),
      });
    }
    if (hourOfDay === 4) {
      const scanner = `${r.int(45, 220)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`;
      const base = t0 + r.uniform(0, HOUR - 2 * MIN);
      for (let p = 0; p < 120; p++)
        em.fw({
          ts: base + p * 400,
          rule: 5,
          iface: 'igb0',
          action: 'block',
          dir: 'in',
          proto: 'tcp',
          src: scanner,
          dst: IPS.publicIp,
          sport: 54321,
          dport: 1 + ((p * 97) % 10000),
        });
    }
  }
}

/** The backup server's nightly upload to cloud storage (01:10–03:30): big, regular, benign. */
export class CloudBackup implements Actor {
  constructor(private readonly rng: Rng) {}

  hour(t0: number, em: Emitter): void {
    const hourOfDay = new Date(t0 + 9 * HOUR).getUTCHours();
    if (hourOfDay !== 1) return;
    const r = this.rng;
    let t = t0 + 10 * MIN + r.uniform(0, 60_000);
    for (let i = 0; i < 16; i++) {
      const size = r.uniform(2.2e9, 2.8e9);
      const elapsed = (size / 3.5e6) * 1000;
      em.request({
        start: t,
        client: IPS.backup,
        method: 'CONNECT',
        host: 'backup.cloudvault.example',
        port: 443,
        toClient: r.int(40_000, 90_000),
        toServer: size,
        elapsed,
        ua: 'CloudVault-Agent/5.2',
      });
      t += elapsed / 2;
    }
  }
}

/** Benign IDS noise: low-priority informational and protocol alerts. */
export class IdsNoise implements Actor {
  constructor(
    private readonly org: Org,
    private readonly sched: Schedule,
    private readonly rng: Rng,
  ) {}

  hour(t0: number, em: Emitter): void {
    const r = this.rng;
    for (let i = r.int(0, 4); i > 0; i--) {
      const c = r.pick(this.org.clients);
      if (!this.sched.isOn(c, t0)) continue;
      if (r.chance(0.5))
        em.alert({
          ts: t0 + r.uniform(0, HOUR),
          src: c.ip,
          sport: em.ephemeral(),
          dst: IPS.proxy,
          dport: 3128,
          proto: 'TCP',
          sid: 2025275,
          rev: 3,
          signature: 'ET INFO Windows OS Submitting USB Metadata to Microsoft',
          category: 'Misc activity',
          severity: 3,
          appProto: 'http',
        });
      else
        em.alert({
          ts: t0 + r.uniform(0, HOUR),
          src: c.ip,
          sport: em.ephemeral(),
          dst: IPS.proxy,
          dport: 3128,
          proto: 'TCP',
          sid: 2210029,
          rev: 2,
          signature: 'SURICATA STREAM ESTABLISHED invalid ack',
          category: 'Generic Protocol Command Decode',
          severity: 3,
        });
    }
    const dev = this.org.clients.find((c) => c.dev);
    if (dev && this.sched.isPresent(dev, t0 + 30 * MIN) && r.chance(0.3)) {
      em.alert({
        ts: t0 + r.uniform(0, HOUR),
        src: dev.ip,
        sport: em.ephemeral(),
        dst: IPS.proxy,
        dport: 3128,
        proto: 'TCP',
        sid: 2013031,
        rev: 9,
        signature: 'ET POLICY Python-urllib/ Suspicious User Agent',
        category: 'Attempted Information Leak',
        severity: 2,
        appProto: 'http',
      });
    }
  }
}
