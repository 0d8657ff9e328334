/**
 * The HTTP side of `konseki serve` (Hono): access control, security headers, the page and its bundled
 * assets, and the API routes (routes-read.ts, routes-write.ts).
 *
 * Log content is attacker-controlled and the case is confidential, so:
 * - every request needs the access token: the `X-Konseki-Token` header, or the cookie set when the
 *   URL printed at start-up (`/?token=…`) is opened; no token → 401, for the page and assets too;
 * - changes (POST) need the token in the header (a cookie alone does not do: no cross-site request
 *   can change the case), and an Origin header, when sent, must be this server's;
 * - the Host header must name this server (DNS rebinding cannot reach it under another name);
 * - a strict Content-Security-Policy: scripts and styles only from this server, no inline script, no
 *   eval, no frames, no external connections; the client renders every value as text.
 */
import { timingSafeEqual } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { Lang } from '../i18n/index.ts';
import { pageHtml, type Assets } from './page.ts';
import { readRoutes } from './routes-read.ts';
import { writeRoutes } from './routes-write.ts';
import type { Workspace } from './workspace.ts';

export interface ServerConfig {
  token: string;
  lang: Lang;
  /** the address the server listens on (for the Host check) */
  host: string;
  /** the port, once known (0 until listening) */
  port: () => number;
  assets: Assets;
}

export const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const TOKEN_HEADER = 'x-konseki-token';
export const MAX_BODY = 1 << 20;

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** Whether a Host (or Origin's host) header names this server. */
export function hostAllowed(header: string | undefined, cfg: Pick<ServerConfig, 'host' | 'port'>): boolean {
  if (!header) return false;
  const m = /^(\[[0-9a-f:.]+\]|[^:]+)(?::(\d+))?$/i.exec(header.trim().toLowerCase());
  if (!m) return false;
  const name = m[1]!;
  const port = Number(m[2] ?? 80);
  if (port !== cfg.port()) return false;
  const own = cfg.host.includes(':') && !cfg.host.startsWith('[') ? `[${cfg.host}]` : cfg.host;
  return name === own.toLowerCase() || LOOPBACK_NAMES.has(name) || (cfg.host === '0.0.0.0' && /^[\d.]+$/.test(name));
}

export const cookieName = (port: number): string => `konseki_${port}`;

function securityHeaders(c: Context): void {
  c.header('Content-Security-Policy', CSP);
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('X-Frame-Options', 'DENY');
  c.header('Cross-Origin-Opener-Policy', 'same-origin');
  c.header('Cross-Origin-Resource-Policy', 'same-origin');
  c.header('Cache-Control', 'no-store');
}

export function createApp(ws: Workspace, cfg: ServerConfig): Hono {
  const app = new Hono();

  app.use('*', async (c, next) => {
    securityHeaders(c);
    if (!hostAllowed(c.req.header('host'), cfg)) return c.text('unknown host', 421);
    const method = c.req.method;
    const header = c.req.header(TOKEN_HEADER) ?? /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (method !== 'GET' && method !== 'HEAD') {
      const origin = c.req.header('origin');
      if (origin && origin !== 'null' && !hostAllowed(origin.replace(/^https?:\/\//i, ''), cfg))
        return c.json({ error: 'origin' }, 403);
      if (!header || !same(header, cfg.token)) return c.json({ error: 'unauthorized' }, 401);
      const length = Number(c.req.header('content-length') ?? 0);
      if (length > MAX_BODY) return c.json({ error: 'too large' }, 413);
      return next();
    }
    const query = c.req.query('token');
    if (query !== undefined && same(query, cfg.token)) {
      setCookie(c, cookieName(cfg.port()), cfg.token, { httpOnly: true, sameSite: 'Strict', path: '/' });
      const url = new URL(c.req.url);
      url.searchParams.delete('token');
      return c.redirect(`${url.pathname}${url.search}${url.hash}`, 303);
    }
    const cookie = getCookie(c, cookieName(cfg.port()));
    const ok = (header && same(header, cfg.token)) || (cookie && same(cookie, cfg.token));
    if (!ok) return c.json({ error: 'unauthorized' }, 401);
    return next();
  });

  app.get('/', (c) => c.html(pageHtml(cfg.token, cfg.lang)));
  app.get('/favicon.ico', (c) => c.body(null, 204));
  app.get('/assets/:name', (c) => {
    const a = cfg.assets.get(c.req.param('name'));
    if (!a) return c.text('not found', 404);
    c.header('Content-Type', a.type);
    return c.body(new Uint8Array(a.body));
  });
  app.use('/api/*', async (c, next) => {
    // everything but the session and the texts waits for the indexes (built in the background at start)
    if (!/^\/api\/(session|messages)$/.test(c.req.path)) await ws.ready;
    return next();
  });
  app.route('/api', readRoutes(ws, cfg.lang));
  app.route('/api', writeRoutes(ws));
  app.notFound((c) => c.json({ error: 'not found' }, 404));
  app.onError((e, c) => {
    process.stderr.write(`konseki serve: ${c.req.method} ${c.req.path}: ${(e as Error).stack ?? e}\n`);
    return c.json({ error: 'internal error' }, 500);
  });
  return app;
}
