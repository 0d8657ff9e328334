import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { IocSet } from './set.ts';
import { canonicalCidr } from './values.ts';
import { mulberry32 } from '../core/rng.ts';

const rng = mulberry32;

describe('IocSet.matchIp against a brute-force ipaddr.js match', () => {
  it('random v4 and v6 CIDRs of every length: same verdict and the most specific range', () => {
    const r = rng(7);
    const set = new IocSet();
    const ranges: Array<[ipaddr.IPv4 | ipaddr.IPv6, number, string]> = [];
    const v4 = (): string => Array.from({ length: 4 }, () => Math.floor(r() * 4) + (r() < 0.5 ? 10 : 192)).join('.');
    const v6 = (): string =>
      `2001:db8:${Math.floor(r() * 4).toString(16)}:${Math.floor(r() * 4).toString(16)}::${Math.floor(r() * 65536).toString(16)}`;
    for (let i = 0; i < 300; i++) {
      const six = r() < 0.4;
      const len = Math.floor(r() * (six ? 129 : 33));
      const c = canonicalCidr(`${six ? v6() : v4()}/${len}`);
      if (!c) continue;
      set.add({ value: c.value, type: c.type, source: 'random' });
      if (c.type === 'cidr') ranges.push([...ipaddr.parseCIDR(c.value), c.value]);
      else ranges.push([ipaddr.parse(c.value), c.value.includes(':') ? 128 : 32, c.value]);
    }
    for (let i = 0; i < 3000; i++) {
      const ip = r() < 0.5 ? v4() : v6();
      const a = ipaddr.parse(ip);
      const hits = ranges
        .filter(([net, len]) => net.kind() === a.kind() && a.match(net, len))
        .sort((x, y) => y[1] - x[1]);
      const got = set.matchIp(ip);
      expect(got?.value ?? null, ip).toBe(hits[0]?.[2] ?? null);
    }
  });

  it('/0 matches everything of its family only', () => {
    const set = new IocSet();
    set.add({ value: '0.0.0.0/0', type: 'cidr', source: 't' });
    expect(set.matchIp('255.255.255.255')?.value).toBe('0.0.0.0/0');
    expect(set.matchIp('::1')).toBeUndefined();
    expect(set.matchIp('not an ip')).toBeUndefined();
  });
});
