/**
 * IP addresses and networks as numbers: strict parsing (what a firewall would accept without guessing),
 * canonical text, containment, and the complements Windows Firewall needs (block rules win over allow
 * rules there, so "everything except X" has to be spelled out as address ranges).
 */
import ipaddr from 'ipaddr.js';

export type Family = 4 | 6;

/** A network in canonical form. `text` is the bare address for a single host, CIDR otherwise. */
export interface Net {
  family: Family;
  /** network address (host bits cleared) */
  addr: bigint;
  prefix: number;
  /** canonical text: `203.0.113.10`, `198.51.100.0/24`, `2001:db8::1`, `2001:db8::/48` */
  text: string;
  /** always with the prefix: `203.0.113.10/32` */
  cidr: string;
}

export const BITS: Record<Family, number> = { 4: 32, 6: 128 };

export type ParseFailure = 'syntax' | 'ambiguous' | 'zone' | 'prefix';
export type ParseResult = { ok: true; net: Net; hostBitsCleared: boolean } | { ok: false; why: ParseFailure };

const V4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function parseV4(s: string): bigint | ParseFailure {
  const m = V4.exec(s);
  if (!m) return 'syntax';
  let v = 0n;
  for (let i = 1; i <= 4; i++) {
    const part = m[i]!;
    // inet_aton reads 010 as octal: refuse rather than guess which address was meant
    if (part.length > 1 && part.startsWith('0')) return 'ambiguous';
    const n = Number(part);
    if (n > 255) return 'syntax';
    v = (v << 8n) | BigInt(n);
  }
  return v;
}

function parseV6(s: string): { v: bigint; mapped4?: bigint } | ParseFailure {
  if (s.includes('%')) return 'zone';
  if (!/^[0-9a-fA-F:.]+$/.test(s) || !s.includes(':') || s.length > 45) return 'syntax';
  let a: ipaddr.IPv6;
  try {
    a = ipaddr.IPv6.parse(s);
  } catch {
    return 'syntax';
  }
  let v = 0n;
  for (const p of a.parts) v = (v << 16n) | BigInt(p);
  if (a.isIPv4MappedAddress()) return { v, mapped4: v & 0xffffffffn };
  return { v };
}

export function v4Text(v: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 255n)).join('.');
}

export function v6Text(v: bigint): string {
  const parts: number[] = [];
  for (let i = 7; i >= 0; i--) parts.push(Number((v >> BigInt(i * 16)) & 0xffffn));
  return new ipaddr.IPv6(parts).toRFC5952String();
}

export function addrText(family: Family, v: bigint): string {
  return family === 4 ? v4Text(v) : v6Text(v);
}

export function mask(family: Family, prefix: number): bigint {
  const bits = BigInt(BITS[family]);
  return prefix === 0 ? 0n : ((1n << bits) - 1n) ^ ((1n << (bits - BigInt(prefix))) - 1n);
}

export function makeNet(family: Family, addr: bigint, prefix: number): Net {
  const a = addr & mask(family, prefix);
  const base = addrText(family, a);
  const full = prefix === BITS[family];
  return { family, addr: a, prefix, text: full ? base : `${base}/${prefix}`, cidr: `${base}/${prefix}` };
}

/** Parses `addr` or `addr/prefix` strictly. IPv4-mapped IPv6 becomes IPv4. Host bits are cleared (and reported). */
export function parseNet(input: string): ParseResult {
  const slash = input.indexOf('/');
  const addrPart = slash < 0 ? input : input.slice(0, slash);
  const prefixPart = slash < 0 ? undefined : input.slice(slash + 1);
  let family: Family;
  let value: bigint;
  let mappedShift = 0;
  if (addrPart.includes(':')) {
    const r = parseV6(addrPart);
    if (typeof r === 'string') return { ok: false, why: r };
    if (r.mapped4 !== undefined) {
      family = 4;
      value = r.mapped4;
      mappedShift = 96;
    } else {
      family = 6;
      value = r.v;
    }
  } else {
    const r = parseV4(addrPart);
    if (typeof r === 'string') return { ok: false, why: r };
    family = 4;
    value = r;
  }
  let prefix = BITS[family];
  if (prefixPart !== undefined) {
    if (!/^\d{1,3}$/.test(prefixPart)) return { ok: false, why: 'prefix' };
    const p = Number(prefixPart) - mappedShift;
    if (p < 0 || p > BITS[family]) return { ok: false, why: 'prefix' };
    prefix = p;
  }
  const net = makeNet(family, value, prefix);
  return { ok: true, net, hostBitsCleared: net.addr !== value };
}

export function lastAddr(n: Net): bigint {
  return n.addr | ((1n << BigInt(BITS[n.family] - n.prefix)) - 1n);
}

/** Does `outer` contain all of `inner`? */
export function contains(outer: Net, inner: Net): boolean {
  return (
    outer.family === inner.family &&
    outer.prefix <= inner.prefix &&
    (inner.addr & mask(outer.family, outer.prefix)) === outer.addr
  );
}

export function overlaps(a: Net, b: Net): boolean {
  return contains(a, b) || contains(b, a);
}

/** Sorted, without duplicates and without networks inside another one (nft interval sets refuse overlaps). */
export function collapse(nets: Net[]): Net[] {
  const sorted = [...nets].sort(
    (a, b) => a.family - b.family || (a.addr < b.addr ? -1 : a.addr > b.addr ? 1 : a.prefix - b.prefix),
  );
  const out: Net[] = [];
  for (const n of sorted) {
    const prev = out[out.length - 1];
    if (prev && contains(prev, n)) continue;
    out.push(n);
  }
  return out;
}

export interface AddrRange {
  family: Family;
  first: bigint;
  last: bigint;
}

/** Address ranges of `family` not covered by `excluded` (excluded must be of that family). */
export function complement(family: Family, excluded: Net[]): AddrRange[] {
  const max = (1n << BigInt(BITS[family])) - 1n;
  const cov = collapse(excluded.filter((n) => n.family === family));
  const out: AddrRange[] = [];
  let next = 0n;
  for (const n of cov) {
    if (n.addr > next) out.push({ family, first: next, last: n.addr - 1n });
    const end = lastAddr(n);
    if (end + 1n > next) next = end + 1n;
  }
  if (next <= max) out.push({ family, first: next, last: max });
  return out;
}

/** `a.b.c.d-e.f.g.h` (Windows Firewall range syntax), or the bare address for a one-address range. */
export function rangeText(r: AddrRange): string {
  return r.first === r.last
    ? addrText(r.family, r.first)
    : `${addrText(r.family, r.first)}-${addrText(r.family, r.last)}`;
}

/** The owner name of an RPZ IP trigger: `32.10.113.0.203` or `48.zz.db8.2001` (without the `.rpz-ip` suffix). */
export function rpzIpLabel(n: Net): string {
  if (n.family === 4) return [String(n.prefix), ...v4Text(n.addr).split('.').reverse()].join('.');
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((n.addr >> BigInt(i * 16)) & 0xffffn).toString(16));
  // the longest run (of at least two) of zero groups becomes "zz", as in RFC 5952 compression
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const parts = best < 0 ? groups : [...groups.slice(0, best), 'zz', ...groups.slice(best + bestLen)];
  return [String(n.prefix), ...parts.reverse()].join('.');
}

/** Default internal networks: RFC 1918, CGNAT is not internal, IPv6 ULA. */
export const DEFAULT_INTERNAL = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'];

/** Special ranges that must never be containment indicators. */
export function specialRange(n: Net): string | undefined {
  const bytes: number[] = [];
  const len = n.family === 4 ? 4 : 16;
  for (let i = len - 1; i >= 0; i--) bytes.push(Number((n.addr >> BigInt(i * 8)) & 255n));
  const r = ipaddr.fromByteArray(bytes).range();
  return ['unspecified', 'loopback', 'multicast', 'broadcast'].includes(r) ? r : undefined;
}
