/**
 * dnsmasq `log-queries` lines (syslog or log-facility file):
 *   dnsmasq[2349]: query[A] ssw.live.com from 192.168.1.135
 *   dnsmasq[2349]: forwarded ssw.live.com to 8.8.8.8
 *   dnsmasq[2349]: reply ssw.live.com is 1.2.3.4            (also: cached, config, /etc/hosts …)
 *   dnsmasq[1]: 106331 192.168.1.249/5001 query[A] x.example from 192.168.1.249     (log-queries=extra)
 * Replies carry no client: it is taken from the query with the same serial (extra) or, failing that,
 * the latest query for the same name (bounded memory).
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
import { isIp } from './text/values.ts';

const LOGSOURCE = { category: 'dns', product: 'dnsmasq' } as const;
const EXTRA = /^(\d+) (\S+)\/(\d+) (.*)$/;
const QUERY = /^query\[(\w+)\] (\S+) from (\S+)$/;
const FORWARDED = /^forwarded (\S+) to (\S+)$/;
const ANSWER = /^(reply|cached|config|cached-stale|\/\S+) (\S+) is (.+)$/;
const MAX_REMEMBERED = 10_000;

function remember(map: Map<string, string>, k: string, v: string): void {
  if (map.size >= MAX_REMEMBERED) map.delete(map.keys().next().value as string);
  map.set(k, v);
}

function parser(ctx: ParseContext) {
  const bySerial = new Map<string, string>();
  const byName = new Map<string, string>();
  return {
    line(text: string, no: number): LineResult {
      if (!text.includes('dnsmasq')) return IGNORE;
      const frame = parseSyslog(text, ctx);
      if (frame?.app !== 'dnsmasq') return IGNORE;
      let msg = frame.msg;
      let serial: string | undefined;
      const f: Fields = {};
      const x = EXTRA.exec(msg);
      if (x) {
        serial = x[1];
        f.serial = serial;
        if (isIp(x[2])) {
          f.src_ip = x[2].toLowerCase();
          f.src_port = Number(x[3]);
        }
        msg = x[4];
      }
      let client: string | undefined;
      const q = QUERY.exec(msg);
      if (q) {
        if (!isIp(q[3])) return 'query source is not an IP';
        client = q[3].toLowerCase();
        f.dns_type = 'query';
        f.record_type = q[1];
        f.query = q[2];
        f.src_ip = client;
        if (serial) remember(bySerial, serial, client);
        remember(byName, q[2].toLowerCase(), client);
      } else if (msg.startsWith('query[')) {
        return 'unrecognized query line';
      } else {
        const fw = FORWARDED.exec(msg);
        const an = fw ? undefined : ANSWER.exec(msg);
        if (fw) {
          f.dns_type = 'forwarded';
          f.query = fw[1];
          f.dst_ip = fw[2];
        } else if (an) {
          const kind = an[1];
          f.dns_type = kind.startsWith('/') ? 'hosts' : kind === 'cached-stale' ? 'cached' : kind;
          if (kind.startsWith('/')) f.hosts_file = kind;
          f.query = an[2];
          const value = an[3];
          if (/^(?:NXDOMAIN|NODATA(?:-IPv[46])?|SERVFAIL|REFUSED)$/.test(value))
            f.rcode = value.startsWith('NODATA') ? 'NOERROR' : value;
          else f.answer = [value.startsWith('<CNAME>') ? value : value.split(' ')[0]];
          if (value.startsWith('NODATA')) f.nodata = true;
        } else return IGNORE;
        client = (serial && bySerial.get(serial)) || byName.get((f.query as string).toLowerCase());
        if (f.dns_type !== 'forwarded' && client) f.src_ip = client;
      }
      f.message = text;
      return netEvent(
        ctx,
        no,
        frame.ts,
        f.dns_type === 'forwarded' ? client : (f.src_ip as string | undefined),
        LOGSOURCE,
        f,
      );
    },
  };
}

export const dnsmasqFormat: LineFormat = {
  id: 'dnsmasq',
  sniff(lines) {
    const share = shareOf(lines, (l) =>
      /dnsmasq(?:\[\d+\])?: (?:\d+ \S+\/\d+ )?(?:query\[|forwarded |reply |cached |config )/.test(l),
    );
    return share >= 0.2 ? 0.6 + 0.4 * share : 0;
  },
  parser,
};

export const dnsmasqReader = makeReader(dnsmasqFormat);
