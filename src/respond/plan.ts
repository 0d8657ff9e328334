/**
 * ResponsePlan (untrusted, plain) → CanonicalPlan (validated) + the issues found on the way. Every
 * rejected value is reported with where it came from; nothing is thrown for bad values.
 */
import type { MessageKey } from '../i18n/index.ts';
import { issue, type Issue, type Location } from '../core/issue.ts';
import { canonicalDomain, canonicalNet, canonicalUrl, displayValue } from './indicators.ts';
import { collapse, contains, DEFAULT_INTERNAL, overlaps, specialRange, type Net } from './net.ts';
import type {
  AccountAction,
  AccountKind,
  CanonAccount,
  CanonHost,
  CanonicalPlan,
  CanonUrl,
  PlanAccount,
  PlanResult,
  ResponsePlan,
} from './types.ts';
import './messages.ts';

/** Broader than this is refused as an indicator: blocking a /7 is a level, not an indicator. */
const MIN_PREFIX = { 4: 8, 6: 16 } as const;

export type Locate = (kind: string, value: string) => Location;

const HOST_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,62})$/;
const WIN_ACCOUNT = /^[\p{L}\p{N}._$-](?:[\p{L}\p{N}._$ -]{0,62}[\p{L}\p{N}._$-])?$/u;
const NETBIOS_DOMAIN = /^[\p{L}\p{N}._-]{1,15}$/u;
const LINUX_ACCOUNT = /^[A-Za-z_][A-Za-z0-9_.-]{0,31}\$?$/;

/** A safe id for rule, set and alias names: letters, digits and underscore, at most 16 characters. */
export function caseToken(caseId: string): string {
  const t = caseId
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 16)
    .replace(/_+$/, '');
  return t || 'case';
}

export function canonicalAccount(a: PlanAccount): CanonAccount | string {
  const kind: AccountKind = a.kind ?? 'ad';
  const action: AccountAction = a.action ?? 'disable';
  if (!['ad', 'windows-local', 'linux'].includes(kind)) return 'kind';
  if (!['disable', 'reset-password'].includes(action)) return 'action';
  const raw = typeof a.name === 'string' ? a.name.trim() : '';
  if (!raw || raw.length > 128) return 'syntax';
  if (kind === 'linux') return LINUX_ACCOUNT.test(raw) ? { name: raw, kind, action, host: a.host } : 'syntax';
  const parts = raw.split('\\');
  if (parts.length > 2) return 'syntax';
  const [domain, name] = parts.length === 2 ? [parts[0]!, parts[1]!] : [undefined, parts[0]!];
  if (domain !== undefined && !NETBIOS_DOMAIN.test(domain)) return 'syntax';
  if (!WIN_ACCOUNT.test(name)) return 'syntax';
  return domain === undefined ? { name, kind, action, host: a.host } : { name, domain, kind, action, host: a.host };
}

export function canonicalizePlan(p: ResponsePlan, o: { locate?: Locate; now?: Date } = {}): PlanResult {
  const issues: Issue[] = [];
  const at = (kind: string, value: string): Location => o.locate?.(kind, value) ?? { file: 'plan' };
  const reject = (kind: string, value: string, reason: string, severity: 'error' | 'warning' = 'warning'): void => {
    issues.push(issue('respond.rejected', at(kind, value), { kind, value: displayValue(value), reason }, severity));
  };
  const note = (
    code: MessageKey,
    kind: string,
    value: string,
    extra: Record<string, string> = {},
    severity: 'warning' | 'info' = 'info',
  ): void => {
    issues.push(issue(code, at(kind, value), { kind, value: displayValue(value), ...extra }, severity));
  };
  const strings = (v: unknown): string[] =>
    Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

  const parseList = (kind: string, values: unknown): Net[] => {
    const out: Net[] = [];
    for (const v of strings(values)) {
      const r = canonicalNet(v);
      if (!r.ok) reject(kind, v, r.why);
      else out.push(r.value);
    }
    return out;
  };
  const managementHosts = collapse(parseList('management', p.managementHosts));
  const mailServers = collapse(parseList('mail', p.mailServers));
  const internalNets = collapse(parseList('internal', p.internalNets?.length ? p.internalNets : DEFAULT_INTERNAL));
  const protectedNets = [...managementHosts, ...mailServers];

  const nets: Net[] = [];
  const addNet = (kind: string, raw: string, n: Net): boolean => {
    const special = specialRange(n);
    const hit = protectedNets.find((m) => overlaps(n, m));
    if (special) reject(kind, raw, `special:${special}`);
    else if (n.prefix < MIN_PREFIX[n.family]) reject(kind, raw, 'too-broad');
    else if (hit) reject(kind, raw, `protected:${hit.text}`, 'error');
    else {
      if (internalNets.some((i) => overlaps(i, n))) note('respond.internal_indicator', kind, raw);
      nets.push(n);
      return true;
    }
    return false;
  };
  for (const kind of ['ips', 'cidrs'] as const) {
    for (const v of strings(p.indicators?.[kind])) {
      const r = canonicalNet(v);
      if (!r.ok) reject(kind === 'ips' ? 'ip' : 'cidr', v, r.why);
      else if (addNet(kind === 'ips' ? 'ip' : 'cidr', v, r.value) && r.notes.includes('host-bits'))
        note('respond.host_bits', 'cidr', v, { canonical: r.value.text });
    }
  }
  const domains = new Set<string>();
  for (const v of strings(p.indicators?.domains)) {
    const r = canonicalDomain(v);
    if (!r.ok) reject('domain', v, r.why);
    else domains.add(r.value);
  }
  const urls: CanonUrl[] = [];
  const seenUrls = new Set<string>();
  for (const v of strings(p.indicators?.urls)) {
    const r = canonicalUrl(v);
    if (!r.ok) {
      reject('url', v, r.why);
      continue;
    }
    if (r.value.hostNet && specialRange(r.value.hostNet)) {
      reject('url', v, `special:${specialRange(r.value.hostNet)}`);
      continue;
    }
    if (seenUrls.has(r.value.url)) continue;
    seenUrls.add(r.value.url);
    urls.push({ url: r.value.url, host: r.value.host });
    if ((p.urlHosts ?? 'block') === 'block') {
      if (r.value.hostNet) addNet('url', v, r.value.hostNet);
      else domains.add(r.value.host);
    }
  }

  const hosts: CanonHost[] = [];
  for (const h of Array.isArray(p.hosts) ? p.hosts : []) {
    const ip = typeof h?.ip === 'string' ? h.ip : '';
    const r = canonicalNet(ip);
    if (!r.ok) {
      reject('host', ip || String(h?.name ?? ''), r.why);
      continue;
    }
    const special = specialRange(r.value);
    if (special) {
      reject('host', ip, `special:${special}`);
      continue;
    }
    const mgmt = managementHosts.find((m) => overlaps(m, r.value));
    if (mgmt) {
      reject('host', ip, `management:${mgmt.text}`, 'error');
      continue;
    }
    let name: string | undefined;
    if (typeof h.name === 'string' && h.name) {
      if (HOST_NAME.test(h.name)) name = h.name;
      else reject('host-name', h.name, 'syntax');
    }
    if (!internalNets.some((i) => contains(i, r.value))) note('respond.host_not_internal', 'host', ip, {}, 'warning');
    hosts.push(name ? { net: r.value, name } : { net: r.value });
  }

  const accounts: CanonAccount[] = [];
  const seenAccounts = new Set<string>();
  for (const a of Array.isArray(p.accounts) ? p.accounts : []) {
    const c = canonicalAccount(a ?? { name: '' });
    if (typeof c === 'string') {
      reject('account', String(a?.name ?? ''), c);
      continue;
    }
    const key = `${c.kind}|${c.domain ?? ''}|${c.name.toLowerCase()}|${c.action}`;
    if (!seenAccounts.has(key)) accounts.push(c);
    seenAccounts.add(key);
  }

  const plan: CanonicalPlan = {
    caseId: p.caseId || 'case',
    level: p.level,
    nets: collapse(nets),
    domains: collapseDomains([...domains]),
    urls,
    hosts,
    accounts,
    mailServers,
    managementHosts,
    internalNets,
    generatedAt: (o.now ?? new Date()).toISOString(),
  };
  if (plan.level === 'isolate-hosts' && !plan.hosts.length)
    issues.push(issue('respond.isolate_no_hosts', { file: 'plan' }, {}, 'error'));
  if (plan.level === 'isolate-hosts' && !plan.managementHosts.length)
    issues.push(issue('respond.isolate_no_mgmt', { file: 'plan' }, {}, 'warning'));
  if (plan.level === 'all-but-mail' && !plan.mailServers.length)
    issues.push(issue('respond.no_mail_servers', { file: 'plan' }, {}, 'warning'));
  return { plan, issues };
}

/** Sorted, without names under another listed name (every generator blocks subdomains too). */
export function collapseDomains(domains: string[]): string[] {
  const set = new Set(domains);
  const out: string[] = [];
  for (const d of set) {
    const labels = d.split('.');
    let covered = false;
    for (let i = 1; i < labels.length - 1 && !covered; i++) covered = set.has(labels.slice(i).join('.'));
    if (!covered) out.push(d);
  }
  return out.sort();
}
