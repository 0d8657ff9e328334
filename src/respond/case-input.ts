/**
 * Builds a ResponsePlan from `<case>/case.json` (see types.ts for its shape), plain IOC lists and the
 * command line, remembering where each value came from so refusals can say file and line.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { CASE_FILE, CaseDir } from '../case/case-dir.ts';
import { issue, type Issue, type Location } from '../core/issue.ts';
import { classify, iocLines } from './indicators.ts';
import type { Locate } from './plan.ts';
import type {
  AccountAction,
  AccountKind,
  CaseFile,
  PlanAccount,
  PlanHost,
  ResponseLevel,
  ResponsePlan,
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
  if (parts.length > 1 && ['disable', 'reset-password'].includes(parts[parts.length - 1]!))
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
  for (const [kind, list] of [
    ['ip', ips],
    ['cidr', cidrs],
    ['domain', domains],
    ['url', urls],
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
      ({ ip: ips, cidr: cidrs, domain: domains, url: urls })[kind].push(value);
      remember(kind, value, { file: f, line });
      if (trailing) issues.push(issue('respond.ioc_trailing', { file: f, line }, {}, 'warning'));
    }
  }

  const cli = { file: 'command line' };
  const hosts: PlanHost[] = Array.isArray(cf?.hosts) ? cf.hosts.filter((h) => h && typeof h === 'object') : [];
  for (const h of hosts) if (typeof h.ip === 'string') remember('host', h.ip, caseJson);
  for (const h of split(i.hosts)) {
    const eq = h.indexOf('=');
    const host: PlanHost = eq < 0 ? { ip: h } : { ip: h.slice(0, eq), name: h.slice(eq + 1) };
    hosts.push(host);
    remember('host', host.ip, cli);
  }
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
  const caseId =
    i.caseId ??
    (typeof cf?.case_id === 'string' ? cf.case_id : undefined) ??
    (i.caseDir ? basename(resolve(i.caseDir)) : 'case');
  const plan: ResponsePlan = {
    caseId,
    level: i.level,
    indicators: { ips, cidrs, domains, urls },
    hosts,
    accounts,
    mailServers: fromBoth('mail', cf?.mail_servers, i.mail),
    managementHosts: fromBoth('management', cf?.management_hosts, i.mgmt),
    internalNets: fromBoth('internal', cf?.internal_networks, i.internal),
    urlHosts: i.urlScope === 'exact' ? 'proxy-only' : 'block',
  };
  const locate: Locate = (kind, value) => where.get(`${kind}\u0000${value}`) ?? (kind === 'host-name' ? caseJson : cli);
  return { plan, issues, locate, title: typeof cf?.title === 'string' ? cf.title : undefined };
}
