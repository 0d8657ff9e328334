/**
 * Suricata EVE JSON (one object per line). Every event keeps its native fields flattened with dots
 * and gains the normalized names of FIELDS.md. DNS comes in three layouts: v1 (one event per answer
 * record, `dns.rrname`/`rdata`), v2 (`answers[]` or `grouped{}`), v3 / Suricata 8 (`queries[]`,
 * `type: request|response`).
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
import { flattenInto } from './json-flatten.ts';
import { isoToUs } from './text/time.ts';
import { RAW_TIME_FIELD } from '../../core/event-time.ts';
import { setUrlFields } from './text/url.ts';

type Obj = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const int = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const obj = (v: unknown): Obj | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);

function setIf(f: Fields, name: string, v: string | number | undefined): void {
  if (v !== undefined) f[name] = v;
}

function alertFields(f: Fields, a: Obj): void {
  setIf(f, 'signature', str(a.signature));
  setIf(f, 'sid', int(a.signature_id));
  setIf(f, 'rev', int(a.rev));
  setIf(f, 'gid', int(a.gid));
  setIf(f, 'priority', int(a.severity));
  setIf(f, 'category', str(a.category));
  setIf(f, 'action', str(a.action));
}

function flowFields(f: Fields, fl: Obj, e: Obj): number | undefined {
  setIf(f, 'orig_bytes', int(fl.bytes_toserver));
  setIf(f, 'resp_bytes', int(fl.bytes_toclient));
  setIf(f, 'orig_pkts', int(fl.pkts_toserver));
  setIf(f, 'resp_pkts', int(fl.pkts_toclient));
  setIf(f, 'conn_state', str(fl.state));
  const app = str(e.app_proto);
  if (app && app !== 'failed') f.service = app;
  const start = str(fl.start) ? isoToUs(fl.start as string) : NaN;
  const end = str(fl.end) ? isoToUs(fl.end as string) : NaN;
  if (Number.isFinite(start) && Number.isFinite(end) && end >= start) f.duration = (end - start) / 1e6;
  return Number.isFinite(start) ? start : undefined;
}

function httpFields(f: Fields, h: Obj, dstPort: number | undefined): void {
  const method = str(h.http_method);
  if (method) f['cs-method'] = method;
  const url = str(h.url);
  const host = str(h.hostname);
  if (url) setUrlFields(f, method, url, host, dstPort);
  else if (host) f['cs-host'] = f['r-dns'] = host.toLowerCase();
  setIf(f, 'c-useragent', str(h.http_user_agent));
  setIf(f, 'cs-referrer', str(h.http_refer));
  setIf(
    f,
    'sc-status',
    int(h.status) ?? (typeof h.status === 'string' && /^\d{3}$/.test(h.status) ? Number(h.status) : undefined),
  );
  setIf(f, 'sc-bytes', int(h.length));
  setIf(f, 'mime_type', str(h.http_content_type));
  setIf(f, 'cs-version', str(h.protocol));
}

/** Returns true when the event is an answer (sent by the server): the client is then dest_ip. */
function dnsFields(f: Fields, d: Obj): boolean {
  const type = str(d.type) ?? '';
  const reply = type === 'answer' || type === 'response';
  f.dns_type = reply ? 'reply' : type === 'query' || type === 'request' ? 'query' : type || 'query';
  const queries = Array.isArray(d.queries) ? d.queries : undefined;
  const q0 = queries && obj(queries[0]);
  setIf(f, 'query', str(q0?.rrname) ?? str(d.rrname));
  setIf(f, 'record_type', str(q0?.rrtype) ?? str(d.rrtype));
  setIf(f, 'rcode', str(d.rcode));
  const answers: string[] = [];
  if (Array.isArray(d.answers)) {
    for (const a of d.answers.slice(0, 64)) {
      const rdata = obj(a)?.rdata;
      if (typeof rdata === 'string' || typeof rdata === 'number') answers.push(String(rdata));
    }
  }
  const grouped = obj(d.grouped);
  if (grouped && !answers.length) {
    for (const k in grouped) {
      const list = grouped[k];
      if (Array.isArray(list)) for (const x of list.slice(0, 64)) if (typeof x === 'string') answers.push(x);
    }
  }
  if (!answers.length && (typeof d.rdata === 'string' || typeof d.rdata === 'number')) answers.push(String(d.rdata));
  if (answers.length) f.answer = answers;
  return reply;
}

function tlsFields(f: Fields, t: Obj): void {
  setIf(f, 'server_name', str(t.sni));
  setIf(f, 'ja3', str(obj(t.ja3)?.hash));
  setIf(f, 'ja3s', str(obj(t.ja3s)?.hash));
  setIf(f, 'tls_version', str(t.version));
  setIf(f, 'subject', str(t.subject));
  setIf(f, 'issuer', str(t.issuerdn));
}

function parser(ctx: ParseContext) {
  return {
    line(text: string, no: number): LineResult {
      const t = text.trim();
      if (!t) return IGNORE;
      if (t[0] !== '{') return 'not a JSON object';
      let e: Obj;
      try {
        const v: unknown = JSON.parse(t);
        if (!obj(v)) return 'not a JSON object';
        e = v as Obj;
      } catch (err) {
        return `invalid JSON (${(err as Error).message.slice(0, 80)})`;
      }
      const type = str(e.event_type);
      if (!type) return 'no event_type';
      if (type === 'stats') return IGNORE;
      const f: Fields = {};
      flattenInto(f, e);
      const flowId = /"flow_id":(\d+)/.exec(t);
      if (flowId) f.flow_id = flowId[1];
      const src = str(e.src_ip);
      const dst = str(e.dest_ip);
      setIf(f, 'src_ip', src);
      setIf(f, 'dst_ip', dst);
      setIf(f, 'src_port', int(e.src_port));
      const dstPort = int(e.dest_port);
      setIf(f, 'dst_port', dstPort);
      const proto = str(e.proto);
      if (proto) f.proto = proto.toLowerCase();
      let ts = str(e.timestamp) ? isoToUs(e.timestamp as string, ctx.timeZone) : NaN;
      // the text stays with the event when it is not a time (core/event-time.ts reports it)
      if (Number.isNaN(ts) && e.timestamp !== undefined) f[RAW_TIME_FIELD] = String(e.timestamp).slice(0, 200);
      let host = src;
      let logsource: { category?: string; product: string; service?: string };
      if (type === 'alert') {
        logsource = { category: 'ids', product: 'suricata' };
        const a = obj(e.alert);
        if (a) alertFields(f, a);
      } else {
        logsource = { product: 'suricata', service: type };
        const sub = obj(e[type]);
        if (type === 'flow' && sub) {
          const start = flowFields(f, sub, e);
          if (start !== undefined) ts = start;
        } else if (type === 'http' && sub) {
          if (src) f['c-ip'] = src;
          httpFields(f, sub, dstPort);
        } else if (type === 'dns' && sub) {
          if (dnsFields(f, sub)) {
            host = dst;
            if (dst) f.src_ip = dst;
            if (src) f.dst_ip = src;
            if (int(e.dest_port) !== undefined) f.src_port = e.dest_port as number;
            if (int(e.src_port) !== undefined) f.dst_port = e.src_port as number;
          }
        } else if (type === 'tls' && sub) tlsFields(f, sub);
      }
      f.message = text;
      return netEvent(ctx, no, ts, host, logsource, f);
    },
  };
}

export const eveFormat: LineFormat = {
  id: 'suricata-eve',
  sniff(lines) {
    const share = shareOf(
      lines,
      (l) => l.startsWith('{') && l.includes('"event_type":'),
      (l) => !l.trim(),
    );
    return share >= 0.3 ? 0.7 + 0.3 * share : 0;
  },
  parser,
};

export const eveReader = makeReader(eveFormat);
