/** The demo's network logs: Squid, BIND queries, pfSense filterlog and Suricata EVE, one day of an office. */
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bindLine, eveAlertLine, eveFlowLine, filterlogLine, squidLine, type SquidRecord } from './log-formats.ts';
import { at, CNC_DOMAIN, CNC_IP, DROPPER_URL, DROPPER_IP, EXFIL_HOST, EXFIL_IP, HOSTS, rng } from './story.ts';

const BROWSER =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36';
const EDGE =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36 Edg/129.0.0.0';
const SITES = [
  'www.example.com',
  'news.example.org',
  'intranet.example.net',
  'mail.example.com',
  'cdn.example.net',
  'docs.example.org',
  'search.example.com',
  'weather.example.net',
];
const SITE_IP = (i: number): string => `192.0.2.${10 + i}`;
const PROXY = '10.10.0.3';
const DNS_SERVER = '10.10.0.53';
const OFFICE = Array.from({ length: 24 }, (_, i) => `10.10.1.${30 + i}`);
const ms = (us: number): number => us / 1000;

interface Lines {
  proxy: Array<[number, string]>;
  dns: Array<[number, string]>;
  fw: Array<[number, string]>;
  eve: Array<[number, string]>;
}

function browse(l: Lines, r: () => number, host: string, ua: string): void {
  for (let t = at('08:40:00') + r() * 3_600e6; t < at('18:30:00'); t += (60 + r() * 900) * 1e6) {
    const i = Math.floor(r() * SITES.length);
    const rec: SquidRecord = {
      end: ms(t),
      elapsed: 40 + r() * 400,
      client: host,
      code: 'TCP_TUNNEL',
      status: 200,
      bytes: 2000 + Math.floor(r() * 90_000),
      method: 'CONNECT',
      url: `${SITES[i]}:443`,
      hier: 'HIER_DIRECT',
      peer: SITE_IP(i),
      mime: '-',
      ua,
    };
    l.proxy.push([t, squidLine(rec)]);
    if (r() < 0.3)
      l.dns.push([
        t - 50_000,
        bindLine(ms(t - 50_000), host, 50000 + Math.floor(r() * 9000), SITES[i]!, 'A', DNS_SERVER, '7f3a2c00d1e0'),
      ]);
  }
}

function beacon(l: Lines, r: () => number, host: string, from: number, to: number): void {
  for (let t = from; t < to; t += (300 + (r() - 0.5) * 120) * 1e6) {
    l.proxy.push([
      t,
      squidLine({
        end: ms(t),
        elapsed: 180 + r() * 60,
        client: host,
        code: 'TCP_TUNNEL',
        status: 200,
        bytes: 1200 + Math.floor(r() * 80),
        method: 'CONNECT',
        url: `${CNC_DOMAIN}:443`,
        hier: 'HIER_DIRECT',
        peer: CNC_IP,
        mime: '-',
        ua: 'Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1; Trident/4.0)',
      }),
    ]);
    if (r() < 0.5)
      l.dns.push([
        t - 20_000,
        bindLine(ms(t - 20_000), host, 51000 + Math.floor(r() * 5000), CNC_DOMAIN, 'A', DNS_SERVER, '7f3a2c00d1e0'),
      ]);
  }
}

let tracker = 1000000101;
function fw(
  l: Lines,
  t: number,
  src: string,
  dst: string,
  dport: number,
  action: 'pass' | 'block',
  r: () => number,
): void {
  l.fw.push([
    t,
    filterlogLine({
      ts: ms(t),
      rule: action === 'pass' ? 77 : 5,
      tracker: tracker++,
      iface: 'igb1',
      action,
      dir: 'in',
      proto: 'tcp',
      src,
      dst,
      sport: 49152 + Math.floor(r() * 16000),
      dport,
      ttl: 128,
      id: Math.floor(r() * 65535),
      length: 52,
    }),
  ]);
}

export function networkLines(): Lines {
  const r = rng(2026);
  const l: Lines = { proxy: [], dns: [], fw: [], eve: [] };
  for (const [i, h] of OFFICE.entries()) browse(l, r, h, i % 3 === 0 ? EDGE : BROWSER);
  browse(l, r, HOSTS.pc1.ip, BROWSER);
  browse(l, r, HOSTS.pc2.ip, EDGE);
  // the dropper: PowerShell fetches an executable from a bare IP
  const drop = at('09:41:25');
  l.proxy.push([
    drop,
    squidLine({
      end: ms(drop),
      elapsed: 820,
      client: HOSTS.pc1.ip,
      code: 'TCP_MISS',
      status: 200,
      bytes: 734_208,
      method: 'GET',
      url: DROPPER_URL,
      hier: 'HIER_DIRECT',
      peer: DROPPER_IP,
      mime: 'application/octet-stream',
      ua: 'Mozilla/5.0 (Windows NT; Windows NT 10.0; ja-JP) WindowsPowerShell/5.1.19041.4894',
    }),
  ]);
  l.eve.push([
    drop,
    eveAlertLine({
      ts: ms(drop),
      flowId: 88110231,
      src: HOSTS.pc1.ip,
      sport: 50211,
      dst: DROPPER_IP,
      dport: 80,
      proto: 'TCP',
      sid: 2019714,
      rev: 3,
      signature: 'ET POLICY PE EXE or DLL Windows file download HTTP',
      category: 'Potential Corporate Privacy Violation',
      severity: 1,
      appProto: 'http',
    }),
  ]);
  beacon(l, r, HOSTS.pc1.ip, at('09:42:10'), at('23:59:00'));
  // a second channel tried by the implant: CONNECT through the proxy to a non-web port
  for (let k = 0; k < 3; k++) {
    const t = at('11:05:00') + k * 61e6;
    l.proxy.push([
      t,
      squidLine({
        end: ms(t),
        elapsed: 30_000,
        client: HOSTS.pc2.ip,
        code: 'TCP_TUNNEL',
        status: 200,
        bytes: 5210,
        method: 'CONNECT',
        url: `${CNC_IP}:8443`,
        hier: 'HIER_DIRECT',
        peer: CNC_IP,
        mime: '-',
        ua: 'Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1; Trident/4.0)',
      }),
    ]);
  }
  beacon(l, r, HOSTS.pc2.ip, at('10:40:30'), at('23:59:00'));
  // discovery and lateral movement from PC-SALES01: a scan of the office, then SMB to two hosts
  let t = at('10:00:05');
  for (let h = 1; h <= 40; h++)
    for (const p of [22, 135, 445, 3389]) {
      t += 40_000 + r() * 60_000;
      fw(l, t, HOSTS.pc1.ip, `10.10.1.${h}`, p, p === 445 ? 'pass' : 'block', r);
    }
  for (const [when, dst] of [
    [at('10:24:40'), HOSTS.fs.ip],
    [at('10:31:05'), HOSTS.pc2.ip],
  ] as const) {
    for (let k = 0; k < 6; k++) fw(l, when + k * 2e6, HOSTS.pc1.ip, dst, 445, 'pass', r);
  }
  // routine east-west traffic: staff to the file server
  for (const h of OFFICE)
    for (let k = 0; k < 5; k++) fw(l, at('08:45:00') + r() * 9 * 3_600e6, h, HOSTS.fs.ip, 445, 'pass', r);
  // the night upload of stolen data, seen by the IDS as a flow
  const up = at('23:12:40');
  l.proxy.push([
    up + 610e6,
    squidLine({
      end: ms(up + 610e6),
      elapsed: 610_000,
      client: HOSTS.pc1.ip,
      code: 'TCP_TUNNEL',
      status: 200,
      bytes: 18_221,
      method: 'CONNECT',
      url: `${EXFIL_HOST}:443`,
      hier: 'HIER_DIRECT',
      peer: EXFIL_IP,
      mime: '-',
      ua: 'Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1; Trident/4.0)',
    }),
  ]);
  l.eve.push([
    up + 610e6,
    eveFlowLine({
      start: ms(up),
      end: ms(up + 610e6),
      flowId: 88119902,
      src: HOSTS.pc1.ip,
      sport: 51877,
      dst: PROXY,
      dport: 3128,
      appProto: 'http',
      toServer: 2_684_354_560,
      toClient: 18_221,
    }),
  ]);
  l.eve.push([
    at('09:42:11'),
    eveAlertLine({
      ts: ms(at('09:42:11')),
      flowId: 88110250,
      src: HOSTS.pc1.ip,
      sport: 50230,
      dst: PROXY,
      dport: 3128,
      proto: 'TCP',
      sid: 2035465,
      rev: 2,
      signature: `ET MALWARE Observed DNS Query to Known C2 Domain (${CNC_DOMAIN})`,
      category: 'A Network Trojan was detected',
      severity: 1,
    }),
  ]);
  return l;
}

/** Writes the network logs under `dir`; returns their paths. */
export function writeNetworkEvidence(dir: string): string[] {
  const l = networkLines();
  const out: string[] = [];
  const put = (sub: string, file: string, lines: Array<[number, string]>): void => {
    mkdirSync(join(dir, sub), { recursive: true });
    const p = join(dir, sub, file);
    writeFileSync(
      p,
      `${lines
        .sort((a, b) => a[0] - b[0])
        .map(([, x]) => x)
        .join('\n')}\n`,
    );
    // syslog and BIND stamps carry no year: the file's time tells it, as on a real collected log
    utimesSync(p, at('23:59:30') / 1e6, at('23:59:30') / 1e6);
    out.push(p);
  };
  put('proxy', 'access.log', l.proxy);
  put('dns', 'query.log', l.dns);
  put('firewall', 'filter.log', l.fw);
  put('ids', 'eve.json', l.eve);
  return out;
}
