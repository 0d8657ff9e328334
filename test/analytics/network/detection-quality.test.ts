// The analyses of issue 15 on small fixtures written in the devices' formats (Squid, Suricata EVE, BIND) and
// read through konseki's readers into a store: bulk transfer without upload size, one-night contact, night
// administration between hosts that never talk by day, forward proxies, IDS noise, fleet counts. Each case
// has its counter-case (the same shape that must not be reported, or reported low).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { networkFindings, type NetworkOptionsInput } from '../../../src/analytics/network/index.ts';
import type { Finding } from '../../../src/core/finding.ts';
import type { Issue } from '../../../src/core/issue.ts';
import { bindLine, eveAlertLine, eveFlowLine, squidLine } from '../../../src/demo/log-formats.ts';
import { networkStore } from '../../support/net-store.ts';
import { pickReader } from '../../support/network-scenario/evaluate.ts';

const H = 3_600_000;
const MIN = 60_000;
/** Monday 2025-06-02 00:00 JST (no holiday that week) */
const MON = Date.parse('2025-06-02T00:00:00+09:00');
const at = (day: number, hh: number, mm = 0, ss = 0): number => MON + day * 24 * H + ((hh * 60 + mm) * 60 + ss) * 1000;
const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';

class Logs {
  squid: Array<[number, string]> = [];
  eve: Array<[number, string]> = [];
  dns: Array<[number, string]> = [];
  private flow = 1;
  req(
    client: string,
    end: number,
    host: string,
    o: Partial<{ method: string; bytes: number; elapsed: number; ua: string; peer: string; path: string }> = {},
  ): void {
    const method = o.method ?? 'GET';
    const url = method === 'CONNECT' ? `${host}:443` : `http://${host}${o.path ?? '/'}`;
    this.squid.push([
      end,
      squidLine({
        end,
        elapsed: o.elapsed ?? 200,
        client,
        code: method === 'CONNECT' ? 'TCP_TUNNEL' : 'TCP_MISS',
        status: 200,
        bytes: o.bytes ?? 4000,
        method,
        url,
        hier: 'HIER_DIRECT',
        peer: o.peer ?? '93.184.216.34',
        mime: method === 'CONNECT' ? '-' : 'text/html',
        ua: o.ua ?? 'curl/8.5.0',
      }),
    ]);
  }
  conn(src: string, dst: string, dport: number, ts: number): void {
    this.eve.push([
      ts,
      eveFlowLine({
        start: ts,
        end: ts + 2000,
        flowId: this.flow++,
        src,
        sport: 50000,
        dst,
        dport,
        appProto: 'failed',
        toServer: 800,
        toClient: 900,
      }),
    ]);
  }
  alert(ts: number, src: string, sid: number, category: string, severity: number, signature = `TEST ${sid}`): void {
    this.eve.push([
      ts,
      eveAlertLine({
        ts,
        flowId: this.flow++,
        src,
        sport: 50001,
        dst: '93.184.216.34',
        dport: 80,
        proto: 'TCP',
        sid,
        rev: 1,
        signature,
        category,
        severity,
      }),
    ]);
  }
  query(ts: number, client: string, name: string): void {
    this.dns.push([ts, bindLine(ts, client, 53000, name, 'A', '10.0.0.53', '7f00aa')]);
  }
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Background: 12 PCs browsing a common site by day, so that the organisation has a size and a rare destination is rare. */
function background(l: Logs, pcs = 12): string[] {
  const ips = Array.from({ length: pcs }, (_, i) => `10.1.0.${10 + i}`);
  for (const ip of ips)
    for (let d = 0; d < 5; d++)
      for (let h = 9; h < 17; h += 2)
        l.req(ip, at(d, h, 5), 'www.common.example', { ua: CHROME, peer: '198.51.100.80' });
  return ips;
}

async function analyse(l: Logs, o: NetworkOptionsInput = {}): Promise<Finding[]> {
  const dir = mkdtempSync(join(tmpdir(), 'konseki-dq-'));
  dirs.push(dir);
  const files: string[] = [];
  const write = (name: string, rows: Array<[number, string]>): void => {
    if (!rows.length) return;
    const f = join(dir, name);
    writeFileSync(
      f,
      `${rows
        .sort((a, b) => a[0] - b[0])
        .map((r) => r[1])
        .join('\n')}\n`,
    );
    files.push(f);
  };
  write('access.log', l.squid);
  write('eve.json', l.eve);
  write('query.log', l.dns);
  const issues: Issue[] = [];
  const input: NetworkOptionsInput = { timeZone: 'Asia/Tokyo', ...o };
  const ns = await networkStore(files, pickReader, input, issues, 'Asia/Tokyo');
  try {
    return await networkFindings(ns.store, input);
  } finally {
    ns.close();
  }
}

const of = (fs: Finding[], kind: string, host?: string | null): Finding[] =>
  fs.filter((f) => f.kind === kind && (host === undefined || f.host === host));

describe('bulk-transfer: volume without direction', () => {
  it('long tunnels to a rare destination at night are high, with the direction note; a nightly job is low', async () => {
    const l = new Logs();
    background(l);
    for (let i = 0; i < 12; i++)
      l.req('10.1.0.10', at(2, 1, 40) + i * 90_000, 'drop.rare.example', {
        method: 'CONNECT',
        bytes: 60e6,
        elapsed: 80_000,
        ua: CHROME,
      });
    for (let d = 0; d < 5; d++)
      for (let i = 0; i < 12; i++)
        l.req('10.1.0.11', at(d, 1, 10) + i * 90_000, 'vault.backup.example', {
          method: 'CONNECT',
          bytes: 2e9,
          elapsed: 80_000,
        });
    // a few short check-ins of an agent: no volume, no long tunnel
    for (let i = 0; i < 40; i++)
      l.req('10.1.0.12', at(3, 2) + i * 60_000, 'check.rare2.example', {
        method: 'CONNECT',
        bytes: 5000,
        elapsed: 300,
      });
    const fs = await analyse(l);
    const exfil = of(fs, 'bulk-transfer', '10.1.0.10');
    expect(exfil.map((f) => [f.peer, f.severity])).toEqual([['rare.example', 'high']]);
    expect(exfil[0]!.details?.direction).toBe('unknown');
    expect(exfil[0]!.summary_en).toMatch(/without their direction/);
    expect(exfil[0]!.summary_ja).toMatch(/方向を区別しない/);
    expect(Number(exfil[0]!.details?.bytes)).toBeGreaterThan(700e6);
    expect(of(fs, 'bulk-transfer', '10.1.0.11').map((f) => [f.severity, f.details?.routine])).toEqual([['low', true]]);
    expect(of(fs, 'bulk-transfer', '10.1.0.12')).toEqual([]);
  });

  it('a burst of requests in one hour counts without any byte count', async () => {
    const l = new Logs();
    background(l);
    for (let i = 0; i < 320; i++)
      l.req('10.1.0.13', at(1, 23) + i * 10_000, 'paste.rare.example', { method: 'POST', bytes: 0 });
    const fs = await analyse(l);
    const f = of(fs, 'bulk-transfer', '10.1.0.13');
    expect(f.map((x) => x.severity)).toEqual(['high']);
    const days = f[0]?.details?.days as Array<{ peak_hour_requests: number }> | undefined;
    expect(days?.[0]?.peak_hour_requests).toBeGreaterThanOrEqual(300);
  });
});

describe('night-contact and night-internal: single events at night', () => {
  it('one night of a rare destination is reported; two nights, a daytime contact or a browser are not (or low)', async () => {
    const l = new Logs();
    background(l);
    for (let i = 0; i < 3; i++)
      l.req('10.1.0.10', at(3, 3, 14, i * 20), 'stage.alpha-rare.example', { ua: 'WindowsPowerShell/5.1' });
    for (const d of [1, 2]) l.req('10.1.0.11', at(d, 3, 0), 'update.vendor.example', { ua: 'Updater/1.0' });
    l.req('10.1.0.12', at(2, 3, 30), 'mixed.beta-rare.example', { ua: 'Updater/1.0' });
    l.req('10.1.0.12', at(2, 14, 30), 'mixed.beta-rare.example', { ua: 'Updater/1.0' });
    l.req('10.1.0.13', at(4, 2, 10), 'blog.gamma-rare.example', { ua: CHROME });
    const fs = await analyse(l);
    const nc = of(fs, 'night-contact');
    expect(nc.map((f) => [f.host, f.peer, f.severity]).sort()).toEqual([
      ['10.1.0.10', 'alpha-rare.example', 'medium'],
      ['10.1.0.13', 'gamma-rare.example', 'low'],
    ]);
    expect(nc[0]!.summary_ja).toMatch(/一晩だけ/);
  });

  it('SMB at 02:10 between hosts that never talk by day is high; a pair that talks by day, or every night, is not', async () => {
    const l = new Logs();
    background(l);
    l.conn('10.1.0.10', '10.1.0.20', 445, at(2, 2, 10));
    l.conn('10.1.0.10', '10.1.0.20', 135, at(2, 2, 10, 5));
    l.conn('10.1.0.11', '10.1.0.21', 445, at(2, 2, 0));
    l.conn('10.1.0.21', '10.1.0.11', 3389, at(1, 11, 0)); // the other way round, by day
    for (const d of [0, 1, 2, 3]) l.conn('10.1.0.12', '10.1.0.22', 445, at(d, 1, 0)); // backup every night
    l.conn('10.1.0.13', '10.1.0.23', 80, at(2, 2, 0)); // not an admin port
    const fs = await analyse(l);
    const ni = of(fs, 'night-internal');
    expect(ni.map((f) => [f.host, f.peer, f.severity])).toEqual([['10.1.0.10', '10.1.0.20', 'high']]);
    expect(ni[0]!.details?.ports).toEqual([135, 445]);
  });
});

describe('rare-download: executables from a destination nobody else uses', () => {
  it('a tool fetching scripts is high, a browser medium; page scripts and shared sites are not reported', async () => {
    const l = new Logs();
    const ips = background(l);
    l.req('10.1.0.10', at(1, 10), 'cdn.only-one.example', { path: '/x/run.ps1', ua: 'WindowsPowerShell/5.1' });
    l.req('10.1.0.11', at(1, 10), 'dl.only-two.example', { path: '/setup.exe', ua: CHROME });
    l.req('10.1.0.12', at(1, 10), 'www.only-three.example', { path: '/js/app.js', ua: CHROME });
    for (const ip of ips.slice(3, 5)) l.req(ip, at(1, 11), 'dl.shared.example', { path: '/tool.exe', ua: CHROME });
    const fs = await analyse(l);
    expect(of(fs, 'rare-download').map((f) => [f.host, f.peer, f.severity])).toEqual([
      ['10.1.0.10', 'only-one.example', 'high'],
      ['10.1.0.11', 'only-two.example', 'medium'],
    ]);
  });
});

describe('forward proxies', () => {
  function proxied(): Logs {
    const l = new Logs();
    const ips = background(l);
    // the proxy's own connections to the servers its clients were served from, hourly all week
    for (let k = 0; k < 14; k++) {
      const peer = `203.0.113.${10 + k}`;
      l.req(ips[k % ips.length]!, at(1, 10, k), `site${k}.example`, { peer, ua: CHROME });
      for (let h = 0; h < 24 * 6; h++) l.conn('10.9.0.5', peer, 443, MON + h * H + k * 61_000);
    }
    return l;
  }

  it('a host whose outbound mirrors the proxy log is a proxy: nothing it relays makes it suspicious', async () => {
    const fs = await analyse(proxied());
    expect(fs.filter((f) => f.host === '10.9.0.5' && f.severity !== 'low')).toEqual([]);
    const relay = of(fs, 'proxy-relay', '10.9.0.5');
    expect(relay[0]?.evidence.length).toBeGreaterThan(0);
    expect(relay).toHaveLength(1);
    expect(Number(relay[0]!.details?.mirrored)).toBe(14);
    expect(Number(relay[0]!.details?.set_aside)).toBeGreaterThan(0);
  });

  it('without the mirror (other destinations) the same host is judged on its own traffic', async () => {
    const l = new Logs();
    background(l);
    for (let h = 0; h < 24 * 6; h++) l.conn('10.9.0.5', '203.0.113.99', 443, MON + h * H + 17_000);
    const fs = await analyse(l);
    expect(of(fs, 'proxy-relay')).toEqual([]);
    expect(of(fs, 'beacon', '10.9.0.5').map((f) => f.severity)).toEqual(['high']);
  });

  it('--proxy names one: its own records are set aside even without a mirror', async () => {
    const l = new Logs();
    background(l);
    for (let h = 0; h < 24 * 6; h++) l.conn('10.9.0.5', '203.0.113.99', 443, MON + h * H + 17_000);
    const fs = await analyse(l, { proxies: ['10.9.0.5'] });
    expect(of(fs, 'beacon', '10.9.0.5')).toEqual([]);
    expect(of(fs, 'proxy-relay', '10.9.0.5').map((f) => f.details?.named)).toEqual([true]);
  });

  it('a server on :8080 for every PC that resolves nothing for them is not a proxy; one that resolves their sites is', async () => {
    const l = new Logs();
    const ips = background(l);
    for (const ip of ips) l.conn(ip, '10.9.0.60', 8080, at(1, 10));
    for (const ip of ips) l.conn(ip, '10.9.0.8', 3128, at(1, 10));
    for (let k = 0; k < 12; k++) {
      l.req(ips[k]!, at(1, 11, k), `name${k}.example`, { ua: CHROME });
      l.query(at(1, 11, k), '10.9.0.8', `name${k}.example`);
    }
    l.query(at(1, 12), '10.9.0.60', 'pattern.av-vendor.example');
    const fs = await analyse(l);
    expect(of(fs, 'proxy-relay').map((f) => f.host)).toEqual(['10.9.0.8']);
  });
});

describe('IDS noise', () => {
  it('a policy alert at priority 1 alone is low; with a high finding of another analysis it keeps its priority', async () => {
    const l = new Logs();
    background(l);
    l.alert(at(1, 10), '10.1.0.10', 2012647, 'Potential Corporate Privacy Violation', 1);
    l.alert(at(1, 10), '10.1.0.11', 2012647, 'Potential Corporate Privacy Violation', 1);
    l.alert(at(1, 10, 5), '10.1.0.12', 2024000, 'A Network Trojan was detected', 1);
    l.conn('10.1.0.11', '10.1.0.30', 445, at(2, 2, 10)); // night-internal: high
    const fs = await analyse(l);
    const sev = (h: string) => of(fs, 'ids-alert', h).map((f) => f.severity);
    expect(sev('10.1.0.10')).toEqual(['low']);
    expect(sev('10.1.0.11')).toEqual(['high']);
    expect(sev('10.1.0.12')).toEqual(['high']);
    expect(of(fs, 'ids-alert', '10.1.0.10')[0]!.details?.weak).toBe(true);
  });

  it('the same alert on most hosts is one finding for the organisation, counted once per host', async () => {
    const l = new Logs();
    const ips = background(l);
    for (const ip of ips.slice(0, 9))
      for (let k = 0; k < 3; k++) l.alert(at(1, 9 + k), ip, 2027758, 'Misc activity', 3);
    const fs = await analyse(l);
    const ids = of(fs, 'ids-alert');
    expect(ids.map((f) => [f.host, f.severity, f.count, f.details?.host_count])).toEqual([[null, 'low', 27, 9]]);
    expect(ids[0]!.summary_en).toMatch(/on 9 of 12 hosts/);
  });
});

describe('organisation-wide periodic traffic', () => {
  it('a fleet counts hosts, not pairs, and a fleet on the NTP port stays low', async () => {
    const l = new Logs();
    const ips = background(l, 30);
    // 6 PCs of 30 (one fifth would be common): each beacons hourly to two names of one domain
    for (const ip of ips.slice(0, 6))
      for (let h = 0; h < 24 * 5; h++) {
        l.req(ip, MON + h * H + 7 * MIN, 'a.agent.example', { method: 'CONNECT', ua: 'Agent/1' });
        l.req(ip, MON + h * H + 37 * MIN, 'b.agent.example', { method: 'CONNECT', ua: 'Agent/1' });
      }
    for (const ip of ips.slice(0, 6))
      for (let h = 0; h < 24 * 5; h++) l.conn(ip, '133.243.238.163', 123, MON + h * H + 3 * MIN);
    const fs = await analyse(l);
    const fleet = of(fs, 'beacon', null);
    const agent = fleet.find((f) => f.peer === 'agent.example')!;
    expect(agent.details?.host_count).toBe(6);
    expect(agent.summary_en).toMatch(/^6 of 30 hosts/);
    const ntp = fleet.find((f) => f.peer === '133.243.238.163');
    expect(ntp?.severity ?? 'low').toBe('low');
    expect(of(fs, 'beacon').filter((f) => f.peer === '133.243.238.163' && f.severity !== 'low')).toEqual([]);
  });
});
