/** nftables: one `inet` table of its own (named sets + a rule chain hooked into forward, input and output). */
import type { Family } from '../net.ts';
import { firewallPolicy, type Match, type Rule, type SetName } from '../policy.ts';
import { caseToken } from '../plan.ts';
import type { Artifact, CanonicalPlan, GeneratorOutput } from '../types.ts';

const SET_NAMES: SetName[] = ['c2', 'hosts', 'mail', 'mgmt', 'internal'];

export function nftTableName(plan: CanonicalPlan): string {
  return `konseki_${caseToken(plan.caseId).toLowerCase()}`;
}

/** The rule for one family: a rate-limited log rule first (a limit inside the verdict rule would let packets through over the limit). */
function ruleLines(r: Rule, f: Family, nonEmpty: (s: SetName) => boolean, prefix: string): string[] {
  const m: Match = r.match;
  for (const s of [m.src, m.dst]) if (s && !nonEmpty(s)) return [];
  const ip = f === 4 ? 'ip' : 'ip6';
  const sfx = f === 4 ? 'v4' : 'v6';
  const parts: string[] = [];
  if (m.src) parts.push(`${ip} saddr @${m.src}_${sfx}`);
  if (m.srcNot) parts.push(`${ip} saddr != @${m.srcNot}_${sfx}`);
  if (m.dst) parts.push(`${ip} daddr @${m.dst}_${sfx}`);
  if (m.dstNot) parts.push(`${ip} daddr != @${m.dstNot}_${sfx}`);
  if (m.tcpDports) parts.push(`tcp dport { ${m.tcpDports.join(', ')} }`);
  if (m.tcpSports) parts.push(`tcp sport { ${m.tcpSports.join(', ')} }`);
  if (m.c2port === 'dst') parts.push(`${ip} daddr . tcp dport @c2port_${sfx}`);
  if (m.c2port === 'src') parts.push(`${ip} saddr . tcp sport @c2port_${sfx}`);
  if (!parts.length) return [];
  const match = parts.join(' ');
  const out: string[] = [];
  // watch: one log line per new connection (who talks to it), the packet goes on to the host's own rules
  if (r.action === 'log') out.push(`\t\t${match} ct state new counter log prefix "${prefix} ${r.label} "`);
  else {
    if (r.log) out.push(`\t\t${match} limit rate 30/minute log prefix "${prefix} ${r.label} "`);
    out.push(`\t\t${match} counter ${r.action === 'drop' ? 'drop' : 'accept'}`);
  }
  return out;
}

export function generateNftables(plan: CanonicalPlan): GeneratorOutput {
  const policy = firewallPolicy(plan);
  const table = nftTableName(plan);
  const prefix = `konseki ${caseToken(plan.caseId).toLowerCase()}`.slice(0, 40);
  const lines: string[] = [
    '#!/usr/sbin/nft -f',
    `# konseki first response - case ${caseToken(plan.caseId)} - level ${plan.level} - generated ${plan.generatedAt}`,
    `# check:    nft -c -f nftables.nft`,
    `# apply:    nft -f nftables.nft          (re-applying replaces the table)`,
    `# rollback: nft delete table inet ${table}`,
    `# add an address later: nft add element inet ${table} c2_v4 '{ 192.0.2.66 }'`,
    `table inet ${table}`,
    `delete table inet ${table}`,
    `table inet ${table} {`,
  ];
  for (const name of SET_NAMES) {
    for (const f of [4, 6] as const) {
      const elems = policy.sets[name].filter((n) => n.family === f).map((n) => n.text);
      lines.push(`\tset ${name}_v${f} {`, `\t\ttype ${f === 4 ? 'ipv4_addr' : 'ipv6_addr'}`, '\t\tflags interval');
      if (elems.length)
        lines.push('\t\telements = {', ...elems.map((e, i) => `\t\t\t${e}${i < elems.length - 1 ? ',' : ''}`), '\t\t}');
      lines.push('\t}');
    }
  }
  for (const f of [4, 6] as const) {
    const elems = policy.ports.filter((p) => p.net!.family === f).map((p) => `${p.net!.text} . ${p.port}`);
    lines.push(`\tset c2port_v${f} {`, `\t\ttype ${f === 4 ? 'ipv4_addr' : 'ipv6_addr'} . inet_service`);
    if (elems.length)
      lines.push('\t\telements = {', ...elems.map((e, i) => `\t\t\t${e}${i < elems.length - 1 ? ',' : ''}`), '\t\t}');
    lines.push('\t}');
  }
  lines.push('\tchain rules {');
  for (const r of policy.rules) {
    for (const f of [4, 6] as const) {
      if (r.match.c2port && !policy.ports.some((p) => p.net!.family === f)) continue;
      lines.push(...ruleLines(r, f, (s) => policy.sets[s].some((n) => n.family === f), prefix));
    }
  }
  lines.push('\t}');
  for (const hook of ['forward', 'input', 'output']) {
    lines.push(
      `\tchain hook_${hook} {`,
      `\t\ttype filter hook ${hook} priority filter - 10; policy accept;`,
      '\t\tjump rules',
      '\t}',
    );
  }
  lines.push('}', '');
  const artifact: Artifact = {
    file: 'nftables.nft',
    system: 'nftables',
    content: lines.join('\n'),
    apply: ['nft -c -f nftables.nft', 'nft -f nftables.nft'],
    rollback: [`nft delete table inet ${table}`],
    measures: [...new Set(policy.rules.map((r) => r.measure))],
  };
  return { artifacts: [artifact], issues: [] };
}
