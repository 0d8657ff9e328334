/**
 * Snort 2 `alert_full`: multi-line records separated by blank lines.
 *   [**] [1:598:11] RPC portmap listing TCP 111 [**]
 *   [Classification: Decode of an RPC Query] [Priority: 2]      (optional)
 *   03/04-21:24:35.302060 137.207.234.252:49609 -> 172.16.1.2:111
 *   TCP TTL:128 TOS:0x0 ID:0 IpLen:20 DgmLen:60 DF
 *   ***A**** Seq: 0x1207EB67  Ack: 0x283C2A4F  Win: 0x4000  TcpLen: 20
 *   [Xref =>  arachnids 428]
 * With -e a MAC line ("… 0:C:29:… -> … type:0x800 len:0x4A") precedes the "src -> dst PROTO TTL…" line.
 */
import type { Fields } from '../../core/event.ts';
import { IGNORE, makeReader, netEvent, type LineFormat, type LineResult, type ParseContext } from './format.ts';
import { classification, idsTimeUs, setAddrPair } from './ids-common.ts';

const LOGSOURCE = { category: 'ids', product: 'snort' } as const;
const HEADER = /^\[\*\*\] \[(\d+):(\d+):(\d+)\] (.*) \[\*\*\]$/;
const STAMP_LINE = /^(\d{2}\/\d{2}(?:\/\d{2})?-\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?) (.*)$/;
const MAX_RECORD_LINES = 64;

function parseRecord(lines: string[], ctx: ParseContext): { f: Fields; ts: number } | string {
  const h = HEADER.exec(lines[0]);
  if (!h) return 'bad alert header';
  const f: Fields = { gid: Number(h[1]), sid: Number(h[2]), rev: Number(h[3]), signature: h[4].trim() };
  let ts = NaN;
  let i = 1;
  for (; i < lines.length; i++) {
    const l = lines[i];
    if (l.startsWith('[Classification: ') || l.startsWith('[Priority: ')) {
      const c = /\[Classification: ([^\]]*)\]/.exec(l);
      const cat = classification(c?.[1]);
      if (cat) f.category = cat;
      const p = /\[Priority: (\d+)\]/.exec(l);
      if (p) f.priority = Number(p[1]);
      continue;
    }
    const s = STAMP_LINE.exec(l);
    if (s) {
      ts = idsTimeUs(s[1], ctx, false);
      let addrText = s[2];
      if (/ type:0x[0-9A-Fa-f]+ /.test(addrText) && i + 1 < lines.length) addrText = lines[++i];
      // "src -> dst" possibly followed (after -e) by " PROTO TTL:…" on the same line
      const protoAt = / (TCP|UDP|ICMP|IP|SCTP|PROTO:\d+|IPV6-ICMP) /.exec(addrText + ' ');
      const pair = protoAt ? addrText.slice(0, protoAt.index) : addrText;
      const protoLine = protoAt ? addrText.slice(protoAt.index + 1) : (lines[i + 1] ?? '');
      const proto = /^([A-Za-z0-9-]+)(?: |:|$)/.exec(protoLine)?.[1]?.toLowerCase();
      if (proto && proto !== 'proto') f.proto = proto;
      if (!setAddrPair(f, pair.trim(), f.proto as string | undefined, false)) return 'bad "src -> dst" line';
      break;
    }
  }
  if (Number.isNaN(ts)) return 'no time stamp line';
  const xref: string[] = [];
  for (const l of lines) {
    if (!l.startsWith('[Xref =>')) continue;
    for (const part of l
      .trim()
      .slice(1, -1)
      .split(/\]\s*\[/))
      xref.push(part.replace(/^Xref =>\s*/, '').trim());
  }
  if (xref.length) f.xref = xref;
  f.action = 'allowed';
  f.message = lines.join('\n');
  return { f, ts };
}

function parser(ctx: ParseContext) {
  let rec: string[] = [];
  let start = 0;
  const finish = (): LineResult => {
    if (!rec.length) return IGNORE;
    const lines = rec;
    rec = [];
    const r = parseRecord(lines, ctx);
    if (typeof r === 'string') return `${r} (record from line ${start})`;
    return netEvent(ctx, start, r.ts, r.f.src_ip as string, LOGSOURCE, r.f);
  };
  return {
    line(text: string, no: number): LineResult {
      if (text.startsWith('[**] [')) {
        const done = finish();
        rec = [text];
        start = no;
        return done;
      }
      if (!text.trim()) return finish();
      if (!rec.length) return 'text outside an alert record';
      if (rec.length < MAX_RECORD_LINES) rec.push(text);
      return IGNORE;
    },
    end: finish,
  };
}

export const snortFullFormat: LineFormat = {
  id: 'snort-full',
  sniff(lines) {
    const heads = lines.filter((l) => HEADER.test(l)).length;
    const stamps = lines.filter((l) => STAMP_LINE.test(l) && l.includes(' -> ')).length;
    return heads >= 1 && stamps >= 1 && Math.abs(heads - stamps) <= 1 ? 0.9 : 0;
  },
  parser,
};

export const snortFullReader = makeReader(snortFullFormat);
