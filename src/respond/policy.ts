/**
 * What a response level means for a packet filter, as one ordered first-match rule list over named
 * address sets. nftables, iptables and pfSense render this same list, so the four levels mean the same
 * thing on every firewall:
 *
 * - every level: traffic to or from an indicator address is dropped (and logged);
 * - all-but-mail: the compromised hosts (or the whole site when no host is named) lose every external
 *   peer except the mail servers on SMTP / submission / IMAPS / POP3S;
 * - all-external: the same without the mail exception; in whole-site mode the management hosts keep
 *   their access;
 * - isolate-hosts: the compromised hosts lose every peer, internal ones too, except the management hosts.
 */
import type { Net } from './net.ts';
import type { CanonicalPlan } from './types.ts';

export type SetName = 'c2' | 'hosts' | 'mail' | 'mgmt' | 'internal';

/** SMTP, SMTPS (submissions), submission, IMAPS, POP3S. */
export const MAIL_PORTS = [25, 465, 587, 993, 995] as const;

export interface Match {
  src?: SetName;
  dst?: SetName;
  /** the address is NOT in this set */
  srcNot?: SetName;
  dstNot?: SetName;
  tcpDports?: readonly number[];
  tcpSports?: readonly number[];
}

export interface Rule {
  match: Match;
  action: 'drop' | 'accept';
  log: boolean;
  /** impact.ts measure id */
  measure: string;
  /** short ASCII label, used in log prefixes and descriptions */
  label: string;
}

export type Scope = 'none' | 'hosts' | 'site';

export interface FirewallPolicy {
  scope: Scope;
  sets: Record<SetName, Net[]>;
  rules: Rule[];
}

export function scopeOf(plan: CanonicalPlan): Scope {
  if (plan.level === 'cnc-only') return 'none';
  if (plan.level === 'isolate-hosts') return 'hosts';
  return plan.hosts.length ? 'hosts' : 'site';
}

export function firewallPolicy(plan: CanonicalPlan): FirewallPolicy {
  const scope = scopeOf(plan);
  const sets: Record<SetName, Net[]> = {
    c2: plan.nets,
    hosts: scope === 'site' ? plan.internalNets : plan.hosts.map((h) => h.net),
    mail: plan.mailServers,
    mgmt: plan.managementHosts,
    internal: plan.internalNets,
  };
  const rules: Rule[] = [];
  const add = (match: Match, action: Rule['action'], measure: string, label: string, log = action === 'drop'): void => {
    for (const s of [match.src, match.dst]) if (s && !sets[s].length) return;
    rules.push({ match, action, log, measure, label });
  };
  add({ dst: 'c2' }, 'drop', 'block-c2-net', 'c2-out');
  add({ src: 'c2' }, 'drop', 'block-c2-net', 'c2-in');
  if (scope !== 'none' && sets.hosts.length) {
    if (plan.level === 'isolate-hosts') {
      add({ src: 'hosts', dst: 'mgmt' }, 'accept', 'isolate-hosts', 'mgmt-out');
      add({ src: 'mgmt', dst: 'hosts' }, 'accept', 'isolate-hosts', 'mgmt-in');
      add({ src: 'hosts' }, 'drop', 'isolate-hosts', 'isolate-out');
      add({ dst: 'hosts' }, 'drop', 'isolate-hosts', 'isolate-in');
    } else {
      const measure = plan.level === 'all-but-mail' ? 'block-external-but-mail' : 'block-external';
      if (scope === 'site') {
        add({ src: 'mgmt' }, 'accept', measure, 'mgmt-out');
        add({ dst: 'mgmt' }, 'accept', measure, 'mgmt-in');
      }
      if (plan.level === 'all-but-mail') {
        add({ src: 'hosts', dst: 'mail', tcpDports: MAIL_PORTS }, 'accept', measure, 'mail-out');
        add({ src: 'mail', dst: 'hosts', tcpSports: MAIL_PORTS }, 'accept', measure, 'mail-in');
      }
      add({ src: 'hosts', dstNot: 'internal' }, 'drop', measure, 'ext-out');
      add({ dst: 'hosts', srcNot: 'internal' }, 'drop', measure, 'ext-in');
    }
  }
  return { scope, sets, rules };
}

/** The measures (impact ids) the plan implements anywhere, in a stable order. */
export function planMeasures(plan: CanonicalPlan): string[] {
  const out: string[] = [];
  if (plan.nets.length) out.push('block-c2-net');
  if (plan.domains.length) out.push('block-c2-dns');
  if (plan.domains.length || plan.urls.length || plan.nets.length) out.push('block-c2-proxy');
  const scope = scopeOf(plan);
  if (plan.level === 'isolate-hosts' && plan.hosts.length) out.push('isolate-hosts');
  else if (plan.level === 'all-but-mail' && scope !== 'none') out.push('block-external-but-mail');
  else if (plan.level === 'all-external' && scope !== 'none') out.push('block-external');
  if (plan.accounts.some((a) => a.action === 'disable')) out.push('account-disable');
  if (plan.accounts.some((a) => a.action === 'reset-password')) out.push('account-reset');
  return out;
}
