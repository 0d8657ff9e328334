/** Runs every generator over one canonical plan. */
import type { Issue } from '../core/issue.ts';
import { generateAccounts } from './gen/accounts.ts';
import { generateBind, generateDnsmasq, generateUnbound } from './gen/dns.ts';
import { generateIptables } from './gen/iptables.ts';
import { generateNftables } from './gen/nftables.ts';
import { generatePfsense, type PfsenseOptions } from './gen/pfsense.ts';
import { generateSquid } from './gen/squid.ts';
import { generateHostMeasures } from './gen/host-measures.ts';
import { generateStates } from './gen/states.ts';
import { generateWindows } from './gen/windows.ts';
import type { Artifact, CanonicalPlan } from './types.ts';

export interface GenerateOptions {
  pfsense?: PfsenseOptions;
}

export function generateAll(plan: CanonicalPlan, o: GenerateOptions = {}): { artifacts: Artifact[]; issues: Issue[] } {
  const outputs = [
    generatePfsense(plan, o.pfsense),
    generateNftables(plan),
    generateIptables(plan),
    generateSquid(plan),
    generateBind(plan),
    generateUnbound(plan),
    generateDnsmasq(plan),
    generateWindows(plan),
    generateStates(plan),
    generateAccounts(plan),
    generateHostMeasures(plan),
  ];
  return { artifacts: outputs.flatMap((x) => x.artifacts), issues: outputs.flatMap((x) => x.issues) };
}
