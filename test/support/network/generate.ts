// Large synthetic inputs in each format, for throughput measurements (seeded, deterministic).
import { createWriteStream } from 'node:fs';
import { mulberry32 } from '../../../src/core/rng.ts';

const rng = mulberry32;

const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const HOSTS = ['www.example.com', 'cdn.example.net', 'login.example.org', 'evil.example', 'api.example.io'];

type LineMaker = (i: number, t: number, r: () => number) => string;

const bsd = (t: number): string => {
  const d = new Date(t);
  return `${MON[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${d.toISOString().slice(11, 19)}`;
};
const ip = (r: () => number): string =>
  `10.${Math.floor(r() * 4)}.${Math.floor(r() * 256)}.${1 + Math.floor(r() * 254)}`;
const ext = (r: () => number): string => `203.0.113.${1 + Math.floor(r() * 254)}`;
const pick = <T>(r: () => number, xs: T[]): T => xs[Math.floor(r() * xs.length)];

export const MAKERS: Record<string, { header?: string; line: LineMaker }> = {
  squid: {
    line: (i, t, r) =>
      r() < 0.3
        ? `${(t / 1000).toFixed(3)} ${String(Math.floor(r() * 9999)).padStart(6)} ${ip(r)} TCP_TUNNEL/200 ${Math.floor(r() * 99999)} CONNECT ${pick(r, HOSTS)}:443 - HIER_DIRECT/${ext(r)} -`
        : `${(t / 1000).toFixed(3)} ${String(Math.floor(r() * 9999)).padStart(6)} ${ip(r)} TCP_MISS/200 ${Math.floor(r() * 99999)} GET http://${pick(r, HOSTS)}/path/${i}/file.js?x=${i} - HIER_DIRECT/${ext(r)} text/javascript`,
  },
  'pfsense-filterlog': {
    line: (_i, t, r) =>
      `${bsd(t)} pfSense filterlog[123]: 5,,,1000103483,vtnet1,match,block,in,4,0x0,,63,${Math.floor(r() * 65535)},0,DF,6,tcp,60,${ip(r)},192.168.3.${1 + Math.floor(r() * 254)},${1024 + Math.floor(r() * 60000)},${pick(r, [22, 80, 443, 445, 3389])},0,S,1960648610,,64240,,mss;sackOK;TS;nop;wscale`,
  },
  iptables: {
    line: (_i, t, r) =>
      `${bsd(t)} gw kernel: [UFW BLOCK] IN=eth0 OUT= MAC=f2:3c:93:1c:e2:44:00:00:0c:9f:f0:01:08:00 SRC=${ext(r)} DST=${ip(r)} LEN=40 TOS=0x00 PREC=0x00 TTL=245 ID=${Math.floor(r() * 65535)} PROTO=TCP SPT=${1024 + Math.floor(r() * 60000)} DPT=${pick(r, [22, 23, 445, 3389])} WINDOW=1024 RES=0x00 SYN URGP=0`,
  },
  'suricata-eve': {
    line: (i, t, r) =>
      JSON.stringify({
        timestamp: new Date(t).toISOString().replace('Z', '+0000'),
        flow_id: 1e12 + i,
        event_type: 'flow',
        src_ip: ip(r),
        src_port: 40000 + Math.floor(r() * 20000),
        dest_ip: ext(r),
        dest_port: 443,
        proto: 'TCP',
        app_proto: 'tls',
        flow: {
          pkts_toserver: 10,
          pkts_toclient: 12,
          bytes_toserver: Math.floor(r() * 9999),
          bytes_toclient: Math.floor(r() * 99999),
          start: new Date(t).toISOString(),
          end: new Date(t + 2000).toISOString(),
          age: 2,
          state: 'closed',
          reason: 'timeout',
          alerted: false,
        },
      }),
  },
  zeek: {
    header:
      '#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tconn\n#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents\n#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tbool\tbool\tcount\tstring\tcount\tcount\tcount\tcount\tset[string]',
    line: (i, t, r) =>
      `${(t / 1000).toFixed(6)}\tC${String(i).padStart(17, '0')}\t${ip(r)}\t${1024 + Math.floor(r() * 60000)}\t${ext(r)}\t443\ttcp\tssl\t${(r() * 10).toFixed(6)}\t${Math.floor(r() * 9999)}\t${Math.floor(r() * 99999)}\tSF\tT\tF\t0\tShADadFf\t10\t900\t12\t15000\t(empty)`,
  },
  'bind-query': {
    line: (_i, t, r) =>
      `${new Date(t).getUTCDate().toString().padStart(2, '0')}-${MON[new Date(t).getUTCMonth()]}-${new Date(t).getUTCFullYear()} ${new Date(t).toISOString().slice(11, 23)} client @0x7f91b8005490 ${ip(r)}#${1024 + Math.floor(r() * 60000)} (${pick(r, HOSTS)}): query: ${pick(r, HOSTS)} IN ${pick(r, ['A', 'AAAA', 'TXT'])} +E(0)K (10.0.0.53)`,
  },
  'web-access': {
    line: (i, t, r) =>
      `${ext(r)} - - [${String(new Date(t).getUTCDate()).padStart(2, '0')}/${MON[new Date(t).getUTCMonth()]}/${new Date(t).getUTCFullYear()}:${new Date(t).toISOString().slice(11, 19)} +0000] "GET /shop/item.php?id=${i} HTTP/1.1" 200 ${Math.floor(r() * 99999)} "https://www.example.com/" "Mozilla/5.0 (Windows NT 10.0; Win64; x64)"`,
  },
  'suricata-fast': {
    line: (_i, t, r) =>
      `${new Date(t).toISOString().replace(/^(\d+)-(\d+)-(\d+)T([\d:.]+)\d{0}Z$/, '$2/$3/$1-$4')}000  [**] [1:2024897:2] ET USER_AGENTS Go HTTP Client User-Agent [**] [Classification: A Network Trojan was detected] [Priority: 1] {TCP} ${ip(r)}:${40000 + Math.floor(r() * 20000)} -> ${ext(r)}:80`,
  },
};

/** Write `lines` lines of format `id` to `path`; resolves with the byte count. */
export function generate(id: string, path: string, lines: number, seed = 1): Promise<number> {
  const maker = MAKERS[id];
  const r = rng(seed);
  const out = createWriteStream(path);
  let bytes = 0;
  let t = Date.UTC(2024, 2, 1);
  return new Promise((resolve, reject) => {
    out.on('error', reject);
    const chunks: string[] = [];
    if (maker.header) chunks.push(maker.header);
    for (let i = 0; i < lines; i++) {
      t += Math.floor(r() * 50);
      chunks.push(maker.line(i, t, r));
      if (chunks.length >= 10_000) {
        const s = chunks.join('\n') + '\n';
        bytes += Buffer.byteLength(s);
        out.write(s);
        chunks.length = 0;
      }
    }
    const s = chunks.length ? chunks.join('\n') + '\n' : '';
    bytes += Buffer.byteLength(s);
    out.end(s, () => resolve(bytes));
  });
}
