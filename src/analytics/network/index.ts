/**
 * The network analyses of konseki (issue 6): from proxy, firewall, DNS, IDS and flow logs, who
 * talks to the C&C server now and before, who else behaves like that, and what moves inside the
 * network that should not. Options, allow-list and policy formats: README.md beside this file.
 *
 * Every analysis is SQL over the store's `net` table (one row per network record, net-row.ts) and
 * a mapping of its grouped rows to findings; the events themselves are never held in memory:
 *
 *   ingest:  const rows = new NetRows(networkContext(networkOptions(o)));  rows.row(event, seq) → `net`
 *   analyse: const findings = await networkFindings(sql, o, iocs);
 */
import type { Finding } from '../../core/finding.ts';
import type { Sql } from '../sql.ts';
import { beaconFindings, type ScoredPair } from './beacon.ts';
import { idsAlertFindings } from './ids-alert.ts';
import { dnsCncFindings, iocMatchFindings, type IocMatcher } from './ioc-match.ts';
import { largeUploadFindings } from './large-upload.ts';
import { lateralFindings } from './lateral.ts';
import { offHoursFindings } from './off-hours.ts';
import { networkContext, networkOptions, type NetworkContext, type NetworkOptionsInput } from './options.ts';
import { policyFindings } from './policy-violation.ts';
import { OrgProfile } from './profile.ts';
import { connectPortFindings, ipDirectFindings } from './proxy-checks.ts';
import { rareUaFindings } from './rare-ua.ts';
import { portScanFindings } from './scan.ts';

export { AllowList, loadAllowList } from './allowlist.ts';
export { FlowPolicy, loadPolicy } from './policy.ts';
export { japaneseHolidays, isJapaneseHoliday } from '../holidays.ts';
export {
  networkOptions,
  networkContext,
  DEFAULT_THRESHOLDS,
  type NetworkAnalysisOptions,
  type NetworkContext,
  type NetworkThresholds,
  type NetworkOptionsInput,
} from './options.ts';
export type { IocMatcher } from './ioc-match.ts';
export type { ScoredPair } from './beacon.ts';
export { NET_COLUMNS, NetRows, type NetValue } from './net-row.ts';

/** The finding kinds the network analyses produce. */
export const NETWORK_FINDING_KINDS = [
  'ioc-match',
  'dns-cnc',
  'beacon',
  'connect-nonstandard-port',
  'rare-user-agent',
  'off-hours',
  'large-upload',
  'ip-direct-http',
  'port-scan',
  'lateral-fanout',
  'policy-violation',
  'ids-alert',
] as const;

export interface NetworkRun {
  /** every beacon pair scored (for evaluation against RITA), when asked */
  scored?: ScoredPair[];
  /** seconds per analysis, when asked */
  timing?: Record<string, number>;
}

/**
 * Every network analysis over the `net` table of a store. `iocs` enables ioc-match and dns-cnc;
 * `options` must be the ones the rows were made with (time zone, business hours, internal networks).
 */
export async function networkFindings(
  sql: Sql,
  options: NetworkOptionsInput | NetworkContext = {},
  iocs?: IocMatcher,
  run: NetworkRun = {},
): Promise<Finding[]> {
  const ctx = 'clock' in options ? options : networkContext(networkOptions(options));
  const [any] = await sql.query('SELECT count(*) AS n FROM net');
  if (!Number(any?.n)) return [];
  const profile = await OrgProfile.load(sql, ctx);
  const steps: Array<[string, () => Promise<Finding[]>]> = [
    ['ioc-match', () => (iocs && iocs.size > 0 ? iocMatchFindings(sql, ctx, profile, iocs) : Promise.resolve([]))],
    ['dns-cnc', () => (iocs && iocs.size > 0 ? dnsCncFindings(sql, ctx, iocs) : Promise.resolve([]))],
    ['beacon', () => beaconFindings(sql, ctx, profile, run.scored)],
    ['connect-nonstandard-port', () => connectPortFindings(sql, ctx, profile)],
    ['rare-user-agent', () => rareUaFindings(sql, ctx, profile)],
    ['off-hours', () => offHoursFindings(sql, ctx, profile)],
    ['large-upload', () => largeUploadFindings(sql, ctx, profile)],
    ['ip-direct-http', () => ipDirectFindings(sql, ctx, profile)],
    ['port-scan', () => portScanFindings(sql, ctx)],
    ['lateral-fanout', () => lateralFindings(sql, ctx)],
    ['ids-alert', () => idsAlertFindings(sql, ctx)],
    ['policy-violation', () => policyFindings(sql, ctx)],
  ];
  const out: Finding[] = [];
  for (const [name, step] of steps) {
    const t0 = performance.now();
    out.push(...(await step()));
    if (run.timing) run.timing[name] = (performance.now() - t0) / 1000;
  }
  return out;
}
