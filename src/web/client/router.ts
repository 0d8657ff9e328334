/**
 * Views and their filters live in the URL's hash (`#/timeline?host=FS01&level=high`), so that a view can
 * be shared (with someone who has the token) and the browser's back button works.
 */
export interface Route {
  view: string;
  /** path segments after the view (e.g. the host name of `#/host/FS01`) */
  arg: string;
  params: Record<string, string>;
}

export function parseHash(hash: string): Route {
  const h = hash.replace(/^#\/?/, '');
  const q = h.indexOf('?');
  const path = q < 0 ? h : h.slice(0, q);
  const [view = '', ...rest] = path.split('/');
  const params: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(q < 0 ? '' : h.slice(q + 1))) params[k] = v;
  let arg = '';
  try {
    arg = decodeURIComponent(rest.join('/'));
  } catch {
    arg = rest.join('/');
  }
  return { view: view || 'overview', arg, params };
}

export function href(
  view: string,
  params: Record<string, string | number | undefined | null> = {},
  arg?: string,
): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return `#/${view}${arg ? `/${encodeURIComponent(arg)}` : ''}${s ? `?${s}` : ''}`;
}

export function go(view: string, params: Record<string, string | number | undefined | null> = {}, arg?: string): void {
  location.hash = href(view, params, arg);
}
