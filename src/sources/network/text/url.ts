/**
 * Request targets to the Sigma proxy fields, without `new URL` (slow, and it rejects or rewrites
 * much of what attackers send). Tolerant: whatever cannot be split is left out, never thrown.
 */
import type { Fields } from '../../../core/event.ts';

export interface UrlParts {
  scheme?: string;
  host?: string;
  port?: number;
  /** path without the query, "/" when empty */
  path?: string;
  query?: string;
}

const DEFAULT_PORT: Record<string, number> = { http: 80, https: 443, ftp: 21, ws: 80, wss: 443 };

/** "host:port" / "[v6]:port" of a CONNECT request. */
export function splitHostPort(s: string): { host: string; port?: number } {
  if (s.startsWith('[')) {
    const end = s.indexOf(']');
    if (end > 0) {
      const port = s[end + 1] === ':' ? toPort(s.slice(end + 2)) : undefined;
      return { host: s.slice(1, end).toLowerCase(), port };
    }
  }
  const colon = s.lastIndexOf(':');
  if (colon > 0 && s.indexOf(':') === colon) {
    const port = toPort(s.slice(colon + 1));
    if (port !== undefined) return { host: s.slice(0, colon).toLowerCase(), port };
  }
  return { host: s.toLowerCase() };
}

function toPort(s: string): number | undefined {
  if (!/^\d{1,5}$/.test(s)) return undefined;
  const n = Number(s);
  return n <= 65535 ? n : undefined;
}

/** Split an absolute URL ("http://u@h:8080/p?q#f") or an origin-form target ("/p?q"). */
export function splitUrl(u: string): UrlParts {
  const out: UrlParts = {};
  let rest = u;
  const sep = rest.indexOf('://');
  if (sep > 0 && sep < 16 && /^[A-Za-z][A-Za-z0-9+.-]*$/.test(rest.slice(0, sep))) {
    out.scheme = rest.slice(0, sep).toLowerCase();
    rest = rest.slice(sep + 3);
    let end = rest.length;
    for (const ch of ['/', '?', '#']) {
      const i = rest.indexOf(ch);
      if (i >= 0 && i < end) end = i;
    }
    let authority = rest.slice(0, end);
    const at = authority.lastIndexOf('@');
    if (at >= 0) authority = authority.slice(at + 1);
    const hp = splitHostPort(authority);
    if (hp.host) out.host = hp.host;
    out.port = hp.port ?? DEFAULT_PORT[out.scheme];
    rest = rest.slice(end);
  }
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  const q = rest.indexOf('?');
  out.path = (q >= 0 ? rest.slice(0, q) : rest) || '/';
  if (q >= 0) out.query = rest.slice(q + 1);
  return out;
}

/** Extension of the last path segment, lowercase, without the dot; undefined when none. */
export function extensionOf(path: string): string | undefined {
  const slash = path.lastIndexOf('/');
  const seg = path.slice(slash + 1);
  const dot = seg.lastIndexOf('.');
  if (dot <= 0 && !(dot === 0 && seg.length > 1)) return undefined;
  const ext = seg.slice(dot + 1);
  return ext && ext.length <= 16 ? ext.toLowerCase() : undefined;
}

/**
 * The proxy/HTTP URL fields for a request: `c-uri` (as sent), `cs-host`/`r-dns`, `c-uri-stem`,
 * `c-uri-extension`, `c-uri-query`, `dst_port`, `url`. `hostHeader` is used for origin-form targets.
 */
export function setUrlFields(
  f: Fields,
  method: string | undefined,
  target: string,
  hostHeader?: string,
  defaultPort?: number,
): void {
  f['c-uri'] = target;
  if (method === 'CONNECT') {
    const hp = splitHostPort(target);
    if (hp.host && (hp.port !== undefined || !target.includes(':'))) f['cs-host'] = f['r-dns'] = hp.host;
    if (hp.port !== undefined && f.dst_port === undefined) f.dst_port = hp.port;
    return;
  }
  const p = splitUrl(target);
  let host = p.host;
  let port = p.port;
  if (!host && hostHeader) {
    const hp = splitHostPort(hostHeader);
    host = hp.host;
    port = hp.port ?? defaultPort;
  }
  if (host) f['cs-host'] = f['r-dns'] = host;
  if (port !== undefined && f.dst_port === undefined) f.dst_port = port;
  if (p.path) {
    f['c-uri-stem'] = p.path;
    const ext = extensionOf(p.path);
    if (ext) f['c-uri-extension'] = ext;
  }
  if (p.query) f['c-uri-query'] = p.query;
  if (p.scheme) f.url = target;
  else if (host && target.startsWith('/')) {
    const scheme = port === 443 ? 'https' : 'http';
    const portPart = port !== undefined && port !== DEFAULT_PORT[scheme] ? `:${port}` : '';
    f.url = `${scheme}://${host.includes(':') ? `[${host}]` : host}${portPart}${target}`;
  }
}
