/**
 * The plan as steps to apply in order, each with who does it (the roles of seed 001's incident
 * handling: 利用者, LAN管理・運用者 (情報システム部門 / 各事業部門), 情報セキュリティ責任者, 外部専門組織,
 * ISP事業者), the files, and how to roll it back. `konseki case contain applied S4` records a step.
 */
import type { Artifact, CanonicalPlan } from './types.ts';

export type Role = 'security-officer' | 'it-department' | 'department-admin' | 'users' | 'external-experts' | 'isp';

export interface Step {
  id: string;
  role: Role;
  /** message key suffix: respond.step.<what> */
  what: string;
  files: string[];
  measures: string[];
  /** for manual steps: the values it is about */
  items?: string[];
}

const FIREWALL = ['pfsense-config.xml', 'pfsense-urltable.txt', 'nftables.nft', 'iptables-ipset.sh'];
const STATES = ['pfsense-kill-states.sh', 'conntrack-flush.sh'];
const PROXY_DNS = [
  'squid-konseki.conf',
  'bind-rpz.zone',
  'bind-named.conf',
  'unbound-konseki.conf',
  'dnsmasq-konseki.conf',
];
const HOSTS = ['windows-firewall.ps1', 'services-linux.sh', 'services-windows.ps1'];
const ACCOUNTS = ['accounts-ad.ps1', 'accounts-windows-local.ps1', 'accounts-linux.sh'];
const MONITORING = ['monitoring-windows.ps1', 'monitoring-linux.sh'];
const NOTICE = ['notice-users.md'];

export function planSteps(plan: CanonicalPlan, artifacts: Artifact[]): Step[] {
  const steps: Step[] = [];
  const present = (names: string[]): Artifact[] =>
    names.map((n) => artifacts.find((a) => a.file === n)).filter((a): a is Artifact => !!a && a.measures.length > 0);
  const add = (role: Role, what: string, arts: Artifact[]): void => {
    if (!arts.length) return;
    steps.push({
      id: `S${steps.length + 1}`,
      role,
      what,
      files: arts.map((a) => a.file),
      measures: [...new Set(arts.flatMap((a) => a.measures))],
    });
  };
  steps.push({ id: 'S1', role: 'security-officer', what: 'decide', files: [], measures: [] });
  if (plan.level !== 'watch' && plan.hosts.length)
    steps.push({
      id: `S${steps.length + 1}`,
      role: 'it-department',
      what: 'preserve',
      files: [],
      measures: [],
      items: plan.hosts.map((h) => (h.name && h.name !== h.net.text ? `${h.name} ${h.net.text}` : h.net.text)),
    });
  if (plan.unresolvedHosts.length)
    steps.push({
      id: `S${steps.length + 1}`,
      role: 'it-department',
      what: 'resolve',
      files: [],
      measures: [],
      items: plan.unresolvedHosts.map((u) => u.name),
    });
  if (plan.heldHosts.some((h) => h.why.startsWith('infrastructure')))
    steps.push({
      id: `S${steps.length + 1}`,
      role: 'security-officer',
      what: 'infrastructure',
      files: [],
      measures: [],
      items: plan.heldHosts
        .filter((h) => h.why.startsWith('infrastructure'))
        .map((h) => `${h.name ?? ''} ${h.ip}`.trim()),
    });
  if (plan.judged.review.length)
    steps.push({
      id: `S${steps.length + 1}`,
      role: 'security-officer',
      what: 'review',
      files: [],
      measures: [],
      items: plan.judged.review.map((j) => j.value),
    });
  add('it-department', plan.level === 'watch' ? 'watch' : 'firewall', present(FIREWALL));
  add('it-department', 'states', present(STATES));
  add('it-department', plan.level === 'watch' ? 'watch-dns' : 'proxy-dns', present(PROXY_DNS));
  add('department-admin', 'hosts', present(HOSTS));
  add('it-department', 'accounts', present(ACCOUNTS));
  add('department-admin', 'monitoring', present(MONITORING));
  add('security-officer', 'notice', present(NOTICE));
  steps.push({ id: `S${steps.length + 1}`, role: 'it-department', what: 'record', files: [], measures: [] });
  return steps;
}
