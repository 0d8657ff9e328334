// Firewall, IDS and proxy formats the corpus lacks (or lacks variants of), on hand-written real-format
// fixtures. Counts come from grep/python; times from GNU date.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, byLine, dateSeconds, grepCount, mtimeOf, py, readSniffed } from './helpers.ts';

const fx = (n: string): string => join(FIXTURES, n);

describe('filterlog variants', () => {
  it('ICMP, IPv6 UDP, ICMPv6, host-less and <PRI> BSD framing; other programs ignored, a cut line skipped', async () => {
    const file = fx('filterlog.log');
    const r = await readSniffed(file, 'pfsense-filterlog', { mtimeUs: mtimeOf(2023) });
    const filterlogLines = grepCount('filterlog', file);
    const complete = grepCount('filterlog.*,(in|out),[46],', file) - grepCount('filterlog.*,63$', file);
    expect(r.stats.events).toBe(complete);
    expect(r.stats.skipped).toBe(filterlogLines - complete);
    expect(r.stats.ignored).toBe(grepCount('php-fpm', file));
    const icmp = byLine(r.events, 2);
    expect([icmp.fields.proto, icmp.fields.icmp_type, icmp.fields.src_port]).toEqual(['icmp', 'request', undefined]);
    const hostless = byLine(r.events, 3);
    expect([hostless.fields.action, hostless.fields.direction, hostless.fields.dst_port]).toEqual(['pass', 'out', 53]);
    expect(hostless.ts).toBe(dateSeconds('UTC', '2023-12-05 09:53:09') * 1e6);
    const v6 = byLine(r.events, 4);
    expect([
      v6.fields.ip_version,
      v6.fields.src_ip,
      v6.fields.dst_ip,
      v6.fields.src_port,
      v6.fields.dst_port,
      v6.fields.proto,
    ]).toEqual([6, '2001:db8:1::10', '2001:4860:4860::8888', 55000, 53, 'udp']);
    expect(byLine(r.events, 5).fields.proto).toBe('ipv6-icmp');
    expect(r.issues.find((i) => i.code === 'net.bad_line')?.at.line).toBe(7);
  });

  it('the same line in Asia/Tokyo is 9 hours earlier in UTC', async () => {
    const r = await readSniffed(fx('filterlog.log'), 'pfsense-filterlog', {
      mtimeUs: mtimeOf(2023),
      timeZone: 'Asia/Tokyo',
    });
    expect(byLine(r.events, 3).ts).toBe(dateSeconds('Asia/Tokyo', '2023-12-05 09:53:09') * 1e6);
  });
});

describe('iptables / nftables LOG variants', () => {
  it('prefix actions, forward, IPv6, ICMP with an embedded packet, ISO syslog time; non-netfilter kernel lines ignored', async () => {
    const file = fx('iptables.log');
    const r = await readSniffed(file, 'iptables', { mtimeUs: mtimeOf(2024) });
    expect(r.stats.events + r.stats.skipped).toBe(grepCount(' SRC=', file));
    expect(r.stats.skipped).toBe(grepCount('SRC=not-an-ip', file));
    expect(r.stats.ignored).toBe(grepCount('NIC Link', file));
    const ufw = byLine(r.events, 1);
    expect([ufw.fields.action, ufw.fields.tcp_flags, ufw.fields.dst_port, ufw.fields.direction]).toEqual([
      'block',
      'SYN',
      57422,
      'in',
    ]);
    const dmesg = byLine(r.events, 2);
    expect([dmesg.fields.log_prefix, dmesg.fields.action, Number.isNaN(dmesg.ts)]).toEqual([
      'Inbound',
      undefined,
      true,
    ]);
    const fwd = byLine(r.events, 3);
    expect([fwd.fields.direction, fwd.fields.action, fwd.fields.in_interface, fwd.fields.out_interface]).toEqual([
      'forward',
      'pass',
      'eth1',
      'eth0',
    ]);
    expect(fwd.ts).toBe(dateSeconds('Asia/Tokyo', '2024-03-12 10:00:00') * 1e6 + 123456);
    const v6 = byLine(r.events, 4);
    expect([v6.fields.src_ip, v6.fields.ip_version, v6.fields.ttl, v6.fields.action]).toEqual([
      '2001:0db8:0000:0000:0000:0000:0000:0066',
      6,
      57,
      'drop',
    ]);
    const icmp = byLine(r.events, 5);
    expect([
      icmp.fields.src_ip,
      icmp.fields.dst_ip,
      icmp.fields.icmp_type,
      icmp.fields.src_port,
      icmp.fields.action,
    ]).toEqual(['198.51.100.9', '192.0.2.1', '3', undefined, 'reject']);
  });
});

describe('Squid combined logformat and native with User-Agent', () => {
  it('combined: CONNECT host:port, IP-literal URL with port, 407 denial; a cut line skipped', async () => {
    const file = fx('squid-combined.log');
    const r = await readSniffed(file, 'squid');
    expect(r.stats.events).toBe(grepCount('" [A-Z_]+:[A-Z_]+$', file));
    expect(r.stats.skipped).toBe(grepCount('', file) - r.stats.events);
    const [connect, ipUrl, denied] = r.events;
    expect([
      connect.fields['cs-host'],
      connect.fields.dst_port,
      connect.fields.action,
      connect.fields['cs-username'],
      connect.fields.hierarchy,
    ]).toEqual(['www.example.com', 443, 'TCP_TUNNEL', 'alice', 'HIER_DIRECT']);
    expect(connect.ts).toBe(dateSeconds('UTC', '2024-03-12 10:00:00 +0900') * 1e6);
    expect([
      ipUrl.fields['cs-host'],
      ipUrl.fields.dst_port,
      ipUrl.fields['c-uri-extension'],
      ipUrl.fields['c-uri-query'],
      ipUrl.fields['c-useragent'],
    ]).toEqual(['203.0.113.50', 8080, 'php', 'id=42', 'Mozilla/4.0 (compatible; MSIE 6.0)']);
    expect([denied.fields['sc-status'], denied.fields.action, denied.fields['c-useragent']]).toEqual([
      407,
      'TCP_DENIED',
      undefined,
    ]);
  });

  it('native with trailing "referer" "agent", IPv6 URL, status 000; a short line skipped', async () => {
    const r = await readSniffed(fx('squid-native-ua.log'), 'squid');
    expect(r.stats.skipped).toBe(1);
    const [ua, connect, v6] = r.events;
    expect([ua.fields['cs-referrer'], ua.fields['c-useragent'], ua.fields.dst_ip, ua.fields.url]).toEqual([
      'http://ref.example/',
      'Mozilla/5.0 (X11; Linux)',
      '198.51.100.66',
      'http://evil.example/c2/beacon.js',
    ]);
    expect([
      connect.fields['cs-host'],
      connect.fields.dst_port,
      connect.fields['c-useragent'],
      connect.fields.url,
    ]).toEqual(['198.51.100.77', 8443, 'Go-http-client/1.1', undefined]);
    expect([
      v6.fields['cs-host'],
      v6.fields.dst_port,
      v6.fields['sc-status'],
      v6.fields.dst_ip,
      v6.fields['c-uri-query'],
    ]).toEqual(['2001:db8::5', 8080, 0, '2001:db8::5', 'y=1']);
  });
});

describe('Snort alert_full, pfSense Snort CSV, Suricata fast.log variants, Snort syslog', () => {
  it('alert_full: one event per record with a time line; the record without one is skipped', async () => {
    const file = fx('snort-alert.full');
    const r = await readSniffed(file, 'snort-full', { mtimeUs: mtimeOf(2024) });
    const records = grepCount('^\\[\\*\\*\\] \\[', file);
    const stamped = grepCount('^[0-9]{2}/[0-9]{2}-[0-9:.]+ .* -> ', file);
    expect(r.stats.events).toBe(stamped);
    expect(r.stats.skipped).toBe(records - stamped);
    const [rpc, icmp, udp, scan] = r.events;
    expect([
      rpc.fields.sid,
      rpc.fields.src_port,
      rpc.fields.dst_port,
      rpc.fields.proto,
      rpc.fields.category,
      rpc.fields.priority,
    ]).toEqual([598, 49609, 111, 'tcp', 'Decode of an RPC Query', 2]);
    expect(rpc.ts).toBe(dateSeconds('UTC', '2024-03-04 21:24:35') * 1e6 + 302060);
    expect([icmp.fields.proto, icmp.fields.src_port, icmp.fields.category, icmp.fields.priority]).toEqual([
      'icmp',
      undefined,
      undefined,
      0,
    ]);
    expect(udp.fields.xref).toEqual([
      'http://cgi.nessus.org/plugins/dump.php3?id=11214',
      'http://cve.mitre.org/cgi-bin/cvename.cgi?name=2002-0649',
    ]);
    expect([scan.fields.gid, scan.fields.proto, scan.fields.src_ip]).toEqual([122, undefined, '10.0.0.66']);
    expect(String(rpc.fields.message).split('\n').length).toBe(6);
  });

  it('pfSense CSV: rows of 13-15 fields (python csv) are events; quoted commas kept; Block → blocked', async () => {
    const file = fx('snort-alert.csv');
    const r = await readSniffed(file, 'snort-csv', { timeZone: 'Asia/Tokyo' });
    const rows = JSON.parse(
      py('import csv,sys,json; print(json.dumps([r for r in csv.reader(open(sys.argv[1]))]))', file),
    ) as string[][];
    const good = rows.filter((c) => c.length >= 13 && c.length <= 15);
    expect(r.stats.events).toBe(good.length);
    expect(r.stats.skipped).toBe(rows.length - good.length);
    expect(r.events.map((e) => e.fields.signature)).toEqual(good.map((c) => c[4]));
    expect(r.events.map((e) => e.fields.sid)).toEqual(good.map((c) => Number(c[2])));
    expect(r.events.map((e) => e.fields.action)).toEqual(['allowed', 'blocked', 'allowed', 'allowed']);
    expect(r.events[0].ts).toBe(dateSeconds('Asia/Tokyo', '2024-03-15 10:21:07') * 1e6 + 123456);
    expect([r.events[3].fields.src_ip, r.events[3].fields.src_port]).toEqual(['2001:db8::1', undefined]);
  });

  it('Suricata fast.log: [Drop], compressed IPv6 with ports, ICMP type/code as ports; a cut line skipped', async () => {
    const file = fx('suricata-fast.log');
    const r = await readSniffed(file, 'suricata-fast');
    expect(r.stats.events).toBe(grepCount('\\{[A-Z]+\\} .* -> ', file));
    expect(r.stats.skipped).toBe(grepCount('\\[\\*\\*\\]', file) - r.stats.events);
    const [drop, v6, icmp] = r.events;
    expect([drop.fields.action, drop.fields.sid, drop.fields.category]).toEqual([
      'blocked',
      2009187,
      'Web Application Attack',
    ]);
    expect([v6.fields.action, v6.fields.src_ip, v6.fields.src_port, v6.fields.dst_ip, v6.fields.dst_port]).toEqual([
      'allowed',
      '2001:db8::10',
      51000,
      '2001:db8::80',
      80,
    ]);
    expect([icmp.fields.proto, icmp.fields.src_port, icmp.fields.dst_port]).toEqual(['icmp', 8, 0]);
  });

  it('Snort syslog alerts (pfSense): interface tag tolerated, portscan without ports; other snort lines ignored', async () => {
    const file = fx('snort-syslog.log');
    const r = await readSniffed(file, 'snort-fast', { mtimeUs: mtimeOf(2024) });
    expect(r.stats.events).toBe(grepCount('snort\\[[0-9]+\\]: \\[[0-9]+:[0-9]+:[0-9]+\\]', file));
    expect(r.stats.ignored).toBe(grepCount('initialization', file));
    expect([r.events[0].fields.src_ip, r.events[0].fields.dst_port, r.events[0].fields.priority]).toEqual([
      '192.168.1.50',
      80,
      1,
    ]);
    expect([r.events[1].fields.gid, r.events[1].fields.src_ip, r.events[1].fields.src_port]).toEqual([
      122,
      '203.0.113.9',
      undefined,
    ]);
  });
});
