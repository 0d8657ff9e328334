// The planted intrusion and its labels. Patient zero downloads an exe from a bare IP, its implant
// beacons with jitter to a C&C domain through the proxy (after resolving it and trying a direct
// connection the firewall blocks), keeps a second channel to a bare IP on :8443, scans the next VLAN
// and a server, spreads over SMB/RPC to two more PCs that beacon too (one is a laptop that goes off
// at night and leaves on Friday evening), and uploads 1.6 GB at night to a file-transfer site.
import type { Actor } from './benign.ts';
import { type Emitter, HOUR, IPS, type Org } from './org.ts';
import type { Rng } from './rng.ts';
import type { Schedule } from './benign.ts';

export const ATTACK = {
  patientZero: '10.10.1.57',
  victims: ['10.10.2.33', '10.10.3.41'],
  cncDomain: 'update.mstsc-cloud.example',
  cncIp: '203.0.113.50',
  dropIp: '198.51.100.23',
  secondIp: '203.0.113.77',
  secondPort: 8443,
  exfilHost: 'files.sendanywhere-transfer.example',
  implantUa: 'Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1; Trident/4.0)',
  curlUa: 'curl/7.55.1',
  exfilUa: 'rclone/v1.62.2',
};

export interface Label {
  kind: string;
  host: string | null;
  /** destination or indicator; matched exactly or by registrable domain */
  peer?: string;
  /** IDS signature id for ids-alert */
  sid?: number;
  /** required: counts for recall; optional: may be reported, never a false positive */
  required: boolean;
  /** for ioc-match: should the finding say the host is still in contact at the end of the logs */
  active?: boolean;
  why: string;
}

/** Benign activity the analyses may report at or below a severity (by design, e.g. "allow-list this"). */
export interface Tolerated {
  kind: string;
  host: string | null;
  peer?: string;
  maxSeverity: 'low' | 'medium' | 'high';
  why: string;
}

const MIN = 60_000;

/** Wall-clock JST of the scenario week (day 0 = the Monday). */
function at(org: Org, day: number, hh: number, mm: number, ss = 0): number {
  return org.startMs + day * 24 * HOUR + ((hh * 60 + mm) * 60 + ss) * 1000;
}

interface Implant {
  host: string;
  since: number;
  sleep: number;
  jitter: number;
  next: number;
  nextResolve: number;
  /** only while the PC is on (a laptop that is shut down at night) */
  whileOn?: (ms: number) => boolean;
}

export class Intrusion implements Actor {
  private readonly implants: Implant[] = [];
  private second: number;
  readonly times: Record<string, number>;

  constructor(
    private readonly org: Org,
    readonly sched: Schedule,
    private readonly rng: Rng,
  ) {
    const t = {
      download: at(org, 0, 10, 12, 5),
      stage2: at(org, 0, 10, 37, 40),
      secondChannel: at(org, 0, 12, 20, 0),
      sweep: at(org, 0, 14, 31, 10),
      vertical: at(org, 0, 14, 40, 2),
      lateral1: at(org, 0, 14, 52, 0),
      lateral2: at(org, 0, 14, 55, 0),
      exfil: at(org, 3, 2, 5, 0),
      laptopGone: at(org, 4, 18, 40, 0),
    };
    this.times = t;
    this.implants.push({
      host: ATTACK.patientZero,
      since: t.download + 50_000,
      sleep: 300_000,
      jitter: 0.4,
      next: t.download + 50_000,
      nextResolve: t.download + 40_000,
    });
    this.implants.push({
      host: ATTACK.victims[0],
      since: t.lateral1 + 90_000,
      sleep: 300_000,
      jitter: 0.4,
      next: t.lateral1 + 90_000,
      nextResolve: t.lateral1 + 80_000,
    });
    const laptop = org.clients.find((c) => c.ip === ATTACK.victims[1])!;
    this.implants.push({
      host: ATTACK.victims[1],
      since: t.lateral2 + 70_000,
      sleep: 180_000,
      jitter: 0.5,
      next: t.lateral2 + 70_000,
      nextResolve: t.lateral2 + 60_000,
      whileOn: (ms) =>
        ms < t.laptopGone && (sched.isPresent(laptop, ms) || (ms > t.lateral2 && ms < t.lateral2 + 4 * HOUR)),
    });
    this.second = t.secondChannel;
  }

  hour(t0: number, em: Emitter): void {
    const end = t0 + HOUR;
    const t = this.times;
    if (t.download >= t0 && t.download < end) this.initialAccess(em);
    if (t.sweep >= t0 && t.sweep < end) this.scan(em);
    if (t.lateral1 >= t0 && t.lateral1 < end) {
      this.lateral(em, t.lateral1, ATTACK.victims[0]);
      this.lateral(em, t.lateral2, ATTACK.victims[1]);
    }
    if (t.exfil >= t0 && t.exfil < end) this.exfiltrate(em);
    for (const imp of this.implants) this.beacon(imp, t0, end, em);
    const r = this.rng;
    for (; this.second < end; this.second += HOUR * (1 - r.uniform(0, 0.3))) {
      if (this.second < t0) continue;
      em.request({
        start: this.second,
        client: ATTACK.patientZero,
        method: 'CONNECT',
        host: ATTACK.secondIp,
        port: ATTACK.secondPort,
        toClient: r.int(2_000, 9_000),
        toServer: r.int(1_000, 4_000),
        elapsed: r.int(2_000, 10_000),
        ua: ATTACK.implantUa,
      });
    }
  }

  private initialAccess(em: Emitter): void {
    const r = this.rng;
    const t = this.times.download;
    const p0 = ATTACK.patientZero;
    const browser = this.org.clients.find((c) => c.ip === p0)!.ua;
    em.request({
      start: t,
      client: p0,
      method: 'GET',
      host: ATTACK.dropIp,
      path: '/invoice_0428.exe',
      toClient: 348_160,
      toServer: 640,
      elapsed: 1_830,
      mime: 'application/x-msdownload',
      ua: browser,
    });
    em.alert({
      ts: t + 1_900,
      src: IPS.proxy,
      sport: 3128,
      dst: p0,
      dport: em.ephemeral(),
      proto: 'TCP',
      sid: 2018959,
      rev: 4,
      signature: 'ET POLICY PE EXE or DLL Windows file download HTTP',
      category: 'Potential Corporate Privacy Violation',
      severity: 1,
      appProto: 'http',
    });
    em.request({
      start: this.times.stage2,
      client: p0,
      method: 'GET',
      host: ATTACK.dropIp,
      path: '/s.dat',
      toClient: 1_204_224,
      toServer: 420,
      elapsed: r.int(2_000, 4_000),
      mime: 'application/octet-stream',
      ua: ATTACK.curlUa,
    });
  }

  private beacon(imp: Implant, t0: number, end: number, em: Emitter): void {
    const r = this.rng;
    for (; imp.next < end; imp.next += imp.sleep * (1 - r.uniform(0, imp.jitter))) {
      if (imp.next < t0) continue;
      const ts = imp.next;
      if (imp.whileOn && !imp.whileOn(ts)) continue;
      if (ts >= imp.nextResolve) {
        // The implant resolves its C&C (cache expired) and first tries to go direct; the firewall blocks it.
        em.dns(ts - 1_500, imp.host, ATTACK.cncDomain, 'A');
        em.fwConnect(ts - 1_200, imp.host, ATTACK.cncIp, 443, 'block', 200, 'igb1');
        imp.nextResolve = ts + 30 * MIN * r.uniform(0.9, 1.2);
      }
      const task = r.chance(0.08);
      em.request({
        start: ts,
        client: imp.host,
        method: 'CONNECT',
        host: ATTACK.cncDomain,
        port: 443,
        toClient: task ? r.int(20_000, 200_000) : r.int(5_080, 5_180),
        toServer: r.int(1_400, 1_600),
        elapsed: r.int(250, 1_500),
        ua: ATTACK.implantUa,
      });
      if (task)
        em.request({
          start: ts + r.uniform(800, 2_500),
          client: imp.host,
          method: 'CONNECT',
          host: ATTACK.cncDomain,
          port: 443,
          toClient: r.int(900, 1_300),
          toServer: r.int(3_000, 90_000),
          elapsed: r.int(300, 2_000),
          ua: ATTACK.implantUa,
        });
    }
  }

  private scan(em: Emitter): void {
    const r = this.rng;
    const p0 = ATTACK.patientZero;
    let t = this.times.sweep;
    const ports = [445, 139, 135, 3389, 5985];
    for (let h = 1; h <= 254; h++) {
      const dst = `10.10.2.${h}`;
      for (const port of ports) {
        em.fw({
          ts: t,
          rule: 115,
          iface: 'igb1.10',
          action: 'pass',
          dir: 'in',
          proto: 'tcp',
          src: p0,
          dst,
          sport: em.ephemeral(),
          dport: port,
        });
        t += r.uniform(60, 160);
      }
      if (h % 50 === 7)
        em.alert({
          ts: t,
          src: p0,
          sport: em.ephemeral(),
          dst,
          dport: 445,
          proto: 'TCP',
          sid: 2001569,
          rev: 14,
          signature: 'ET SCAN Behavioral Unusual Port 445 traffic Potential Scan or Infection',
          category: 'Misc activity',
          severity: 2,
        });
    }
    // Then every well-known port of the file server: the firewall lets SMB/RPC through and blocks the rest.
    t = this.times.vertical;
    for (let port = 1; port <= 1024; port += r.int(1, 12)) {
      const allowed = port === 445 || port === 139 || port === 135;
      em.fw({
        ts: t,
        rule: allowed ? 110 : 1000,
        iface: 'igb1.10',
        action: allowed ? 'pass' : 'block',
        dir: 'in',
        proto: 'tcp',
        src: p0,
        dst: IPS.fileServer,
        sport: em.ephemeral(),
        dport: port,
      });
      t += r.uniform(150, 400);
    }
    em.alert({
      ts: t,
      src: p0,
      sport: em.ephemeral(),
      dst: IPS.fileServer,
      dport: 1433,
      proto: 'TCP',
      sid: 2010935,
      rev: 3,
      signature: 'ET SCAN Suspicious inbound to MSSQL port 1433',
      category: 'Potentially Bad Traffic',
      severity: 2,
    });
  }

  private lateral(em: Emitter, t: number, victim: string): void {
    const p0 = ATTACK.patientZero;
    const iface = 'igb1.10';
    em.fwConnect(t, p0, victim, 445, 'pass', 115, iface);
    em.fwConnect(t + 1_200, p0, victim, 445, 'pass', 115, iface);
    em.fwConnect(t + 4_000, p0, victim, 135, 'pass', 115, iface);
    em.fwConnect(t + 9_000, p0, victim, 445, 'pass', 115, iface);
    em.alert({
      ts: t + 2_000,
      src: p0,
      sport: em.ephemeral(),
      dst: victim,
      dport: 445,
      proto: 'TCP',
      sid: 2025705,
      rev: 2,
      signature: 'ET POLICY SMB2 NT Create AndX Request For an Executable File',
      category: 'Potential Corporate Privacy Violation',
      severity: 1,
      appProto: 'smb',
    });
    em.alert({
      ts: t + 5_000,
      src: p0,
      sport: em.ephemeral(),
      dst: victim,
      dport: 445,
      proto: 'TCP',
      sid: 2025717,
      rev: 3,
      signature: 'ET POLICY Possible PsExec service creation via SMB',
      category: 'A Network Trojan was detected',
      severity: 1,
      appProto: 'smb',
    });
  }

  private exfiltrate(em: Emitter): void {
    const r = this.rng;
    let t = this.times.exfil;
    for (let i = 0; i < 32; i++) {
      const size = r.uniform(45e6, 55e6);
      const elapsed = (size / 0.9e6) * 1000;
      em.request({
        start: t,
        client: ATTACK.patientZero,
        method: 'CONNECT',
        host: ATTACK.exfilHost,
        port: 443,
        toClient: r.int(6_000, 11_000),
        toServer: size,
        elapsed,
        ua: ATTACK.exfilUa,
      });
      t += elapsed + r.uniform(500, 3_000);
    }
  }
}

export function labels(): { expected: Label[]; tolerated: Tolerated[] } {
  const p0 = ATTACK.patientZero;
  const [v1, v2] = ATTACK.victims;
  const infected = [p0, v1, v2];
  const expected: Label[] = [];
  const add = (l: Omit<Label, 'required'> & { required?: boolean }): void => {
    expected.push({ required: true, ...l });
  };
  for (const h of infected) {
    const active = h !== v2;
    add({
      kind: 'ioc-match',
      host: h,
      peer: ATTACK.cncDomain,
      active,
      why: 'implant beacons through the proxy to the C&C domain',
    });
    add({
      kind: 'ioc-match',
      host: h,
      peer: ATTACK.cncIp,
      active,
      why: 'implant tries the C&C IP directly; the firewall blocks it',
    });
    add({ kind: 'dns-cnc', host: h, peer: ATTACK.cncDomain, why: 'implant resolves the C&C domain' });
    add({
      kind: 'beacon',
      host: h,
      peer: ATTACK.cncDomain,
      why: `jittered beacon (${h === v2 ? 'sleep 180 s, jitter 50 %, laptop off at night' : 'sleep 300 s, jitter 40 %'})`,
    });
    add({ kind: 'beacon', host: h, peer: ATTACK.cncIp, required: false, why: 'blocked direct attempts every ~30 min' });
    add({ kind: 'rare-user-agent', host: h, why: 'forged MSIE 8 User-Agent of the implant' });
    add({ kind: 'off-hours', host: h, peer: ATTACK.cncDomain, required: h !== v2, why: 'beacons continue at night' });
  }
  add({
    kind: 'ioc-match',
    host: p0,
    peer: ATTACK.dropIp,
    active: false,
    why: 'download of the dropper from the bare IP (listed in the report)',
  });
  add({
    kind: 'ioc-match',
    host: p0,
    peer: `http://${ATTACK.dropIp}/invoice_0428.exe`,
    active: false,
    why: 'the dropper URL of the report',
  });
  add({
    kind: 'dns-cnc',
    host: IPS.proxy,
    peer: ATTACK.cncDomain,
    required: false,
    why: 'the proxy resolves the C&C for its clients',
  });
  add({
    kind: 'ioc-match',
    host: IPS.proxy,
    peer: ATTACK.cncDomain,
    required: false,
    why: 'the proxy resolves the C&C for its clients',
  });
  add({
    kind: 'beacon',
    host: p0,
    peer: ATTACK.secondIp,
    why: 'second channel: CONNECT to a bare IP on :8443 hourly, jitter 30 %',
  });
  add({
    kind: 'connect-nonstandard-port',
    host: p0,
    peer: `${ATTACK.secondIp}:${ATTACK.secondPort}`,
    why: 'second channel on :8443',
  });
  add({ kind: 'ip-direct-http', host: p0, peer: ATTACK.dropIp, why: 'exe download from a bare IP' });
  add({ kind: 'ip-direct-http', host: p0, peer: ATTACK.secondIp, why: 'CONNECT to a bare IP' });
  add({ kind: 'rare-user-agent', host: p0, why: 'curl and rclone User-Agents' });
  add({ kind: 'off-hours', host: p0, peer: ATTACK.exfilHost, why: 'night-time exfiltration' });
  add({ kind: 'off-hours', host: p0, peer: ATTACK.secondIp, required: false, why: 'second channel at night' });
  add({ kind: 'large-upload', host: p0, why: '1.6 GB uploaded at night' });
  add({ kind: 'bulk-transfer', host: p0, peer: ATTACK.exfilHost, why: '32 long tunnels at night to a rare site' });
  add({ kind: 'night-contact', host: p0, peer: ATTACK.exfilHost, required: false, why: 'one night of exfiltration' });
  add({ kind: 'port-scan', host: p0, why: "sweep of 10.10.2.0/24 on 5 ports and the file server's well-known ports" });
  add({ kind: 'lateral-fanout', host: p0, why: 'admin ports to 254 hosts of the next VLAN, SMB/RPC sessions to two' });
  add({ kind: 'policy-violation', host: p0, why: 'client-to-client admin traffic the policy forbids' });
  add({ kind: 'ids-alert', host: p0, sid: 2018959, why: 'PE download alert (the proxy answers the client)' });
  add({ kind: 'ids-alert', host: p0, sid: 2001569, why: 'scan alerts' });
  add({ kind: 'ids-alert', host: p0, sid: 2010935, why: 'scan alerts' });
  add({ kind: 'ids-alert', host: p0, sid: 2025705, why: 'SMB executable transfer to the victims' });
  add({ kind: 'ids-alert', host: p0, sid: 2025717, why: 'PsExec-like service creation on the victims' });
  const tolerated: Tolerated[] = [
    {
      kind: 'beacon',
      host: null,
      maxSeverity: 'low',
      why: 'organisation-wide periodic agents (Windows Update, AV console, asset agent): reported once per destination',
    },
    { kind: 'beacon', host: IPS.dc, peer: '133.243.238.243', maxSeverity: 'low', why: 'NTP of the DC (service port)' },
    { kind: 'port-scan', host: null, maxSeverity: 'low', why: 'Internet background scans of the WAN address' },
    { kind: 'ids-alert', host: null, maxSeverity: 'low', why: 'priority-3 informational alerts' },
    { kind: 'large-upload', host: IPS.backup, maxSeverity: 'low', why: 'nightly backup: large every day' },
    { kind: 'bulk-transfer', host: IPS.backup, maxSeverity: 'low', why: 'nightly backup: long tunnels every night' },
    {
      kind: 'ip-direct-http',
      host: null,
      peer: '192.0.2.10',
      maxSeverity: 'low',
      why: 'licence server reached by address from 40 PCs',
    },
    {
      kind: 'connect-nonstandard-port',
      host: null,
      peer: 'meet.webconf.example:8443',
      maxSeverity: 'low',
      why: 'web conferences on :8443 used by a quarter of the PCs',
    },
  ];
  return { expected, tolerated };
}
