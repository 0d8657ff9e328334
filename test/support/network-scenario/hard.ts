// The harder week (issue 15): the classic week (benign.ts, attack.ts) plus the traps a careful analyst
// dismisses and the traces of an intrusion a careful analyst flags, with labels of both.
//
// Benign: organisation-wide agents (Adobe updater every ~4 h, Defender hourly), every PC keeping
// its clock with an NTP pool directly (UDP 123 through the firewall), an anti-virus console on :8080
// inside that every PC polls hourly (a proxy port, but not a proxy), a SaaS on :8443 used by a third of the
// PCs, daytime uploads of a few hundred MB to a SaaS used by a tenth, a CAD licence updater on two PCs
// every night at 03:00, organisation-wide informational IDS alerts and a policy alert (cloud storage
// use) on a few PCs, the nightly backup whose tunnels carry gigabytes, and the forward proxy whose own
// outbound firewall rows mirror every client request (config proxyFirewall), with Squid logging tunnel
// volume without direction (config tunnelBytes 'both') and no flow records (no upload sizes).
//
// Intrusion, besides the classic one (10.10.1.57 → 10.10.2.33, 10.10.3.41), on three PCs drawn per seed
// (hardPlan): one night the victim 10.10.2.33 opens SMB/RPC to the exfiltrating host (the two never talk
// by day); on a night patient zero does the same to the quiet host, whose implant then calls a rare domain
// hourly with a browser User-Agent and nothing else; on a later night the exfiltrating host empties a share
// through a CONNECT tunnel (no upload size: Squid's count has no direction); the third fetches scripts with
// PowerShell from a rare domain on one night only.
import type { Actor, Schedule } from './benign.ts';
import type { Label, Tolerated } from './attack.ts';
import { type Emitter, HOUR, IPS, type Org } from './org.ts';
import type { Rng } from './rng.ts';

const MIN = 60_000;

export const HARD = {
  exfilDest: 'sync.cloudfile-drop.example',
  nightDest: 'cdn.winsvc-static.example',
  quietDest: 'telemetry.officeupdate-sync.example',
  psUa: 'Mozilla/5.0 (Windows NT; Windows NT 10.0; ja-JP) WindowsPowerShell/5.1.19041.4291',
  avConsole: '10.20.0.60',
  ntpPool: [
    '133.243.238.163',
    '133.243.238.164',
    '61.205.120.130',
    '210.173.160.27',
    '210.173.160.57',
    '210.173.160.87',
    '133.243.238.243',
    '106.186.114.89',
    '157.7.154.29',
    '160.16.75.242',
    '153.127.161.248',
    '45.76.98.188',
  ],
  saas8443: 'app.cybozu-saas.example',
  saasUpload: 'upload.box-saas.example',
  cadUpdate: 'update.cadvendor.example',
  adobe: 'armmf.adobe.com',
  defender: 'wdcp.microsoft.com',
};

function at(org: Org, day: number, hh: number, mm: number): number {
  return org.startMs + day * 24 * HOUR + (hh * 60 + mm) * MIN;
}

interface Tick {
  adobe: number;
  defender: number;
  ntp: number;
  av: number;
}

export class HardBenign implements Actor {
  private readonly ticks = new Map<number, Tick>();

  constructor(
    private readonly org: Org,
    private readonly sched: Schedule,
    private readonly rng: Rng,
  ) {
    for (const c of org.clients)
      this.ticks.set(c.index, {
        adobe: org.startMs + rng.uniform(0, 4 * HOUR),
        defender: org.startMs + rng.uniform(0, HOUR),
        ntp: org.startMs + rng.uniform(0, 2 * HOUR),
        av: org.startMs + rng.uniform(0, HOUR),
      });
  }

  hour(t0: number, em: Emitter): void {
    const r = this.rng;
    const end = t0 + HOUR;
    const hourOfDay = new Date(t0 + 9 * HOUR).getUTCHours();
    for (const c of this.org.clients) {
      const k = this.ticks.get(c.index)!;
      for (; k.adobe < end; k.adobe += 4 * HOUR * r.uniform(0.9, 1.1))
        if (this.sched.isOn(c, k.adobe))
          em.request({
            start: k.adobe,
            client: c.ip,
            method: 'CONNECT',
            host: HARD.adobe,
            toClient: r.int(2_000, 6_000),
            toServer: r.int(900, 1_400),
            elapsed: r.int(200, 900),
            ua: 'Adobe Update Manager/2.0',
          });
      for (; k.defender < end; k.defender += HOUR * r.uniform(0.95, 1.05))
        if (this.sched.isOn(c, k.defender))
          em.request({
            start: k.defender,
            client: c.ip,
            method: 'CONNECT',
            host: HARD.defender,
            toClient: r.int(1_500, 4_000),
            toServer: r.int(1_000, 3_000),
            elapsed: r.int(100, 600),
            ua: 'MpCommunication',
          });
      // every PC keeps its clock with the public pool directly, one server of the pool per day
      for (; k.ntp < end; k.ntp += 2 * HOUR * r.uniform(0.98, 1.02))
        if (this.sched.isOn(c, k.ntp)) {
          const day = Math.floor((k.ntp - this.org.startMs) / (24 * HOUR));
          em.fw({
            ts: k.ntp,
            rule: 131,
            iface: `igb1.${10 + Math.floor(c.index / 50)}`,
            action: 'pass',
            dir: 'in',
            proto: 'udp',
            src: c.ip,
            dst: HARD.ntpPool[(c.index * 7 + day) % HARD.ntpPool.length]!,
            sport: 123,
            dport: 123,
          });
        }
      // the anti-virus console inside (Apex One server on :8080) polled by every PC
      for (; k.av < end; k.av += HOUR * r.uniform(0.97, 1.03))
        if (this.sched.isOn(c, k.av))
          em.fwConnect(k.av, c.ip, HARD.avConsole, 8080, 'pass', 110, `igb1.${10 + Math.floor(c.index / 50)}`);
      this.daytime(c, t0, em);
      // the CAD licence updater on two always-on PCs, every night at 03:00
      if ((c.index === 31 || c.index === 131) && hourOfDay === 3)
        em.request({
          start: t0 + r.uniform(0, 90_000),
          client: c.ip,
          method: 'GET',
          host: HARD.cadUpdate,
          path: '/lic/update.xml',
          toClient: r.int(3_000, 5_000),
          toServer: 600,
          elapsed: r.int(100, 800),
          mime: 'text/xml',
          ua: 'CADLicenseUpdater/4.2',
        });
    }
    this.idsNoise(t0, em);
  }

  private daytime(c: Org['clients'][number], t0: number, em: Emitter): void {
    const r = this.rng;
    if (!this.sched.isPresent(c, t0 + 30 * MIN)) return;
    if (c.index % 3 === 0 && r.chance(0.35))
      em.request({
        start: t0 + r.uniform(0, HOUR),
        client: c.ip,
        method: 'CONNECT',
        host: HARD.saas8443,
        port: 8443,
        toClient: r.logNormal(400_000, 0.8),
        toServer: r.logNormal(80_000, 0.8),
        elapsed: r.uniform(5, 40) * MIN,
        ua: c.ua,
      });
    if (c.index % 10 === 4 && r.chance(0.12)) {
      let t = t0 + r.uniform(0, 40 * MIN);
      for (let i = r.int(3, 12); i > 0; i--) {
        const size = r.uniform(20e6, 80e6);
        const elapsed = (size / 2e6) * 1000;
        em.request({
          start: t,
          client: c.ip,
          method: 'CONNECT',
          host: HARD.saasUpload,
          toClient: r.int(5_000, 20_000),
          toServer: size,
          elapsed,
          ua: c.ua,
        });
        t += elapsed + r.uniform(1_000, 20_000);
      }
    }
  }

  private idsNoise(t0: number, em: Emitter): void {
    const r = this.rng;
    for (const c of this.org.clients) {
      // the same informational alert on nearly every PC (the connectivity check of Windows)
      if (r.chance(0.08) && this.sched.isOn(c, t0))
        em.alert({
          ts: t0 + r.uniform(0, HOUR),
          src: c.ip,
          sport: em.ephemeral(),
          dst: IPS.proxy,
          dport: 3128,
          proto: 'TCP',
          sid: 2027758,
          rev: 2,
          signature: 'ET INFO Microsoft Connection Test',
          category: 'Misc activity',
          severity: 3,
          appProto: 'http',
        });
      // cloud storage use: a policy signature at priority 1 on a few PCs
      if (c.index % 37 === 5 && this.sched.isPresent(c, t0 + 30 * MIN) && r.chance(0.3))
        em.alert({
          ts: t0 + r.uniform(0, HOUR),
          src: c.ip,
          sport: em.ephemeral(),
          dst: IPS.proxy,
          dport: 3128,
          proto: 'TCP',
          sid: 2012647,
          rev: 5,
          signature: 'ET POLICY Dropbox.com Offsite File Backup in Use',
          category: 'Potential Corporate Privacy Violation',
          severity: 1,
          appProto: 'tls',
        });
    }
  }
}

/** Who is compromised and when, drawn per seed (the classic intrusion's hosts stay as they are). */
export interface HardPlan {
  exfilHost: string;
  nightHost: string;
  quietHost: string;
  /** epoch ms: SMB to the exfiltrating host, SMB to the quiet host, the tunnel exfiltration, the night fetch */
  smbExfilHost: number;
  smbQuiet: number;
  exfil: number;
  night: number;
}

/**
 * Three PCs outside the next VLAN of patient zero (its daytime sweep covers 10.10.2.0/24, and these
 * pairs must never talk by day), none of the benign special cases; nights and hours drawn in order.
 */
export function hardPlan(org: Org): HardPlan {
  const r = org.rng.fork('hard-plan');
  const taken = new Set(['10.10.1.57', '10.10.2.33', '10.10.3.41']);
  const pool = org.clients.filter(
    (c) =>
      !taken.has(c.ip) &&
      !c.ip.startsWith('10.10.2.') &&
      !c.dev &&
      !c.java &&
      !c.vendorVpn &&
      c.index !== 31 &&
      c.index !== 131 &&
      c.index % 37 !== 5 &&
      c.index % 19 !== 7,
  );
  const pick = (): string => {
    const c = pool.splice(r.int(0, pool.length - 1), 1)[0]!;
    return c.ip;
  };
  const infectNight = r.int(1, 2);
  return {
    exfilHost: pick(),
    nightHost: pick(),
    quietHost: pick(),
    smbExfilHost: at(org, infectNight, r.int(1, 3), r.int(0, 59)),
    smbQuiet: at(org, r.int(1, 3), r.int(1, 3), r.int(0, 59)),
    exfil: at(org, r.int(infectNight + 1, 4), r.int(0, 3), r.int(0, 59)),
    night: at(org, r.int(2, 5), r.int(1, 3), r.int(0, 59)),
  };
}

export class HardIntrusion implements Actor {
  private readonly t: Record<string, number>;
  private quiet: number;

  constructor(
    private readonly org: Org,
    private readonly rng: Rng,
    private readonly plan: HardPlan,
  ) {
    this.t = { smbExfilHost: plan.smbExfilHost, smbQuiet: plan.smbQuiet, exfil: plan.exfil, night: plan.night };
    this.quiet = this.t.smbQuiet + 25 * MIN;
  }

  hour(t0: number, em: Emitter): void {
    const end = t0 + HOUR;
    const t = this.t;
    const r = this.rng;
    const inHour = (x: number): boolean => x >= t0 && x < end;
    if (inHour(t.smbExfilHost)) this.smb(em, t.smbExfilHost, '10.10.2.33', this.plan.exfilHost);
    if (inHour(t.smbQuiet)) this.smb(em, t.smbQuiet, '10.10.1.57', this.plan.quietHost);
    if (inHour(t.exfil)) this.exfil(em);
    if (inHour(t.night)) this.nightFetch(em);
    for (; this.quiet < end; this.quiet += HOUR * (1 - r.uniform(0, 0.2))) {
      if (this.quiet < t0) continue;
      const browser = this.org.clients.find((c) => c.ip === this.plan.quietHost)!.ua;
      em.request({
        start: this.quiet,
        client: this.plan.quietHost,
        method: 'CONNECT',
        host: HARD.quietDest,
        toClient: r.int(4_000, 4_400),
        toServer: r.int(1_100, 1_300),
        elapsed: r.int(300, 1_200),
        ua: browser,
      });
    }
  }

  private smb(em: Emitter, t: number, from: string, to: string): void {
    const iface = 'igb1.10';
    em.fwConnect(t, from, to, 445, 'pass', 115, iface);
    em.fwConnect(t + 2_000, from, to, 135, 'pass', 115, iface);
    em.fwConnect(t + 6_000, from, to, 49_667, 'pass', 115, iface);
    em.fwConnect(t + 9_000, from, to, 445, 'pass', 115, iface);
  }

  private exfil(em: Emitter): void {
    const r = this.rng;
    let t = this.t.exfil;
    const ua = this.org.clients.find((c) => c.ip === this.plan.exfilHost)!.ua;
    for (let i = 0; i < 14; i++) {
      const size = r.uniform(55e6, 75e6);
      const elapsed = (size / 0.6e6) * 1000;
      em.request({
        start: t,
        client: this.plan.exfilHost,
        method: 'CONNECT',
        host: HARD.exfilDest,
        toClient: r.int(7_000, 12_000),
        toServer: size,
        elapsed,
        ua,
      });
      t += elapsed + r.uniform(500, 4_000);
    }
  }

  private nightFetch(em: Emitter): void {
    const r = this.rng;
    let t = this.t.night;
    for (const path of ['/x/ps.ps1', '/x/up.ps1', '/x/cfg.bin', '/x/r.ps1']) {
      em.request({
        start: t,
        client: this.plan.nightHost,
        method: 'GET',
        host: HARD.nightDest,
        path,
        toClient: r.int(3_000, 90_000),
        toServer: 400,
        elapsed: r.int(200, 1_500),
        mime: 'application/octet-stream',
        ua: HARD.psUa,
      });
      t += r.uniform(3_000, 40_000);
    }
  }
}

export interface Trap {
  /** a benign host that must have no medium+ finding (of these kinds, when given) */
  host?: string;
  /** a benign destination that must have no medium+ finding */
  peer?: string;
  kinds?: string[];
  why: string;
}

export interface HardLabels {
  expected: Label[];
  tolerated: Tolerated[];
  compromised: string[];
  traps: Trap[];
}

/** Labels of the harder week, on top of the classic ones (`base`, from attack.ts). */
export function hardLabels(base: { expected: Label[]; tolerated: Tolerated[] }, plan: HardPlan): HardLabels {
  const p0 = '10.10.1.57';
  // no flow records: the classic exfiltration shows as tunnel volume, not as a measured upload
  const expected = base.expected.filter((l) => l.kind !== 'large-upload');
  const add = (l: Omit<Label, 'required'> & { required?: boolean }): void => {
    expected.push({ required: true, ...l });
  };
  add({ kind: 'bulk-transfer', host: p0, peer: 'sendanywhere-transfer.example', why: '1.6 GB in tunnels at night' });
  add({ kind: 'bulk-transfer', host: plan.exfilHost, peer: HARD.exfilDest, why: 'tunnel exfiltration at night' });
  // a browser User-Agent on one night is a person for off-hours; the volume is bulk-transfer's to report
  add({ kind: 'off-hours', host: plan.exfilHost, peer: HARD.exfilDest, required: false, why: 'tunnel exfiltration' });
  add({ kind: 'night-contact', host: plan.nightHost, peer: HARD.nightDest, why: 'one night of a rare destination' });
  add({ kind: 'rare-user-agent', host: plan.nightHost, why: 'PowerShell fetching scripts' });
  add({
    kind: 'rare-download',
    host: plan.nightHost,
    peer: HARD.nightDest,
    why: 'scripts from a site nobody else uses',
  });
  add({ kind: 'night-internal', host: '10.10.2.33', peer: plan.exfilHost, why: 'SMB/RPC at night, never by day' });
  add({ kind: 'night-internal', host: p0, peer: plan.quietHost, why: 'SMB/RPC at night, never by day' });
  add({ kind: 'beacon', host: plan.quietHost, peer: HARD.quietDest, why: 'hourly implant, jitter 20 %' });
  add({ kind: 'off-hours', host: plan.quietHost, peer: HARD.quietDest, why: 'the implant calls at night too' });
  add({ kind: 'bulk-transfer', host: p0, peer: '203.0.113.77', required: false, why: 'second channel tunnels' });
  add({ kind: 'night-contact', host: p0, required: false, why: 'the classic intrusion at night' });
  add({ kind: 'night-contact', host: '10.10.2.33', required: false, why: 'the classic intrusion at night' });
  add({ kind: 'night-contact', host: '10.10.3.41', required: false, why: 'the classic intrusion at night' });
  add({ kind: 'night-contact', host: plan.exfilHost, peer: HARD.exfilDest, required: false, why: 'exfiltration' });
  add({ kind: 'ids-alert', host: p0, required: false, why: 'any alert of patient zero' });
  add({ kind: 'ids-alert', host: '10.10.2.33', required: false, why: 'alerts on the victims' });
  add({ kind: 'ids-alert', host: '10.10.3.41', required: false, why: 'alerts on the victims' });
  const tolerated: Tolerated[] = [
    ...base.tolerated,
    { kind: 'bulk-transfer', host: null, maxSeverity: 'low', why: 'routine or common bulk (backup, SaaS)' },
    { kind: 'off-hours', host: null, maxSeverity: 'low', why: 'scheduled jobs' },
    { kind: 'night-internal', host: null, maxSeverity: 'low', why: 'routine night jobs' },
    { kind: 'proxy-relay', host: IPS.proxy, maxSeverity: 'low', why: 'the proxy recognised' },
    { kind: 'ids-alert', host: null, maxSeverity: 'low', why: 'policy and informational alerts alone' },
    { kind: 'ioc-match', host: IPS.proxy, maxSeverity: 'low', why: 'the proxy resolves for its clients' },
    { kind: 'dns-cnc', host: IPS.proxy, maxSeverity: 'low', why: 'the proxy resolves for its clients' },
  ];
  const traps: Trap[] = [
    { host: IPS.proxy, why: 'the forward proxy relays for every client' },
    { host: IPS.backup, why: 'nightly backup' },
    { host: HARD.avConsole, why: 'AV console' },
    { host: '10.10.1.51', why: 'CAD updater at 03:00 nightly' },
    { host: '10.10.3.51', why: 'CAD updater at 03:00 nightly' },
    { peer: HARD.adobe, why: 'Adobe updater everywhere' },
    { peer: HARD.defender, why: 'Defender everywhere' },
    { peer: HARD.saas8443, why: 'SaaS on :8443' },
    { peer: HARD.saasUpload, why: 'SaaS uploads by day' },
    { peer: HARD.cadUpdate, why: 'CAD updater' },
    { peer: 'backup.cloudvault.example', why: 'nightly backup' },
    ...HARD.ntpPool.map((ip) => ({ peer: ip, why: 'NTP pool' })),
    { peer: HARD.avConsole, why: 'AV console on :8080' },
  ];
  // the PCs with the cloud-storage policy alert: that alert alone must not make them suspicious
  for (let i = 5; i < 400; i += 37) traps.push({ host: pcIp(i), kinds: ['ids-alert'], why: 'policy alert alone' });
  const compromised = [p0, '10.10.2.33', '10.10.3.41', plan.exfilHost, plan.nightHost, plan.quietHost];
  return { expected, tolerated, compromised, traps };
}

export function pcIp(index: number): string {
  return `10.10.${1 + Math.floor(index / 50)}.${20 + (index % 50)}`;
}
