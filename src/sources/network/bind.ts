/**
 * BIND 9 query and security log lines, bare (channel file with print-time) or syslog-wrapped:
 *   [DD-Mon-YYYY HH:MM:SS.mmm] [category: ][severity: ]client [@0x…] IP#PORT [(name)]: [view V: ]…
 *   … query: NAME CLASS TYPE FLAGS (DEST)           (ARM "queries" category)
 *   … query [(cache)] 'NAME/TYPE/CLASS' denied      … zone transfer 'NAME/AXFR/IN' denied
 *   … transfer of 'NAME/IN': AXFR started           … update 'ZONE/IN' denied
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
import { fractionUs, localToUs, monthNumber } from './text/time.ts';
import { isIp } from './text/values.ts';

const LOGSOURCE = { category: 'dns', product: 'bind' } as const;
const STAMP = /^(\d{2})-([A-Za-z]{3})-(\d{4}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))? /;
const CLIENT = /client (?:@0x[0-9a-fA-F]+ )?(\S+)#(\d+)(?: \(([^)]*)\))?: (?:view ([^:]{1,128}): )?(.*)$/;
const QUERY = /^query: (\S+) (\S+) (\S+) (\S*)(?: \(([^)]*)\))?/;
const QUOTED = /'([^']*)'/;

/** "name/TYPE/CLASS" or "name/CLASS" split from the right (names may contain "/"). */
function nameTypeClass(s: string): { name: string; type?: string; cls?: string } {
  const parts = s.split('/');
  if (parts.length >= 3)
    return { name: parts.slice(0, -2).join('/'), type: parts[parts.length - 2], cls: parts[parts.length - 1] };
  if (parts.length === 2) return { name: parts[0], cls: parts[1] };
  return { name: s };
}

function bindBody(rest: string, f: Fields): void {
  const q = QUERY.exec(rest);
  if (q) {
    f.dns_type = 'query';
    f.query = q[1];
    f.qclass = q[2];
    f.record_type = q[3];
    if (q[4]) f.flags = q[4];
    if (q[5]) f.dst_ip = q[5];
    return;
  }
  const quoted = QUOTED.exec(rest);
  const ntc = quoted ? nameTypeClass(quoted[1]) : undefined;
  if (ntc) {
    if (ntc.name) f.query = ntc.name;
    if (ntc.type) f.record_type = ntc.type;
    if (ntc.cls) f.qclass = ntc.cls;
  }
  if (/ denied\b/.test(rest)) f.action = 'denied';
  if (rest.startsWith('query')) f.dns_type = f.action === 'denied' ? 'denied' : 'query';
  else if (/zone transfer|transfer of|AXFR|IXFR/.test(rest)) {
    f.dns_type = 'transfer';
    if (!f.record_type) f.record_type = /IXFR/.test(rest) ? 'IXFR' : 'AXFR';
  } else if (rest.startsWith('update')) f.dns_type = 'update';
  else f.dns_type = 'other';
  const rcode = /\(([A-Z]{4,10})\)\s*$/.exec(rest);
  if (rcode) f.rcode = rcode[1];
}

function parser(ctx: ParseContext) {
  return {
    line(text: string, no: number): LineResult {
      if (!text.includes('client ')) return IGNORE;
      let body = text;
      let ts = NaN;
      const frame = text.charCodeAt(0) > 57 || text.charCodeAt(0) === 60 ? parseSyslog(text, ctx) : undefined;
      if (frame) {
        body = frame.msg;
        ts = frame.ts;
      }
      const st = STAMP.exec(body);
      if (st) {
        const mo = monthNumber(st[2]);
        const t = mo ? localToUs(ctx.timeZone, +st[3], mo, +st[1], +st[4], +st[5], +st[6], fractionUs(st[7])) : NaN;
        if (!Number.isNaN(t)) ts = t;
        body = body.slice(st[0].length);
      }
      const m = CLIENT.exec(body);
      if (!m) return /^(?:[\w-]+: ){0,2}client /.test(body) ? 'unrecognized client line' : IGNORE;
      const ip = m[1].toLowerCase();
      if (!isIp(ip)) return 'client address is not an IP';
      const f: Fields = { src_ip: ip, src_port: Number(m[2]) };
      if (m[3]) f.query = m[3];
      if (m[4]) f.view = m[4];
      bindBody(m[5], f);
      f.message = text;
      return netEvent(ctx, no, ts, ip, LOGSOURCE, f);
    },
  };
}

export const bindFormat: LineFormat = {
  splittable: true,
  id: 'bind-query',
  sniff(lines) {
    const share = shareOf(lines, (l) =>
      /client (?:@0x[0-9a-fA-F]+ )?\S+#\d+(?: \([^)]*\))?: (?:view [^:]+: )?(?:query|zone transfer|transfer of|update|bad zone)/.test(
        l,
      ),
    );
    return share >= 0.3 ? 0.6 + 0.4 * share : 0;
  },
  parser,
};

export const bindReader = makeReader(bindFormat);
