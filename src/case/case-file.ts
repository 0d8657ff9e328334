/**
 * case.json: what `konseki respond` acts on (indicators, compromised hosts, accounts) and the composite
 * picture the report draws (hosts, edges, phases), written by triage. Analysts may edit it; later
 * commands read it back through case-dir.ts, which migrates older shapes with `migrateCaseFile`.
 */
import { basename } from 'node:path';
import type { CaseFile, PlanAccount, PlanHost, UnresolvedHost } from './types.ts';
import type { Composite } from './composite.ts';
import { settingsOf, type CaseSettings } from './settings.ts';

/** The shape of case.json this version writes. */
export const CASE_FILE_VERSION = 1;

export interface KonsekiCaseFile extends CaseFile {
  /** the shape of the file (files written before it existed have the shape of version 1) */
  version?: number;
  composite?: Composite;
  generated_by?: string;
  /** written by konseki before settings existed: the report's language and zone (read as settings) */
  report?: { lang?: string; time_zone?: string };
  /** the organisation's zone and calendar, the display zone and language: every later command uses them */
  settings?: CaseSettings;
}

const LOCAL_ACCOUNTS = /^(administrator|guest|defaultaccount)$/i;

export function caseFileFrom(
  c: Composite,
  dir: string,
  tool: string,
  previous: KonsekiCaseFile = {},
  settings?: CaseSettings,
): KonsekiCaseFile {
  const prev = previous.indicators ?? {};
  const judged = c.indicators ?? [];
  const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const { hosts, unresolved } = caseHosts(c);
  const accounts: PlanAccount[] = c.accounts.map((a) => {
    const kind =
      a.kind === 'linux' ? 'linux' : LOCAL_ACCOUNTS.test(a.name.replace(/^.*\\/, '')) ? 'windows-local' : 'ad';
    // an account the attacker created goes (once its traces are kept); one it made privileged loses the group
    const action = a.how === 'new-account' ? 'delete' : a.group ? 'remove-privileges' : 'disable';
    const out: PlanAccount = { name: a.name, kind, action, host: a.host, how: a.how };
    if (a.group) out.group = a.group;
    return out;
  });
  return {
    ...previous,
    version: CASE_FILE_VERSION,
    case_id: previous.case_id ?? basename(dir),
    // the plain lists are the analyst's (always blocked); what triage judged goes to `judged`
    indicators: {
      ips: list(prev.ips),
      domains: list(prev.domains),
      urls: list(prev.urls),
      cidrs: list(prev.cidrs),
      ports: list(prev.ports),
      judged,
    },
    hosts,
    unresolved_hosts: unresolved,
    accounts,
    composite: c,
    generated_by: tool,
    settings: settings ?? settingsOf(previous),
    report: undefined,
  };
}

/**
 * The hosts to contain: every compromised host (with its addresses, found or resolved), and every
 * other host that contacted an indicator (contained only when that indicator is blocked). A host
 * without an address is listed as unresolved, never dropped. Proxies and resolvers are marked.
 */
export function caseHosts(c: Composite): { hosts: PlanHost[]; unresolved: UnresolvedHost[] } {
  const via = new Map<string, string[]>();
  for (const j of c.indicators ?? []) {
    if (j.excluded) continue;
    for (const h of j.hosts) via.set(h, [...(via.get(h) ?? []), j.value]);
  }
  const hosts: PlanHost[] = [];
  const unresolved: UnresolvedHost[] = [];
  for (const h of c.hosts) {
    const contacted = via.get(h.name);
    if (h.verdict !== 'compromised' && !contacted) continue;
    if (h.verdict !== 'compromised' && h.infrastructure) continue;
    const base = { verdict: h.verdict, confidence: h.confidence };
    if (!h.ips.length) {
      const u: UnresolvedHost = { name: h.name, ...base, reasons: h.reasons };
      if (h.aliases.length) u.aliases = h.aliases;
      if (h.verdict !== 'compromised' && contacted) u.via = contacted.slice(0, 20);
      unresolved.push(u);
      continue;
    }
    for (const ip of h.ips) {
      const p: PlanHost = { ip, name: h.name, ...base };
      if (h.verdict !== 'compromised' && contacted) p.via = contacted.slice(0, 20);
      if (h.infrastructure) p.infrastructure = h.infrastructure;
      hosts.push(p);
    }
  }
  return { hosts, unresolved };
}

/**
 * A case.json as read (an analyst may have edited it) brought to the current shape. Files written before
 * `version` existed have the shape of version 1; values of the wrong type are dropped here, so every
 * later reader can rely on lists being lists. A future shape change adds its step here.
 */
export function migrateCaseFile(raw: Record<string, unknown>): KonsekiCaseFile {
  const cf = { ...raw } as KonsekiCaseFile;
  const list = (v: unknown): string[] | undefined =>
    Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;
  const objects = <T>(v: unknown): T[] =>
    Array.isArray(v) ? (v.filter((x) => x && typeof x === 'object' && !Array.isArray(x)) as T[]) : [];
  if (cf.indicators && typeof cf.indicators === 'object' && !Array.isArray(cf.indicators)) {
    const i = cf.indicators as Record<string, unknown>;
    cf.indicators = {
      ips: list(i.ips),
      domains: list(i.domains),
      urls: list(i.urls),
      cidrs: list(i.cidrs),
      ports: list(i.ports),
      judged: i.judged === undefined ? undefined : objects(i.judged),
    };
  } else delete cf.indicators;
  for (const k of ['hosts', 'accounts', 'unresolved_hosts'] as const)
    if (cf[k] !== undefined) (cf as Record<string, unknown>)[k] = objects(cf[k]);
  for (const k of ['mail_servers', 'management_hosts', 'internal_networks'] as const)
    if (cf[k] !== undefined) cf[k] = list(cf[k]) ?? [];
  if (cf.composite !== undefined && (!cf.composite || typeof cf.composite !== 'object')) delete cf.composite;
  // settings checked value by value; the older `report: {lang, time_zone}` becomes settings
  if (cf.settings !== undefined || cf.report !== undefined) {
    cf.settings = settingsOf(cf);
    delete cf.report;
  }
  cf.version = CASE_FILE_VERSION;
  return cf;
}
