/**
 * Every containment artifact, for every level, from a plan full of hostile values, checked by the tool
 * that will read it: nft, iptables/ipset (applied for real in a private network namespace), squid,
 * named-checkzone / named-checkconf, unbound-checkconf, dnsmasq --test, python3 xml.etree for pfSense.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ipsetName, iptablesChain } from '../../src/respond/gen/iptables.ts';
import { nftTableName } from '../../src/respond/gen/nftables.ts';
import { pfAliasName } from '../../src/respond/gen/pfsense.ts';
import { rpzZoneName } from '../../src/respond/gen/dns.ts';
import { displayValue } from '../../src/respond/indicators.ts';
import { rpzIpLabel } from '../../src/respond/net.ts';
import { canonicalizePlan } from '../../src/respond/plan.ts';
import { RESPONSE_LEVELS, type CanonicalPlan } from '../../src/respond/types.ts';
import { writeResponse } from '../../src/respond/write.ts';
import {
  dnsmasqCheck,
  iptablesApplyRollback,
  namedCheckconf,
  namedCheckzone,
  nftCheck,
  nftLoad,
  pfsenseXml,
  rangesExclude,
  squidParse,
  unboundCheck,
} from './checks.ts';
import {
  FORBIDDEN_IN_OUTPUT,
  HOSTILE_DOMAINS,
  HOSTILE_IPS,
  HOSTILE_URLS,
  hostilePlan,
  NETNS,
  tempDir,
  TOOLS,
} from './helpers.ts';

const sorted = (xs: string[]): string[] => [...xs].sort();
const fam = (plan: CanonicalPlan, f: 4 | 6): string[] => plan.nets.filter((n) => n.family === f).map((n) => n.text);

// level watch blocks nothing: test/respond/measures.test.ts checks it
describe.each(RESPONSE_LEVELS.filter((l) => l !== 'watch'))('level %s', (level) => {
  const dir = tempDir(`respond-${level}`);
  const { plan, issues } = canonicalizePlan(hostilePlan(level));
  const written = writeResponse(plan, issues, dir, { lang: 'ja', tool: 'konseki test' });
  const read = (f: string): string => readFileSync(join(dir, f), 'utf8');

  it('refuses and reports every hostile value, keeps the odd but valid ones', () => {
    const reported = new Set(written.issues.filter((i) => i.code === 'respond.rejected').map((i) => i.params!.value));
    for (const v of [...HOSTILE_IPS, ...HOSTILE_DOMAINS, ...HOSTILE_URLS])
      expect([v, reported.has(displayValue(v))]).toEqual([v, true]);
    expect(sorted(plan.nets.map((n) => n.text))).toEqual(
      sorted(['100.64.0.0/10', '192.0.2.1', '198.51.100.0/24', '203.0.113.10', '2001:db8::1', '2001:db8::7']),
    );
    expect(plan.domains).toEqual([
      'c2.bad.example',
      `${'c'.repeat(63)}.example`,
      'dl.bad.example',
      'evil.example',
      'evil2.example',
      'exfil.example',
      'wild.example',
      'xn--e1afmkfd.xn--80akhbyknj4f',
      'xn--r8jz45g.xn--zckzah',
    ]);
    expect(plan.accounts.map((a) => a.name)).toEqual(['taro', '山田', 'svc-web', 'PC07$']);
    expect(plan.hosts.map((h) => [h.net.text, h.name])).toEqual([
      ['10.0.0.7', 'PC-07'],
      ['10.0.0.8', undefined],
      ['fd00::7', undefined],
    ]);
  });

  it('writes no hostile fragment into any file', () => {
    for (const a of written.artifacts)
      for (const bad of FORBIDDEN_IN_OUTPUT) {
        // konseki's own audit rules watch /etc/passwd; no plan value reaches that file
        if (a.file === 'monitoring-linux.sh' && bad === '/etc/passwd') continue;
        expect([a.file, bad, read(a.file).includes(bad)]).toEqual([a.file, bad, false]);
      }
  });

  it.skipIf(!TOOLS.nft)('nft -c accepts nftables.nft', () => {
    const r = nftCheck(join(dir, 'nftables.nft'));
    expect(r.out).toBe('');
    expect(r.ok).toBe(true);
  });

  it.skipIf(!NETNS)('nftables: the kernel holds exactly the planned sets', () => {
    const r = nftLoad(join(dir, 'nftables.nft'), nftTableName(plan));
    expect(r.out).toBe('');
    expect(sorted(r.sets.c2_v4 ?? [])).toEqual(sorted(fam(plan, 4)));
    expect(sorted(r.sets.c2_v6 ?? [])).toEqual(sorted(fam(plan, 6)));
    expect(sorted([...(r.sets.mgmt_v4 ?? []), ...(r.sets.mgmt_v6 ?? [])])).toEqual(['10.0.0.250']);
    expect(sorted([...(r.sets.hosts_v4 ?? []), ...(r.sets.hosts_v6 ?? [])])).toEqual(
      sorted(['10.0.0.7', '10.0.0.8', 'fd00::7']),
    );
    expect(r.rules).toBeGreaterThan(level === 'cnc-only' ? 7 : 12);
  });

  it.skipIf(!NETNS)('iptables + ipset: apply twice, then roll back to nothing', () => {
    const r = iptablesApplyRollback(join(dir, 'iptables-ipset.sh'));
    expect(r.out).toBe('');
    expect(r.ok).toBe(true);
    const members = (set: string): string[] =>
      r.applied
        .split('\n')
        .filter((l) => l.startsWith(`add ${set} `))
        .map((l) => l.split(' ')[2]!);
    expect(sorted(members(ipsetName(plan, 'c2', 4)))).toEqual(sorted(fam(plan, 4)));
    expect(sorted(members(ipsetName(plan, 'c2', 6)))).toEqual(sorted(fam(plan, 6)));
    const chain = iptablesChain(plan);
    // one jump per hook even after two applies
    for (const hook of ['INPUT', 'FORWARD', 'OUTPUT'])
      expect(r.applied.split('\n').filter((l) => l === `-A ${hook} -j ${chain}`).length).toBe(2);
    expect(r.after).not.toMatch(/konseki|KONSEKI|^add /m);
  });

  it.skipIf(!TOOLS.squid)('squid -k parse accepts the ACL file and reads every indicator', () => {
    const r = squidParse(dir, 'squid-konseki.conf');
    expect(r.out).not.toMatch(/WARNING|ERROR|FATAL/);
    expect(r.ok).toBe(true);
    for (const d of plan.domains) expect(r.processed.some((l) => l.endsWith(`dstdomain .${d}`))).toBe(true);
    for (const n of plan.nets) expect(r.processed.some((l) => l.endsWith(` dst ${n.text}`))).toBe(true);
    expect(r.processed.filter((l) => l.includes(' url_regex -i ^')).length).toBe(plan.urls.length);
    expect(r.processed.filter((l) => l.startsWith('http_access deny konseki_')).length).toBe(
      level === 'cnc-only' ? 3 : 4,
    );
  });

  it.skipIf(!TOOLS.namedCheckzone)('named-checkzone loads the RPZ zone with every name and address', () => {
    const zone = rpzZoneName(plan);
    const r = namedCheckzone(zone, join(dir, 'bind-rpz.zone'));
    expect(r.ok).toBe(true);
    for (const d of plan.domains)
      expect(r.owners).toEqual(expect.arrayContaining([`${d}.${zone}.`, `*.${d}.${zone}.`]));
    for (const n of plan.nets) expect(r.owners).toContain(`${rpzIpLabel(n)}.rpz-ip.${zone}.`);
    expect(r.owners.filter((o) => o.includes('.rpz-client-ip.')).length).toBe(level === 'isolate-hosts' ? 3 : 0);
  });

  it.skipIf(!TOOLS.namedCheckconf)('named-checkconf -z accepts the named.conf lines with the zone', () => {
    const r = namedCheckconf(dir, 'bind-named.conf', 'bind-rpz.zone');
    expect(r.out).not.toMatch(/error|failed/i);
    expect(r.ok).toBe(true);
  });

  it.skipIf(!TOOLS.unbound)('unbound-checkconf accepts the fragment', () => {
    const r = unboundCheck(join(dir, 'unbound-konseki.conf'));
    expect(r.ok).toBe(true);
    const text = read('unbound-konseki.conf');
    for (const d of plan.domains) expect(text).toContain(`local-zone: "${d}." always_nxdomain`);
  });

  it.skipIf(!TOOLS.dnsmasq)('dnsmasq --test accepts the fragment', () => {
    const r = dnsmasqCheck(join(dir, 'dnsmasq-konseki.conf'));
    expect(r.out).toMatch(/syntax check OK/);
    expect(r.ok).toBe(true);
  });

  it.skipIf(!TOOLS.python)('pfSense: the XML parses and its aliases hold every indicator', () => {
    const r = pfsenseXml(join(dir, 'pfsense-config.xml'));
    expect(r.out).toBe('');
    expect(r.ok).toBe(true);
    expect(sorted(r.aliases[pfAliasName(plan, 'C2')]!.entries)).toEqual(sorted(plan.nets.map((n) => n.cidr)));
    expect(sorted(r.aliases[pfAliasName(plan, 'C2_FQDN')]!.entries)).toEqual(plan.domains);
    expect(r.aliases[pfAliasName(plan, 'C2_TABLE')]!.type).toBe('urltable');
    const table = read('pfsense-urltable.txt')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'));
    expect(sorted(table)).toEqual(sorted(plan.nets.map((n) => n.cidr)));
    expect(new Set(r.rules.map((x) => x.tracker)).size).toBe(r.rules.length);
    expect(r.rules.filter((x) => x.type === 'pass').length).toBe(
      level === 'all-but-mail' ? 2 : level === 'isolate-hosts' ? 2 : 0,
    );
    if (level !== 'cnc-only')
      expect(r.aliases[pfAliasName(plan, 'HOSTS')]!.entries).toEqual(['10.0.0.7/32', '10.0.0.8/32', 'fd00::7/128']);
  });

  it('Windows Firewall: every line is a statement konseki writes, the addresses are exact', () => {
    const raw = readFileSync(join(dir, 'windows-firewall.ps1'));
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = raw.toString('utf8').slice(1).split('\r\n');
    const grammar = [
      /^#[ -~]*$/,
      /^#Requires -RunAsAdministrator$/,
      /^param\(\[switch\]\$Rollback\)$/,
      /^\$ErrorActionPreference = 'Stop'$/,
      /^\$Group = 'konseki-[A-Za-z0-9_]+'$/,
      /^Get-NetFirewallRule -Group \$Group -ErrorAction SilentlyContinue \| Remove-NetFirewallRule$/,
      /^if \(\$Rollback\) \{$/,
      /^ {4}Write-Host "removed the firewall rules of group \$Group"$/,
      /^ {4}return$/,
      /^\}$/,
      /^\$addresses = @\($/,
      /^ {4}'[0-9a-f.:/-]+',?$/,
      /^\)$/,
      /^Write-Host "added \d+ firewall rules in group \$Group"$/,
      /^$/,
      /^New-NetFirewallRule -Group \$Group -DisplayName 'konseki [A-Za-z0-9_]+ [a-z0-9-]+ \d+' -Direction (Outbound|Inbound) -Action Block -Profile Any -RemoteAddress \$addresses( -Protocol (TCP|UDP)( -RemotePort @\('[0-9-]+'(, '[0-9-]+')*\))?)? \| Out-Null$/,
    ];
    for (const l of lines) expect([l, grammar.some((g) => g.test(l))]).toEqual([l, true]);
    // the address lists in order of the rules
    const lists: string[][] = [];
    for (const l of lines) {
      if (l === '$addresses = @(') lists.push([]);
      else if (/^ {4}'/.test(l)) lists[lists.length - 1]!.push(l.trim().replace(/^'|',?$/g, ''));
    }
    expect(sorted(lists[0]!)).toEqual(sorted(plan.nets.map((n) => n.text)));
    if (TOOLS.python && level !== 'cnc-only') {
      const allowed =
        level === 'isolate-hosts'
          ? ['10.0.0.250/32']
          : level === 'all-external'
            ? plan.internalNets.map((n) => n.cidr)
            : [...plan.internalNets.map((n) => n.cidr), '192.0.2.25/32', '2001:db8:25::25/128'];
      const r = rangesExclude(lists[2]!, allowed);
      expect(r.out).toBe('');
      expect(r.ok).toBe(true);
    }
  });

  it('account scripts: names single-quoted, nothing else from the plan', () => {
    const ad = readFileSync(join(dir, 'accounts-ad.ps1'), 'utf8').slice(1).split('\r\n');
    const names = ad.flatMap((l) => [...l.matchAll(/-Identity '([^']*)'/g)].map((m) => m[1]));
    expect([...new Set(names)]).toEqual(['taro', '山田', 'PC07$']);
    expect(ad).toContain("    $password = Read-Host -AsSecureString -Prompt 'new password for 山田'");
    const sh = read('accounts-linux.sh');
    expect(sh).toContain("usermod --lock --expiredate 1 -- 'svc-web'");
    expect(sh).toContain("usermod --unlock --expiredate '' -- 'svc-web'");
  });
});
