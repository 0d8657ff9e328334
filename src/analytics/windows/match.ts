/** Matching hosts and addresses against the organisation's lists (user terminals and the like). */
import ipaddr from 'ipaddr.js';
import { shortName } from './common.ts';

/** `*` and `?` wildcards, case-insensitive, without regular expressions (linear in practice, no backtracking blow-up). */
export function globMatch(pattern: string, text: string): boolean {
  const p = pattern.toLowerCase();
  const s = text.toLowerCase();
  let pi = 0;
  let si = 0;
  let star = -1;
  let mark = 0;
  while (si < s.length) {
    if (pi < p.length && (p[pi] === '?' || p[pi] === s[si])) {
      pi++;
      si++;
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++;
      mark = si;
    } else if (star >= 0) {
      pi = star + 1;
      si = ++mark;
    } else return false;
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}

export class HostList {
  private readonly names: string[] = [];
  private readonly nets: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];
  constructor(entries: readonly string[]) {
    for (const raw of entries) {
      const e = raw.trim();
      if (!e) continue;
      if (e.includes('/') && ipaddr.isValidCIDR(e)) this.nets.push(ipaddr.parseCIDR(e));
      else if (ipaddr.isValid(e)) {
        const a = ipaddr.parse(e);
        this.nets.push([a, a.kind() === 'ipv4' ? 32 : 128]);
      } else this.names.push(e.toLowerCase());
    }
  }

  get empty(): boolean {
    return this.names.length === 0 && this.nets.length === 0;
  }

  /** Does a host name (short or FQDN) or an IP address belong to the list? */
  has(hostOrIp: string | null | undefined): boolean {
    if (!hostOrIp) return false;
    const v = hostOrIp.trim();
    if (ipaddr.isValid(v)) {
      const a = ipaddr.process(v);
      return this.nets.some(([net, bits]) => net.kind() === a.kind() && a.match(net, bits));
    }
    const full = v.toLowerCase();
    const short = shortName(full);
    return this.names.some((n) => globMatch(n, n.includes('.') ? full : short));
  }
}
