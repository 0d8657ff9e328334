/**
 * A loaded indicator set with constant-time matchers: IPs by exact key, CIDRs by one hash lookup per
 * distinct prefix length, domains by walking up the parent domains, URLs by normalized key, hashes by
 * lowercase hex. The first indicator loaded for a value wins; later duplicates are counted.
 */
import ipaddr from 'ipaddr.js';
import type { Indicator, IocStats, IocType } from './types.ts';
import { canonicalDomain, canonicalIp, urlKey } from './values.ts';

const HASH_TYPES = new Set<IocType>(['md5', 'sha1', 'sha256', 'sha512']);

function v4Int(octets: number[]): number {
  return ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
}

function maskV4(n: number, len: number): number {
  return len === 0 ? 0 : (n & (~0 << (32 - len))) >>> 0;
}

function maskV6(parts: number[], len: number): string {
  const out: string[] = [];
  for (let i = 0; i < 8; i++) {
    const bits = Math.max(0, Math.min(16, len - i * 16));
    const mask = bits === 0 ? 0 : (0xffff << (16 - bits)) & 0xffff;
    out.push((parts[i] & mask).toString(16));
  }
  return out.join(':');
}

export class IocSet {
  private readonly ips = new Map<string, Indicator>();
  private readonly v4Cidrs = new Map<number, Map<number, Indicator>>();
  private readonly v6Cidrs = new Map<number, Map<string, Indicator>>();
  private readonly domains = new Map<string, Indicator>();
  private readonly urls = new Map<string, Indicator>();
  private readonly hashes = new Map<string, Indicator>();
  private v4Lens: number[] = [];
  private v6Lens: number[] = [];
  readonly stats: IocStats = {
    files: 0,
    byType: { ip: 0, cidr: 0, domain: 0, url: 0, md5: 0, sha1: 0, sha256: 0, sha512: 0 },
    rejected: 0,
    duplicates: 0,
  };

  get size(): number {
    const b = this.stats.byType;
    return b.ip + b.cidr + b.domain + b.url + b.md5 + b.sha1 + b.sha256 + b.sha512;
  }

  /** Add an already classified indicator; false when it duplicates one loaded before. */
  add(ind: Indicator): boolean {
    let added = false;
    switch (ind.type) {
      case 'ip':
        added = putNew(this.ips, ind.value, ind);
        break;
      case 'cidr': {
        const [net, len] = ipaddr.parseCIDR(ind.value);
        if (net.kind() === 'ipv4') {
          const m = this.v4Cidrs.get(len) ?? new Map<number, Indicator>();
          this.v4Cidrs.set(len, m);
          added = putNew(m, maskV4(v4Int((net as ipaddr.IPv4).octets), len), ind);
          this.v4Lens = [...this.v4Cidrs.keys()].sort((a, b) => b - a);
        } else {
          const m = this.v6Cidrs.get(len) ?? new Map<string, Indicator>();
          this.v6Cidrs.set(len, m);
          added = putNew(m, maskV6((net as ipaddr.IPv6).parts, len), ind);
          this.v6Lens = [...this.v6Cidrs.keys()].sort((a, b) => b - a);
        }
        break;
      }
      case 'domain':
        added = putNew(this.domains, ind.value, ind);
        break;
      case 'url': {
        const k = urlKey(ind.value);
        added = k !== undefined && putNew(this.urls, k, ind);
        break;
      }
      default:
        if (HASH_TYPES.has(ind.type)) added = putNew(this.hashes, ind.value.toLowerCase(), ind);
    }
    if (added) this.stats.byType[ind.type]++;
    else this.stats.duplicates++;
    return added;
  }

  /** The indicator for an IP: exact first, then the most specific CIDR. */
  matchIp(ip: string): Indicator | undefined {
    if (!ip) return undefined;
    const exact = this.ips.get(ip);
    if (exact) return exact;
    if (!this.ips.size && !this.v4Lens.length && !this.v6Lens.length) return undefined;
    const c = canonicalIp(ip);
    if (!c) return undefined;
    if (c !== ip) {
      const hit = this.ips.get(c);
      if (hit) return hit;
    }
    if (!c.includes(':')) {
      if (!this.v4Lens.length) return undefined;
      const n = v4Int(c.split('.').map(Number));
      for (const len of this.v4Lens) {
        const hit = this.v4Cidrs.get(len)?.get(maskV4(n, len));
        if (hit) return hit;
      }
      return undefined;
    }
    if (!this.v6Lens.length) return undefined;
    const parts = ipaddr.IPv6.parse(c).parts;
    for (const len of this.v6Lens) {
      const hit = this.v6Cidrs.get(len)?.get(maskV6(parts, len));
      if (hit) return hit;
    }
    return undefined;
  }

  /** The indicator for a host name: the name itself or its closest listed parent domain. */
  matchDomain(name: string): Indicator | undefined {
    if (!name || !this.domains.size) return undefined;
    let d = name.toLowerCase();
    if (d.endsWith('.')) d = d.slice(0, -1);
    for (let guard = 0; guard < 128; guard++) {
      const hit = this.domains.get(d);
      if (hit) return hit;
      const dot = d.indexOf('.');
      if (dot < 0) return undefined;
      d = d.slice(dot + 1);
    }
    return undefined;
  }

  /**
   * The indicator for a URL (scheme-insensitive, default ports ignored): the exact URL, else the URL
   * without its query when the indicator has none. The host alone is matchDomain/matchIp's job.
   */
  matchUrl(url: string): Indicator | undefined {
    if (!url || !this.urls.size) return undefined;
    const k = urlKey(url);
    if (!k) return undefined;
    const exact = this.urls.get(k);
    if (exact) return exact;
    const q = k.indexOf('?');
    return q > 0 ? this.urls.get(k.slice(0, q)) : undefined;
  }

  /** The indicator for a file hash (MD5, SHA-1, SHA-256, SHA-512; any case). */
  matchHash(h: string): Indicator | undefined {
    if (!h || !this.hashes.size) return undefined;
    return this.hashes.get(h.trim().toLowerCase());
  }

  /** matchIp for IP literals, matchDomain otherwise. */
  matchHost(host: string): Indicator | undefined {
    const ip = canonicalIp(host);
    if (ip) return this.matchIp(ip);
    const d = canonicalDomain(host);
    return d ? this.matchDomain(d) : undefined;
  }

  /** Every indicator, in load order per kind (for containment lists and reports). */
  *all(): Iterable<Indicator> {
    yield* this.ips.values();
    for (const m of this.v4Cidrs.values()) yield* m.values();
    for (const m of this.v6Cidrs.values()) yield* m.values();
    yield* this.domains.values();
    yield* this.urls.values();
    yield* this.hashes.values();
  }
}

function putNew<K>(m: Map<K, Indicator>, k: K, v: Indicator): boolean {
  if (m.has(k)) return false;
  m.set(k, v);
  return true;
}
