/**
 * The network analyses of konseki (issue 6): from proxy, firewall, DNS, IDS and flow logs, who
 * talks to the C&C server now and before, who else behaves like that, and what moves inside the
 * network that should not. Options, allow-list and policy formats: README.md beside this file.
 *
 *   const analyzers = networkAnalyzers({ timeZone: 'Asia/Tokyo', allow, policy }, iocs);
 *   for (const e of events) for (const a of analyzers) if (a.wants(e)) a.add(e);
 *   const findings = analyzers.flatMap((a) => a.finish());
 *
 * The analyzers of one call share an organisation profile (host count, destination prevalence,
 * log spans) that the first of them builds: feed all of them the same events and call finish() in
 * list order.
 */
import type { Analyzer } from '../types.ts';
import { BeaconAnalyzer } from './beacon.ts';
import { IdsAlertAnalyzer } from './ids-alert.ts';
import { DnsCncAnalyzer, IocMatchAnalyzer, type IocMatcher } from './ioc-match.ts';
import { LargeUploadAnalyzer } from './large-upload.ts';
import { LateralFanoutAnalyzer } from './lateral.ts';
import { OffHoursAnalyzer } from './off-hours.ts';
import { networkContext, networkOptions, type NetworkOptionsInput } from './options.ts';
import { PolicyViolationAnalyzer } from './policy-violation.ts';
import { OrgProfile } from './profile.ts';
import { ConnectPortAnalyzer, IpDirectAnalyzer } from './proxy-checks.ts';
import { RareUaAnalyzer } from './rare-ua.ts';
import { PortScanAnalyzer } from './scan.ts';

export { AllowList, loadAllowList } from './allowlist.ts';
export { FlowPolicy, loadPolicy } from './policy.ts';
export { japaneseHolidays, isJapaneseHoliday } from '../holidays.ts';
export {
  networkOptions,
  DEFAULT_THRESHOLDS,
  type NetworkAnalysisOptions,
  type NetworkThresholds,
  type NetworkOptionsInput,
} from './options.ts';
export type { IocMatcher } from './ioc-match.ts';

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

/** Fresh analyzers for one run (they hold state). `iocs` enables ioc-match and dns-cnc. */
export function networkAnalyzers(options: NetworkOptionsInput = {}, iocs?: IocMatcher): Analyzer[] {
  const ctx = networkContext(networkOptions(options));
  const profile = new OrgProfile(ctx);
  const list: Analyzer[] = [profile];
  if (iocs && iocs.size > 0) list.push(new IocMatchAnalyzer(ctx, profile, iocs), new DnsCncAnalyzer(ctx, iocs));
  list.push(
    new BeaconAnalyzer(ctx, profile),
    new ConnectPortAnalyzer(ctx, profile),
    new RareUaAnalyzer(ctx, profile),
    new OffHoursAnalyzer(ctx, profile),
    new LargeUploadAnalyzer(ctx, profile),
    new IpDirectAnalyzer(ctx, profile),
    new PortScanAnalyzer(ctx),
    new LateralFanoutAnalyzer(ctx),
    new IdsAlertAnalyzer(ctx),
  );
  if (ctx.opts.policy) list.push(new PolicyViolationAnalyzer(ctx));
  return list;
}
