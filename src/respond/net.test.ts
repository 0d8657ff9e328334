import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { collapse, complement, parseNet, rangeText, rpzIpLabel, type Net } from './net.ts';

const py = spawnSync('python3', ['-c', 'import ipaddress'], { encoding: 'utf8' }).status === 0;
const net = (s: string): Net => {
  const r = parseNet(s);
  if (!r.ok) throw new Error(`${s}: ${r.why}`);
  return r.net;
};

/** Python's ipaddress module, an independent implementation, as the oracle. */
function python(code: string, input: unknown): unknown {
  const r = spawnSync('python3', ['-c', `import ipaddress, json, sys\ndata = json.load(sys.stdin)\n${code}`], {
    input: JSON.stringify(input),
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

describe('parseNet', () => {
  it('accepts canonical and compressible forms, clears host bits', () => {
    expect(net('203.0.113.10').text).toBe('203.0.113.10');
    expect(net('198.51.100.77/24').text).toBe('198.51.100.0/24');
    expect(parseNet('198.51.100.77/24')).toMatchObject({ ok: true, hostBitsCleared: true });
    expect(net('2001:DB8:0:0::1').text).toBe('2001:db8::1');
    expect(net('::ffff:192.0.2.1').text).toBe('192.0.2.1');
    expect(net('::ffff:192.0.2.0/120').text).toBe('192.0.2.0/24');
  });
  it('refuses what a firewall would have to guess', () => {
    for (const [s, why] of [
      ['010.1.1.1', 'ambiguous'],
      ['0x7f.1', 'syntax'],
      ['127.1', 'syntax'],
      ['1.2.3.256', 'syntax'],
      ['fe80::1%eth0', 'zone'],
      ['1.2.3.4/33', 'prefix'],
      ['1.2.3.4/', 'prefix'],
      ['1.2.3.4 ', 'syntax'],
      ['1.2.3.4;', 'syntax'],
      ['2001:db8::1::2', 'syntax'],
    ] as const) {
      expect(parseNet(s)).toEqual({ ok: false, why });
    }
  });
});

describe.skipIf(!py)('against python ipaddress', () => {
  const samples = [
    '203.0.113.10',
    '10.1.2.3/8',
    '2001:db8:0:0:1::1',
    '2001:0:0:1:0:0:0:1/128',
    '2001:db8::/32',
    'fe80::/10',
    '::/0',
    '0.0.0.0/0',
    '255.255.255.255',
  ];
  it('canonical text equals ipaddress compressed form', () => {
    const expected = python(
      `print(json.dumps([str(ipaddress.ip_network(s, strict=False)) for s in data]))`,
      samples,
    ) as string[];
    expect(samples.map((s) => net(s).cidr)).toEqual(expected);
  });
  it('complement covers exactly the address space minus the excluded networks', () => {
    const excluded = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '192.0.2.25', 'fc00::/7', '2001:db8::5'];
    const ours = [...complement(4, excluded.map(net)), ...complement(6, excluded.map(net))].map((r) => rangeText(r));
    const theirs = python(
      `out = []
for fam, full in ((4, '0.0.0.0/0'), (6, '::/0')):
    nets = [ipaddress.ip_network(full)]
    for e in data:
        x = ipaddress.ip_network(e)
        if x.version != fam: continue
        nxt = []
        for n in nets:
            nxt.extend(n.address_exclude(x) if x.subnet_of(n) else ([] if n.subnet_of(x) else [n]))
        nets = nxt
    for n in ipaddress.collapse_addresses(nets): out.append([str(n[0]), str(n[-1])])
print(json.dumps(out))`,
      excluded,
    ) as Array<[string, string]>;
    // python gives CIDR blocks; merge adjacent ones into ranges to compare with ours
    const merged: string[] = [];
    let cur: [string, string] | undefined;
    const toBig = (s: string): bigint => {
      const n = net(s);
      return n.addr;
    };
    for (const [a, b] of theirs) {
      if (cur && toBig(a) === toBig(cur[1]) + 1n && a.includes(':') === cur[0].includes(':')) cur[1] = b;
      else {
        if (cur) merged.push(cur[0] === cur[1] ? cur[0] : `${cur[0]}-${cur[1]}`);
        cur = [a, b];
      }
    }
    if (cur) merged.push(cur[0] === cur[1] ? cur[0] : `${cur[0]}-${cur[1]}`);
    expect(ours).toEqual(merged);
  });
  it('rpz-ip owner labels: reversed octets / groups with zz for the RFC 5952 zero run', () => {
    const nets = ['198.51.100.0/24', '203.0.113.10', '2001:db8::/48', '2001:db8:0:0:1::1', '2001:0:0:1::1/128', '::1'];
    const expected = python(
      `out = []
for s in data:
    n = ipaddress.ip_network(s)
    if n.version == 4:
        out.append('.'.join([str(n.prefixlen)] + str(n.network_address).split('.')[::-1]))
    else:
        c = n.network_address.compressed
        head, _, tail = c.partition('::')
        groups = (head.split(':') if head else []) + (['zz'] if '::' in c else []) + (tail.split(':') if tail else [])
        out.append('.'.join([str(n.prefixlen)] + groups[::-1]))
print(json.dumps(out))`,
      nets,
    );
    expect(nets.map((s) => rpzIpLabel(net(s)))).toEqual(expected);
    // the examples of the BIND documentation
    expect(rpzIpLabel(net('198.51.100.0/24'))).toBe('24.0.100.51.198');
    expect(rpzIpLabel(net('2001:db8::/48'))).toBe('48.zz.db8.2001');
  });
});

describe('collapse', () => {
  it('drops duplicates and networks inside others (nft interval sets refuse overlaps)', () => {
    const out = collapse(
      [
        '198.51.100.0/24',
        '198.51.100.7',
        '198.51.100.0/25',
        '203.0.113.1',
        '203.0.113.1',
        '2001:db8::/32',
        '2001:db8::1',
      ].map(net),
    );
    expect(out.map((n) => n.text)).toEqual(['198.51.100.0/24', '203.0.113.1', '2001:db8::/32']);
  });
});
