/**
 * pfSense / OPNsense `filterlog` lines (the CSV of pfSense's filter_log.inc parse_firewall_log_line()):
 * rule,subrule,anchor,tracker,iface,reason,action,dir,ipver, then IPv4 or IPv6 header fields, then
 * protocol fields. Framing: BSD syslog (host optional) or RFC 5424.
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
import { isIp, num } from './text/values.ts';

const LOGSOURCE = { category: 'firewall', product: 'pfsense' } as const;
const ACTIONS = new Set(['pass', 'block', 'reject', 'match', 'scrub', 'nat', 'rdr', 'binat']);
const CSV_START = /^\d+,\d*,[^,]*,[^,]*,[^,]+,[a-z-]+,[a-z]+,(?:in|out),[46],/;

export function parseFilterlogCsv(csv: string, f: Fields): string | undefined {
  const c = csv.split(',');
  if (c.length < 17) return `only ${c.length} CSV fields`;
  const action = c[6];
  if (!ACTIONS.has(action)) return `unknown action "${action.slice(0, 20)}"`;
  if (c[7] !== 'in' && c[7] !== 'out') return `unknown direction "${c[7].slice(0, 20)}"`;
  // one shape for every record (fast property access downstream); optional parts are removed after
  f.rule = c[0];
  f.interface = c[4];
  f.reason = c[5];
  f.action = action;
  f.direction = c[7];
  if (c[1]) f.subrule = c[1];
  if (c[2]) f.anchor = c[2];
  if (c[3]) f.tracker = c[3];
  let k: number; // index of the first protocol-specific field
  let protoId: number;
  if (c[8] === '4') {
    if (c.length < 20) return 'IPv4 record too short';
    f.ip_version = 4;
    setNum(f, 'ttl', c[11]);
    protoId = num(c[15]);
    f.proto = c[16].toLowerCase();
    setNum(f, 'bytes', c[17]);
    f.src_ip = c[18];
    f.dst_ip = c[19];
    k = 20;
  } else if (c[8] === '6') {
    if (c.length < 17) return 'IPv6 record too short';
    f.ip_version = 6;
    setNum(f, 'ttl', c[11]);
    f.proto = c[12].toLowerCase();
    protoId = num(c[13]);
    setNum(f, 'bytes', c[14]);
    f.src_ip = c[15].toLowerCase();
    f.dst_ip = c[16].toLowerCase();
    k = 17;
  } else return `unknown IP version "${c[8].slice(0, 10)}"`;
  if (!isIp(f.src_ip as string) || !isIp(f.dst_ip as string)) return 'source or destination is not an IP address';
  if (!f.proto) delete f.proto;
  f.packets = 1;
  if (protoId === 6 || protoId === 17) {
    if (c.length < k + 3) return 'TCP/UDP ports missing';
    const sp = num(c[k]);
    const dp = num(c[k + 1]);
    if (!(sp >= 0 && sp <= 65535 && dp >= 0 && dp <= 65535)) return 'port is not a number';
    f.src_port = sp;
    f.dst_port = dp;
    setNum(f, 'data_length', c[k + 2]);
    if (protoId === 6 && c[k + 3]) f.tcp_flags = c[k + 3];
  } else if ((protoId === 1 || protoId === 58) && c[k]) {
    f.icmp_type = c[k];
  }
  return undefined;
}

function setNum(f: Fields, name: string, s: string | undefined): void {
  if (s === undefined || s === '') return;
  const n = num(s);
  if (n >= 0) f[name] = n;
}

function parser(ctx: ParseContext) {
  return {
    line(text: string, no: number): LineResult {
      if (!text || text.startsWith('#')) return IGNORE;
      if (!text.includes('filterlog')) return IGNORE;
      const frame = parseSyslog(text, ctx);
      let ts = NaN;
      let csv: string;
      if (frame) {
        if (frame.app !== 'filterlog') return IGNORE;
        ts = frame.ts;
        csv = frame.msg;
      } else {
        const m = /filterlog(?:\[\d+\])?: (.*)$/.exec(text);
        if (!m) return 'no syslog framing before filterlog';
        csv = m[1];
      }
      const fields: Fields = {};
      const err = parseFilterlogCsv(csv.trim(), fields);
      if (err) return err;
      fields.message = text;
      return netEvent(ctx, no, ts, fields.src_ip as string, LOGSOURCE, fields);
    },
  };
}

export const filterlogFormat: LineFormat = {
  splittable: true,
  id: 'pfsense-filterlog',
  sniff(lines) {
    const share = shareOf(lines, (l) => {
      const frame = l.includes('filterlog') ? parseSyslog(l, { timeZone: 'UTC' }) : undefined;
      return frame?.app === 'filterlog' && CSV_START.test(frame.msg);
    });
    return share >= 0.2 ? 0.6 + 0.4 * share : 0;
  },
  parser,
};

export const filterlogReader = makeReader(filterlogFormat);
