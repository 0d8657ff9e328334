/**
 * Issue 16's measures, checked by the real tools: destinations on one port, the watch level, cutting
 * open sessions, account/service/monitoring rollbacks, hosts known only by name, and the refusals of
 * issue 12 (internal networks that cover everything, public suffixes).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalizePlan } from '../../src/respond/plan.ts';
import type { ResponsePlan } from '../../src/respond/types.ts';
import { writeResponse } from '../../src/respond/write.ts';
import { konseki } from '../support/cli.ts';
import {
  iptablesApplyRollback,
  namedCheckzone,
  nftCheck,
  nftLoad,
  pfsenseXml,
  squidParse,
  unboundCheck,
} from './checks.ts';
import { NETNS, run, tempDir, TOOLS } from './helpers.ts';
import { rpzZoneName } from '../../src/respond/gen/dns.ts';

function write(level: ResponsePlan['level'], extra: Partial<ResponsePlan> = {}) {
  const dir = tempDir(`measures-${level}`);
  const { plan, issues } = canonicalizePlan({
    caseId: 'k16',
    level,
    indicators: { ips: ['203.0.113.50'], domains: ['c2.example'], ports: ['203.0.113.45:8443', 'tunnel.example:4443'] },
    hosts: [{ ip: '10.10.1.21', name: 'PC-SALES01' }],
    managementHosts: ['10.30.0.10'],
    ...extra,
  });
  const w = writeResponse(plan, issues, dir, { lang: 'en', tool: 'konseki test' });
  return { dir, plan, w, read: (f: string) => readFileSync(join(dir, f), 'utf8') };
}

describe('destinations on one port keep their port', () => {
  const { dir, plan, read } = write('cnc-only');
  it('the plan keeps 203.0.113.45:8443 as address and port, not the whole address', () => {
    expect(plan.ports.map((p) => p.text)).toEqual(['203.0.113.45:8443', 'tunnel.example:4443']);
    expect(plan.nets.map((n) => n.text)).toEqual(['203.0.113.50']);
  });
  it.skipIf(!TOOLS.nft)('nft -c accepts the concatenated set', () =>
    expect(nftCheck(join(dir, 'nftables.nft')).ok).toBe(true),
  );
  it.skipIf(!NETNS)('the kernel holds 203.0.113.45 . 8443 and not the address alone', () => {
    const r = nftLoad(join(dir, 'nftables.nft'), 'konseki_k16');
    expect(r.out).toBe('');
    expect(r.sets.c2_v4).toEqual(['203.0.113.50']);
    expect(read('nftables.nft')).toContain('203.0.113.45 . 8443');
    expect(read('nftables.nft')).toMatch(/ip daddr \. tcp dport @c2port_v4 counter drop/);
  });
  it.skipIf(!NETNS)('ipset hash:ip,port holds the port, iptables matches dst,dst, rollback removes it', () => {
    const r = iptablesApplyRollback(join(dir, 'iptables-ipset.sh'));
    expect(r.out).toBe('');
    expect(r.ok).toBe(true);
    expect(r.applied).toContain('add k_k16_c2port_v4 203.0.113.45,tcp:8443');
    expect(r.applied).toMatch(/--match-set k_k16_c2port_v4 dst,dst -j DROP/);
    expect(r.after).not.toContain('k_k16');
  });
  it.skipIf(!TOOLS.squid)('squid: address AND port, name AND port', () => {
    const r = squidParse(dir, 'squid-konseki.conf');
    expect(r.out.split('\n').filter((l) => /WARNING|ERROR/.test(l))).toEqual([]);
    expect(read('squid-konseki.conf')).toContain('http_access deny konseki_k16_c2p8443_dst konseki_k16_c2p8443');
    expect(read('squid-konseki.conf')).toContain('acl konseki_k16_c2p4443_dom dstdomain .tunnel.example');
  });
  it.skipIf(!TOOLS.python)('pfSense: a port alias and rules with <port>8443</port>', () => {
    const r = pfsenseXml(join(dir, 'pfsense-config.xml'));
    expect(r.ok).toBe(true);
    expect(r.aliases.K_K16_C2P_8443!.entries).toEqual(['203.0.113.45/32']);
    expect(r.rules.filter((x) => x.dst.includes('<port>8443</port>')).length).toBe(1);
  });
  it('Windows Firewall: the address on TCP 8443 only', () => {
    expect(read('windows-firewall.ps1')).toMatch(
      /'203\.0\.113\.45'\r\n\)\r\nNew-NetFirewallRule .*-Protocol TCP -RemotePort 8443/,
    );
  });
});

describe('level watch: pass and log, block nothing', () => {
  const { dir, read, w } = write('watch');
  it.skipIf(!TOOLS.nft)('nftables: log each new connection to and from the C&C, no drop', () => {
    expect(nftCheck(join(dir, 'nftables.nft')).ok).toBe(true);
    const nft = read('nftables.nft');
    expect(nft).toMatch(/ip daddr @c2_v4 ct state new counter log prefix "konseki k16 watch-out "/);
    expect(nft).not.toMatch(/\bdrop\b/);
  });
  it.skipIf(!NETNS)('iptables: LOG rules only, and they roll back', () => {
    const r = iptablesApplyRollback(join(dir, 'iptables-ipset.sh'));
    expect(r.ok).toBe(true);
    expect(r.applied).toMatch(/-m conntrack --ctstate NEW -j LOG --log-prefix "konseki watch-out "/);
    expect(r.applied).not.toMatch(/-j DROP/);
    expect(r.after).not.toContain('KONSEKI_K16');
  });
  it.skipIf(!TOOLS.python)(
    'pfSense: interface pass rules with log (no floating quick pass that would open blocked traffic)',
    () => {
      const r = pfsenseXml(join(dir, 'pfsense-config.xml'));
      expect(r.ok).toBe(true);
      expect(r.rules.length).toBeGreaterThan(0);
      expect(r.rules.every((x) => x.type === 'pass')).toBe(true);
      expect(read('pfsense-config.xml')).not.toContain('<floating>');
    },
  );
  it.skipIf(!TOOLS.unbound)('Unbound: inform (log the clients), checkconf accepts it', () => {
    expect(read('unbound-konseki.conf')).toContain('local-zone: "c2.example." inform');
    expect(unboundCheck(join(dir, 'unbound-konseki.conf')).ok).toBe(true);
  });
  it.skipIf(!TOOLS.namedCheckzone)('BIND RPZ: passthru, the zone loads', () => {
    expect(read('bind-rpz.zone')).toContain('c2.example CNAME rpz-passthru.');
    expect(namedCheckzone(rpzZoneName(write('watch').plan), join(dir, 'bind-rpz.zone')).ok).toBe(true);
  });
  it('no account, session or notice files, and the squid file denies nothing', () => {
    const files = w.artifacts.map((a) => a.file);
    for (const f of ['accounts-ad.ps1', 'conntrack-flush.sh', 'pfsense-kill-states.sh', 'notice-users.md'])
      expect(files).not.toContain(f);
    expect(read('squid-konseki.conf')).not.toContain('http_access deny');
  });
});

describe('cutting the sessions already open', () => {
  const { dir, read } = write('isolate-hosts');
  it('pfSense: pfctl -k from and to each C&C address and each isolated host', () => {
    const pf = read('pfsense-kill-states.sh');
    for (const a of ['203.0.113.50/32', '10.10.1.21/32']) {
      expect(pf).toContain(`pfctl -k ${a} `);
      expect(pf).toContain(`pfctl -k 0.0.0.0/0 -k ${a} `);
    }
    expect(pf).toContain('pfctl -k 0.0.0.0/0 -k 203.0.113.45/32');
  });
  it('conntrack: delete by source and destination, and the port indicator by port', () => {
    const ct = read('conntrack-flush.sh');
    expect(ct).toContain('cut -f ipv4 -s 203.0.113.50');
    expect(ct).toContain('cut -f ipv4 -d 10.10.1.21');
    expect(ct).toContain('cut -f ipv4 -p tcp -d 203.0.113.45 --dport 8443');
  });
  it.skipIf(!TOOLS.sh)('both scripts are valid POSIX sh', () => {
    for (const f of ['pfsense-kill-states.sh', 'conntrack-flush.sh'])
      expect(run('sh', ['-n', join(dir, f)]).status).toBe(0);
  });
  it('RESPONSE.md orders it after the rules, with who does it', () => {
    const md = read('RESPONSE.md');
    const steps = md.slice(md.indexOf('## Steps in order'), md.indexOf('## ', md.indexOf('## Steps in order') + 5));
    expect(steps.indexOf('Apply the firewall rules')).toBeLessThan(steps.indexOf('Cut the sessions already open'));
    expect(steps).toMatch(
      /\| S\d \| LAN administrators, IT department \(情報システム部門\) \| Cut the sessions already open/,
    );
  });
});

const ROOT_MNT =
  spawnSync('unshare', ['--mount', 'true']).status === 0 && spawnSync('useradd', ['--help']).status === 0;

describe('account, service and monitoring measures roll back', () => {
  const { dir, read } = write('isolate-hosts', {
    accounts: [
      { name: 'kt_stolen', kind: 'linux', action: 'disable' },
      { name: 'kt_admin', kind: 'linux', action: 'remove-privileges', group: 'kt_wheel' },
      { name: 'kt_backdoor', kind: 'linux', action: 'delete' },
      { name: 'CORP\\taro', kind: 'ad', action: 'remove-privileges', group: 'Domain Admins' },
      { name: 'sysupd', kind: 'ad', action: 'delete' },
    ],
    services: [{ host: 'web01', service: 'ssh', os: 'linux' }],
  });

  it.skipIf(!ROOT_MNT)(
    'Linux accounts: apply, delete only with evidence-kept, roll back (private copy of /etc)',
    () => {
      // a private mount namespace with copies of the account files: useradd/userdel act on them only
      const script = `
set -e
d=$(mktemp -d)
cp -a /etc "$d/etc"
mount --bind "$d/etc" /etc
groupadd kt_wheel
useradd -M kt_stolen; useradd -M kt_admin; useradd -M kt_backdoor
echo 'kt_stolen:Kt-16-test-pass' | chpasswd
echo "0 stolen=$(passwd -S kt_stolen | cut -d' ' -f2)"
gpasswd -a kt_admin kt_wheel >/dev/null
cd "$1"
sh accounts-linux.sh apply 2>/dev/null
echo "A stolen=$(passwd -S kt_stolen | cut -d' ' -f2) wheel=$(getent group kt_wheel | cut -d: -f4) backdoor=$(getent passwd kt_backdoor >/dev/null && echo present || echo gone)"
sh accounts-linux.sh apply evidence-kept 2>/dev/null
echo "B backdoor=$(getent passwd kt_backdoor >/dev/null && echo present || echo gone) kept=$(cat konseki-deleted-accounts-*/kt_backdoor.txt | head -1 | cut -d: -f1)"
sh accounts-linux.sh rollback 2>/dev/null
echo "C stolen=$(passwd -S kt_stolen | cut -d' ' -f2) wheel=$(getent group kt_wheel | cut -d: -f4)"
`;
      const r = spawnSync('unshare', ['--mount', 'sh', '-c', script, 'sh', dir], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.stdout.trim().split('\n')).toEqual([
        '0 stolen=P',
        'A stolen=L wheel= backdoor=present',
        'B backdoor=gone kept=kt_backdoor',
        'C stolen=P wheel=kt_admin',
      ]);
    },
  );

  it('AD: each apply step has its inverse in the rollback branch; deletion needs -EvidenceKept', () => {
    const ps = read('accounts-ad.ps1');
    const [apply, rollback] = ps.split('\r\n} else {\r\n');
    expect(apply).toContain("Remove-ADGroupMember -Identity 'Domain Admins' -Members 'taro' -Confirm:$false");
    expect(rollback).toContain("Add-ADGroupMember -Identity 'Domain Admins' -Members 'taro'");
    expect(apply).toMatch(
      /if \(\$EvidenceKept\) \{\r\n\s+Get-ADUser -Identity 'sysupd' -Properties \* \| Export-Clixml/,
    );
    expect(rollback).toContain('Restore-ADObject');
  });

  it.skipIf(!TOOLS.sh)(
    'services: rollback starts what apply stops; monitoring rollback removes the rules it wrote',
    () => {
      const svc = read('services-linux.sh');
      expect(svc).toMatch(/apply\(\) \{\n {2}systemctl stop 'ssh'/);
      expect(svc).toMatch(/rollback\(\) \{\n {2}systemctl start 'ssh'/);
      const mon = read('monitoring-linux.sh');
      expect(mon).toContain("RULES='/etc/audit/rules.d/konseki-k16.rules'");
      expect(mon).toMatch(/rollback\(\) \{\n {2}rm -f "\$RULES"\n {2}augenrules --load/);
      for (const f of ['services-linux.sh', 'monitoring-linux.sh', 'accounts-linux.sh'])
        expect(run('sh', ['-n', join(dir, f)]).status).toBe(0);
      const win = read('monitoring-windows.ps1');
      expect(win).toContain('auditpol /backup');
      expect(win).toContain('auditpol /restore');
    },
  );

  it('the notice to users has Japanese and English and the all-clear', () => {
    const n = read('notice-users.md');
    expect(n).toContain('電源を切らず');
    expect(n).toContain('do not shut them down');
    expect(n).toContain('All clear');
  });
});

describe('hosts known only by name, public suffixes, internal networks that cover everything (CLI)', () => {
  const caseDir = tempDir('names');
  writeFileSync(
    join(caseDir, 'case.json'),
    JSON.stringify({
      case_id: 'names',
      indicators: {
        domains: ['co.jp', 'github.io', 'evil.co.jp'],
        judged: [
          { value: '203.0.113.45:8443', type: 'ip-port', confidence: 0.9, role: 'c2', hosts: ['PC-SALES02'] },
          { value: '198.51.100.9', type: 'ip', confidence: 0.3, role: 'c2', hosts: ['PC-OTHER'] },
          { value: 'update.vendor.example', type: 'domain', confidence: 0.95, role: 'c2', hosts: ['PC-SALES02'] },
        ],
      },
      hosts: [
        { ip: '10.10.1.22', name: 'PC-SALES02', verdict: 'compromised' },
        { ip: '10.10.1.40', name: 'PC-OTHER', verdict: 'suspicious', via: ['198.51.100.9'] },
        { ip: '10.10.0.3', name: 'PROXY', verdict: 'compromised', infrastructure: 'proxy' },
      ],
      unresolved_hosts: [
        { name: 'FS01', verdict: 'compromised', confidence: 0.95, reasons: ['brute-force-success'] },
        { name: 'WEB01', verdict: 'compromised', confidence: 0.9, reasons: ['brute-force'] },
      ],
    }),
  );
  const allow = join(caseDir, 'allow.txt');
  writeFileSync(allow, 'dest update.vendor.example only=beacon\n');

  it('lists the name-only hosts as manual steps, never drops them; --hosts NAME=IP resolves one', () => {
    const r = konseki([
      'respond',
      '--case',
      caseDir,
      '--level',
      'isolate-hosts',
      '--mgmt',
      '10.30.0.10',
      '--allow',
      allow,
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('2 compromised host(s) have no address (FS01, WEB01)');
    const plan = JSON.parse(readFileSync(join(caseDir, 'respond', 'plan.json'), 'utf8'));
    expect(plan.unresolved_hosts.map((u: { name: string }) => u.name)).toEqual(['FS01', 'WEB01']);
    expect(readFileSync(join(caseDir, 'respond', 'RESPONSE.md'), 'utf8')).toContain('--hosts FS01=<IP>');
    // the proxy is held for a human; the host that only contacted a low-confidence indicator is not isolated
    expect(plan.hosts.map((h: { ip: string }) => h.ip)).toEqual(['10.10.1.22']);
    expect(plan.held_hosts.map((h: { ip: string; why: string }) => [h.ip, h.why])).toEqual([
      ['10.10.1.40', 'indicators-not-blocked'],
      ['10.10.0.3', 'infrastructure:proxy'],
    ]);
    // judged: the port indicator blocked on its port, the allow-listed name and the weak address left for a human
    expect(plan.indicators.ports).toEqual(['203.0.113.45:8443']);
    expect(plan.judged.review.map((j: { value: string; excluded?: string }) => [j.value, j.excluded ?? null])).toEqual([
      ['198.51.100.9', null],
      ['update.vendor.example', 'allow-list'],
    ]);
    // public suffixes are refused, the domain under one is kept
    expect(plan.indicators.domains).toEqual(['evil.co.jp']);
    expect(plan.refused.filter((x: { params: { reason: string } }) => x.params.reason === 'public-suffix').length).toBe(
      2,
    );

    const r2 = konseki([
      'respond',
      '--case',
      caseDir,
      '--level',
      'isolate-hosts',
      '--mgmt',
      '10.30.0.10',
      '--hosts',
      'FS01=10.10.2.10',
    ]);
    expect(r2.code).toBe(0);
    const plan2 = JSON.parse(readFileSync(join(caseDir, 'respond', 'plan.json'), 'utf8'));
    expect(plan2.unresolved_hosts.map((u: { name: string }) => u.name)).toEqual(['WEB01']);
    expect(plan2.hosts).toContainEqual({ ip: '10.10.2.10', name: 'FS01' });
  });

  it('case contain records a step of the plan with its measures, when and by whom', () => {
    const r = konseki(['respond', '--case', caseDir, '--level', 'cnc-only']);
    expect(r.code).toBe(0);
    const plan = JSON.parse(readFileSync(join(caseDir, 'respond', 'plan.json'), 'utf8'));
    const states = plan.steps.find((s: { what: string }) => s.what === 'states');
    expect(states.measures).toEqual(['cut-sessions']);
    const c = konseki(['case', 'contain', 'applied', states.id, '--case', caseDir, '--author', 'yamada']);
    expect(c.code, c.stderr).toBe(0);
    const rec = JSON.parse(readFileSync(join(caseDir, 'incident-record.json'), 'utf8'));
    expect(
      rec.containment.map((e: { measure: string; step: string; author: string; status: string }) => [
        e.measure,
        e.step,
        e.author,
        e.status,
      ]),
    ).toEqual([['cut-sessions', states.id, 'yamada', 'applied']]);
    expect(Number.isNaN(Date.parse(rec.containment[0].ts))).toBe(false);
  });

  it('refuses --internal 0.0.0.0/0 and ::/0 (rules that never match) with an error', () => {
    for (const net of ['0.0.0.0/0', '::/0', '10.0.0.0/8,0.0.0.0/1']) {
      const r = konseki(['respond', '--case', caseDir, '--level', 'all-external', '--internal', net]);
      expect([net, r.code]).toEqual([net, 2]);
      expect(r.stderr).toContain('covers (almost) every address');
    }
  });

  it('warns when a level blocks nothing', () => {
    const empty = tempDir('empty');
    writeFileSync(
      join(empty, 'case.json'),
      JSON.stringify({ indicators: { judged: [{ value: '198.51.100.9', type: 'ip', confidence: 0.2 }] } }),
    );
    const r = konseki(['respond', '--case', empty, '--level', 'cnc-only']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('level cnc-only blocks nothing here');
  });
});
