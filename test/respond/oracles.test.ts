/**
 * The checking tools must be able to say no: a value that broke out of its quoting would leave a file
 * the tool rejects. Each check here takes a generated file, breaks it the way an escaped value would,
 * and expects the tool to refuse it. Also covers whole-site mode (no compromised host named).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rpzZoneName } from '../../src/respond/gen/dns.ts';
import { canonicalizePlan } from '../../src/respond/plan.ts';
import { writeResponse } from '../../src/respond/write.ts';
import {
  dnsmasqCheck,
  namedCheckzone,
  nftCheck,
  pfsenseXml,
  rangesExclude,
  squidParse,
  unboundCheck,
} from './checks.ts';
import { hostilePlan, tempDir, TOOLS } from './helpers.ts';

const dir = tempDir('oracles');
const { plan, issues } = canonicalizePlan(hostilePlan('cnc-only'));
writeResponse(plan, issues, dir, { lang: 'en', tool: 'konseki test' });
const broken = (file: string, edit: (s: string) => string): string => {
  const out = join(dir, `broken-${file}`);
  writeFileSync(out, edit(readFileSync(join(dir, file), 'utf8')));
  return out;
};

describe('the checking tools reject what an escaped value would produce', () => {
  it.skipIf(!TOOLS.nft)('nft', () => {
    expect(nftCheck(join(dir, 'nftables.nft')).ok).toBe(true);
    expect(
      nftCheck(broken('nftables.nft', (s) => s.replace('203.0.113.10', '203.0.113.10"; flush ruleset; "'))).ok,
    ).toBe(false);
  });
  it.skipIf(!TOOLS.squid)('squid', () => {
    expect(squidParse(dir, 'squid-konseki.conf').ok).toBe(true);
    broken('squid-konseki.conf', (s) => s.replace(/url_regex -i \^(\S+)/, 'url_regex -i ^$1[('));
    expect(squidParse(dir, 'broken-squid-konseki.conf').ok).toBe(false);
    broken('squid-konseki.conf', (s) =>
      s.replace('dstdomain .evil.example', 'dstdomain .evil.example\nhttp_acces allow all'),
    );
    expect(squidParse(dir, 'broken-squid-konseki.conf').ok).toBe(false);
  });
  it.skipIf(!TOOLS.namedCheckzone)('named-checkzone', () => {
    const zone = rpzZoneName(plan);
    expect(namedCheckzone(zone, join(dir, 'bind-rpz.zone')).ok).toBe(true);
    expect(
      namedCheckzone(
        zone,
        broken('bind-rpz.zone', (s) => s.replace('evil.example CNAME .', `${'x'.repeat(64)}.evil.example CNAME .`)),
      ).ok,
    ).toBe(false);
    expect(
      namedCheckzone(
        zone,
        broken('bind-rpz.zone', (s) => s.replace('evil.example CNAME .', 'evil.example CNAME . ( ')),
      ).ok,
    ).toBe(false);
  });
  it.skipIf(!TOOLS.unbound)('unbound-checkconf', () => {
    expect(unboundCheck(join(dir, 'unbound-konseki.conf')).ok).toBe(true);
    expect(
      unboundCheck(broken('unbound-konseki.conf', (s) => s.replace('"evil.example."', '"evil.example"; include: "/x"')))
        .ok,
    ).toBe(false);
  });
  it.skipIf(!TOOLS.dnsmasq)('dnsmasq --test', () => {
    expect(dnsmasqCheck(join(dir, 'dnsmasq-konseki.conf')).ok).toBe(true);
    expect(
      dnsmasqCheck(
        broken('dnsmasq-konseki.conf', (s) =>
          s.replace('address=/evil.example/', 'address=/evil.example/1.2.3.4.5\nbogus-option'),
        ),
      ).ok,
    ).toBe(false);
  });
  it.skipIf(!TOOLS.python)('python xml.etree', () => {
    expect(pfsenseXml(join(dir, 'pfsense-config.xml')).ok).toBe(true);
    expect(pfsenseXml(broken('pfsense-config.xml', (s) => s.replace('<descr>', '<descr><b>'))).ok).toBe(false);
  });
  it.skipIf(!TOOLS.python)('python ipaddress range check', () => {
    expect(
      rangesExclude(
        ['0.0.0.0-9.255.255.255', '11.0.0.0-255.255.255.255', '::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
        ['10.0.0.0/8'],
      ).ok,
    ).toBe(true);
    expect(
      rangesExclude(
        ['0.0.0.0-10.0.0.0', '11.0.0.0-255.255.255.255', '::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
        ['10.0.0.0/8'],
      ).ok,
    ).toBe(false);
    expect(
      rangesExclude(
        ['0.0.0.0-9.255.255.255', '11.0.0.1-255.255.255.255', '::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
        ['10.0.0.0/8'],
      ).ok,
    ).toBe(false);
  });
});

describe.each(['all-external', 'all-but-mail'] as const)('whole site (%s, no compromised host named)', (level) => {
  const d = tempDir(`site-${level}`);
  const r = canonicalizePlan(hostilePlan(level, { hosts: [] }));
  writeResponse(r.plan, r.issues, d, { lang: 'en', tool: 'konseki test' });
  it.skipIf(!TOOLS.nft)('nft -c accepts it and the rules cover the internal networks', () => {
    expect(nftCheck(join(d, 'nftables.nft')).ok).toBe(true);
    const text = readFileSync(join(d, 'nftables.nft'), 'utf8');
    expect(text).toMatch(/ip saddr @mgmt_v4 counter accept/);
    expect(text).toMatch(/ip saddr @hosts_v4 ip daddr != @internal_v4 counter drop/);
    expect(text.match(/set hosts_v4 \{[\s\S]*?\}\n\t\}/)![0]).toContain('10.0.0.0/8');
  });
  it.skipIf(!TOOLS.squid)('squid denies everyone but the management hosts', () => {
    const p = squidParse(d, 'squid-konseki.conf');
    expect(p.ok).toBe(true);
    expect(p.processed).toContain(`http_access deny !konseki_case_42_drop_mgmt`);
  });
  it.skipIf(!TOOLS.python)(
    'Windows ranges leave out exactly the internal networks (and the external mail servers)',
    () => {
      const lines = readFileSync(join(d, 'windows-firewall.ps1'), 'utf8').split('\r\n');
      const lists: string[][] = [];
      for (const l of lines) {
        if (l === '$addresses = @(') lists.push([]);
        else if (/^ {4}'/.test(l)) lists[lists.length - 1]!.push(l.trim().replace(/^'|',?$/g, ''));
      }
      const allowed = [
        ...r.plan.internalNets.map((n) => n.cidr),
        ...(level === 'all-but-mail' ? ['192.0.2.25/32', '2001:db8:25::25/128'] : []),
      ];
      const check = rangesExclude(lists[2]!, allowed);
      expect(check.out).toBe('');
      expect(check.ok).toBe(true);
    },
  );
});
