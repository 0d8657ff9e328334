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
 * - isolate-hosts: the compromised hosts lose every peer, internal ones too, except the management hosts;
 * - watch: nothing is blocked; traffic to and from the indicators is logged (and passed), so the
 *   organisation sees which terminals talk to the C&C before cutting (seed 000 p. 9).
 *
 * Indicators on one port (`203.0.113.77:8443`) match address and TCP port together, in both directions.
 */
import type { Net } from './net.ts';
import type { CanonicalPlan, CanonPort } from './types.ts';

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
  /** (address, TCP port) is one of the plan's port indicators: as destination or as source */
  c2port?: 'dst' | 'src';
}

export interface Rule {
  match: Match;
  /** `log`: log and let the packet go on to the firewall's own rules (level watch) */
  action: 'drop' | 'accept' | 'log';
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
  /** port indicators with an address (names on a port are for the proxy and pfSense only) */
  ports: CanonPort[];
  rules: Rule[];
}

export function scopeOf(plan: CanonicalPlan): Scope {
  if (plan.level === 'cnc-only' || plan.level === 'watch') return 'none';
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
  const ports = plan.ports.filter((p) => p.net);
  const rules: Rule[] = [];
  const add = (
    match: Match,
    action: Rule['action'],
    measure: string,
    label: string,
    log = action !== 'accept',
  ): void => {
    for (const s of [match.src, match.dst]) if (s && !sets[s].length) return;
    if (match.c2port && !ports.length) return;
    rules.push({ match, action, log, measure, label });
  };
  if (plan.level === 'watch') {
    add({ dst: 'c2' }, 'log', 'watch-c2', 'watch-out');
    add({ src: 'c2' }, 'log', 'watch-c2', 'watch-in');
    add({ c2port: 'dst' }, 'log', 'watch-c2', 'watch-port-out');
    add({ c2port: 'src' }, 'log', 'watch-c2', 'watch-port-in');
    return { scope, sets, ports, rules };
  }
  add({ dst: 'c2' }, 'drop', 'block-c2-net', 'c2-out');
  add({ src: 'c2' }, 'drop', 'block-c2-net', 'c2-in');
  add({ c2port: 'dst' }, 'drop', 'block-c2-net', 'c2-port-out');
  add({ c2port: 'src' }, 'drop', 'block-c2-net', 'c2-port-in');
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
  return { scope, sets, ports, rules };
}

/** The measures (impact ids) the plan implements anywhere, in a stable order. */
export function planMeasures(plan: CanonicalPlan): string[] {
  const out: string[] = [];
  const any = plan.nets.length || plan.domains.length || plan.urls.length || plan.ports.length;
  if (plan.level === 'watch') {
    if (any) out.push('watch-c2');
    out.push('raise-monitoring');
    return out;
  }
  if (plan.nets.length || plan.ports.some((p) => p.net)) out.push('block-c2-net');
  if (plan.domains.length) out.push('block-c2-dns');
  if (any) out.push('block-c2-proxy');
  if (plan.nets.length || plan.ports.length || (plan.hosts.length && scopeOf(plan) !== 'none'))
    out.push('cut-sessions');
  const scope = scopeOf(plan);
  if (plan.level === 'isolate-hosts' && plan.hosts.length) out.push('isolate-hosts');
  else if (plan.level === 'all-but-mail' && scope !== 'none') out.push('block-external-but-mail');
  else if (plan.level === 'all-external' && scope !== 'none') out.push('block-external');
  for (const [action, id] of [
    ['disable', 'account-disable'],
    ['reset-password', 'account-reset'],
    ['remove-privileges', 'account-remove-privileges'],
    ['delete', 'account-delete'],
  ] as const)
    if (plan.accounts.some((a) => a.action === action)) out.push(id);
  if (plan.services.length && (plan.level === 'all-external' || plan.level === 'isolate-hosts'))
    out.push('stop-service');
  out.push('raise-monitoring');
  if (plan.level !== 'cnc-only') out.push('notify-users');
  return out;
}
