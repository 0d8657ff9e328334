/**
 * Indicator values: refanging (hxxp://, 1.2.3[.]4, evil(.)com, [:]//, [@]) and classification into
 * IP / CIDR / domain / URL / hash, with the normalized form used as the match key.
 */
import ipaddr from 'ipaddr.js';
import type { IocType } from './types.ts';

/** Undo the usual defanging conventions. */
export function refang(s: string): string {
  let v = s.trim();
  if (!/[[\]{}()]|hxxp|fxp|meow|\bdot\b/i.test(v)) return v;
  v = v
    .replace(/^(?:hxxp|meow)(s?)(?:\[:\]\/\/|:\/\/|\[:\/\/\]|\[:\/\/)/i, (_m, s2: string) => `http${s2}://`)
    .replace(/^fxp(s?):\/\//i, 'ftp$1://')
    .replace(/\[\s*(\.|dot)\s*\]|\(\s*(\.|dot)\s*\)|\{\s*(\.|dot)\s*\}/gi, '.')
    .replace(/\[:\]/g, ':')
    .replace(/\[:\/\/\]/g, '://')
    .replace(/\[\/\]/g, '/')
    .replace(/\[@\]|\[at\]/gi, '@');
  return v;
}

const HEX = /^[0-9a-fA-F]+$/;
const HASH_BY_LENGTH: Record<number, IocType> = { 32: 'md5', 40: 'sha1', 64: 'sha256', 128: 'sha512' };
const LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/;

export interface Classified {
  type: IocType;
  value: string;
}

/** Canonical text of an IP (IPv4 dotted quad; IPv6 RFC 5952; IPv4-mapped IPv6 as IPv4), or undefined. */
export function canonicalIp(s: string): string | undefined {
  let t = s.trim();
  if (t.startsWith('[') && t.endsWith(']')) t = t.slice(1, -1);
  const pct = t.indexOf('%');
  if (pct > 0) t = t.slice(0, pct);
  if (ipaddr.IPv4.isValidFourPartDecimal(t)) return ipaddr.IPv4.parse(t).toString();
  if (t.includes(':') && ipaddr.IPv6.isValid(t)) {
    const a = ipaddr.IPv6.parse(t);
    return a.isIPv4MappedAddress() ? a.toIPv4Address().toString() : a.toRFC5952String();
  }
  return undefined;
}

/** "net/len" normalized to the network address; a /32 or /128 becomes a plain IP. */
export function canonicalCidr(s: string): Classified | undefined {
  const slash = s.indexOf('/');
  if (slash < 0) return undefined;
  const ip = canonicalIp(s.slice(0, slash));
  const len = Number(s.slice(slash + 1));
  if (!ip || !/^\d{1,3}$/.test(s.slice(slash + 1))) return undefined;
  const v6 = ip.includes(':');
  if (len > (v6 ? 128 : 32)) return undefined;
  if (len === (v6 ? 128 : 32)) return { type: 'ip', value: ip };
  const net = v6
    ? ipaddr.IPv6.networkAddressFromCIDR(`${ip}/${len}`).toRFC5952String()
    : ipaddr.IPv4.networkAddressFromCIDR(`${ip}/${len}`).toString();
  return { type: 'cidr', value: `${net}/${len}` };
}

/** Lowercase, no trailing dot, IDNA left as written; undefined when not a plausible host name. */
export function canonicalDomain(s: string): string | undefined {
  let d = s.trim().toLowerCase();
  if (d.startsWith('*.')) d = d.slice(2);
  if (d.endsWith('.')) d = d.slice(0, -1);
  if (d.length < 3 || d.length > 253 || !d.includes('.')) return undefined;
  const labels = d.split('.');
  for (const l of labels) if (!LABEL.test(l) && !/^xn--/.test(l)) return undefined;
  if (/^\d+$/.test(labels[labels.length - 1])) return undefined; // looks like a broken IP
  return d;
}

/** Match key of a URL: scheme dropped, host lowercase, default port dropped, "/" for an empty path, fragment dropped. */
export function urlKey(u: string): string | undefined {
  let rest = u.trim();
  const sep = rest.indexOf('://');
  let scheme = 'http';
  if (sep > 0 && sep < 12) {
    scheme = rest.slice(0, sep).toLowerCase();
    rest = rest.slice(sep + 3);
  }
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  let end = rest.length;
  for (const ch of ['/', '?']) {
    const i = rest.indexOf(ch);
    if (i >= 0 && i < end) end = i;
  }
  let authority = rest.slice(0, end);
  const at = authority.lastIndexOf('@');
  if (at >= 0) authority = authority.slice(at + 1);
  let host = authority.toLowerCase();
  let port = '';
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d{1,5}))?$/.exec(host);
  if (!m) return undefined;
  host = m[1];
  if (m[2] && !((scheme === 'http' && m[2] === '80') || (scheme === 'https' && m[2] === '443'))) port = `:${m[2]}`;
  if (host.endsWith('.')) host = host.slice(0, -1);
  if (!host) return undefined;
  let path = rest.slice(end);
  if (!path || path.startsWith('?')) path = `/${path}`;
  return `${host}${port}${path}`;
}

/** What a (refanged) value is; undefined when it is none of the supported kinds. */
export function classify(raw: string): Classified | undefined {
  const s = refang(raw);
  if (!s || s.length > 8192) return undefined;
  if (HEX.test(s)) {
    const t = HASH_BY_LENGTH[s.length];
    if (t) return { type: t, value: s.toLowerCase() };
  }
  const ip = canonicalIp(s);
  if (ip) return { type: 'ip', value: ip };
  if (s.includes('/') && /^[0-9a-fA-F:.[\]]+\/\d{1,3}$/.test(s)) return canonicalCidr(s);
  if (/^[a-z][a-z0-9+.-]{1,10}:\/\//i.test(s)) return urlKey(s) ? { type: 'url', value: s } : undefined;
  // host:port → the host; host/path → a URL
  const slash = s.indexOf('/');
  if (slash > 0) {
    const host = s.slice(0, slash).replace(/:\d{1,5}$/, '');
    if (canonicalDomain(host) || canonicalIp(host)) return { type: 'url', value: `http://${s}` };
    return undefined;
  }
  const hostOnly = s.replace(/:\d{1,5}$/, '');
  const ip2 = hostOnly !== s ? canonicalIp(hostOnly) : undefined;
  if (ip2) return { type: 'ip', value: ip2 };
  const d = canonicalDomain(hostOnly);
  return d ? { type: 'domain', value: d } : undefined;
}
