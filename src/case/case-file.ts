/**
 * case.json: what `konseki respond` acts on (indicators, compromised hosts, accounts) and the composite
 * picture the report draws (hosts, edges, phases), written by triage. Analysts may edit it; later
 * commands read it back.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { CaseFile, PlanAccount, PlanHost, UnresolvedHost } from './types.ts';
import type { Composite } from './composite.ts';
import { mergeSettings, settingsOf, type CaseSettings } from './settings.ts';

export interface KonsekiCaseFile extends CaseFile {
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

export function readCaseFile(dir: string): KonsekiCaseFile {
  const p = join(dir, 'case.json');
  if (!existsSync(p)) return {};
  try {
    const v = JSON.parse(readFileSync(p, 'utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as KonsekiCaseFile) : {};
  } catch {
    return {};
  }
}

/** Writes case.json; what an analyst added (mail servers, management hosts, title, ...) is kept. */
export function writeCaseFile(dir: string, c: Composite, tool: string, settings?: CaseSettings): KonsekiCaseFile {
  const cf = caseFileFrom(c, dir, tool, readCaseFile(dir), settings);
  writeFileSync(join(dir, 'case.json'), `${JSON.stringify(cf, null, 2)}\n`);
  return cf;
}

/** Lays `patch` over the settings in case.json (the file is created when missing); returns its path. */
export function saveSettings(dir: string, patch: CaseSettings): string {
  const cf = readCaseFile(dir);
  cf.settings = mergeSettings(settingsOf(cf), patch);
  delete cf.report;
  const file = join(dir, 'case.json');
  writeFileSync(file, `${JSON.stringify(cf, null, 2)}\n`);
  return file;
}
