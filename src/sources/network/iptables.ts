/**
 * Kernel netfilter LOG lines (iptables `-j LOG`, nftables `log prefix`, ufw): free-text prefix glued to
 * `IN=… OUT=… [MAC=…] SRC=… DST=… LEN=… … PROTO=… SPT=… DPT=…` (kernel nf_log_syslog dump_ipv4_packet /
 * dump_ipv6_packet). The first occurrence of a key wins: ICMP errors repeat the inner packet in "[…]".
 */
import type { Fields } from '../../core/event.ts';
import {
  IGNORE,
  makeReader,
  netEvent,
  shareOf,
  type LineFormat,
  type LineResult,
  type ParseContext,
} from './format.ts';
import { parseSyslog } from './text/syslog.ts';
import { isIp, num, port } from './text/values.ts';

const LOGSOURCE = { category: 'firewall', product: 'iptables' } as const;
const TCP_FLAGS = new Set(['CWR', 'ECE', 'URG', 'ACK', 'PSH', 'RST', 'SYN', 'FIN']);
const UPTIME = /^\[\s*\d+\.\d+\]\s?/;
const IN_OUT = /(?:^|[^A-Z_])IN=\S* OUT=/;

function actionOf(prefix: string): string | undefined {
  const p = prefix.toUpperCase();
  if (/BLOCK|DENY|DENIED/.test(p)) return 'block';
  if (/DROP/.test(p)) return 'drop';
  if (/REJECT/.test(p)) return 'reject';
  if (/ACCEPT|ALLOW|PASS/.test(p)) return 'pass';
  return undefined;
}

/** Parse "… IN=… SRC=…" text (after any syslog framing); undefined when it is not a netfilter line. */
export function parseNetfilter(text: string, f: Fields): string | undefined | null {
  const m = IN_OUT.exec(text);
  if (!m)
    return text.includes(' SRC=') && text.includes(' DST=') && text.includes(' PROTO=') ? 'IN= OUT= missing' : null;
  const inAt = m.index + (m[0].startsWith('IN=') ? 0 : 1);
  const prefix = text.slice(0, inAt).replace(UPTIME, '').trim();
  const body = text.slice(inAt);
  const kv: Record<string, string> = {};
  const flags: string[] = [];
  let depth = 0;
  for (const tok of body.split(' ')) {
    if (!tok) continue;
    if (tok.startsWith('[')) depth++;
    if (depth === 0) {
      const eq = tok.indexOf('=');
      if (eq > 0) {
        const k = tok.slice(0, eq);
        const v = tok.slice(eq + 1);
        if (!(k in kv)) kv[k] = v;
      } else if (TCP_FLAGS.has(tok)) flags.push(tok);
    }
    if (tok.endsWith(']')) depth = Math.max(0, depth - 1);
  }
  const src = kv.SRC;
  const dst = kv.DST;
  if (!src || !dst) return 'SRC= or DST= missing';
  if (!isIp(src) || !isIp(dst)) return 'SRC/DST is not an IP address';
  if (prefix) {
    f.rule = prefix;
    f.log_prefix = prefix;
    const a = actionOf(prefix);
    if (a) f.action = a;
  }
  const ifIn = kv.IN;
  const ifOut = kv.OUT;
  if (ifIn) f.in_interface = ifIn;
  if (ifOut) f.out_interface = ifOut;
  f.interface = ifIn || ifOut || '';
  if (!f.interface) delete f.interface;
  f.direction = ifIn && ifOut ? 'forward' : ifOut ? 'out' : 'in';
  if (kv.MAC) f.mac = kv.MAC;
  f.src_ip = src.includes(':') ? src.toLowerCase() : src;
  f.dst_ip = dst.includes(':') ? dst.toLowerCase() : dst;
  f.ip_version = src.includes(':') ? 6 : 4;
  const len = num(kv.LEN);
  if (len >= 0) f.bytes = len;
  const ttl = num(kv.TTL ?? kv.HOPLIMIT);
  if (ttl >= 0) f.ttl = ttl;
  f.packets = 1;
  const proto = kv.PROTO;
  if (proto) f.proto = /^\d+$/.test(proto) ? proto : proto.toLowerCase();
  const sp = port(kv.SPT);
  const dp = port(kv.DPT);
  if (sp !== undefined) f.src_port = sp;
  if (dp !== undefined) f.dst_port = dp;
  if (flags.length) f.tcp_flags = flags.join(' ');
  if (kv.TYPE !== undefined) f.icmp_type = kv.TYPE;
  if (kv.CODE !== undefined) f.icmp_code = kv.CODE;
  return undefined;
}

function parser(ctx: ParseContext) {
  return {
    line(text: string, no: number): LineResult {
      if (!text.includes('IN=') && !text.includes(' SRC=')) return IGNORE;
      const frame = parseSyslog(text, ctx);
      const body = frame ? frame.msg : text;
      const f: Fields = {};
      const err = parseNetfilter(body, f);
      if (err === null) return IGNORE;
      if (err) return err;
      f.message = text;
      return netEvent(ctx, no, frame ? frame.ts : NaN, f.src_ip as string, LOGSOURCE, f);
    },
  };
}

export const iptablesFormat: LineFormat = {
  splittable: true,
  id: 'iptables',
  sniff(lines) {
    const share = shareOf(lines, (l) => IN_OUT.test(l) && l.includes(' SRC=') && l.includes(' DST='));
    return share >= 0.2 ? 0.6 + 0.4 * share : 0;
  },
  parser,
};

export const iptablesReader = makeReader(iptablesFormat);
