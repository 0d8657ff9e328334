/**
 * The network view of an event, computed once when the event is read and stored in the case store's
 * `net` table: what kind of record it is, who the internal client is, where it went (normalised name,
 * registrable domain), bytes, ports, the local day and hour of the organisation's calendar, and the
 * few fields of IDS alerts, DNS answers and proxy requests the analyses ask for. Every network
 * analysis (index.ts) is SQL over this table, so its columns are the contract between reading and
 * analysing; the time zone, business hours and internal networks of the run are applied here.
 */
import type { Event } from '../../core/event.ts';
import { bytesIn, bytesOut, connSize, dstPortOf, isBlocked, num, protoOf, str, type NetKind } from './event-view.ts';
import type { NetworkContext } from './options.ts';
import { isExecutableFetch } from './proxy-checks.ts';
import { classifyUa } from './rare-ua.ts';

/** Columns of the `net` table, in order, with their SQL types. */
export const NET_COLUMNS = [
  ['ts', 'BIGINT'],
  ['file', 'VARCHAR'],
  ['seq', 'BIGINT'],
  ['line', 'BIGINT'],
  ['rec', 'BIGINT'],
  ['off', 'BIGINT'],
  ['kind', 'VARCHAR'],
  ['src', 'VARCHAR'],
  ['src_int', 'BOOLEAN'],
  ['dest', 'VARCHAR'],
  ['dkey', 'VARCHAR'],
  ['d_ip', 'BOOLEAN'],
  ['d_int', 'BOOLEAN'],
  ['dst_ip', 'VARCHAR'],
  ['dst_int', 'BOOLEAN'],
  ['src_ip', 'VARCHAR'],
  ['dst_port', 'INTEGER'],
  ['proto', 'VARCHAR'],
  ['blocked', 'BOOLEAN'],
  ['b_out', 'DOUBLE'],
  ['b_in', 'DOUBLE'],
  ['size', 'DOUBLE'],
  ['fbytes', 'DOUBLE'],
  ['method', 'VARCHAR'],
  ['status', 'INTEGER'],
  ['has_host', 'BOOLEAN'],
  ['ua', 'VARCHAR'],
  ['ua_browser', 'BOOLEAN'],
  ['exe_url', 'VARCHAR'],
  ['dur', 'DOUBLE'],
  ['dur_ms', 'DOUBLE'],
  ['lday', 'INTEGER'],
  ['lhour', 'INTEGER'],
  ['offh', 'VARCHAR'],
  ['hname', 'VARCHAR'],
  ['answers', 'VARCHAR'],
  ['rtype', 'VARCHAR'],
  ['rcode', 'VARCHAR'],
  ['hashes', 'VARCHAR'],
  ['open', 'BOOLEAN'],
  ['failed', 'BOOLEAN'],
  ['sig', 'VARCHAR'],
  ['sid', 'BIGINT'],
  ['cat', 'VARCHAR'],
  ['prio', 'INTEGER'],
  ['ihost', 'VARCHAR'],
  ['ipeer', 'VARCHAR'],
] as const;

export type NetValue = string | number | boolean | null;

const HASH_FIELDS = ['fileinfo.sha256', 'fileinfo.sha1', 'fileinfo.md5', 'sha256', 'md5', 'sha1'];
const MAX_UA_LENGTH = 512;
const MAX_ANSWERS = 64;
const IDS_SERVICE_PORTS = new Set([
  80, 443, 445, 139, 135, 3389, 5985, 5986, 3128, 8080, 8000, 8443, 8888, 1433, 3306, 5432,
]);

const opt = (v: string | number | undefined): NetValue => (v === undefined ? null : v);
const finite = (v: number): NetValue => (Number.isFinite(v) ? v : null);

/** Zeek conn states / EVE flow states of attempts that got no proper answer. */
function isFailedFlow(e: Event): boolean {
  const st = e.fields.conn_state;
  return (
    st === 'S0' ||
    st === 'REJ' ||
    st === 'RSTOS0' ||
    st === 'SH' ||
    st === 'OTH' ||
    (st === 'new' && !e.fields.resp_bytes)
  );
}

/** The internal end of an IDS alert and the other end: an alert on a server's answer belongs to the client. */
function idsEnds(e: Event, ctx: NetworkContext): [string, string] | undefined {
  const src = str(e.fields.src_ip) ?? e.host;
  const dst = str(e.fields.dst_ip);
  if (!src) return dst ? [dst, '?'] : undefined;
  if (!dst) return [src, '?'];
  const si = ctx.internal.has(src);
  const di = ctx.internal.has(dst);
  if (si && !di) return [src, dst];
  if (di && !si) return [dst, src];
  const sp = num(e.fields.src_port);
  const dp = num(e.fields.dst_port);
  const serverAnswer =
    sp !== undefined &&
    dp !== undefined &&
    (sp < 1024 || IDS_SERVICE_PORTS.has(sp)) &&
    dp >= 1024 &&
    !IDS_SERVICE_PORTS.has(dp);
  return serverAnswer ? [dst, src] : [src, dst];
}

/** Derives `net` rows for one run (options and memos are per run). */
export class NetRows {
  private readonly browser = new Map<string, boolean>();

  constructor(private readonly ctx: NetworkContext) {}

  private isBrowser(ua: string): boolean {
    let b = this.browser.get(ua);
    if (b === undefined) {
      b = classifyUa(ua) === 'browser';
      if (this.browser.size > 10_000) this.browser.clear();
      this.browser.set(ua, b);
    }
    return b;
  }

  /** The row of a network event in NET_COLUMNS order, or undefined when the event is not a network record. */
  row(e: Event, seq: number): NetValue[] | undefined {
    const v = this.ctx.views.of(e);
    const kind = v.kind as NetKind | undefined;
    if (!kind) return undefined;
    const f = e.fields;
    const ts = Number.isFinite(e.ts) ? Math.round(e.ts) : null;
    const src = e.source;
    const dstIp = str(f.dst_ip);
    let lday: NetValue = null;
    let lhour: NetValue = null;
    let offh: NetValue = null;
    if (ts !== null) {
      const clock = this.ctx.clock;
      lday = clock.slot(ts).day;
      lhour = clock.hour(ts);
      offh = clock.offHoursReason(ts) || null;
    }
    let uaText: NetValue = null;
    let uaBrowser = false;
    const rawUa = f['c-useragent'];
    if (typeof rawUa === 'string') {
      uaText = rawUa.length > MAX_UA_LENGTH ? rawUa.slice(0, MAX_UA_LENGTH) : rawUa;
      uaBrowser = this.isBrowser(rawUa);
    }
    let hname: NetValue = null;
    let answers: NetValue = null;
    let exeUrl: NetValue = null;
    if (kind === 'proxy') {
      hname = opt(str(f['cs-host']));
      if (isExecutableFetch(e)) exeUrl = (str(f.url) ?? str(f['c-uri']) ?? '?').slice(0, 300);
    } else if (kind === 'tls') hname = opt(str(f.server_name));
    else if (kind === 'dns') {
      hname = opt(str(f.query));
      const a = f.answer;
      if (Array.isArray(a) && a.length) answers = JSON.stringify(a.slice(0, MAX_ANSWERS).map(String));
    }
    let hashes: NetValue = null;
    if (kind !== 'proxy' && kind !== 'dns' && kind !== 'firewall') {
      const hs: string[] = [];
      for (const h of HASH_FIELDS) {
        const x = str(f[h]);
        if (x) hs.push(x);
      }
      if (hs.length) hashes = hs.join(' ');
    }
    let sig: NetValue = null;
    let ihost: NetValue = null;
    let ipeer: NetValue = null;
    if (kind === 'ids') {
      sig = (str(f.signature) ?? `sid ${str(f.sid) ?? '?'}`).slice(0, 300);
      const ends = idsEnds(e, this.ctx);
      if (ends) [ihost, ipeer] = ends;
    }
    const ob = num(f.orig_bytes);
    const rb = num(f.resp_bytes);
    return [
      ts,
      src.file,
      seq,
      opt(src.line),
      opt(src.record),
      opt(src.offset),
      kind,
      opt(v.src),
      v.srcInternal,
      opt(v.dest),
      opt(v.destKey),
      v.destIsIp,
      v.destInternal,
      opt(dstIp),
      dstIp !== undefined && this.ctx.internal.has(dstIp),
      opt(str(f.src_ip)),
      opt(dstPortOf(e)),
      protoOf(e) || null,
      isBlocked(e, kind),
      opt(bytesOut(e, kind)),
      opt(bytesIn(e, kind)),
      finite(connSize(e, kind)),
      (ob ?? 0) + (rb ?? 0),
      opt(str(f['cs-method'])),
      opt(num(f['sc-status'])),
      !!f['cs-host'],
      uaText,
      uaBrowser,
      exeUrl,
      opt(num(f.duration)),
      opt(num(f.duration_ms)),
      lday,
      lhour,
      offh,
      hname,
      answers,
      opt(str(f.record_type)),
      opt(str(f.rcode)),
      hashes,
      f.open === true,
      kind === 'flow' && isFailedFlow(e),
      sig,
      kind === 'ids' ? opt(num(f.sid)) : null,
      kind === 'ids' ? opt(str(f.category)) : null,
      kind === 'ids' ? opt(num(f.priority)) : null,
      ihost,
      ipeer,
    ];
  }
}
