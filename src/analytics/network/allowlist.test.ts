import { describe, expect, it } from 'vitest';
import type { Issue } from '../../core/issue.ts';
import { AllowList, globMatch } from './allowlist.ts';
import { FlowPolicy } from './policy.ts';

describe('allow-list', () => {
  const issues: Issue[] = [];
  const list = new AllowList();
  list.addText(
    [
      '# comment',
      'dest update.microsoft.com            # domain and subdomains',
      'dest =exact.example.com',
      'dest 203.0.113.0/24',
      'dest ntp.example.jp:123 only=beacon',
      'dest [2001:db8::1]:8443',
      'host 10.20.0.50 only=off-hours,large-upload',
      'pair 10.20.0.40 -> 10.10.0.0/16:5985',
      'ua Microsoft-Delivery-Optimization/*',
      'ua "python-requests/*" only=rare-user-agent',
      'dest not a host!',
      'frobnicate 1.2.3.4',
      'host 10.1.2.300',
      'pair 10.0.0.1',
    ].join('\n'),
    'allow.txt',
    issues,
  );

  it('reads the good lines and reports the bad ones with their line numbers', () => {
    expect(list.size).toBe(9);
    expect(issues.map((i) => i.at.line)).toEqual([11, 12, 13, 14]);
    expect(issues.every((i) => i.code === 'network.allow_bad_line' && i.at.file === 'allow.txt')).toBe(true);
  });

  it('matches domains with their subdomains, exact names, networks and ports', () => {
    expect(list.dest('update.microsoft.com', 443, 'beacon')).toBe(true);
    expect(list.dest('slscr.update.microsoft.com', 443, 'beacon')).toBe(true);
    expect(list.dest('notupdate.microsoft.com', 443, 'beacon')).toBe(false);
    expect(list.dest('exact.example.com', 443, 'beacon')).toBe(true);
    expect(list.dest('www.exact.example.com', 443, 'beacon')).toBe(false);
    expect(list.dest('203.0.113.77', 8443, 'beacon')).toBe(true);
    expect(list.dest('ntp.example.jp', 123, 'beacon')).toBe(true);
    expect(list.dest('ntp.example.jp', 123, 'off-hours')).toBe(false);
    expect(list.dest('ntp.example.jp', 80, 'beacon')).toBe(false);
    expect(list.dest('2001:db8::1', 8443, 'connect-nonstandard-port')).toBe(true);
  });

  it('hosts, pairs and User-Agents, limited to analyses with only=', () => {
    expect(list.host('10.20.0.50', 'off-hours')).toBe(true);
    expect(list.host('10.20.0.50', 'beacon')).toBe(false);
    expect(list.pair('10.20.0.40', '10.10.3.4', 5985, 'lateral-fanout')).toBe(true);
    expect(list.pair('10.20.0.40', '10.10.3.4', 445, 'lateral-fanout')).toBe(false);
    expect(list.pair('10.10.1.1', 'x.update.microsoft.com', 443, 'beacon')).toBe(true);
    expect(list.userAgent('Microsoft-Delivery-Optimization/10.0', 'rare-user-agent')).toBe(true);
    expect(list.userAgent('python-requests/2.31.0', 'rare-user-agent')).toBe(true);
    expect(list.userAgent('python-requests/2.31.0', 'off-hours')).toBe(false);
  });

  it('glob matching is linear on hostile input', () => {
    expect(globMatch('a*b*c', 'axxbyyc')).toBe(true);
    expect(globMatch('a*b*c', 'axxbyy')).toBe(false);
    const started = Date.now();
    expect(globMatch('*a*a*a*a*a*a*a*a*b', 'a'.repeat(5000))).toBe(false);
    expect(Date.now() - started).toBeLessThan(5000); // a hang detector (backtracking would take minutes), not a speed target
  });
});

describe('flow policy', () => {
  const issues: Issue[] = [];
  const p = new FlowPolicy();
  p.addText(
    [
      'src_cidr,dst_cidr,dst_port,proto',
      'clients,servers,53 88 445 49152-65535,tcp',
      'clients,servers,53,udp',
      '10.20.0.40,clients,5985,tcp',
      'mgmt,*,*,*',
      'zone,clients,10.10.0.0/16',
      'zone,servers,10.20.0.0/24',
      'zone,mgmt,10.30.0.0/24',
      'clients,servers,99999,tcp',
      'nowhere,servers,80,tcp',
      'zone,bad',
    ].join('\n'),
    'policy.csv',
    issues,
  );

  it('allows what the rules say, with zones defined anywhere in the file', () => {
    expect(p.allowing('10.10.1.5', '10.20.0.20', 445, 'tcp')?.line).toBe(2);
    expect(p.allowing('10.10.1.5', '10.20.0.20', 50_000, 'tcp')).toBeDefined();
    expect(p.allowing('10.10.1.5', '10.20.0.20', 53, 'udp')).toBeDefined();
    expect(p.allowing('10.10.1.5', '10.20.0.20', 3389, 'tcp')).toBeUndefined();
    expect(p.allowing('10.10.1.5', '10.10.2.33', 445, 'tcp')).toBeUndefined();
    expect(p.allowing('10.20.0.40', '10.10.2.33', 5985, 'tcp')).toBeDefined();
    expect(p.allowing('10.30.0.10', '10.10.2.33', undefined, 'icmp')).toBeDefined();
    expect(p.zoneOf('10.10.9.9')).toBe('clients');
    expect(p.zoneOf('192.168.1.1')).toBe('');
  });

  it('reports bad lines', () => {
    expect(issues.map((i) => i.at.line).sort()).toEqual([10, 11, 9]);
  });
});
