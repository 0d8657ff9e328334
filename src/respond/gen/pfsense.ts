/**
 * pfSense: aliases and floating quick rules as config.xml fragments (under a `<pfsense>` root, the
 * shape of config.xml, so each `<alias>` and `<rule>` can be pasted into the same place there), plus
 * the indicator list as a URL table (one address or network per line) for an `urltable` alias.
 *
 * Floating rules with `quick` are evaluated before interface rules and stop at the first match, which
 * is what containment needs. Restoring a single area in Diagnostics > Backup & Restore REPLACES that
 * area, so the fragment must be merged, not restored.
 */
import { issue, type Issue } from '../../core/issue.ts';
import type { Net } from '../net.ts';
import { firewallPolicy, MAIL_PORTS, type Rule, type SetName } from '../policy.ts';
import { caseToken } from '../plan.ts';
import { safeLabel, xmlText } from '../quote.ts';
import type { Artifact, CanonicalPlan, GeneratorOutput } from '../types.ts';

export interface PfsenseOptions {
  /** interfaces the floating rules apply to, pfSense names (lan, opt1, ...) */
  interfaces?: string[];
  /** where the URL table will be served from; a local file by default */
  urltableUrl?: string;
}

export function pfAliasName(plan: CanonicalPlan, what: string): string {
  return `K_${caseToken(plan.caseId).toUpperCase()}_${what}`.slice(0, 31);
}

const LARGE_ALIAS = 2000;

/** pfSense FQDN aliases are resolved by filterdns; names with `_` are not hostnames it accepts. */
const PF_HOSTNAME = /^[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?$/;

function tag(name: string, value?: string): string {
  return value === undefined ? `<${name}></${name}>` : `<${name}>${xmlText(value)}</${name}>`;
}

function aliasXml(name: string, type: string, entries: string[], descr: string, detail: string): string[] {
  return [
    '\t\t<alias>',
    `\t\t\t${tag('name', name)}`,
    `\t\t\t${tag('type', type)}`,
    `\t\t\t${tag('address', entries.join(' '))}`,
    `\t\t\t${tag('descr', descr)}`,
    `\t\t\t${tag('detail', entries.map(() => detail).join('||'))}`,
    '\t\t</alias>',
  ];
}

export function generatePfsense(plan: CanonicalPlan, o: PfsenseOptions = {}): GeneratorOutput {
  const issues: Issue[] = [];
  const policy = firewallPolicy(plan);
  const tok = caseToken(plan.caseId);
  const ifaces = (o.interfaces?.length ? o.interfaces : ['lan']).filter((i) => /^[a-z][a-z0-9_]{0,31}$/.test(i));
  const tableFile = `konseki_${tok.toLowerCase()}.txt`;
  const urltableUrl =
    o.urltableUrl && /^https?:\/\/[A-Za-z0-9.:\-[\]/_~%]+$/.test(o.urltableUrl)
      ? o.urltableUrl
      : `file:///var/db/aliastables/${tableFile}`;
  const descr = (what: string): string => safeLabel(`konseki ${tok} ${plan.level}: ${what}`, 200);
  const cidrs = (nets: Net[]): string[] => nets.map((n) => n.cidr);

  // thousands of entries make the alias editor unusable: large lists are referenced through the URL table
  const useTable = plan.nets.length > LARGE_ALIAS;
  const aliasOf: Record<SetName, string> = {
    c2: useTable ? pfAliasName(plan, 'C2_TABLE') : pfAliasName(plan, 'C2'),
    hosts: pfAliasName(plan, 'HOSTS'),
    mail: pfAliasName(plan, 'MAIL'),
    mgmt: pfAliasName(plan, 'MGMT'),
    internal: pfAliasName(plan, 'INTERNAL'),
  };
  const fqdnAlias = pfAliasName(plan, 'C2_FQDN');
  const portsAlias = pfAliasName(plan, 'MAILPORTS');
  const fqdns = plan.domains.filter((d) => {
    if (PF_HOSTNAME.test(d)) return true;
    issues.push(
      issue('respond.skipped', { file: 'pfsense-config.xml' }, { system: 'pfSense', value: d, reason: 'fqdn' }, 'info'),
    );
    return false;
  });

  const xml: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<!-- konseki first response - case ${safeLabel(tok)} - level ${plan.level} - generated ${plan.generatedAt} -->`,
    '<!-- merge each alias and rule into config.xml (or create them in the GUI); do NOT use "Restore area", it replaces the whole section -->',
    '<pfsense>',
    '\t<aliases>',
  ];
  for (const s of ['c2', 'hosts', 'mail', 'mgmt', 'internal'] as SetName[]) {
    if (!policy.rules.some((r) => [r.match.src, r.match.dst, r.match.srcNot, r.match.dstNot].includes(s))) continue;
    if (s === 'c2' && useTable) continue;
    xml.push(...aliasXml(aliasOf[s], 'network', cidrs(policy.sets[s]), descr(`${s} addresses`), `konseki ${tok}`));
  }
  if (fqdns.length)
    xml.push(...aliasXml(fqdnAlias, 'host', fqdns, descr('C2 domains (resolved by filterdns)'), `konseki ${tok}`));
  if (policy.rules.some((r) => r.match.tcpDports || r.match.tcpSports))
    xml.push(...aliasXml(portsAlias, 'port', MAIL_PORTS.map(String), descr('mail ports'), 'mail'));
  // destinations on one port: an alias of the addresses (and one of the names) per port
  const byPort = new Map<number, { nets: string[]; names: string[] }>();
  for (const p of plan.ports) {
    const g = byPort.get(p.port) ?? { nets: [], names: [] };
    if (p.net) g.nets.push(p.net.cidr);
    else if (p.domain && PF_HOSTNAME.test(p.domain)) g.names.push(p.domain);
    byPort.set(p.port, g);
  }
  const portAliases: Array<{ alias: string; port: number }> = [];
  for (const [port, g] of byPort) {
    if (g.nets.length) {
      const alias = pfAliasName(plan, `C2P_${port}`);
      xml.push(...aliasXml(alias, 'network', g.nets, descr(`C2 addresses on TCP ${port}`), `konseki ${tok}`));
      portAliases.push({ alias, port });
    }
    if (g.names.length) {
      const alias = pfAliasName(plan, `C2PF_${port}`);
      xml.push(...aliasXml(alias, 'host', g.names, descr(`C2 names on TCP ${port}`), `konseki ${tok}`));
      portAliases.push({ alias, port });
    }
  }
  if (plan.nets.length) {
    xml.push(
      '\t\t<alias>',
      `\t\t\t${tag('name', pfAliasName(plan, 'C2_TABLE'))}`,
      `\t\t\t${tag('type', 'urltable')}`,
      `\t\t\t${tag('url', urltableUrl)}`,
      `\t\t\t${tag('updatefreq', '1')}`,
      `\t\t\t${tag('address')}`,
      `\t\t\t${tag('descr', descr(`C2 URL table (${tableFile})`))}`,
      '\t\t</alias>',
    );
  }
  xml.push('\t</aliases>', '\t<filter>');

  const base = Math.floor(Date.parse(plan.generatedAt) / 1000) * 100;
  let n = 0;
  const ruleXml = (r: Rule, srcAlias?: string, dstAlias?: string, port?: { src?: number; dst?: number }): void => {
    const m = r.match;
    const endpoint = (
      name: 'source' | 'destination',
      set?: SetName,
      notSet?: SetName,
      alias?: string,
      ports?: boolean,
      onePort?: number,
    ): string => {
      const inner: string[] = [];
      if (notSet) inner.push('<not></not>', tag('address', aliasOf[notSet]));
      else if (alias) inner.push(tag('address', alias));
      else if (set) inner.push(tag('address', aliasOf[set]));
      else inner.push('<any></any>');
      if (ports) inner.push(tag('port', portsAlias));
      else if (onePort) inner.push(tag('port', String(onePort)));
      return `\t\t\t<${name}>${inner.join('')}</${name}>`;
    };
    // watch rules are interface rules placed just above the rule that passes this traffic today:
    // a floating quick pass would let through what the interface rules block
    const watch = r.action === 'log';
    xml.push(
      '\t\t<rule>',
      `\t\t\t${tag('tracker', String(base + ++n))}`,
      `\t\t\t${tag('type', r.action === 'drop' ? 'block' : 'pass')}`,
      `\t\t\t${tag('interface', watch ? ifaces[0]! : ifaces.join(','))}`,
      `\t\t\t${tag('ipprotocol', 'inet46')}`,
      ...(m.tcpDports || m.tcpSports || port ? [`\t\t\t${tag('protocol', 'tcp')}`] : []),
      endpoint('source', m.src, m.srcNot, srcAlias, !!m.tcpSports, port?.src),
      endpoint('destination', m.dst, m.dstNot, dstAlias, !!m.tcpDports, port?.dst),
      ...(r.log ? ['\t\t\t<log></log>'] : []),
      `\t\t\t${tag('descr', descr(r.label))}`,
      ...(watch
        ? []
        : [`\t\t\t${tag('floating', 'yes')}`, `\t\t\t${tag('quick', 'yes')}`, `\t\t\t${tag('direction', 'any')}`]),
      '\t\t</rule>',
    );
  };
  const watch = plan.level === 'watch';
  const c2Action: Rule['action'] = watch ? 'log' : 'drop';
  const c2Measure = watch ? 'watch-c2' : 'block-c2-net';
  if (fqdns.length) {
    ruleXml({ match: {}, action: c2Action, log: true, measure: c2Measure, label: 'c2-fqdn-out' }, undefined, fqdnAlias);
    ruleXml({ match: {}, action: c2Action, log: true, measure: c2Measure, label: 'c2-fqdn-in' }, fqdnAlias, undefined);
  }
  for (const { alias, port } of portAliases) {
    ruleXml(
      { match: {}, action: c2Action, log: true, measure: c2Measure, label: `c2-port-${port}-out` },
      undefined,
      alias,
      { dst: port },
    );
    ruleXml(
      { match: {}, action: c2Action, log: true, measure: c2Measure, label: `c2-port-${port}-in` },
      alias,
      undefined,
      { src: port },
    );
  }
  for (const r of policy.rules) if (!r.match.c2port) ruleXml(r);
  xml.push('\t</filter>', '</pfsense>', '');

  const config: Artifact = {
    file: 'pfsense-config.xml',
    system: 'pfsense',
    content: xml.join('\n'),
    apply: watch
      ? [
          { say: 'respond.how.pf_aliases' },
          { say: 'respond.how.pf_watch_rules', p: { iface: ifaces[0]!.toUpperCase() } },
          { say: 'respond.how.pf_watch_logs' },
        ]
      : [
          { say: 'respond.how.pf_aliases' },
          { say: 'respond.how.pf_floating', p: { ifaces: ifaces.join(',') } },
          `pfctl -t ${aliasOf.c2} -T add <address>`,
          { say: 'respond.how.pf_immediate' },
        ],
    rollback: [{ say: 'respond.how.pf_delete', p: { tok, aliases: pfAliasName(plan, '*') } }, 'Status > Filter Reload'],
    measures: [
      ...new Set([...(fqdns.length || portAliases.length ? [c2Measure] : []), ...policy.rules.map((r) => r.measure)]),
    ],
  };
  const table: Artifact = {
    file: 'pfsense-urltable.txt',
    system: 'pfsense',
    content: `# konseki ${tok}: C2 addresses for a pfSense URL table alias (${plan.nets.length})\n${plan.nets.map((x) => x.cidr).join('\n')}\n`,
    apply: [
      { say: 'respond.how.pf_urltable_copy', p: { path: urltableUrl.replace(/^file:\/\//, '') } },
      { say: 'respond.how.pf_urltable_update' },
    ],
    rollback: [{ say: 'respond.how.pf_urltable_delete' }],
    measures: plan.nets.length ? [watch ? 'watch-c2' : 'block-c2-net'] : [],
  };
  return { artifacts: [config, table], issues };
}
