/**
 * ResponsePlan (untrusted, plain) → CanonicalPlan (validated) + the issues found on the way. Every
 * rejected value is reported with where it came from; nothing is thrown for bad values.
 */
import type { MessageKey } from '../i18n/index.ts';
import { issue, type Issue, type Location } from '../core/issue.ts';
import { canonicalDomain, canonicalNet, canonicalPort, canonicalUrl, displayValue } from './indicators.ts';
import { isPublicSuffix } from './suffix.ts';
import { collapse, contains, DEFAULT_INTERNAL, overlaps, specialRange, type Net } from './net.ts';
import type {
  AccountAction,
  AccountKind,
  CanonAccount,
  CanonHost,
  CanonicalPlan,
  CanonPort,
  CanonService,
  CanonUrl,
  PlanAccount,
  PlanResult,
  ResponsePlan,
} from './types.ts';
import './messages.ts';

/** Broader than this is refused as an indicator: blocking a /7 is a level, not an indicator. */
const MIN_PREFIX = { 4: 8, 6: 16 } as const;
/**
 * Internal networks broader than this are refused: `0.0.0.0/0` makes every address internal, so
 * "external" rules never match (fc00::/7, the IPv6 private range, is the broadest legitimate one).
 */
export const MIN_INTERNAL_PREFIX = { 4: 8, 6: 7 } as const;

export type Locate = (kind: string, value: string) => Location;

const HOST_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,62})$/;
const WIN_ACCOUNT = /^[\p{L}\p{N}._$-](?:[\p{L}\p{N}._$ -]{0,62}[\p{L}\p{N}._$-])?$/u;
const NETBIOS_DOMAIN = /^[\p{L}\p{N}._-]{1,15}$/u;
const LINUX_ACCOUNT = /^[A-Za-z_][A-Za-z0-9_.-]{0,31}\$?$/;
/** Group names: AD (sAMAccountName-like, spaces allowed inside) and Linux. */
const GROUP = /^[\p{L}\p{N}._$-](?:[\p{L}\p{N}._$ -]{0,62}[\p{L}\p{N}._$-])?$/u;
const SERVICE = /^[A-Za-z0-9][A-Za-z0-9@._-]{0,63}$/;
const ACTIONS: AccountAction[] = ['disable', 'reset-password', 'remove-privileges', 'delete'];

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
  if (!ACTIONS.includes(action)) return 'action';
  const raw = typeof a.name === 'string' ? a.name.trim() : '';
  if (!raw || raw.length > 128) return 'syntax';
  let group: string | undefined;
  if (action === 'remove-privileges') {
    group = typeof a.group === 'string' ? a.group.trim() : kind === 'linux' ? 'sudo' : 'Domain Admins';
    if (!GROUP.test(group) || (kind === 'linux' && !LINUX_ACCOUNT.test(group))) return 'group';
  }
  const extra = {
    ...(typeof a.host === 'string' ? { host: a.host } : {}),
    ...(group ? { group } : {}),
    ...(typeof a.how === 'string' && /^[a-z-]{1,40}$/.test(a.how) ? { how: a.how } : {}),
  };
  if (kind === 'linux') return LINUX_ACCOUNT.test(raw) ? { name: raw, kind, action, ...extra } : 'syntax';
  const parts = raw.split('\\');
  if (parts.length > 2) return 'syntax';
  const [domain, name] = parts.length === 2 ? [parts[0]!, parts[1]!] : [undefined, parts[0]!];
  if (domain !== undefined && !NETBIOS_DOMAIN.test(domain)) return 'syntax';
  if (!WIN_ACCOUNT.test(name)) return 'syntax';
  return domain === undefined ? { name, kind, action, ...extra } : { name, domain, kind, action, ...extra };
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
  const internalNets = collapse(
    parseList('internal', p.internalNets?.length ? p.internalNets : DEFAULT_INTERNAL).filter((n) => {
      if (n.prefix >= MIN_INTERNAL_PREFIX[n.family]) return true;
      reject('internal', n.text, 'internal-too-broad', 'error');
      return false;
    }),
  );
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
    else if (isPublicSuffix(r.value)) reject('domain', v, 'public-suffix', 'error');
    else domains.add(r.value);
  }
  const ports: CanonPort[] = [];
  const seenPorts = new Set<string>();
  for (const v of strings(p.indicators?.ports)) {
    const r = canonicalPort(v);
    if (!r.ok) reject('port', v, r.why);
    else if (r.value.net && specialRange(r.value.net)) reject('port', v, `special:${specialRange(r.value.net)}`);
    else if (r.value.net && protectedNets.some((m) => overlaps(m, r.value.net!)))
      reject('port', v, `protected:${protectedNets.find((m) => overlaps(m, r.value.net!))!.text}`, 'error');
    else if (r.value.domain && isPublicSuffix(r.value.domain)) reject('port', v, 'public-suffix', 'error');
    else if (!seenPorts.has(r.value.text)) {
      seenPorts.add(r.value.text);
      ports.push(r.value);
    }
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
      else if (isPublicSuffix(r.value.host)) reject('url', v, 'public-suffix-host');
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
    if (hosts.some((x) => x.net.text === r.value.text)) continue;
    const why =
      Array.isArray(h.via) && h.via.length
        ? `via:${h.via.slice(0, 3).join(' ')}`
        : h.verdict
          ? `verdict:${h.verdict}`
          : undefined;
    hosts.push({ net: r.value, ...(name ? { name } : {}), ...(why ? { why } : {}) });
  }
  const services: CanonService[] = [];
  for (const x of Array.isArray(p.services) ? p.services : []) {
    const host = typeof x?.host === 'string' ? x.host : '';
    const service = typeof x?.service === 'string' ? x.service : '';
    if (!SERVICE.test(service) || (host && !HOST_NAME.test(host))) {
      reject('service', `${host}:${service}`, 'syntax');
      continue;
    }
    const os =
      x.os === 'windows'
        ? 'windows'
        : x.os === 'linux'
          ? 'linux'
          : /^[A-Z][A-Za-z]+$/.test(service)
            ? 'windows'
            : 'linux';
    if (!services.some((s) => s.host === host && s.service === service))
      services.push({ host, service, os, ...(x.why ? { why: String(x.why).slice(0, 40) } : {}) });
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
    ports: ports.filter(
      (x) => !(x.net && collapse(nets).some((n) => contains(n, x.net!))) && !(x.domain && domains.has(x.domain)),
    ),
    hosts,
    accounts,
    services,
    unresolvedHosts: Array.isArray(p.unresolvedHosts)
      ? p.unresolvedHosts.filter((u) => HOST_NAME.test(String(u?.name ?? '')))
      : [],
    heldHosts: Array.isArray(p.heldHosts) ? p.heldHosts : [],
    judged: p.judged ?? { blocked: [], review: [], minConfidence: 0 },
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
