/**
 * Unbound `log-queries` / `log-replies` lines:
 *   [1608044190] unbound[7809:0] info: 192.168.2.10 www.google.com. A IN NOERROR 0.068642 0 48
 *   Nov 05 23:30:33 unbound[12636:0] query: 192.168.1.5 wikipedia.org. A IN          (log-time-ascii)
 *   Nov  5 23:30:33 host unbound: [12636:0] reply: 192.168.1.5 wikipedia.org. A IN NOERROR 0.097209 0 47
 *   … info: rpz: applied [zone] *.ads.example. rpz-nxdomain 192.168.1.112@5353 tracker.ads.example. A IN
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
import { epochSecondsToUs } from './text/time.ts';
import { isIp } from './text/values.ts';

const LOGSOURCE = { category: 'dns', product: 'unbound' } as const;
const EPOCH = /^\[(\d{9,11})\] (.*)$/;
const TAGGED = /unbound(?:\[\d+:\d+\])?:? (?:\[\d+:\d+\] )?(info|query|reply): (.*)$/;
const RPZ = /^rpz: applied (?:\[([^\]]*)\] )?(\S+) (\S+) (\S+)@(\d+) (\S+) (\S+) (\S+)/;

const stripDot = (n: string): string => (n.length > 1 && n.endsWith('.') ? n.slice(0, -1) : n);

function parseBody(tag: string, body: string, f: Fields): string | null | undefined {
  if (body.startsWith('rpz: applied')) {
    const r = RPZ.exec(body);
    if (!r) return 'unrecognized rpz line';
    f.dns_type = 'rpz';
    if (r[1]) f.rpz_zone = r[1];
    f.rpz_rule = r[2];
    f.action = r[3];
    f.src_ip = r[4];
    f.src_port = Number(r[5]);
    f.query = stripDot(r[6]);
    f.record_type = r[7];
    f.qclass = r[8];
    return undefined;
  }
  const t = body.split(' ');
  if (t.length < 4 || !isIp(t[0]) || !t[1].endsWith('.')) {
    // "info:" carries every kind of message; only query/reply tags promise a record
    return tag === 'info' ? null : 'not "client name. TYPE CLASS"';
  }
  f.src_ip = t[0].toLowerCase();
  f.query = stripDot(t[1]);
  f.record_type = t[2];
  f.qclass = t[3];
  if (t.length >= 5) {
    f.dns_type = 'reply';
    f.rcode = t[4];
    const d = Number(t[5]);
    if (t[5] !== undefined && Number.isFinite(d)) f.duration = d;
    if (t[6] === '0' || t[6] === '1') f.cached = Number(t[6]);
    const size = Number(t[7]);
    if (t[7] !== undefined && Number.isFinite(size)) f.size = size;
  } else f.dns_type = tag === 'reply' ? 'reply' : 'query';
  return undefined;
}

function parser(ctx: ParseContext) {
  return {
    line(text: string, no: number): LineResult {
      if (!text.includes('unbound')) return IGNORE;
      let ts = NaN;
      let rest = text;
      const e = EPOCH.exec(text);
      if (e) {
        ts = epochSecondsToUs(e[1]);
        rest = e[2];
      } else {
        const frame = parseSyslog(text, ctx);
        if (frame) ts = frame.ts;
      }
      const m = TAGGED.exec(rest);
      if (!m) return IGNORE;
      const f: Fields = {};
      const err = parseBody(m[1], m[2], f);
      if (err === null) return IGNORE;
      if (err) return err;
      f.message = text;
      return netEvent(ctx, no, ts, f.src_ip as string, LOGSOURCE, f);
    },
  };
}

export const unboundFormat: LineFormat = {
  splittable: true,
  id: 'unbound',
  sniff(lines) {
    const share = shareOf(lines, (l) => TAGGED.test(l));
    return share >= 0.3 ? 0.6 + 0.4 * share : 0;
  },
  parser,
};

export const unboundReader = makeReader(unboundFormat);
