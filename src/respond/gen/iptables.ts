/**
 * iptables + ipset: one POSIX shell script with `apply` and `rollback`. Sets are loaded with
 * `ipset restore`, rules with `iptables-restore --noflush` into a chain of our own that INPUT, FORWARD and
 * OUTPUT jump to first; exceptions RETURN, so the host's own policy still decides about them.
 */
import type { Family } from '../net.ts';
import { firewallPolicy, type Rule, type SetName } from '../policy.ts';
import { caseToken } from '../plan.ts';
import type { Artifact, CanonicalPlan, GeneratorOutput } from '../types.ts';

const SET_NAMES: SetName[] = ['c2', 'hosts', 'mail', 'mgmt', 'internal'];
const HOOKS = ['INPUT', 'FORWARD', 'OUTPUT'];

export function ipsetName(plan: CanonicalPlan, set: SetName, f: Family): string {
  return `k_${caseToken(plan.caseId).toLowerCase()}_${set}_v${f}`;
}
export function iptablesChain(plan: CanonicalPlan): string {
  return `KONSEKI_${caseToken(plan.caseId).toUpperCase()}`;
}

function ruleLines(
  plan: CanonicalPlan,
  chain: string,
  r: Rule,
  f: Family,
  nonEmpty: (s: SetName) => boolean,
): string[] {
  const m = r.match;
  for (const s of [m.src, m.dst]) if (s && !nonEmpty(s)) return [];
  const set = (s: SetName, dir: 'src' | 'dst', not = false): string =>
    `-m set ${not ? '! ' : ''}--match-set ${ipsetName(plan, s, f)} ${dir}`;
  const parts: string[] = [];
  if (m.src) parts.push(set(m.src, 'src'));
  if (m.srcNot) parts.push(set(m.srcNot, 'src', true));
  if (m.dst) parts.push(set(m.dst, 'dst'));
  if (m.dstNot) parts.push(set(m.dstNot, 'dst', true));
  if (m.tcpDports) parts.push(`-p tcp -m multiport --dports ${m.tcpDports.join(',')}`);
  if (m.tcpSports) parts.push(`-p tcp -m multiport --sports ${m.tcpSports.join(',')}`);
  if (m.c2port === 'dst') parts.push(`-p tcp -m set --match-set ${portSetName(plan, f)} dst,dst`);
  if (m.c2port === 'src') parts.push(`-p tcp -m set --match-set ${portSetName(plan, f)} src,src`);
  if (!parts.length) return [];
  const match = parts.join(' ');
  const out: string[] = [];
  // watch: log each new connection and let it go on to the host's own rules
  if (r.action === 'log')
    out.push(`-A ${chain} ${match} -m conntrack --ctstate NEW -j LOG --log-prefix "konseki ${r.label} "`);
  else {
    if (r.log) out.push(`-A ${chain} ${match} -m limit --limit 30/min -j LOG --log-prefix "konseki ${r.label} "`);
    out.push(`-A ${chain} ${match} -j ${r.action === 'drop' ? 'DROP' : 'RETURN'}`);
  }
  return out;
}

export function portSetName(plan: CanonicalPlan, f: Family): string {
  return `k_${caseToken(plan.caseId).toLowerCase()}_c2port_v${f}`;
}

export function generateIptables(plan: CanonicalPlan): GeneratorOutput {
  const policy = firewallPolicy(plan);
  const chain = iptablesChain(plan);
  const sets = SET_NAMES.flatMap((s) =>
    ([4, 6] as const).map((f) => ({
      s,
      f,
      name: ipsetName(plan, s, f),
      elems: policy.sets[s].filter((n) => n.family === f),
    })),
  );
  const lines: string[] = [
    '#!/bin/sh',
    `# konseki first response - case ${caseToken(plan.caseId)} - level ${plan.level} - generated ${plan.generatedAt}`,
    '# usage: sh iptables-ipset.sh apply     (as root; re-running replaces the sets and the rules)',
    '#        sh iptables-ipset.sh rollback  (removes the chain, the jumps and the sets)',
    '# save for reboot after apply: ipset save > /etc/ipset.conf; iptables-save > /etc/iptables/rules.v4; ip6tables-save > /etc/iptables/rules.v6',
    'set -eu',
    '',
    'apply() {',
    "  ipset restore -exist <<'KONSEKI_END'",
  ];
  for (const x of sets) {
    const maxelem = Math.max(65536, 2 ** Math.ceil(Math.log2(x.elems.length * 2 + 1)));
    lines.push(
      `create ${x.name} hash:net family ${x.f === 4 ? 'inet' : 'inet6'} hashsize 1024 maxelem ${maxelem}`,
      `flush ${x.name}`,
    );
    for (const n of x.elems) lines.push(`add ${x.name} ${n.text}`);
  }
  for (const f of [4, 6] as const) {
    const name = portSetName(plan, f);
    lines.push(
      `create ${name} hash:ip,port family ${f === 4 ? 'inet' : 'inet6'} hashsize 1024 maxelem 65536`,
      `flush ${name}`,
    );
    for (const p of policy.ports.filter((x) => x.net!.family === f))
      lines.push(`add ${name} ${p.net!.text},tcp:${p.port}`);
  }
  lines.push('KONSEKI_END');
  for (const f of [4, 6] as const) {
    const cmd = f === 4 ? 'iptables' : 'ip6tables';
    lines.push(`  ${cmd}-restore --noflush <<'KONSEKI_END'`, '*filter', `:${chain} - [0:0]`, `-F ${chain}`);
    for (const r of policy.rules) {
      if (r.match.c2port && !policy.ports.some((p) => p.net!.family === f)) continue;
      lines.push(...ruleLines(plan, chain, r, f, (s) => policy.sets[s].some((n) => n.family === f)));
    }
    lines.push('COMMIT', 'KONSEKI_END');
    lines.push(
      `  for hook in ${HOOKS.join(' ')}; do`,
      `    ${cmd} -C "$hook" -j ${chain} 2>/dev/null || ${cmd} -I "$hook" 1 -j ${chain}`,
      '  done',
    );
  }
  lines.push('}', '', 'rollback() {');
  for (const cmd of ['iptables', 'ip6tables']) {
    lines.push(
      `  for hook in ${HOOKS.join(' ')}; do`,
      `    while ${cmd} -D "$hook" -j ${chain} 2>/dev/null; do :; done`,
      '  done',
      `  ${cmd} -F ${chain} 2>/dev/null || true`,
      `  ${cmd} -X ${chain} 2>/dev/null || true`,
    );
  }
  lines.push(
    `  for s in ${[...sets.map((x) => x.name), portSetName(plan, 4), portSetName(plan, 6)].join(' ')}; do`,
    '    ipset destroy "$s" 2>/dev/null || true',
    '  done',
    '}',
    '',
  );
  lines.push(
    'case "${1:-}" in',
    '  apply) apply ;;',
    '  rollback) rollback ;;',
    '  *) echo "usage: $0 apply|rollback" >&2; exit 2 ;;',
    'esac',
    '',
  );
  const artifact: Artifact = {
    file: 'iptables-ipset.sh',
    system: 'iptables',
    content: lines.join('\n'),
    apply: ['sh iptables-ipset.sh apply'],
    rollback: ['sh iptables-ipset.sh rollback'],
    measures: [...new Set(policy.rules.map((r) => r.measure))],
  };
  return { artifacts: [artifact], issues: [] };
}
