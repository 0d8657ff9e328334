/**
 * Squid: ACLs and `http_access deny` lines in one file to `include` before the first `http_access allow`.
 * Values are written one per `acl` line (Squid appends lines of the same ACL), so there are no list
 * files to keep in sync. URLs become anchored `url_regex` patterns in which every character that is not
 * a letter or digit (or a handful of inert ones) is a one-character bracket expression: no regex
 * operator and no `${...}` macro can appear.
 */
import { caseToken } from '../plan.ts';
import { scopeOf } from '../policy.ts';
import type { Artifact, CanonicalPlan, GeneratorOutput } from '../types.ts';

/** An anchored POSIX extended regex matching exactly `url` (and anything after it). */
export function urlRegex(url: string): string {
  let out = '^';
  for (const ch of url) {
    if (/[A-Za-z0-9/:%_~=&,@-]/.test(ch)) out += ch;
    else if (ch === '^') out += '\\^';
    else if (ch === '\\') out += '[\\\\]';
    else out += `[${ch}]`;
  }
  return out;
}

export function generateSquid(plan: CanonicalPlan): GeneratorOutput {
  const tok = caseToken(plan.caseId).toLowerCase();
  const acl = (what: string): string => `konseki_${tok}_${what}`;
  const scope = scopeOf(plan);
  const lines: string[] = [
    `# konseki first response - case ${caseToken(plan.caseId)} - level ${plan.level} - generated ${plan.generatedAt}`,
    `# squid.conf, before the first "http_access allow" line:  include /etc/squid/conf.d/konseki-${tok}.conf`,
    '# then: squid -k parse && squid -k reconfigure',
    '# url_regex sees whole URLs of plain HTTP only; for HTTPS (CONNECT) Squid sees host:port, blocked by the domain and address ACLs',
  ];
  const deny: string[] = [];
  if (plan.level === 'watch') {
    // access.log already records every request with its client: nothing to change at the proxy
    lines.push(
      '# level watch: nothing is blocked here; access.log already names every client that reaches the indicators:',
      ...plan.domains.map((d) => `#   grep -F ${d} /var/log/squid/access.log`),
      ...plan.nets.map((n) => `#   grep -F ${n.text} /var/log/squid/access.log`),
      ...plan.ports.map((p) => `#   grep -F ${p.text} /var/log/squid/access.log`),
      '',
    );
    return {
      artifacts: [
        {
          file: 'squid-konseki.conf',
          system: 'squid',
          content: lines.join('\n'),
          apply: [{ say: 'respond.how.squid_watch' }],
          rollback: [],
          measures: [],
        },
      ],
      issues: [],
    };
  }
  if (plan.domains.length) {
    for (const d of plan.domains) lines.push(`acl ${acl('c2_dom')} dstdomain .${d}`);
    deny.push(`http_access deny ${acl('c2_dom')}`);
  }
  if (plan.nets.length) {
    for (const n of plan.nets) lines.push(`acl ${acl('c2_dst')} dst ${n.text}`);
    deny.push(`http_access deny ${acl('c2_dst')}`);
  }
  if (plan.urls.length) {
    for (const u of plan.urls) lines.push(`acl ${acl('c2_url')} url_regex -i ${urlRegex(u.url)}`);
    deny.push(`http_access deny ${acl('c2_url')}`);
  }
  // a destination on one port (CONNECT 203.0.113.77:8443): address or name AND port
  const ports = [...new Set(plan.ports.map((p) => p.port))].sort((a, b) => a - b);
  for (const port of ports) {
    lines.push(`acl ${acl(`c2p${port}`)} port ${port}`);
    const here = plan.ports.filter((p) => p.port === port);
    for (const p of here.filter((x) => x.net)) lines.push(`acl ${acl(`c2p${port}_dst`)} dst ${p.net!.text}`);
    for (const p of here.filter((x) => x.domain)) lines.push(`acl ${acl(`c2p${port}_dom`)} dstdomain .${p.domain}`);
    if (here.some((x) => x.net)) deny.push(`http_access deny ${acl(`c2p${port}_dst`)} ${acl(`c2p${port}`)}`);
    if (here.some((x) => x.domain)) deny.push(`http_access deny ${acl(`c2p${port}_dom`)} ${acl(`c2p${port}`)}`);
  }
  const measures =
    plan.nets.length || plan.domains.length || plan.urls.length || plan.ports.length ? ['block-c2-proxy'] : [];
  if (scope === 'hosts' && plan.hosts.length) {
    for (const h of plan.hosts) lines.push(`acl ${acl('hosts')} src ${h.net.text}`);
    deny.push(`http_access deny ${acl('hosts')}`);
    measures.push(
      plan.level === 'isolate-hosts'
        ? 'isolate-hosts'
        : plan.level === 'all-but-mail'
          ? 'block-external-but-mail'
          : 'block-external',
    );
  } else if (scope === 'site') {
    for (const m of plan.managementHosts) lines.push(`acl ${acl('mgmt')} src ${m.text}`);
    deny.push(plan.managementHosts.length ? `http_access deny !${acl('mgmt')}` : 'http_access deny all');
    measures.push(plan.level === 'all-but-mail' ? 'block-external-but-mail' : 'block-external');
  }
  lines.push(...deny, '');
  const artifact: Artifact = {
    file: 'squid-konseki.conf',
    system: 'squid',
    content: lines.join('\n'),
    apply: [
      `cp squid-konseki.conf /etc/squid/conf.d/konseki-${tok}.conf`,
      { say: 'respond.how.squid_include', p: { file: `/etc/squid/conf.d/konseki-${tok}.conf` } },
      'squid -k parse && squid -k reconfigure',
      { say: 'respond.how.squid_tunnels' },
    ],
    rollback: [
      { say: 'respond.how.squid_remove', p: { file: `/etc/squid/conf.d/konseki-${tok}.conf` } },
      'squid -k parse && squid -k reconfigure',
    ],
    measures,
  };
  return { artifacts: [artifact], issues: [] };
}
