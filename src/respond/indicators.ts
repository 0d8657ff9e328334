/**
 * Indicator values (from logs and intel feeds) to canonical forms, or a reason why not. Nothing that
 * does not parse strictly gets through: the generators only ever see LDH domains, canonical IP text
 * and URLs whose characters are all RFC 3986 characters.
 */
import { domainToASCII } from 'node:url';
import { parseNet, type Net, type ParseFailure } from './net.ts';

/** Longest raw value looked at; anything longer is refused before any parsing. */
export const MAX_RAW = 4096;

export type DomainFailure = 'empty' | 'too-long' | 'syntax' | 'label' | 'tld' | 'single-label' | 'idna';
export type Canon<T, F> = { ok: true; value: T; notes: string[] } | { ok: false; why: F };

/** hxxp://evil[.]example → http://evil.example (the usual defanging of shared indicators). */
export function refang(s: string): string {
  return s
    .replace(/^h(?:xx|\*\*)p(s?)(?=(?::|\[:\])\/\/)/i, 'http$1')
    .replace(/^fxp(?=(?::|\[:\])\/\/)/i, 'ftp')
    .replace(/\[:\]|\(:\)/g, ':')
    .replace(/\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)/gi, '.')
    .replace(/\[\/\]/g, '/');
}

const CONTROL_OR_SPACE = /[\u0000-\u0020\u007f-\u009f\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]/;
const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;
const TLD = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/**
 * A domain indicator: refanged, wildcard and trailing dot removed, IDN to punycode, lower case, then
 * strict LDH labels (underscore allowed below the TLD), at least two labels, 253 characters at most.
 */
export function canonicalDomain(raw: string): Canon<string, DomainFailure> {
  const notes: string[] = [];
  if (raw.length > MAX_RAW) return { ok: false, why: 'too-long' };
  let s = refang(raw.trim());
  if (!s) return { ok: false, why: 'empty' };
  if (CONTROL_OR_SPACE.test(s)) return { ok: false, why: 'syntax' };
  if (s.startsWith('*.')) {
    s = s.slice(2);
    notes.push('wildcard');
  } else if (s.startsWith('.')) s = s.slice(1);
  const port = /^([^:]+):(\d{1,5})$/.exec(s);
  if (port) {
    s = port[1]!;
    notes.push('port-removed');
  }
  if (s.endsWith('.')) s = s.slice(0, -1);
  if (!/^[\x21-\x7e]*$/.test(s)) {
    const ascii = domainToASCII(s);
    if (!ascii) return { ok: false, why: 'idna' };
    s = ascii;
    notes.push('idna');
  }
  s = s.toLowerCase();
  if (s.length > 253) return { ok: false, why: 'too-long' };
  const labels = s.split('.');
  if (labels.length < 2) return { ok: false, why: 'single-label' };
  for (const l of labels) if (!LABEL.test(l)) return { ok: false, why: 'label' };
  if (!TLD.test(labels[labels.length - 1]!)) return { ok: false, why: 'tld' };
  // a punycode label that does not decode is not a name anyone can resolve
  if (labels.some((l) => l.startsWith('xn--')) && !domainToASCII(s)) return { ok: false, why: 'idna' };
  return { ok: true, value: s, notes };
}

export type NetFailure = ParseFailure | 'empty' | 'too-long';

/** An IP or CIDR indicator (refanged). */
export function canonicalNet(raw: string): Canon<Net, NetFailure> {
  if (raw.length > MAX_RAW) return { ok: false, why: 'too-long' };
  let s = refang(raw.trim());
  if (!s) return { ok: false, why: 'empty' };
  if (s.startsWith('[') && s.includes(']')) s = s.slice(1, s.indexOf(']')) + s.slice(s.indexOf(']') + 1);
  const r = parseNet(s);
  if (!r.ok) return { ok: false, why: r.why };
  return { ok: true, value: r.net, notes: r.hostBitsCleared ? ['host-bits'] : [] };
}

export type UrlFailure = 'empty' | 'too-long' | 'syntax' | 'scheme' | 'host';

const RFC3986 = /[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]/;

/** Percent-encodes every character that is not an RFC 3986 character (WHATWG leaves some in the query). */
function strictEncode(s: string): string {
  let out = '';
  for (const ch of s) {
    if (RFC3986.test(ch)) out += ch;
    else for (const b of Buffer.from(ch, 'utf8')) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** A URL indicator: http(s)/ftp only, credentials and fragment dropped, host canonical (domain or IP). */
export function canonicalUrl(raw: string): Canon<{ url: string; host: string; hostNet?: Net }, UrlFailure> {
  if (raw.length > MAX_RAW) return { ok: false, why: 'too-long' };
  const s = refang(raw.trim());
  if (!s) return { ok: false, why: 'empty' };
  if (CONTROL_OR_SPACE.test(s)) return { ok: false, why: 'syntax' };
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return { ok: false, why: 'syntax' };
  }
  if (!['http:', 'https:', 'ftp:'].includes(u.protocol)) return { ok: false, why: 'scheme' };
  const notes: string[] = [];
  if (u.username || u.password) notes.push('credentials-removed');
  u.username = '';
  u.password = '';
  u.hash = '';
  let host: string;
  let hostNet: Net | undefined;
  const h = u.hostname.startsWith('[') ? u.hostname.slice(1, -1) : u.hostname;
  const asNet = parseNet(h);
  if (asNet.ok) {
    hostNet = asNet.net;
    host = asNet.net.text;
  } else {
    const d = canonicalDomain(h);
    if (!d.ok) return { ok: false, why: 'host' };
    host = d.value;
  }
  const url = strictEncode(u.href);
  if (url.length > MAX_RAW) return { ok: false, why: 'too-long' };
  return { ok: true, value: { url, host, hostNet }, notes };
}

/** A destination on one port: `ip:port`, `[v6]:port` or `domain:port` (refanged). */
export function canonicalPort(
  raw: string,
): Canon<{ net?: Net; domain?: string; port: number; text: string }, NetFailure | DomainFailure | 'port'> {
  if (raw.length > MAX_RAW) return { ok: false, why: 'too-long' };
  const s = refang(raw.trim());
  const m = /^\[([0-9a-fA-F:.]+)\]:(\d{1,5})$/.exec(s) ?? /^([^:\s]+):(\d{1,5})$/.exec(s);
  if (!m) return { ok: false, why: 'syntax' };
  const port = Number(m[2]);
  if (port < 1 || port > 65535) return { ok: false, why: 'port' };
  const n = parseNet(m[1]!);
  if (n.ok) {
    if (n.net.prefix !== (n.net.family === 4 ? 32 : 128)) return { ok: false, why: 'syntax' };
    const text = n.net.family === 6 ? `[${n.net.text}]:${port}` : `${n.net.text}:${port}`;
    return { ok: true, value: { net: n.net, port, text }, notes: [] };
  }
  if (/^[0-9.]+$/.test(m[1]!)) return { ok: false, why: n.why };
  const d = canonicalDomain(m[1]!);
  if (!d.ok) return { ok: false, why: d.why };
  return { ok: true, value: { domain: d.value, port, text: `${d.value}:${port}` }, notes: d.notes };
}

export type IndicatorKind = 'ip' | 'cidr' | 'domain' | 'url' | 'port';

/**
 * What a line of a plain IOC list is: a URL when it has a scheme, an address or network, a
 * destination on a port (`203.0.113.45:8443`, `[2001:db8::1]:443`, `c2.example:8443`), else a domain.
 */
export function classify(raw: string): IndicatorKind {
  const s = refang(raw.trim());
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) return 'url';
  if (/^\[[0-9a-f:.]+\]:\d{1,5}$/i.test(s) || /^[^:\s]+:\d{1,5}$/.test(s)) return 'port';
  const bare = s.startsWith('[') ? s.replace(/^\[|\](?=\/|$)/g, '') : s;
  if (/^[0-9.]+(\/\d+)?$/.test(bare) || (bare.includes(':') && /^[0-9a-f:.]+(%[^/\s]*)?(\/\d+)?$/i.test(bare)))
    return bare.includes('/') ? 'cidr' : 'ip';
  return 'domain';
}

/** Lines of a plain IOC list: `#` comments and blank lines skipped, CSV rows read by their first cell. */
export function iocLines(text: string): Array<{ line: number; value: string; trailing: boolean }> {
  const out: Array<{ line: number; value: string; trailing: boolean }> = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i]!.replace(/^\ufeff/, '').trim();
    if (!t || t.startsWith('#') || t.startsWith(';') || t.startsWith('//')) continue;
    const [first, ...rest] = t.split(/\s+/);
    const value = first!.includes('://') ? first! : first!.split(',')[0]!;
    out.push({ line: i + 1, value, trailing: rest.length > 0 && !rest[0]!.startsWith('#') });
  }
  return out;
}

/** A raw value for messages: quoted, cut to 120 characters, invisible and direction-changing characters made visible. */
export function displayValue(raw: string): string {
  const cut = raw.length > 120 ? `${raw.slice(0, 120)}…(+${raw.length - 120})` : raw;
  return `"${cut.replace(/[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff"\\]/g, (c) => (c === '"' || c === '\\' ? `\\${c}` : `\\u{${c.codePointAt(0)!.toString(16).padStart(4, '0')}}`))}"`;
}
