/**
 * case.json: what `konseki respond` acts on (indicators, compromised hosts, accounts) and the composite
 * picture the report draws (hosts, edges, phases), written by triage. Analysts may edit it; later
 * commands read it back through case-dir.ts, which migrates older shapes with `migrateCaseFile`.
 */
import { basename } from 'node:path';
import type { CaseFile, PlanAccount } from './types.ts';
import type { Composite } from './composite.ts';
import { isIp } from './identity.ts';

/** The shape of case.json this version writes. */
export const CASE_FILE_VERSION = 1;

export interface KonsekiCaseFile extends CaseFile {
  /** the shape of the file (absent in files of konseki before 0.1: version 0) */
  version?: number;
  composite?: Composite;
  generated_by?: string;
  /** how triage wrote the report, so later commands refresh it the same way */
  report?: { lang?: string; time_zone?: string };
}

const LOCAL_ACCOUNTS = /^(administrator|guest|defaultaccount)$/i;

export function caseFileFrom(
  c: Composite,
  dir: string,
  tool: string,
  previous: KonsekiCaseFile = {},
  report?: KonsekiCaseFile['report'],
): KonsekiCaseFile {
  const ips = new Set<string>();
  const domains = new Set<string>();
  const urls = new Set<string>();
  for (const x of c.external) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(x.peer)) urls.add(x.peer);
    else if (isIp(x.peer)) ips.add(x.peer);
    else if (/^[a-z0-9.-]+\.[a-z]{2,}$/i.test(x.peer)) domains.add(x.peer.toLowerCase());
  }
  const hosts = c.hosts
    .filter((h) => h.verdict === 'compromised')
    .flatMap((h) => h.ips.map((ip) => ({ ip, name: h.name })));
  const accounts: PlanAccount[] = c.accounts.map((a) => ({
    name: a.name,
    kind: a.kind === 'linux' ? 'linux' : LOCAL_ACCOUNTS.test(a.name.replace(/^.*\\/, '')) ? 'windows-local' : 'ad',
    action: 'disable',
    host: a.host,
  }));
  return {
    ...previous,
    version: CASE_FILE_VERSION,
    case_id: previous.case_id ?? basename(dir),
    indicators: { ips: [...ips], domains: [...domains], urls: [...urls], cidrs: previous.indicators?.cidrs ?? [] },
    hosts,
    accounts,
    composite: c,
    generated_by: tool,
    report: report ?? previous.report,
  };
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
  if (cf.indicators && typeof cf.indicators === 'object' && !Array.isArray(cf.indicators)) {
    const i = cf.indicators as Record<string, unknown>;
    cf.indicators = { ips: list(i.ips), domains: list(i.domains), urls: list(i.urls), cidrs: list(i.cidrs) };
  } else delete cf.indicators;
  for (const k of ['hosts', 'accounts'] as const)
    if (!Array.isArray(cf[k])) delete cf[k];
    else (cf as Record<string, unknown>)[k] = (cf[k] as unknown[]).filter((x) => x && typeof x === 'object');
  for (const k of ['mail_servers', 'management_hosts', 'internal_networks'] as const)
    if (cf[k] !== undefined) cf[k] = list(cf[k]) ?? [];
  if (cf.composite !== undefined && (!cf.composite || typeof cf.composite !== 'object')) delete cf.composite;
  cf.version = CASE_FILE_VERSION;
  return cf;
}
