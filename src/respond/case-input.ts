/**
 * Builds a ResponsePlan from `<case>/case.json` (see types.ts for its shape), plain IOC lists and the
 * command line, remembering where each value came from so refusals can say file and line.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { CASE_FILE, CaseDir } from '../case/case-dir.ts';
import { issue, type Issue, type Location } from '../core/issue.ts';
import { classify, iocLines } from './indicators.ts';
import { DEFAULT_MIN_CONFIDENCE, readJudged, selectHosts, selectJudged } from './judged.ts';
import type { Locate } from './plan.ts';
import type {
  AccountAction,
  AccountKind,
  CaseFile,
  PlanAccount,
  PlanHost,
  ResponseLevel,
  ResponsePlan,
  UnresolvedHost,
} from './types.ts';

export interface RespondInputs {
  caseDir?: string;
  caseId?: string;
  level: ResponseLevel;
  iocFiles?: string[];
  hosts?: string;
  mail?: string;
  mgmt?: string;
  internal?: string;
  accounts?: string[];
  urlScope?: 'host' | 'exact';
  /** judged indicators at or above this are blocked (default DEFAULT_MIN_CONFIDENCE) */
  minConfidence?: number;
  /** allow-list files: destinations they name are never blocked */
  allowFiles?: string[];
  /** `HOST:SERVICE` public services to stop; repeatable */
  stopServices?: string[];
}

const IPISH = /^[0-9.]+$|:.*:|^\[/;

/** `--hosts` entries: `IP`, `IP=name` or `name=IP` (whichever side is an address). */
export function parseHostOption(s: string): PlanHost {
  const eq = s.indexOf('=');
  if (eq < 0) return { ip: s };
  const a = s.slice(0, eq).trim();
  const b = s.slice(eq + 1).trim();
  return IPISH.test(b) && !IPISH.test(a) ? { ip: b, name: a } : { ip: a, name: b };
}

/** Services the attacker reached from outside: the Linux host whose SSH was brute-forced. */
function servicesFromAccounts(accounts: PlanAccount[]): NonNullable<ResponsePlan['services']> {
  const out: NonNullable<ResponsePlan['services']> = [];
  for (const a of accounts)
    if (a.kind === 'linux' && a.how === 'brute-force' && typeof a.host === 'string')
      out.push({ host: a.host, service: 'ssh', os: 'linux', why: 'brute-force' });
  return out;
}

/** case.json and IOC lists larger than this are refused (a plan is not a log). */
const MAX_INPUT_BYTES = 256 << 20;

const split = (s: string | undefined): string[] =>
  s
    ? s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean)
    : [];

/** case.json of a case directory, read through the case module (size cap, validation, migration). */
export function readCaseFile(dir: string, issues: Issue[]): CaseFile | undefined {
  const c = new CaseDir(dir);
  if (!existsSync(c.path(CASE_FILE))) return undefined;
  const cf = c.caseFile(issues);
  return Object.keys(cf).length ? cf : undefined;
}

/** `[kind:]name[:action]` */
export function parseAccountOption(s: string): PlanAccount {
  const parts = s.split(':');
  let kind: AccountKind | undefined;
  let action: AccountAction | undefined;
  if (parts.length > 1 && ['ad', 'windows-local', 'linux'].includes(parts[0]!)) kind = parts.shift() as AccountKind;
  if (
    parts.length > 1 &&
    ['disable', 'reset-password', 'remove-privileges', 'delete'].includes(parts[parts.length - 1]!)
  )
    action = parts.pop() as AccountAction;
  const a: PlanAccount = { name: parts.join(':') };
  if (kind) a.kind = kind;
  if (action) a.action = action;
  return a;
}

export function buildPlan(i: RespondInputs): { plan: ResponsePlan; issues: Issue[]; locate: Locate; title?: string } {
  const issues: Issue[] = [];
  const where = new Map<string, Location>();
  const remember = (kind: string, value: string, at: Location): void => {
    const k = `${kind}\u0000${value}`;
    if (!where.has(k)) where.set(k, at);
  };
  const cf = i.caseDir ? readCaseFile(i.caseDir, issues) : undefined;
  const caseJson = { file: i.caseDir ? join(i.caseDir, 'case.json') : 'case.json' };
  const arr = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const ind = (cf?.indicators && typeof cf.indicators === 'object' ? cf.indicators : {}) as NonNullable<
    CaseFile['indicators']
  >;
  const ips = arr(ind.ips);
  const cidrs = arr(ind.cidrs);
  const domains = arr(ind.domains);
  const urls = arr(ind.urls);
  const ports = arr(ind.ports);
  const minConfidence = i.minConfidence ?? DEFAULT_MIN_CONFIDENCE;
  const judged = selectJudged(readJudged(ind.judged), minConfidence, i.allowFiles);
  ips.push(...judged.lists.ips);
  domains.push(...judged.lists.domains);
  urls.push(...judged.lists.urls);
  ports.push(...judged.lists.ports);
  for (const [kind, list] of [
    ['ip', ips],
    ['cidr', cidrs],
    ['domain', domains],
    ['url', urls],
    ['port', ports],
  ] as const)
    for (const v of list) remember(kind, v, caseJson);

  for (const f of i.iocFiles ?? []) {
    let text: string;
    try {
      if (statSync(f).size > MAX_INPUT_BYTES) throw new Error('file too large');
      text = readFileSync(f, 'utf8');
    } catch (e) {
      issues.push(
        issue('respond.bad_case_file', { file: f }, { file: f, message: (e as Error).message.slice(0, 200) }, 'error'),
      );
      continue;
    }
    for (const { line, value, trailing } of iocLines(text)) {
      const kind = classify(value);
      ({ ip: ips, cidr: cidrs, domain: domains, url: urls, port: ports })[kind].push(value);
      remember(kind, value, { file: f, line });
      if (trailing) issues.push(issue('respond.ioc_trailing', { file: f, line }, {}, 'warning'));
    }
  }

  const cli = { file: 'command line' };
  const fromCase: PlanHost[] = Array.isArray(cf?.hosts) ? cf.hosts.filter((h) => h && typeof h === 'object') : [];
  const { hosts, held } = selectHosts(fromCase, judged.blocked);
  for (const h of fromCase) if (typeof h.ip === 'string') remember('host', h.ip, caseJson);
  const given = new Set<string>();
  for (const h of split(i.hosts)) {
    const host = parseHostOption(h);
    hosts.push(host);
    if (host.name) given.add(host.name.toLowerCase());
    remember('host', host.ip, cli);
  }
  // a host the evidence named without an address stays a manual step until --hosts gives it one
  const unresolvedHosts: UnresolvedHost[] = (Array.isArray(cf?.unresolved_hosts) ? cf.unresolved_hosts : [])
    .filter((u): u is UnresolvedHost => !!u && typeof u === 'object' && typeof u.name === 'string')
    .filter(
      (u) => ![u.name, ...(Array.isArray(u.aliases) ? u.aliases : [])].some((n) => given.has(String(n).toLowerCase())),
    )
    .filter((u) => !u.via?.length || u.via.some((v) => judged.blocked.some((b) => b.value === v)));
  const accounts: PlanAccount[] = Array.isArray(cf?.accounts)
    ? cf.accounts.filter((a) => a && typeof a === 'object')
    : [];
  for (const a of accounts) if (typeof a.name === 'string') remember('account', a.name, caseJson);
  for (const s of i.accounts ?? []) {
    const a = parseAccountOption(s);
    accounts.push(a);
    remember('account', a.name, cli);
  }
  const fromBoth = (kind: string, fileValues: unknown, cliValues: string | undefined): string[] => {
    const a = arr(fileValues);
    for (const v of a) remember(kind, v, caseJson);
    const b = split(cliValues);
    for (const v of b) remember(kind, v, cli);
    return [...a, ...b];
  };
  const services: NonNullable<ResponsePlan['services']> = servicesFromAccounts(accounts);
  for (const x of i.stopServices ?? []) {
    const c = x.lastIndexOf(':');
    if (c > 0) services.push({ host: x.slice(0, c), service: x.slice(c + 1), why: 'command line' });
    else services.push({ host: '', service: x, why: 'command line' });
  }
  const caseId =
    i.caseId ??
    (typeof cf?.case_id === 'string' ? cf.case_id : undefined) ??
    (i.caseDir ? basename(resolve(i.caseDir)) : 'case');
  const plan: ResponsePlan = {
    caseId,
    level: i.level,
    indicators: { ips, cidrs, domains, urls, ports },
    hosts,
    unresolvedHosts,
    heldHosts: held,
    judged: { blocked: judged.blocked, review: judged.review, minConfidence },
    services,
    accounts,
    mailServers: fromBoth('mail', cf?.mail_servers, i.mail),
    managementHosts: fromBoth('management', cf?.management_hosts, i.mgmt),
    internalNets: fromBoth('internal', cf?.internal_networks, i.internal),
    urlHosts: i.urlScope === 'exact' ? 'proxy-only' : 'block',
  };
  const locate: Locate = (kind, value) => where.get(`${kind}\u0000${value}`) ?? (kind === 'host-name' ? caseJson : cli);
  return { plan, issues, locate, title: typeof cf?.title === 'string' ? cf.title : undefined };
}
