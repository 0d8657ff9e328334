/**
 * Talking to the workspace server: GET with the session cookie, POST with the token from the page's
 * meta tag (the server refuses changes without it). Answers are JSON.
 */
const token = document.querySelector('meta[name="konseki-token"]')?.getAttribute('content') ?? '';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`HTTP ${status}`);
  }
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export function queryString(q: Query): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q))
    if (v !== undefined && v !== null && v !== '' && v !== false) p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

async function answer<T>(r: Response): Promise<T> {
  const body = (await r.json().catch(() => null)) as unknown;
  if (!r.ok) throw new ApiError(r.status, body);
  return body as T;
}

export async function get<T>(path: string, q: Query = {}, signal?: AbortSignal): Promise<T> {
  const r = await fetch(`/api${path}${queryString(q)}`, { credentials: 'same-origin', signal });
  return answer<T>(r);
}

export async function post<T>(path: string, body: unknown): Promise<T> {
  const r = await fetch(`/api${path}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-Konseki-Token': token },
    body: JSON.stringify(body),
  });
  return answer<T>(r);
}
