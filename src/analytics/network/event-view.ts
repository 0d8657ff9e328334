/**
 * How the analyses look at a network Event (field contract: src/sources/network/FIELDS.md): what
 * kind of record it is, who the internal client is, where it went, how many bytes moved.
 */
import type { Event, FieldValue } from '../../core/event.ts';

/** proxy = Squid and HTTP logs of Zeek/EVE; flow = Zeek conn / EVE flow; tls = Zeek ssl / EVE tls. */
export type NetKind = 'proxy' | 'firewall' | 'dns' | 'ids' | 'flow' | 'tls';

const BY_CATEGORY: Record<string, NetKind> = { proxy: 'proxy', firewall: 'firewall', dns: 'dns', ids: 'ids' };
const BY_SERVICE: Record<string, NetKind> = {
  conn: 'flow',
  flow: 'flow',
  http: 'proxy',
  dns: 'dns',
  ssl: 'tls',
  tls: 'tls',
};

export function netKind(e: Event): NetKind | undefined {
  const ls = e.logsource;
  if (ls.category) return BY_CATEGORY[ls.category];
  if (ls.service && (ls.product === 'zeek' || ls.product === 'suricata')) return BY_SERVICE[ls.service];
  return undefined;
}

export function str(v: FieldValue | undefined): string | undefined {
  if (typeof v === 'string') return v.length ? v : undefined;
  if (typeof v === 'number') return String(v);
  return undefined;
}

export function num(v: FieldValue | undefined): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.length && v.length < 20) {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** The client / originator address. */
export function srcOf(e: Event): string | undefined {
  return e.host ?? str(e.fields.src_ip) ?? str(e.fields['c-ip']);
}

export function dstIpOf(e: Event): string | undefined {
  return str(e.fields.dst_ip);
}

export function dstPortOf(e: Event): number | undefined {
  return num(e.fields.dst_port);
}

export function protoOf(e: Event): string {
  return (str(e.fields.proto) ?? '').toLowerCase();
}

/**
 * Where a request or connection went, as the responder would name it: the host name of a proxy
 * request (or IP literal), the SNI of TLS, else the destination IP.
 */
export function destOf(e: Event, kind: NetKind): string | undefined {
  if (kind === 'proxy') return str(e.fields['cs-host']) ?? str(e.fields.dst_ip);
  if (kind === 'tls') return str(e.fields.server_name) ?? str(e.fields.dst_ip);
  return str(e.fields.dst_ip);
}

/** Bytes sent by the client, when the record says (proxy cs-bytes, flow orig_bytes). */
export function bytesOut(e: Event, kind: NetKind): number | undefined {
  if (kind === 'proxy') return num(e.fields['cs-bytes']);
  if (kind === 'flow') return num(e.fields.orig_bytes);
  return undefined;
}

/** Bytes received by the client, when the record says. */
export function bytesIn(e: Event, kind: NetKind): number | undefined {
  if (kind === 'proxy') return num(e.fields['sc-bytes']);
  if (kind === 'flow') return num(e.fields.resp_bytes);
  return undefined;
}

/** The size that characterises one connection for beacon data-size regularity. */
export function connSize(e: Event, kind: NetKind): number {
  switch (kind) {
    case 'proxy':
      return num(e.fields['cs-bytes']) ?? num(e.fields['sc-bytes']) ?? 0;
    case 'flow':
      return num(e.fields.orig_bytes) ?? 0;
    case 'firewall':
      return num(e.fields.bytes) ?? 0;
    default:
      return 0;
  }
}

/** Was the connection refused (firewall block/reject, proxy deny)? */
export function isBlocked(e: Event, kind: NetKind): boolean {
  const a = str(e.fields.action);
  if (!a) return false;
  if (kind === 'firewall') return a === 'block' || a === 'reject' || a === 'drop' || a === 'deny';
  if (kind === 'proxy') return a === 'TCP_DENIED' || a.endsWith('_DENIED');
  if (kind === 'ids') return a === 'blocked';
  return false;
}

/**
 * A copy of a string that does not keep its source alive. Field values are slices of the line, and
 * the line of the reader's whole chunk: a kept slice would pin megabytes. Use it for every string
 * that outlives the event (map keys, group members).
 */
export function own(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/** Lowercase host name without a trailing dot. */
export function normName(s: string): string {
  let d = s;
  if (d.endsWith('.')) d = d.slice(0, -1);
  for (let i = 0; i < d.length; i++) {
    const c = d.charCodeAt(i);
    if (c >= 65 && c <= 90) return d.toLowerCase();
  }
  return d;
}

// Second-level labels under which registrations happen in many ccTLDs (co.jp, ac.uk, com.au, ...).
const SECOND_LEVEL = new Set([
  'co',
  'ac',
  'ne',
  'or',
  'go',
  'ed',
  'gr',
  'lg',
  'ad',
  'com',
  'net',
  'org',
  'edu',
  'gov',
  'mil',
  'gob',
  'nic',
  'ltd',
  'plc',
  'sch',
]);

/**
 * The registrable domain of a host name (example.co.jp for www.example.co.jp), by a small
 * heuristic instead of the Public Suffix List: two labels, three under a ccTLD's generic second
 * level. IP literals are returned unchanged.
 */
export function registrableDomain(name: string): string {
  const last = name.lastIndexOf('.');
  if (last < 0 || name.includes(':')) return name;
  const c = name.charCodeAt(last + 1);
  if (c >= 48 && c <= 57) return name; // IPv4 literal
  const second = name.lastIndexOf('.', last - 1);
  if (second < 0) return name;
  const tld = name.slice(last + 1);
  const sld = name.slice(second + 1, last);
  if (tld.length === 2 && SECOND_LEVEL.has(sld)) {
    const third = name.lastIndexOf('.', second - 1);
    return third < 0 ? name : name.slice(third + 1);
  }
  return name.slice(second + 1);
}

/** What every analysis asks of an event, computed once per event (analyses see events one after another). */
export interface View {
  kind: NetKind | undefined;
  /** internal-or-not client address */
  src: string | undefined;
  srcInternal: boolean;
  /** destination as named (lowercase), see destOf */
  dest: string | undefined;
  /** registrable domain of dest, or the IP */
  destKey: string | undefined;
  destIsIp: boolean;
  destInternal: boolean;
}

/**
 * One-event cache of View: the analyzers of a run are fed the same event in turn, so the first one
 * computes and the others reuse. The returned object is overwritten by the next event: never keep it.
 */
export class EventViews {
  private last: Event | undefined;
  private readonly v: View = {
    kind: undefined,
    src: undefined,
    srcInternal: false,
    dest: undefined,
    destKey: undefined,
    destIsIp: false,
    destInternal: false,
  };
  private readonly names = new Map<string, [string, string, boolean]>();
  private readonly srcs = new Map<string, string>();

  constructor(
    private readonly isInternal: (ip: string) => boolean,
    private readonly isIp: (s: string) => boolean,
  ) {}

  of(e: Event): View {
    if (e === this.last) return this.v;
    this.last = e;
    const v = this.v;
    const kind = netKind(e);
    v.kind = kind;
    const src = kind ? srcOf(e) : undefined;
    v.src = src === undefined ? undefined : this.ownSrc(src);
    v.srcInternal = src !== undefined && this.isInternal(v.src!);
    const raw = kind ? destOf(e, kind) : undefined;
    if (raw === undefined) {
      v.dest = v.destKey = undefined;
      v.destIsIp = v.destInternal = false;
      return v;
    }
    const n = this.name(raw);
    v.dest = n[0];
    v.destKey = n[1];
    v.destIsIp = n[2];
    v.destInternal = n[2] && this.isInternal(n[0]);
    return v;
  }

  private ownSrc(s: string): string {
    let o = this.srcs.get(s);
    if (o === undefined) {
      o = own(s);
      if (this.srcs.size > 200_000) this.srcs.clear();
      this.srcs.set(o, o);
    }
    return o;
  }

  /** [normalised name, registrable domain, is an IP], memoised; the strings are owned copies. */
  name(raw: string): [string, string, boolean] {
    let n = this.names.get(raw);
    if (!n) {
      const key = own(raw);
      const d = own(normName(key));
      const ip = this.isIp(d);
      n = [d, ip ? d : own(registrableDomain(d)), ip];
      if (this.names.size > 200_000) this.names.clear();
      this.names.set(key, n);
    }
    return n;
  }
}
