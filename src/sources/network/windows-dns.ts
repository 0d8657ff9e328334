/**
 * Windows DNS Server debug log (dns.log), PACKET lines:
 *   6/5/2013 10:00:32 AM 0E70 PACKET  00000000033397A0 UDP Rcv 10.161.60.71    5b47   Q [0001   D   NOERROR] A      (12)somecomputer(6)domain(3)com(0)
 *   4/21/2017 7:52:03 AM 06B0 PACKET  00000000028657F0 UDP Snd 10.2.0.1        6590 R Q [8081   DR  NOERROR] A      (7)example(3)com(0)
 * Date and time follow the server's locale: M/D/YYYY h:mm:ss AM|PM (en-US), YYYY/MM/DD H:mm:ss (ja-JP),
 * D/M/YYYY when the first number cannot be a month. Time is the server's local time.
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
import { localToUs } from './text/time.ts';
import { isIp } from './text/values.ts';

const LOGSOURCE = { category: 'dns', product: 'windows-dns' } as const;
const START =
  /^(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4}) (?:(午前|午後) ?)?(\d{1,2}):(\d{2}):(\d{2})(?: ?(AM|PM|午前|午後))? (.*)$/;
const PACKET =
  /^([0-9A-Fa-f]+) PACKET +[0-9A-Fa-f]+ (UDP|TCP) (Snd|Rcv) (\S+) +([0-9A-Fa-f]+) +(?:(R) +)?([QNU?]) +\[([0-9A-Fa-f]{1,8}) +([A-Z ]{0,24}?) *([A-Z]{2,16})\] +(\S+) +(\S+)\s*$/;

/** "(7)example(3)com(0)" → "example.com" (bounded by the text length). */
export function decodeQname(s: string): string {
  const labels: string[] = [];
  let i = 0;
  while (i < s.length && s[i] === '(') {
    const close = s.indexOf(')', i);
    if (close < 0) break;
    const len = Number(s.slice(i + 1, close));
    if (!Number.isInteger(len) || len < 0) break;
    if (len === 0) break;
    labels.push(s.slice(close + 1, close + 1 + len));
    i = close + 1 + len;
  }
  return labels.length ? labels.join('.') : s;
}

function dateOf(m: RegExpExecArray, zone: string): number {
  let y: number, mo: number, d: number;
  const a = +m[1],
    b = +m[2],
    c = +m[3];
  if (m[1].length === 4) [y, mo, d] = [a, b, c];
  else if (a > 12) [d, mo, y] = [a, b, c];
  else [mo, d, y] = [a, b, c];
  if (y < 100) y += 2000;
  let h = +m[5];
  const ampm = m[8] ?? m[4];
  if (ampm === 'PM' || ampm === '午後') h = (h % 12) + 12;
  else if (ampm === 'AM' || ampm === '午前') h = h % 12;
  return localToUs(zone, y, mo, d, h, +m[6], +m[7]);
}

function parser(ctx: ParseContext) {
  return {
    line(text: string, no: number): LineResult {
      const s = START.exec(text);
      if (!s) return IGNORE;
      if (!s[9].includes('PACKET')) return IGNORE; // other debug categories and detail lines
      const p = PACKET.exec(s[9]);
      if (!p) return 'unrecognized PACKET line';
      const ts = dateOf(s, ctx.timeZone);
      if (Number.isNaN(ts)) return 'bad date or time';
      const remote = p[4].toLowerCase();
      if (!isIp(remote)) return 'remote address is not an IP';
      const send = p[3] === 'Snd';
      const response = p[6] !== undefined;
      const f: Fields = {
        proto: p[2].toLowerCase(),
        direction: send ? 'send' : 'receive',
        dns_type: response ? 'reply' : 'query',
        xid: p[5],
        opcode: p[7],
        flags_hex: p[8],
        rcode: p[10],
        record_type: p[11],
        query: decodeQname(p[12]),
      };
      if (p[9].trim()) f.flags = p[9].trim();
      // a query received from, or a response sent to, a client; otherwise the remote is another server
      const fromClient = send === response;
      if (fromClient) f.src_ip = remote;
      else f.dst_ip = remote;
      f.message = text;
      return netEvent(ctx, no, ts, fromClient ? remote : undefined, LOGSOURCE, f);
    },
  };
}

export const windowsDnsFormat: LineFormat = {
  id: 'windows-dns',
  sniff(lines) {
    const packets = shareOf(
      lines,
      (l) => / PACKET +[0-9A-Fa-f]+ (?:UDP|TCP) (?:Snd|Rcv) /.test(l),
      (l) => !START.test(l),
    );
    const header = lines.some((l) => l.startsWith('DNS Server log file creation') || l.includes('Message logging key'));
    return packets >= 0.5 ? 0.9 : header ? 0.7 : 0;
  },
  parser,
};

export const windowsDnsReader = makeReader(windowsDnsFormat);
