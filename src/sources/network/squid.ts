/**
 * Squid access.log. Native logformat `squid`:
 *   %ts.%03tu %6tr %>a %Ss/%03>Hs %<st %rm %ru %[un %Sh/%<a %mt   (+ optional "referer" "user-agent")
 * and `combined`: %>a %[ui %[un [%tl] "%rm %ru HTTP/%rv" %>Hs %<st "%{Referer}>h" "%{User-Agent}>h" %Ss:%Sh
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
import { parseClf, tailTokens } from './text/clf.ts';
import { epochSecondsToUs } from './text/time.ts';
import { setUrlFields } from './text/url.ts';
import { isIp, num, put } from './text/values.ts';

const LOGSOURCE = { category: 'proxy', product: 'squid' } as const;
const NATIVE = /^\d{9,11}\.\d{1,6}\s+-?\d+ \S+ [A-Z_]+\/\d{1,3} \d+ \S+ \S+/;
const SQUID_TAIL = /^[A-Z_]+:[A-Z_]+(?:\/\S*)?$/;

/** Up to n whitespace-separated tokens and the rest of the line. */
function tokens(s: string, n: number): { toks: string[]; rest: string } {
  const toks: string[] = [];
  let i = 0;
  while (toks.length < n) {
    while (i < s.length && (s.charCodeAt(i) === 32 || s.charCodeAt(i) === 9)) i++;
    if (i >= s.length) break;
    let j = i;
    while (j < s.length && s.charCodeAt(j) !== 32 && s.charCodeAt(j) !== 9) j++;
    toks.push(s.slice(i, j));
    i = j;
  }
  return { toks, rest: s.slice(i) };
}

function parseNative(text: string, f: Fields): { ts: number } | string {
  const { toks, rest } = tokens(text, 10);
  if (toks.length < 9) return `only ${toks.length} fields`;
  const [tsText, elapsed, client, codeStatus, bytes, method, url, user, hierPeer, mime] = toks;
  const ts = epochSecondsToUs(tsText);
  if (Number.isNaN(ts)) return 'bad time field';
  const slash = codeStatus.indexOf('/');
  if (slash <= 0) return 'bad result code/status field';
  const status = num(codeStatus.slice(slash + 1));
  const size = num(bytes);
  if (!(status >= 0) || !(size >= 0)) return 'status or size is not a number';
  f['c-ip'] = f.src_ip = client;
  f.action = codeStatus.slice(0, slash);
  f['sc-status'] = status;
  f['sc-bytes'] = size;
  const dur = num(elapsed);
  if (Number.isFinite(dur)) f.duration_ms = dur;
  f['cs-method'] = method;
  setUrlFields(f, method, url);
  put(f, 'cs-username', user);
  const hs = hierPeer.indexOf('/');
  const hier = hs >= 0 ? hierPeer.slice(0, hs) : hierPeer;
  const peer = hs >= 0 ? hierPeer.slice(hs + 1) : '';
  put(f, 'hierarchy', hier);
  if (peer && peer !== '-') {
    if (isIp(peer)) f.dst_ip = peer;
    else f.peer_host = peer;
  }
  put(f, 'mime_type', mime);
  if (rest) {
    const tail = tailTokens(rest);
    if (tail.quoted.length >= 2) {
      put(f, 'cs-referrer', tail.quoted[0]);
      put(f, 'c-useragent', tail.quoted[1]);
    } else if (tail.quoted.length === 1) put(f, 'c-useragent', tail.quoted[0]);
  }
  return { ts };
}

function parseCombined(text: string, f: Fields): { ts: number } | string {
  const r = parseClf(text);
  if (typeof r === 'string') return r;
  f['c-ip'] = f.src_ip = r.host;
  if (r.method) f['cs-method'] = r.method;
  setUrlFields(f, r.method, r.target ?? r.request);
  if (r.version) f['cs-version'] = r.version;
  put(f, 'cs-username', r.user);
  if (r.status !== undefined) f['sc-status'] = r.status;
  if (r.bytes !== undefined) f['sc-bytes'] = r.bytes;
  put(f, 'cs-referrer', r.referer);
  put(f, 'c-useragent', r.agent);
  const last = r.extra[r.extra.length - 1];
  if (last && SQUID_TAIL.test(last)) {
    const c = last.indexOf(':');
    f.action = last.slice(0, c);
    const hier = last.slice(c + 1);
    const s = hier.indexOf('/');
    f.hierarchy = s >= 0 ? hier.slice(0, s) : hier;
  }
  return { ts: r.ts };
}

function parser(ctx: ParseContext) {
  return {
    line(text: string, no: number): LineResult {
      if (!text.trim() || text.startsWith('#')) return IGNORE;
      const f: Fields = {};
      const c = text.charCodeAt(0);
      const native = c >= 48 && c <= 57 && /^\d+\.\d+\s/.test(text);
      const r = native ? parseNative(text, f) : parseCombined(text, f);
      if (typeof r === 'string') return r;
      f.message = text;
      return netEvent(ctx, no, r.ts, f['c-ip'] as string, LOGSOURCE, f);
    },
  };
}

export function isSquidCombined(l: string): boolean {
  const r = parseClf(l);
  if (typeof r === 'string') return false;
  const last = r.extra[r.extra.length - 1];
  return last !== undefined && SQUID_TAIL.test(last);
}

export const squidFormat: LineFormat = {
  splittable: true,
  id: 'squid',
  sniff(lines) {
    const share = shareOf(lines, (l) => NATIVE.test(l) || isSquidCombined(l));
    return share >= 0.5 ? 0.6 + 0.4 * share : 0;
  },
  parser,
};

export const squidReader = makeReader(squidFormat);
