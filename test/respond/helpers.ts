/** The real tools that check konseki's containment artifacts, and hostile plans to feed the generators. */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ResponsePlan } from '../../src/respond/types.ts';

export function run(cmd: string, args: string[], input?: string): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { encoding: 'utf8', input, maxBuffer: 256 << 20 });
}

function has(cmd: string, args: string[]): boolean {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return !r.error;
}

const warned = new Set<string>();
/** True when the tool runs here; otherwise warns once, and the test using it is skipped. */
export function tool(name: string, probe: string[] = ['--version'], pkg = name): boolean {
  const ok = has(name, probe);
  if (!ok && !warned.has(name)) {
    warned.add(name);
    console.warn(`[konseki tests] ${name} not found: skipping its checks (apt-get install ${pkg})`);
  }
  return ok;
}

export const TOOLS = {
  nft: tool('nft', ['--version'], 'nftables'),
  squid: tool('squid', ['-v']),
  namedCheckzone: tool('named-checkzone', ['-v'], 'bind9-utils'),
  namedCheckconf: tool('named-checkconf', ['-v'], 'bind9-utils'),
  unbound: tool('unbound-checkconf', ['-h'], 'unbound'),
  dnsmasq: tool('dnsmasq', ['--version'], 'dnsmasq-base'),
  python: tool('python3', ['--version'], 'python3'),
  sh: tool('sh', ['-c', 'true'], 'dash'),
};

/** Root in a private network namespace: apply rules for real without touching this machine's firewall. */
export const NETNS = (() => {
  const r = spawnSync(
    'unshare',
    ['--net', 'sh', '-c', 'ipset list -n >/dev/null && iptables -S >/dev/null && nft list ruleset >/dev/null'],
    { encoding: 'utf8' },
  );
  if (r.status !== 0)
    console.warn(
      '[konseki tests] cannot run ipset/iptables/nft in a private network namespace (needs root, unshare, ipset, iptables): skipping the apply/rollback checks',
    );
  return r.status === 0;
})();

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `konseki-${prefix}-`));
}

/** Values that try to leave their quoting in one syntax or another; every one must be refused. */
export const HOSTILE_IPS = [
  '203.0.113.5"; flush ruleset; "',
  '1.2.3.4\nflush ruleset',
  "1.2.3.4' -j ACCEPT #",
  '1.2.3.4 }',
  '1.2.3.4/0',
  '0.0.0.0',
  '127.0.0.1',
  '224.0.0.1',
  '::1',
  'fe80::1%eth0',
  '010.010.010.010',
  '1.2.3.4;reboot',
  '$(reboot)',
  '`id`',
];
export const HOSTILE_DOMAINS = [
  'evil.example\nhttp_access allow all',
  'evil.example"; include "/etc/passwd',
  "ev'il.example",
  'evil.example; rm -rf /',
  'evil.example}',
  '${service_name}.example',
  'evil\u202e.example',
  'evil\u0000.example',
  `${'a'.repeat(64)}.example`,
  Array(5).fill('b'.repeat(62)).join('.') + '.example',
  'localhost',
  '-rf.example',
  'xn--zz.example',
  '<script>.example',
  'evil.example\r\naddress=/#/',
];
export const HOSTILE_URLS = [
  'javascript:alert(1)',
  'http://evil.example/a b',
  "http://ev'il.example/",
  'http://evil.example/\nhttp_access allow all',
  'file:///etc/passwd',
  'http://127.0.0.1/x',
];
/** Odd but legal values that must be accepted, canonicalized. */
export const ODD_BUT_VALID = {
  ips: ['198.51.100.77/24', '2001:DB8:0:0::1', '::ffff:192.0.2.1', '203.0.113.10'],
  domains: [
    'EVIL.Example.',
    '*.wild.example',
    'ｅｖｉｌ２．example',
    'пример.испытание',
    '例え.テスト',
    'c2[.]bad[.]example',
    `${'c'.repeat(63)}.example`,
  ],
  urls: [
    'hxxp://dl.bad[.]example/a.exe?x=${service_name}&q="\'<>',
    'http://[2001:db8::7]:8080/p',
    'https://user:pw@exfil.example:8443/up#frag',
  ],
};
/** Strings that must never appear in any generated file. */
export const FORBIDDEN_IN_OUTPUT = [
  'flush ruleset',
  'rm -rf',
  'http_access allow all',
  '/etc/passwd',
  '$(reboot)',
  '`id`',
  '-j ACCEPT #',
  '${service_name}',
  '<script>',
  'address=/#/',
  "ev'il",
  '\u202e',
  '\u0000',
];

export function hostilePlan(level: ResponsePlan['level'], extra: Partial<ResponsePlan> = {}): ResponsePlan {
  return {
    caseId: 'case-42"; drop',
    level,
    indicators: {
      ips: [...HOSTILE_IPS, ...ODD_BUT_VALID.ips, '10.0.0.250'],
      cidrs: ['198.51.100.0/24', '100.64.0.0/10'],
      domains: [...HOSTILE_DOMAINS, ...ODD_BUT_VALID.domains],
      urls: [...HOSTILE_URLS, ...ODD_BUT_VALID.urls],
    },
    hosts: [
      { ip: '10.0.0.7', name: 'PC-07' },
      { ip: '10.0.0.8', name: 'FS01<script>' },
      { ip: 'fd00::7' },
      { ip: '10.0.0.9; rm -rf /' },
    ],
    accounts: [
      { name: 'CORP\\taro', kind: 'ad' },
      { name: '山田', kind: 'ad', action: 'reset-password' },
      { name: "bob'; rm -rf /", kind: 'ad' },
      { name: 'alice\nEnable-ADAccount', kind: 'ad' },
      { name: '\u2018quote\u2019', kind: 'windows-local' },
      { name: 'svc-web', kind: 'linux' },
      { name: '-rf', kind: 'linux' },
      { name: 'PC07$', kind: 'ad' },
    ],
    mailServers: ['192.0.2.25', '2001:db8:25::25'],
    managementHosts: ['10.0.0.250'],
    ...extra,
  };
}
