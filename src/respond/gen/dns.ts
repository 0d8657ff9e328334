/**
 * DNS sinkholes: a BIND response-policy zone (names, the C2 addresses as rpz-ip triggers, and at level
 * isolate-hosts the compromised clients as rpz-client-ip), the named.conf lines that load it, an Unbound
 * `server:` fragment (local-zone always_nxdomain) and a dnsmasq fragment (address=/name/ is NXDOMAIN for
 * the name and its subdomains).
 */
import { issue, type Issue } from '../../core/issue.ts';
import { rpzIpLabel } from '../net.ts';
import { caseToken } from '../plan.ts';
import { zoneSerial } from '../quote.ts';
import type { Artifact, CanonicalPlan, GeneratorOutput } from '../types.ts';

export function rpzZoneName(plan: CanonicalPlan): string {
  return `rpz.konseki-${caseToken(plan.caseId).toLowerCase().replace(/_/g, '-')}`;
}

/** Domain names are at most 253 characters in text form (255 octets on the wire). */
const MAX_NAME = 253;

export function generateBind(plan: CanonicalPlan): GeneratorOutput {
  const issues: Issue[] = [];
  const zone = rpzZoneName(plan);
  const tok = caseToken(plan.caseId).toLowerCase();
  const lines: string[] = [
    `; konseki first response - case ${caseToken(plan.caseId)} - level ${plan.level} - generated ${plan.generatedAt}`,
    `; response policy zone ${zone}: NXDOMAIN for the C2 names and their subdomains, and for any answer that contains a C2 address`,
    `; check: named-checkzone ${zone} bind-rpz.zone`,
    '$TTL 60',
    `@ IN SOA localhost. root.localhost. ( ${zoneSerial(plan.generatedAt)} 3600 600 86400 60 )`,
    '  IN NS localhost.',
  ];
  const fits = (owner: string): boolean => owner.length + 1 + zone.length <= MAX_NAME;
  for (const d of plan.domains) {
    if (!fits(`*.${d}`)) {
      issues.push(
        issue(
          'respond.skipped',
          { file: 'bind-rpz.zone' },
          { system: 'BIND RPZ', value: d, reason: 'too-long-for-rpz' },
          'warning',
        ),
      );
      continue;
    }
    // watch: rpz-passthru answers as usual and logs the client (rpz category)
    const target = plan.level === 'watch' ? 'rpz-passthru.' : '.';
    lines.push(`${d} CNAME ${target}`, `*.${d} CNAME ${target}`);
  }
  for (const n of plan.nets)
    lines.push(`${rpzIpLabel(n)}.rpz-ip CNAME ${plan.level === 'watch' ? 'rpz-passthru.' : '.'}`);
  const measures =
    plan.domains.length || plan.nets.length ? [plan.level === 'watch' ? 'watch-c2' : 'block-c2-dns'] : [];
  if (plan.level === 'isolate-hosts' && plan.hosts.length) {
    for (const h of plan.hosts) lines.push(`${rpzIpLabel(h.net)}.rpz-client-ip CNAME rpz-drop.`);
    measures.push('isolate-hosts');
  }
  lines.push('');
  const conf = [
    `// konseki ${caseToken(plan.caseId)}: add to named.conf (merge the response-policy line into your existing options block)`,
    `// then: named-checkconf && rndc reconfig     rollback: remove these lines and rndc reconfig`,
    'options {',
    `\tresponse-policy { zone "${zone}"; };`,
    '};',
    `zone "${zone}" {`,
    '\ttype primary;',
    `\tfile "/etc/bind/konseki-${tok}.rpz.zone";`,
    '\tallow-query { none; };',
    '};',
    '',
  ];
  const artifacts: Artifact[] = [
    {
      file: 'bind-rpz.zone',
      system: 'bind',
      content: lines.join('\n'),
      apply: [
        `named-checkzone ${zone} bind-rpz.zone`,
        `cp bind-rpz.zone /etc/bind/konseki-${tok}.rpz.zone`,
        { say: 'respond.how.bind_include' },
        'named-checkconf && rndc reconfig',
      ],
      rollback: [{ say: 'respond.how.bind_remove' }, 'rndc reconfig'],
      measures,
    },
    { file: 'bind-named.conf', system: 'bind', content: conf.join('\n'), apply: [], rollback: [], measures: [] },
  ];
  return { artifacts, issues };
}

export function generateUnbound(plan: CanonicalPlan): GeneratorOutput {
  const tok = caseToken(plan.caseId).toLowerCase();
  const lines = [
    `# konseki first response - case ${caseToken(plan.caseId)} - level ${plan.level} - generated ${plan.generatedAt}`,
    `# include from unbound.conf:  include: "/etc/unbound/unbound.conf.d/konseki-${tok}.conf"; then unbound-checkconf && unbound-control reload`,
    '# addresses cannot be expressed as local-zone: load bind-rpz.zone with an rpz: clause to sinkhole answers that contain C2 addresses',
    'server:',
  ];
  // watch: inform answers as usual and logs the client of every query for the zone
  const type = plan.level === 'watch' ? 'inform' : 'always_nxdomain';
  for (const d of plan.domains) lines.push(`\tlocal-zone: "${d}." ${type}`);
  const measures = plan.domains.length ? [plan.level === 'watch' ? 'watch-c2' : 'block-c2-dns'] : [];
  if (plan.level === 'isolate-hosts' && plan.hosts.length) {
    for (const h of plan.hosts) lines.push(`\taccess-control: ${h.net.cidr} refuse`);
    measures.push('isolate-hosts');
  }
  lines.push('');
  return {
    artifacts: [
      {
        file: 'unbound-konseki.conf',
        system: 'unbound',
        content: lines.join('\n'),
        apply: [
          `cp unbound-konseki.conf /etc/unbound/unbound.conf.d/konseki-${tok}.conf`,
          'unbound-checkconf && unbound-control reload',
        ],
        rollback: [`rm /etc/unbound/unbound.conf.d/konseki-${tok}.conf`, 'unbound-checkconf && unbound-control reload'],
        measures,
      },
    ],
    issues: [],
  };
}

export function generateDnsmasq(plan: CanonicalPlan): GeneratorOutput {
  const tok = caseToken(plan.caseId).toLowerCase();
  const lines = [
    `# konseki first response - case ${caseToken(plan.caseId)} - level ${plan.level} - generated ${plan.generatedAt}`,
    `# copy to /etc/dnsmasq.d/konseki-${tok}.conf; check with dnsmasq --test; restart dnsmasq`,
    ...(plan.level === 'watch'
      ? [
          '# level watch: nothing is blocked; log-queries records every client query (grep the indicator names in the log)',
          'log-queries',
          ...plan.domains.map((d) => `# watch: ${d}`),
        ]
      : [
          '# address=/name/ with no address answers NXDOMAIN for the name and all its subdomains',
          ...plan.domains.map((d) => `address=/${d}/`),
        ]),
    '',
  ];
  return {
    artifacts: [
      {
        file: 'dnsmasq-konseki.conf',
        system: 'dnsmasq',
        content: lines.join('\n'),
        apply: [
          `cp dnsmasq-konseki.conf /etc/dnsmasq.d/konseki-${tok}.conf`,
          'dnsmasq --test && systemctl restart dnsmasq',
        ],
        rollback: [`rm /etc/dnsmasq.d/konseki-${tok}.conf`, 'systemctl restart dnsmasq'],
        measures: plan.domains.length ? [plan.level === 'watch' ? 'watch-c2' : 'block-c2-dns'] : [],
      },
    ],
    issues: [],
  };
}
