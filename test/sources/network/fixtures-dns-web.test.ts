// DNS servers, web servers, EVE layouts, Zeek JSON with ISO times and gzip handling, on hand-written
// real-format fixtures. Counts come from grep/python; times from GNU date.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, byLine, dateSeconds, grepCount, mtimeOf, py, readSniffed } from './helpers.ts';

const fx = (n: string): string => join(FIXTURES, n);

describe('BIND queries channel', () => {
  it('"query:" lines with category/severity prefixes, views, flags, ECS and syslog framing; other named lines ignored', async () => {
    const file = fx('bind-queries.log');
    const r = await readSniffed(file, 'bind-query', { mtimeUs: mtimeOf(2024), timeZone: 'Asia/Tokyo' });
    expect(r.stats.events).toBe(grepCount('client [^ ]*.*#[0-9]+ .*: query: ', file));
    expect(r.stats.skipped).toBe(grepCount('client ', file) - r.stats.events);
    const [local, view, v6, syslog] = r.events;
    expect([
      local.host,
      local.fields.query,
      local.fields.record_type,
      local.fields.flags,
      local.fields.dst_ip,
      local.fields.dns_type,
    ]).toEqual(['127.0.0.1', 'www.example.com', 'AAAA', '+E(0)K', '127.0.0.1', 'query']);
    expect(local.ts).toBe(dateSeconds('Asia/Tokyo', '2024-02-17 10:00:00') * 1e6 + 123000);
    expect([view.fields.view, view.fields.record_type, view.fields.query]).toEqual([
      'internal',
      'TXT',
      'c2.evil.example',
    ]);
    expect([v6.host, v6.fields.src_port, v6.fields.dst_ip]).toEqual(['2001:db8::20', 41000, '2001:db8::1']);
    expect([syslog.host, syslog.fields.record_type, syslog.ts]).toEqual([
      '10.0.0.7',
      'ANY',
      dateSeconds('Asia/Tokyo', '2024-02-17 10:00:03') * 1e6,
    ]);
  });
});

describe('Unbound', () => {
  it('query/reply tags, epoch and ASCII times, syslog framing, RPZ; startup lines ignored, a broken query skipped', async () => {
    const file = fx('unbound.log');
    const r = await readSniffed(file, 'unbound', { mtimeUs: mtimeOf(2020) });
    const records =
      grepCount('(info|query|reply): [0-9a-f.:]+ [^ ]+\\. [A-Z]+ IN', file) + grepCount('rpz: applied', file);
    expect(r.stats.events).toBe(records);
    expect(r.stats.skipped).toBe(
      grepCount('(query|reply): ', file) - grepCount('(query|reply): [0-9a-f.:]+ [^ ]+\\. ', file),
    );
    const reply = byLine(r.events, 4);
    expect([
      reply.ts,
      reply.fields.dns_type,
      reply.fields.rcode,
      reply.fields.duration,
      reply.fields.cached,
      reply.fields.query,
    ]).toEqual([1608044190e6, 'reply', 'NOERROR', 0.068642, 0, 'www.google.com']);
    expect(byLine(r.events, 5).ts).toBe(dateSeconds('UTC', '2020-11-05 23:30:33') * 1e6);
    expect([byLine(r.events, 7).host, byLine(r.events, 7).fields.record_type]).toEqual(['2001:db8::5', 'AAAA']);
    const rpz = byLine(r.events, 8);
    expect([rpz.host, rpz.fields.query, rpz.fields.action, rpz.fields.rpz_zone]).toEqual([
      '192.168.1.112',
      'tracker.ads.example',
      'rpz-nxdomain',
      'opf:list:ads',
    ]);
  });
});

describe('dnsmasq', () => {
  it('queries, forwards, replies with the client of their query, extra serials; DHCP lines ignored', async () => {
    const file = fx('dnsmasq.log');
    const r = await readSniffed(file, 'dnsmasq', { mtimeUs: mtimeOf(2024) });
    const dnsmasqLines = grepCount('dnsmasq\\[', file);
    expect(r.stats.events).toBe(
      grepCount(
        'dnsmasq\\[[0-9]+\\]: ([0-9]+ [^ ]+ )?(query\\[[A-Z]+\\] [^ ]+ from |forwarded |reply |cached |config |/etc/hosts )',
        file,
      ),
    );
    expect(r.stats.skipped).toBe(dnsmasqLines - r.stats.events);
    expect(r.stats.ignored).toBe(grepCount('dnsmasq-dhcp', file));
    expect(r.events.filter((e) => e.fields.dns_type === 'query').map((e) => e.host)).toEqual([
      '192.168.1.135',
      '192.168.1.136',
      '192.168.1.20',
      '192.168.1.249',
    ]);
    expect([byLine(r.events, 3).host, byLine(r.events, 3).fields.answer]).toEqual(['192.168.1.135', ['<CNAME>']]);
    expect(byLine(r.events, 4).host).toBeUndefined(); // the CNAME target was never queried by a client
    expect([byLine(r.events, 6).host, byLine(r.events, 6).fields.rcode]).toEqual(['192.168.1.136', 'NXDOMAIN']);
    expect([byLine(r.events, 8).fields.dns_type, byLine(r.events, 8).fields.answer]).toEqual([
      'hosts',
      ['192.168.1.1'],
    ]);
    const extraReply = byLine(r.events, 13);
    expect([extraReply.host, extraReply.fields.serial, extraReply.fields.answer]).toEqual([
      '192.168.1.249',
      '106331',
      ['216.150.1.1'],
    ]);
    expect(byLine(r.events, 12).fields.dst_ip).toBe('1.1.1.1');
  });
});

describe('Windows DNS Server debug log', () => {
  it('PACKET lines (US and Japanese dates, CRLF), qnames decoded, client vs. upstream direction; header ignored', async () => {
    const file = fx('windows-dns.log');
    const r = await readSniffed(file, 'windows-dns', { timeZone: 'Asia/Tokyo' });
    const packets = grepCount(' PACKET ', file);
    const wellFormed = grepCount(' PACKET +[0-9A-F]+ UDP (Snd|Rcv) ', file);
    expect(r.stats.events).toBe(wellFormed);
    expect(r.stats.skipped).toBe(packets - wellFormed);
    const q = byLine(r.events, 10);
    expect([q.host, q.fields.query, q.fields.dns_type, q.fields.direction, q.fields.flags]).toEqual([
      '10.161.60.71',
      'somecomputer.domain.com',
      'query',
      'receive',
      'D',
    ]);
    expect(q.ts).toBe(dateSeconds('Asia/Tokyo', '2013-06-05 10:00:32') * 1e6);
    const upstream = byLine(r.events, 14);
    expect([upstream.host, upstream.fields.dst_ip, upstream.fields.src_ip]).toEqual([undefined, '10.2.0.1', undefined]);
    expect(upstream.ts).toBe(dateSeconds('Asia/Tokyo', '2017-04-21 19:52:03') * 1e6);
    const jp = byLine(r.events, 17);
    expect([jp.host, jp.fields.query, jp.fields.rcode, jp.fields.flags, jp.fields.record_type]).toEqual([
      '192.168.10.5',
      'aaaaa.tunnel-c2.example',
      'NXDOMAIN',
      'A DR',
      'TXT',
    ]);
    expect(jp.ts).toBe(dateSeconds('Asia/Tokyo', '2017-04-21 19:52:04') * 1e6);
  });
});

describe('Apache / nginx access logs', () => {
  it('combined, common, extra fields, binary and "-" requests, escaped quotes; a foreign line skipped', async () => {
    const file = fx('web-access.log');
    const r = await readSniffed(file, 'web-access');
    expect(r.stats.events).toBe(grepCount('^[^ ]+ [^ ]+ [^ ]+ \\[[^]]+\\] "', file));
    expect(r.stats.skipped).toBe(grepCount('', file) - r.stats.events);
    const [apache, trav, wp, tls, dash, common, quoted] = r.events;
    expect(apache.ts).toBe(dateSeconds('UTC', '2000-10-10 13:55:36 -0700') * 1e6);
    expect([
      apache.fields['cs-username'],
      apache.fields['cs-uri-stem'],
      apache.fields['sc-bytes'],
      apache.fields['cs-referer'],
    ]).toEqual(['frank', '/apache_pb.gif', 2326, 'http://www.example.com/start.html']);
    expect([trav.fields['sc-status'], trav.fields['c-useragent'], trav.ts]).toEqual([
      400,
      'curl/8.4.0',
      dateSeconds('UTC', '2024-03-12 01:02:03 +0900') * 1e6,
    ]);
    expect([wp.host, wp.fields['cs-uri-query'], wp.fields['cs-method']]).toEqual([
      '2001:db8::7',
      'action=login',
      'POST',
    ]);
    expect([tls.fields['cs-method'], tls.fields['cs-uri']]).toEqual([
      undefined,
      '\\x16\\x03\\x01\\x00\\xa5\\x01\\x00\\x00\\xa1\\x03\\x03',
    ]);
    expect([dash.fields['cs-uri'], dash.fields['sc-status']]).toEqual([undefined, 408]);
    expect([common.fields['sc-bytes'], common.fields['c-useragent']]).toEqual([undefined, undefined]);
    expect([quoted.fields['cs-uri-query'], quoted.fields['c-useragent']]).toEqual(['x="quoted"', 'ua with "quotes"']);
  });
});

describe('Suricata EVE layouts', () => {
  it('DNS v1/v2/grouped/v3, TLS, alert with http, anomaly; stats ignored, a cut line skipped (python json oracle)', async () => {
    const file = fx('eve-layouts.json');
    const r = await readSniffed(file, 'suricata-eve');
    const o = JSON.parse(
      py(
        `
import sys, json
ok = bad = stats = 0
for l in open(sys.argv[1], 'rb').read().split(b'\\n'):
    if not l.strip(): continue
    try: e = json.loads(l)
    except Exception: bad += 1; continue
    if e.get('event_type') == 'stats': stats += 1
    else: ok += 1
print(json.dumps([ok, bad, stats]))`,
        file,
      ),
    ) as number[];
    expect([r.stats.events, r.stats.skipped, r.stats.ignored]).toEqual(o);
    const [v1, v2, grouped, v3q, v3r, tls, alert, http, anomaly] = r.events;
    expect([
      v1.host,
      v1.fields.src_ip,
      v1.fields.dst_ip,
      v1.fields.query,
      v1.fields.answer,
      v1.fields.dns_type,
    ]).toEqual(['192.168.1.5', '192.168.1.5', '8.8.8.8', 'www.example.com', ['93.184.216.34'], 'reply']);
    expect([v2.host, v2.fields.answer, v2.fields.rcode]).toEqual(['192.168.1.20', ['203.0.113.66'], 'NOERROR']);
    expect(grouped.fields.answer).toEqual(['198.51.100.1', '198.51.100.2']);
    expect([v3q.host, v3q.fields.query, v3q.fields.record_type, v3q.fields.dns_type]).toEqual([
      '10.0.0.2',
      'www.example.com',
      'A',
      'query',
    ]);
    expect([v3r.host, v3r.fields.query, v3r.fields.rcode, v3r.fields.dns_type]).toEqual([
      '10.0.0.2',
      'nx.example.com',
      'NXDOMAIN',
      'reply',
    ]);
    expect([tls.fields.server_name, tls.fields.ja3, tls.fields.ja3s, tls.fields.tls_version]).toEqual([
      'c2.example',
      '72a589da586844d7f0818ce684948eea',
      'b742b407517bac9536a77a7b0fee28e9',
      'TLS 1.2',
    ]);
    expect([alert.logsource, alert.fields.action, alert.fields.sid, alert.fields['http.url']]).toEqual([
      { category: 'ids', product: 'suricata' },
      'blocked',
      2027757,
      '/gate.php',
    ]);
    expect([
      http.fields.url,
      http.fields['cs-host'],
      http.fields.dst_port,
      http.fields['sc-status'],
      http.fields['cs-referrer'],
    ]).toEqual(['http://c2.example:8080/news/index.php?id=7', 'c2.example', 8080, 200, 'http://c2.example/']);
    expect([anomaly.logsource.service, anomaly.fields['anomaly.event']]).toEqual([
      'anomaly',
      'stream.pkt_invalid_timestamp',
    ]);
    expect(v1.ts).toBe(dateSeconds('UTC', '2016-03-15 11:06:50 +0100') * 1e6 + 163441);
  });
});

describe('Zeek JSON with ISO times; gzip (plain, multi-member, truncated)', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'konseki-net-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('Zeek JSON with _path and ISO 8601 ts', async () => {
    const r = await readSniffed(fx('zeek-conn-iso.json'), 'zeek');
    expect(r.events.map((e) => e.ts)).toEqual([
      dateSeconds('UTC', '2024-01-01 00:00:00') * 1e6 + 123456,
      dateSeconds('UTC', '2024-01-01 00:00:02') * 1e6,
    ]);
    expect(r.events.map((e) => e.logsource.service)).toEqual(['conn', 'conn']);
    expect(r.events[1].fields.src_ip).toBe('fd00::1');
  });

  it('gzip files read like the plain file; concatenated members continue; a cut stream keeps what came before', async () => {
    const plain = fx('squid-native-ua.log');
    const gz = join(tmp, 'access.log.1.gz');
    writeFileSync(gz, execFileSync('gzip', ['-c', plain]));
    const a = await readSniffed(plain, 'squid');
    const b = await readSniffed(gz, 'squid');
    expect(b.events.map((e) => e.fields.message)).toEqual(a.events.map((e) => e.fields.message));
    const multi = join(tmp, 'multi.gz');
    writeFileSync(multi, Buffer.concat([execFileSync('gzip', ['-c', plain]), execFileSync('gzip', ['-c', plain])]));
    const m = await readSniffed(multi, 'squid');
    expect(m.stats.events).toBe(2 * a.stats.events);
    const big = join(tmp, 'big.log');
    writeFileSync(big, readFileSync(plain, 'utf8').split('\n').slice(0, 1).join('\n').concat('\n').repeat(50_000));
    const cut = join(tmp, 'cut.gz');
    const full = execFileSync('gzip', ['-c', big]);
    writeFileSync(cut, full.subarray(0, Math.floor(full.length / 2)));
    const c = await readSniffed(cut, 'squid');
    const zcatLines = Number(
      execFileSync('sh', ['-c', `zcat ${cut} 2>/dev/null | wc -l`], { encoding: 'utf8' }).trim(),
    );
    expect(c.issues.some((i) => i.code === 'net.gzip_error')).toBe(true);
    expect(c.stats.events).toBeGreaterThan(1000);
    expect(Math.abs(c.stats.events - zcatLines)).toBeLessThanOrEqual(1); // zcat counts the cut last line only when complete
  });
});
