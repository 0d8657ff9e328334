/**
 * case.json: what `konseki respond` acts on (indicators, compromised hosts, accounts) and the composite
 * picture the report draws (hosts, edges, phases), written by triage. Analysts may edit it; later
 * commands read it back.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { CaseFile, PlanAccount } from './types.ts';
import type { Composite } from './composite.ts';
import { isIp } from './identity.ts';

export interface KonsekiCaseFile extends CaseFile {
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
    case_id: previous.case_id ?? basename(dir),
    indicators: { ips: [...ips], domains: [...domains], urls: [...urls], cidrs: previous.indicators?.cidrs ?? [] },
    hosts,
    accounts,
    composite: c,
    generated_by: tool,
    report: report ?? previous.report,
  };
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
export function writeCaseFile(
  dir: string,
  c: Composite,
  tool: string,
  report?: KonsekiCaseFile['report'],
): KonsekiCaseFile {
  const cf = caseFileFrom(c, dir, tool, readCaseFile(dir), report);
  writeFileSync(join(dir, 'case.json'), `${JSON.stringify(cf, null, 2)}\n`);
  return cf;
}
