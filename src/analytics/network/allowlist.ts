/**
 * Allow-lists for the network analyses (format: README.md beside this file). An entry names a
 * destination, an internal host, a host→destination pair or a User-Agent that the responder knows
 * to be legitimate; it can be limited to some analyses with `only=kind,kind`. Entries apply when
 * the analyses conclude, so editing the list and re-running changes the findings of logs already read.
 */
import { readFileSync } from 'node:fs';
import { issue, type Issue } from '../../core/issue.ts';
import { CidrList, isIpLiteral } from './ip.ts';
import './messages.ts';

export type AllowType = 'dest' | 'host' | 'pair' | 'ua';

interface DestPattern {
  /** domain (matches itself and subdomains) or exact name, lowercase */
  name?: string;
  exact?: boolean;
  cidr?: CidrList;
  port?: number;
}

export interface AllowEntry {
  type: AllowType;
  text: string;
  line: number;
  file: string;
  kinds?: Set<string>;
  host?: CidrList;
  dest?: DestPattern;
  ua?: string;
  /** how often the entry suppressed something (for "unused entry" hints) */
  hits: number;
}

const MAX_ENTRIES = 100_000;

/** Case-insensitive glob match with `*` (two-pointer, no regex: linear in practice, O(n·m) at worst). */
export function globMatch(pattern: string, text: string): boolean {
  const p = pattern.toLowerCase();
  const t = text.toLowerCase();
  let pi = 0;
  let ti = 0;
  let star = -1;
  let mark = 0;
  while (ti < t.length) {
    if (pi < p.length && p[pi] !== '*' && p[pi] === t[ti]) {
      pi++;
      ti++;
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++;
      mark = ti;
    } else if (star >= 0) {
      pi = star + 1;
      ti = ++mark;
    } else return false;
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}

function parseDest(text: string): DestPattern | undefined {
  let t = text.trim().toLowerCase();
  let port: number | undefined;
  if (t.startsWith('[')) {
    const m = /^\[([^\]]{1,64})\](?::(\d{1,5}))?$/.exec(t);
    if (!m) return undefined;
    t = m[1];
    if (m[2] !== undefined) port = Number(m[2]);
  } else {
    const first = t.indexOf(':');
    if (first >= 0 && first === t.lastIndexOf(':')) {
      const p = t.slice(first + 1);
      if (!/^\d{1,5}$/.test(p)) return undefined;
      port = Number(p);
      t = t.slice(0, first);
    }
  }
  if (port !== undefined && port > 65535) return undefined;
  if (t === '*' || t === '') return port === undefined ? undefined : { port };
  if (t.includes('/') || isIpLiteral(t)) {
    const c = new CidrList();
    return c.add(t) ? { cidr: c, port } : undefined;
  }
  let exact = false;
  if (t.startsWith('=')) {
    exact = true;
    t = t.slice(1);
  }
  if (t.startsWith('*.')) t = t.slice(2);
  if (t.startsWith('.')) t = t.slice(1);
  if (t.endsWith('.')) t = t.slice(0, -1);
  if (!/^[a-z0-9_-]+(?:\.[a-z0-9_-]+)*$/.test(t)) return undefined;
  return { name: t, exact, port };
}

function hostList(text: string): CidrList | undefined {
  const c = new CidrList();
  return c.add(text) ? c : undefined;
}

export class AllowList {
  readonly entries: AllowEntry[] = [];

  get size(): number {
    return this.entries.length;
  }

  /** Parse entries from text; bad lines become issues (file, line) and are skipped. */
  addText(text: string, file: string, issues: Issue[]): void {
    const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
      const no = i + 1;
      const raw = lines[i].replace(/(^|\s)#.*$/, '').trim();
      if (!raw) continue;
      if (this.entries.length >= MAX_ENTRIES) {
        issues.push(issue('network.allow_too_many', { file, line: no }, { max: MAX_ENTRIES }, 'error'));
        return;
      }
      const e = parseEntry(raw, file, no);
      if (typeof e === 'string') issues.push(issue('network.allow_bad_line', { file, line: no }, { reason: e }));
      else this.entries.push(e);
    }
  }

  private applies(e: AllowEntry, kind: string): boolean {
    return !e.kinds || e.kinds.has(kind);
  }

  /** An internal host the responder knows (its activity is not reported by `kind`). */
  host(ip: string, kind: string): boolean {
    for (const e of this.entries) {
      if (e.type === 'host' && this.applies(e, kind) && e.host!.contains(ip)) return hit(e);
    }
    return false;
  }

  /** A destination (name or IP, optional port) the responder knows. */
  dest(dest: string, port: number | undefined, kind: string): boolean {
    for (const e of this.entries) {
      if (e.type === 'dest' && this.applies(e, kind) && destMatches(e.dest!, dest, port)) return hit(e);
    }
    return false;
  }

  /** This host talking to this destination is known (also true when host or destination alone is). */
  pair(src: string, dest: string, port: number | undefined, kind: string): boolean {
    if (this.host(src, kind) || this.dest(dest, port, kind)) return true;
    for (const e of this.entries) {
      if (e.type === 'pair' && this.applies(e, kind) && e.host!.contains(src) && destMatches(e.dest!, dest, port))
        return hit(e);
    }
    return false;
  }

  userAgent(ua: string, kind: string): boolean {
    for (const e of this.entries) {
      if (e.type === 'ua' && this.applies(e, kind) && globMatch(e.ua!, ua)) return hit(e);
    }
    return false;
  }
}

function hit(e: AllowEntry): boolean {
  e.hits++;
  return true;
}

function destMatches(p: DestPattern, dest: string, port: number | undefined): boolean {
  if (p.port !== undefined && p.port !== port) return false;
  if (p.cidr) return p.cidr.contains(dest);
  if (p.name === undefined) return true;
  const d = dest.toLowerCase();
  if (d === p.name) return true;
  return (
    !p.exact && d.length > p.name.length && d.endsWith(p.name) && d.charCodeAt(d.length - p.name.length - 1) === 46
  );
}

function parseEntry(raw: string, file: string, line: number): AllowEntry | string {
  let kinds: Set<string> | undefined;
  const only = /\s+only=([\w,-]+)\s*$/.exec(raw);
  let body = raw;
  if (only) {
    kinds = new Set(only[1].split(',').filter(Boolean));
    body = raw.slice(0, only.index).trim();
  }
  const sp = body.search(/\s/);
  const type = (sp < 0 ? body : body.slice(0, sp)).toLowerCase();
  const rest = sp < 0 ? '' : body.slice(sp + 1).trim();
  const base = { text: raw, line, file, kinds, hits: 0 };
  if (!rest) return `"${type}" needs a value`;
  switch (type) {
    case 'dest': {
      const dest = parseDest(rest);
      return dest ? { ...base, type: 'dest', dest } : `not a destination: ${rest.slice(0, 80)}`;
    }
    case 'host': {
      const host = hostList(rest);
      return host ? { ...base, type: 'host', host } : `not an IP or CIDR: ${rest.slice(0, 80)}`;
    }
    case 'pair': {
      const parts = rest.split(/\s*->\s*|\s+/).filter(Boolean);
      if (parts.length !== 2) return 'pair needs "SRC DEST" (or "SRC -> DEST")';
      const host = hostList(parts[0]);
      const dest = parseDest(parts[1]);
      if (!host) return `not an IP or CIDR: ${parts[0].slice(0, 80)}`;
      if (!dest) return `not a destination: ${parts[1].slice(0, 80)}`;
      return { ...base, type: 'pair', host, dest };
    }
    case 'ua': {
      const pattern = rest.replace(/^"(.*)"$/, '$1');
      if (pattern.length > 512) return 'User-Agent pattern longer than 512 characters';
      return { ...base, type: 'ua', ua: pattern };
    }
    default:
      return `unknown entry type "${type.slice(0, 20)}" (dest, host, pair, ua)`;
  }
}

/** Read allow-list files; unreadable files and bad lines are issues. */
export function loadAllowList(paths: readonly string[], issues: Issue[]): AllowList {
  const list = new AllowList();
  for (const p of paths) {
    let text: string;
    try {
      text = readFileSync(p, 'utf8');
    } catch (e) {
      issues.push(issue('network.allow_read_failed', { file: p }, { reason: (e as Error).message }, 'error'));
      continue;
    }
    list.addText(text, p, issues);
  }
  return list;
}
