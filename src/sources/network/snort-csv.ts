/**
 * The CSV alert log of pfSense's Snort package (`output alert_csv: alert timestamp,sig_generator,sig_id,
 * sig_rev,msg,proto,src,srcport,dst,dstport,id,classification,priority`; newer packages append
 * `action,disposition`). Snort 2 prints the stamp as MM/DD/YY-HH:MM:SS.uuuuuu (with -y), local time.
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
import { classification, idsTimeUs } from './ids-common.ts';
import { splitCsv } from './text/csv.ts';
import { isIp, port } from './text/values.ts';

const LOGSOURCE = { category: 'ids', product: 'snort' } as const;
const START = /^\d{2}\/\d{2}(?:\/\d{2})?-\d{2}:\d{2}:\d{2}(?:\.\d{1,6})? ?,\d+,\d+,\d+,/;

function parser(ctx: ParseContext) {
  return {
    line(text: string, no: number): LineResult {
      if (!text.trim() || text.startsWith('#')) return IGNORE;
      const c = splitCsv(text);
      if (c.length < 13 || c.length > 16) return `${c.length} CSV fields (13 to 15 expected)`;
      const ts = idsTimeUs(c[0].trim(), ctx, false);
      if (Number.isNaN(ts)) return 'bad time stamp';
      const [gid, sid, rev] = [Number(c[1]), Number(c[2]), Number(c[3])];
      if (!Number.isInteger(gid) || !Number.isInteger(sid) || !Number.isInteger(rev)) return 'gid/sid/rev not numbers';
      const src = c[6].trim();
      const dst = c[8].trim();
      if (!isIp(src) || !isIp(dst)) return 'source or destination is not an IP address';
      const f: Fields = { gid, sid, rev, signature: c[4], src_ip: src.toLowerCase(), dst_ip: dst.toLowerCase() };
      if (c[5]) f.proto = c[5].toLowerCase();
      const sp = port(c[7].trim());
      const dp = port(c[9].trim());
      if (sp !== undefined) f.src_port = sp;
      if (dp !== undefined) f.dst_port = dp;
      const cat = classification(c[11]);
      if (cat) f.category = cat;
      if (/^\d+$/.test(c[12].trim())) f.priority = Number(c[12].trim());
      const how = `${c[13] ?? ''} ${c[14] ?? ''}`.toLowerCase();
      f.action = /block|drop|reject/.test(how) && !/would/.test(how) ? 'blocked' : 'allowed';
      if (c[13]) f.snort_action = c[13];
      if (c[14]) f.snort_disposition = c[14];
      f.message = text;
      return netEvent(ctx, no, ts, f.src_ip as string, LOGSOURCE, f);
    },
  };
}

export const snortCsvFormat: LineFormat = {
  id: 'snort-csv',
  sniff(lines) {
    const share = shareOf(lines, (l) => START.test(l));
    return share >= 0.5 ? 0.6 + 0.4 * share : 0;
  },
  parser,
};

export const snortCsvReader = makeReader(snortCsvFormat);
