/**
 * One-line IDS alerts: Snort `alert_fast`, Suricata `fast.log`, and the syslog form Snort/Suricata
 * write on pfSense ("snort[pid]: [1:2:3] msg [Classification: …] [Priority: N] {TCP} a:p -> b:p").
 *   STAMP  [Drop] [**] [gid:sid:rev] msg [**] [Classification: c] [Priority: n] {PROTO} src[:p] -> dst[:p]
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
import { classification, idsTimeUs, setAddrPair } from './ids-common.ts';
import { parseSyslog } from './text/syslog.ts';

const FAST = /^\d{2}\/\d{2}(?:\/\d{2,4})?-\d{2}:\d{2}:\d{2}(?:\.\d+)? +(?:\[w?Drop\] )?\[\*\*\] \[\d+:\d+:\d+\] /;
const SURICATA_YEAR = /^\d{2}\/\d{2}\/\d{4}-/;
const GSR = /^\[(\d+):(\d+):(\d+)\] /;

/** The alert body from "[gid:sid:rev] …" on, into `f`; a reason when it is not one. */
export function parseAlertBody(body: string, f: Fields, alwaysPorts: boolean): string | undefined {
  let s = body.startsWith('[**] ') ? body.slice(5) : body;
  const g = GSR.exec(s);
  if (!g) return 'no [gid:sid:rev]';
  f.gid = Number(g[1]);
  f.sid = Number(g[2]);
  f.rev = Number(g[3]);
  s = s.slice(g[0].length);
  let end = s.indexOf(' [**]');
  let tail: string;
  if (end < 0) {
    // syslog form: no closing [**]; the message ends where the bracketed tail starts
    end = firstOf(s, [' [Classification: ', ' [Priority: ', ' {']);
    if (end < 0) return 'no end of the alert message';
    tail = s.slice(end);
  } else tail = s.slice(end + 5);
  let msg = s.slice(0, end).trim();
  if (msg.length >= 2 && msg.startsWith('"') && msg.endsWith('"')) msg = msg.slice(1, -1);
  f.signature = msg;
  const cls = bracketValue(tail, '[Classification: ');
  const category = classification(cls);
  if (category) f.category = category;
  const pri = bracketValue(tail, '[Priority: ');
  if (pri !== undefined && /^\d+$/.test(pri)) f.priority = Number(pri);
  const ob = tail.indexOf('{');
  const cb = ob >= 0 ? tail.indexOf('}', ob) : -1;
  if (ob < 0 || cb < 0) return 'no {PROTO}';
  const proto = tail.slice(ob + 1, cb).toLowerCase();
  if (proto) f.proto = proto;
  if (!setAddrPair(f, tail.slice(cb + 1).trim(), proto, alwaysPorts)) return 'no "src -> dst" addresses';
  return undefined;
}

function firstOf(s: string, needles: string[]): number {
  let best = -1;
  for (const n of needles) {
    const i = s.indexOf(n);
    if (i >= 0 && (best < 0 || i < best)) best = i;
  }
  return best;
}

function bracketValue(s: string, key: string): string | undefined {
  const i = s.indexOf(key);
  if (i < 0) return undefined;
  const j = s.indexOf(']', i + key.length);
  return j < 0 ? undefined : s.slice(i + key.length, j);
}

function makeParser(product: 'snort' | 'suricata') {
  const logsource = { category: 'ids', product } as const;
  return (ctx: ParseContext) => ({
    line(text: string, no: number): LineResult {
      if (!text.trim() || text.startsWith('#')) return IGNORE;
      const f: Fields = {};
      let ts: number;
      let body: string;
      const c = text.charCodeAt(0);
      if (c >= 48 && c <= 57) {
        let sp = text.indexOf(' ');
        if (sp < 0) return 'no space after the time stamp';
        if (/^\d{4}-\d{2}-\d{2}$/.test(text.slice(0, sp))) sp = text.indexOf(' ', sp + 1);
        const stamp = text.slice(0, sp);
        body = text.slice(sp).trimStart();
        const quoted = body.includes('] "');
        ts = idsTimeUs(stamp, ctx, quoted);
        if (Number.isNaN(ts)) return 'bad time stamp';
        if (body.startsWith('[Drop] ') || body.startsWith('[wDrop] ')) {
          f.action = 'blocked';
          body = body.slice(body.indexOf(']') + 2);
        }
      } else {
        const frame = parseSyslog(text, ctx);
        if (!frame?.msg.includes('] ')) return IGNORE;
        if (!/^(?:snort|suricata)/i.test(frame.app ?? '') && !GSR.test(frame.msg)) return IGNORE;
        ts = frame.ts;
        body = frame.msg;
        if (!GSR.test(body) && !body.startsWith('[**] ')) return IGNORE;
      }
      const err = parseAlertBody(body, f, product === 'suricata');
      if (err) return err;
      f.action ??= 'allowed';
      f.message = text;
      return netEvent(ctx, no, ts, f.src_ip as string, logsource, f);
    },
  });
}

function syslogAlert(l: string, app: RegExp): boolean {
  const frame = parseSyslog(l, { timeZone: 'UTC' });
  return !!frame && app.test(frame.app ?? '') && /^(?:\[\*\*\] )?\[\d+:\d+:\d+\] /.test(frame.msg);
}

export const snortFastFormat: LineFormat = {
  splittable: true,
  id: 'snort-fast',
  sniff(lines) {
    const share = shareOf(lines, (l) => (FAST.test(l) && !SURICATA_YEAR.test(l)) || syslogAlert(l, /^snort/i));
    return share >= 0.5 ? 0.6 + 0.35 * share : 0;
  },
  parser: makeParser('snort'),
};

export const suricataFastFormat: LineFormat = {
  splittable: true,
  id: 'suricata-fast',
  sniff(lines) {
    const share = shareOf(lines, (l) => (FAST.test(l) && SURICATA_YEAR.test(l)) || syslogAlert(l, /^suricata/i));
    return share >= 0.5 ? 0.6 + 0.4 * share : 0;
  },
  parser: makeParser('suricata'),
};

export const snortFastReader = makeReader(snortFastFormat);
export const suricataFastReader = makeReader(suricataFastFormat);
