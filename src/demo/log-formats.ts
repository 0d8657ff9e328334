// Log lines in the real formats an organisation's devices write (shared/docs/network-anchors.md §2), used by
// `konseki demo` and by the labelled network scenario in test/support/network-scenario:
// Squid native access.log (+ the common "referer" "user-agent" extension), pfSense filterlog over BSD
// syslog, BIND 9 query log (print-time, print-category, print-severity), Suricata EVE JSON.
// The organisation runs on Japan time (UTC+9, no DST): syslog and BIND stamps are local time.

const JST_MS = 9 * 3600 * 1000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function p2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function local(ms: number): Date {
  return new Date(ms + JST_MS);
}

/** "Apr 28 10:12:33" (day space-padded), local time. */
export function syslogStamp(ms: number): string {
  const d = local(ms);
  const day = d.getUTCDate();
  return `${MONTHS[d.getUTCMonth()]} ${day < 10 ? ' ' : ''}${day} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
}

/** "28-Apr-2025 10:12:33.123", local time. */
export function bindStamp(ms: number): string {
  const d = local(ms);
  return `${p2(d.getUTCDate())}-${MONTHS[d.getUTCMonth()]}-${d.getUTCFullYear()} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${String(d.getUTCMilliseconds()).padStart(3, '0')}`;
}

/** "2025-04-28T10:12:33.123456+0900" as Suricata writes it. */
export function eveStamp(ms: number, micro = 0): string {
  const d = local(ms);
  const us = String(d.getUTCMilliseconds() * 1000 + micro).padStart(6, '0');
  return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}T${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${us}+0900`;
}

export interface SquidRecord {
  /** end of the request (Squid logs on completion), ms */
  end: number;
  elapsed: number;
  client: string;
  code: string;
  status: number;
  bytes: number;
  method: string;
  url: string;
  user?: string;
  hier: string;
  peer: string;
  mime: string;
  referer?: string;
  ua?: string;
}

export function squidLine(r: SquidRecord): string {
  const ts = (r.end / 1000).toFixed(3);
  return `${ts} ${String(Math.round(r.elapsed)).padStart(6)} ${r.client} ${r.code}/${String(r.status).padStart(3, '0')} ${Math.round(r.bytes)} ${r.method} ${r.url} ${r.user ?? '-'} ${r.hier}/${r.peer} ${r.mime} "${r.referer ?? '-'}" "${r.ua ?? '-'}"`;
}

export interface FilterRecord {
  ts: number;
  rule: number;
  tracker: number;
  iface: string;
  action: 'pass' | 'block';
  dir: 'in' | 'out';
  proto: 'tcp' | 'udp';
  src: string;
  dst: string;
  sport: number;
  dport: number;
  ttl: number;
  id: number;
  length: number;
}

let seq = 1_000_000;

export function filterlogLine(r: FilterRecord, pid = 41523): string {
  const protoId = r.proto === 'tcp' ? 6 : 17;
  const head = `${r.rule},,,${r.tracker},${r.iface},match,${r.action},${r.dir},4,0x0,,${r.ttl},${r.id},0,${r.proto === 'tcp' ? 'DF' : 'none'},${protoId},${r.proto},${r.length},${r.src},${r.dst},${r.sport},${r.dport}`;
  const tail =
    r.proto === 'tcp'
      ? `,0,S,${(seq = (seq * 1103515245 + 12345) >>> 1)},,64240,,mss;nop;wscale;nop;nop;sackOK`
      : `,${r.length - 28}`;
  return `${syslogStamp(r.ts)} fw filterlog[${pid}]: ${head}${tail}`;
}

export function bindLine(
  ts: number,
  client: string,
  port: number,
  name: string,
  type: string,
  server: string,
  objId: string,
): string {
  return `${bindStamp(ts)} queries: info: client @0x${objId} ${client}#${port} (${name}): query: ${name} IN ${type} +E(0)K (${server})`;
}

export interface AlertRecord {
  ts: number;
  flowId: number;
  src: string;
  sport: number;
  dst: string;
  dport: number;
  proto: 'TCP' | 'UDP';
  sid: number;
  rev: number;
  signature: string;
  category: string;
  severity: number;
  appProto?: string;
}

export function eveAlertLine(r: AlertRecord): string {
  return JSON.stringify({
    timestamp: eveStamp(r.ts, 17),
    flow_id: r.flowId,
    in_iface: 'eth1',
    event_type: 'alert',
    src_ip: r.src,
    src_port: r.sport,
    dest_ip: r.dst,
    dest_port: r.dport,
    proto: r.proto,
    ...(r.appProto ? { app_proto: r.appProto } : {}),
    alert: {
      action: 'allowed',
      gid: 1,
      signature_id: r.sid,
      rev: r.rev,
      signature: r.signature,
      category: r.category,
      severity: r.severity,
    },
  });
}

export interface FlowRecord {
  start: number;
  end: number;
  flowId: number;
  src: string;
  sport: number;
  dst: string;
  dport: number;
  appProto: string;
  toServer: number;
  toClient: number;
}

export function eveFlowLine(r: FlowRecord): string {
  const pktsS = Math.max(3, Math.ceil(r.toServer / 1400));
  const pktsC = Math.max(2, Math.ceil(r.toClient / 1400));
  return JSON.stringify({
    timestamp: eveStamp(r.end, 3),
    flow_id: r.flowId,
    in_iface: 'eth1',
    event_type: 'flow',
    src_ip: r.src,
    src_port: r.sport,
    dest_ip: r.dst,
    dest_port: r.dport,
    proto: 'TCP',
    app_proto: r.appProto,
    flow: {
      pkts_toserver: pktsS,
      pkts_toclient: pktsC,
      bytes_toserver: Math.round(r.toServer) + pktsS * 54,
      bytes_toclient: Math.round(r.toClient) + pktsC * 54,
      start: eveStamp(r.start, 1),
      end: eveStamp(r.end, 2),
      age: Math.max(0, Math.round((r.end - r.start) / 1000)),
      state: 'closed',
      reason: 'timeout',
      alerted: false,
    },
  });
}
