import { describe, expect, it } from 'vitest';
import { registrableDomain } from './event-view.ts';
import { isIpLiteral, parseV4, CidrList } from './ip.ts';
import { DistinctCounter } from './sketch.ts';

describe('DistinctCounter', () => {
  it('is exact up to 64 members and within 6 % after', () => {
    const c = new DistinctCounter();
    for (let i = 0; i < 64; i++) for (let r = 0; r < 3; r++) c.add(i * 7);
    expect(c.count()).toBe(64);
    expect(c.exact).toBe(true);
    for (const n of [200, 1000, 20_000]) {
      const d = new DistinctCounter();
      for (let i = 0; i < n; i++) d.add(i);
      for (let i = 0; i < n; i++) d.add(i);
      expect(Math.abs(d.count() - n) / n).toBeLessThan(0.06);
    }
  });
});

describe('addresses and names', () => {
  it('parses IPv4 without allocation and rejects look-alikes', () => {
    expect(parseV4('10.20.0.5')).toBe(0x0a140005);
    expect(parseV4('255.255.255.255')).toBe(0xffffffff);
    for (const bad of ['10.20.0', '10.20.0.256', '1.2.3.4.5', 'a.b.c.d', '1..2.3', '']) expect(parseV4(bad)).toBe(-1);
    expect(isIpLiteral('2001:db8::1')).toBe(true);
    expect(isIpLiteral('[2001:db8::1]')).toBe(true);
    expect(isIpLiteral('example.com')).toBe(false);
  });

  it('CIDR lists for IPv4 and IPv6', () => {
    const c = new CidrList(['10.0.0.0/8', '192.168.1.0/24', 'fc00::/7']);
    expect(c.contains('10.255.1.1')).toBe(true);
    expect(c.contains('192.168.2.1')).toBe(false);
    expect(c.contains('fd12::1')).toBe(true);
    expect(c.contains('2001:db8::1')).toBe(false);
    expect(c.contains('::ffff:10.1.1.1')).toBe(true);
    expect(c.add('10.0.0.0/33')).toBe(false);
  });

  it('registrable domains by the second-level heuristic', () => {
    expect(registrableDomain('www.example.co.jp')).toBe('example.co.jp');
    expect(registrableDomain('news.yahoo.co.jp')).toBe('yahoo.co.jp');
    expect(registrableDomain('a.b.example.com')).toBe('example.com');
    expect(registrableDomain('www.u-tokyo.ac.jp')).toBe('u-tokyo.ac.jp');
    expect(registrableDomain('203.0.113.5')).toBe('203.0.113.5');
    expect(registrableDomain('localhost')).toBe('localhost');
  });
});
