/**
 * Cutting what is already open. New block rules stop new connections only: a C&C session or a tunnel
 * that was established before keeps its state entry (pf, conntrack) and goes on. So after the rules:
 * pfSense kills the states of each address (`pfctl -k`, as Diagnostics > States > Kill does), Linux
 * firewalls delete the conntrack entries, and Squid's open CONNECT tunnels go with the states between
 * the clients and the proxy (or a Squid restart). There is nothing to roll back: a connection the
 * rules allow again simply opens anew.
 */
import type { Net } from '../net.ts';
import { scopeOf } from '../policy.ts';
import { caseToken } from '../plan.ts';
import type { Artifact, CanonicalPlan, GeneratorOutput } from '../types.ts';

/** The addresses whose open sessions are cut: the C&C (and its ports), and the contained hosts. */
function targets(plan: CanonicalPlan): { c2: Net[]; ports: Array<{ net: Net; port: number }>; hosts: Net[] } {
  const scope = scopeOf(plan);
  return {
    c2: plan.nets,
    ports: plan.ports.filter((p) => p.net).map((p) => ({ net: p.net!, port: p.port })),
    hosts: scope === 'hosts' && plan.level === 'isolate-hosts' ? plan.hosts.map((h) => h.net) : [],
  };
}

export function generateStates(plan: CanonicalPlan): GeneratorOutput {
  if (plan.level === 'watch') return { artifacts: [], issues: [] };
  const t = targets(plan);
  if (!t.c2.length && !t.ports.length && !t.hosts.length) return { artifacts: [], issues: [] };
  const tok = caseToken(plan.caseId);
  const head = `# konseki first response - case ${tok} - level ${plan.level} - generated ${plan.generatedAt}`;

  // pf: `pfctl -k A` kills states from A, `pfctl -k 0.0.0.0/0 -k A` those to A (IPv6: ::/0)
  const any = (n: Net): string => (n.family === 4 ? '0.0.0.0/0' : '::/0');
  const pf: string[] = [
    '#!/bin/sh',
    head,
    '# run on pfSense AFTER the block rules are in place (Diagnostics > Command Prompt, or ssh, option 8 Shell);',
    '# the same as Diagnostics > States > Kill States filtered on each address',
    '# nothing to roll back: connections the rules allow again open anew',
    'set -u',
  ];
  for (const n of [...t.c2, ...t.hosts])
    pf.push(
      `pfctl -k ${n.cidr}                 # states from ${n.text}`,
      `pfctl -k ${any(n)} -k ${n.cidr}   # states to ${n.text}`,
    );
  // a port indicator: only the states to that address (pfctl -k cannot select a port; the rule keeps others closed)
  for (const p of t.ports)
    if (!t.c2.some((c) => c.text === p.net.text))
      pf.push(
        `pfctl -k ${any(p.net)} -k ${p.net.cidr}   # states to ${p.net.text} (indicator on TCP ${p.port}; other ports of this address reconnect if allowed)`,
      );
  pf.push('pfctl -s state | grep -c . || true   # states left', '');

  // conntrack: delete the entries whose original or reply direction has the address
  const lx: string[] = [
    '#!/bin/sh',
    head,
    '# run as root on each Linux firewall or host with the nftables/iptables rules, AFTER applying them',
    '# (needs conntrack-tools; "0 flow entries have been deleted" is not an error)',
    '# nothing to roll back: connections the rules allow again open anew',
    'set -u',
    'command -v conntrack >/dev/null 2>&1 || { echo "conntrack not found: apt-get install conntrack (or dnf install conntrack-tools)" >&2; exit 2; }',
    'cut() { conntrack -D "$@" 2>/dev/null || true; }',
  ];
  for (const n of [...t.c2, ...t.hosts]) {
    const fam = n.family === 4 ? 'ipv4' : 'ipv6';
    lx.push(`cut -f ${fam} -s ${n.text}`, `cut -f ${fam} -d ${n.text}`);
  }
  for (const p of t.ports)
    if (!t.c2.some((c) => c.text === p.net.text))
      lx.push(`cut -f ${p.net.family === 4 ? 'ipv4' : 'ipv6'} -p tcp -d ${p.net.text} --dport ${p.port}`);
  lx.push('');

  const measures = ['cut-sessions'];
  const artifacts: Artifact[] = [
    {
      file: 'pfsense-kill-states.sh',
      system: 'pfsense',
      content: pf.join('\n'),
      apply: [{ say: 'respond.how.pf_kill' }, 'sh pfsense-kill-states.sh'],
      rollback: [{ say: 'respond.how.no_rollback' }],
      measures,
    },
    {
      file: 'conntrack-flush.sh',
      system: 'conntrack',
      content: lx.join('\n'),
      apply: [{ say: 'respond.how.conntrack' }, 'sh conntrack-flush.sh'],
      rollback: [{ say: 'respond.how.no_rollback' }],
      measures,
    },
  ];
  return { artifacts, issues: [] };
}
