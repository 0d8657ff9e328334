/**
 * Address helpers for the network analyses: IPv4 parsing without allocation, CIDR lists (IPv4 as
 * integer ranges, IPv6 through ipaddr.js), and a memo for "is this address internal?", which is
 * asked for every event.
 */
import ipaddr from 'ipaddr.js';

/** IPv4 dotted quad to an unsigned 32-bit integer; -1 when the text is not one. */
export function parseV4(s: string): number {
  const len = s.length;
  if (len < 7 || len > 15) return -1;
  let acc = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < len; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      if (digits === 0) return -1;
      acc = acc * 256 + part;
      part = 0;
      digits = 0;
      dots++;
      if (dots > 3) return -1;
    } else if (c >= 48 && c <= 57) {
      part = part * 10 + (c - 48);
      digits++;
      if (digits > 3 || part > 255) return -1;
    } else return -1;
  }
  if (dots !== 3 || digits === 0) return -1;
  return acc * 256 + part;
}

/** Is the text an IP literal (IPv4, or IPv6 possibly in brackets)? */
export function isIpLiteral(s: string): boolean {
  if (parseV4(s) >= 0) return true;
  if (!s.includes(':')) return false;
  const t = s.startsWith('[') && s.endsWith(']') ? s.slice(1, -1) : s;
  return ipaddr.IPv6.isValid(t);
}

export interface CidrParse {
  ok: boolean;
  reason?: string;
}

/** A list of networks; `contains` answers for IPv4 and IPv6 text. */
export class CidrList {
  private v4: Array<[number, number]> = [];
  private v6: Array<[ipaddr.IPv6, number]> = [];
  readonly sources: string[] = [];

  constructor(cidrs: readonly string[] = []) {
    for (const c of cidrs) this.add(c);
  }

  /** Add "a.b.c.d/n", a bare address, or an IPv6 network; false when it is not one. */
  add(text: string): boolean {
    const t = text.trim();
    const slash = t.indexOf('/');
    const addr = slash >= 0 ? t.slice(0, slash) : t;
    const lenText = slash >= 0 ? t.slice(slash + 1) : undefined;
    const v4 = parseV4(addr);
    if (v4 >= 0) {
      const len = lenText === undefined ? 32 : Number(lenText);
      if (!/^\d{1,2}$/.test(lenText ?? '32') || len > 32) return false;
      const size = 2 ** (32 - len);
      const start = Math.floor(v4 / size) * size;
      this.v4.push([start, start + size - 1]);
      this.sources.push(t);
      return true;
    }
    const a = addr.startsWith('[') && addr.endsWith(']') ? addr.slice(1, -1) : addr;
    if (!ipaddr.IPv6.isValid(a)) return false;
    const len = lenText === undefined ? 128 : Number(lenText);
    if (!/^\d{1,3}$/.test(lenText ?? '128') || len > 128) return false;
    this.v6.push([ipaddr.IPv6.parse(a), len]);
    this.sources.push(t);
    return true;
  }

  get size(): number {
    return this.v4.length + this.v6.length;
  }

  containsV4(n: number): boolean {
    for (const [lo, hi] of this.v4) if (n >= lo && n <= hi) return true;
    return false;
  }

  contains(ip: string): boolean {
    const n = parseV4(ip);
    if (n >= 0) return this.containsV4(n);
    if (!this.v6.length || !ip.includes(':')) return false;
    const t = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
    if (!ipaddr.IPv6.isValid(t)) return false;
    const a = ipaddr.IPv6.parse(t);
    if (a.isIPv4MappedAddress()) return this.containsV4(parseV4(a.toIPv4Address().toString()));
    for (const [net, len] of this.v6) if (a.match(net, len)) return true;
    return false;
  }
}

export const RFC1918 = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'];

/** `contains` with a bounded memo (addresses repeat a lot in logs). */
export class InternalNets {
  private readonly memo = new Map<string, boolean>();
  constructor(readonly list: CidrList) {}

  has(ip: string | undefined): boolean {
    if (!ip) return false;
    const hit = this.memo.get(ip);
    if (hit !== undefined) return hit;
    const r = this.list.contains(ip);
    if (this.memo.size >= 100_000) this.memo.clear();
    this.memo.set(ip, r);
    return r;
  }
}
