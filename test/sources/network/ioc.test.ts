// Indicator loading from hand-written real-format files (plain list, STIX 2.1 bundle, MISP event JSON,
// MISP attribute restSearch JSON, MISP CSV) and the matchers an analysis calls per event.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Issue } from '../../../src/core/issue.ts';
import { t } from '../../../src/i18n/index.ts';
import { loadIocFile, loadIocs, IocSet } from '../../../src/ioc/index.ts';
import { grepCount, py } from './helpers.ts';

const dir = join(import.meta.dirname, 'ioc');
const p = (n: string): string => join(dir, n);

describe('plain indicator lists', () => {
  const issues: Issue[] = [];
  const set = loadIocs([p('plain.txt')], issues);

  it('loads every value line; comments skipped; unrecognized lines reported with their line number', () => {
    const valueLines = grepCount('^[^#;/[:space:]]', p('plain.txt'));
    const rejected = issues.filter((i) => i.code === 'ioc.unrecognized');
    expect(set.size + set.stats.duplicates + rejected.length).toBe(valueLines);
    expect(rejected.map((i) => i.at.line)).toEqual([grepCount('', p('plain.txt')) - 1, grepCount('', p('plain.txt'))]);
    expect(set.stats.duplicates).toBe(1);
    expect(set.stats.byType).toEqual({ ip: 4, cidr: 2, domain: 4, url: 3, md5: 1, sha1: 1, sha256: 1, sha512: 0 });
  });

  it('IPs exact and by CIDR (v4 and v6), refanged, labels from comments', () => {
    expect(set.matchIp('198.51.100.23')?.label).toBe('C2 primary');
    expect(set.matchIp('203.0.113.7')?.raw).toBe('203.0.113[.]7');
    expect(set.matchIp('192.0.2.254')?.value).toBe('192.0.2.0/24');
    expect(set.matchIp('192.0.3.1')).toBeUndefined();
    expect(set.matchIp('2001:db8:dead:1234::5')?.value).toBe('2001:db8:dead::/48');
    expect(set.matchIp('2001:0db8:0000:0000:0000:0000:0000:beef')?.value).toBe('2001:db8::beef');
    expect(set.matchIp('::ffff:198.51.100.23')?.value).toBe('198.51.100.23');
    expect(set.matchIp('198.51.100.99')?.line).toBe(17); // "198.51.100.99:8443": the port is dropped
    expect(set.matchIp('2001:db8:deae::1')).toBeUndefined();
  });

  it('domains match themselves and their sub-domains, never a mere suffix', () => {
    expect(set.matchDomain('evil.example')?.value).toBe('evil.example');
    expect(set.matchDomain('a.b.EVIL.example.')?.value).toBe('evil.example');
    expect(set.matchDomain('notevil.example')).toBeUndefined();
    expect(set.matchDomain('bad.example.com')?.raw).toBe('bad[.]example[.]com');
    expect(set.matchDomain('x.evil.org')?.value).toBe('evil.org');
    expect(set.matchDomain('host.wild.example')?.value).toBe('wild.example');
    expect(set.matchHost('203.0.113.7')?.value).toBe('203.0.113.7');
  });

  it('URLs: refanged, scheme-insensitive, default ports ignored, query-less indicators match with a query', () => {
    expect(set.matchUrl('http://evil.example/gate.php')?.raw).toBe('hxxp://evil[.]example/gate.php');
    expect(set.matchUrl('https://EVIL.example:443/gate.php?id=7')?.value).toBe('http://evil.example/gate.php');
    expect(set.matchUrl('http://evil.example/gate.php5')).toBeUndefined();
    expect(set.matchUrl('https://cdn.example.net/payload.bin?x=1')?.value).toBe(
      'https://cdn.example.net/payload.bin?x=1',
    );
    expect(set.matchUrl('https://cdn.example.net/payload.bin?x=2')).toBeUndefined();
    expect(set.matchUrl('http://update.example.org/pkg.exe')?.line).toBe(16);
  });

  it('hashes in any case; EICAR digests computed by python hashlib match', () => {
    const eicar = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';
    const [md5, sha1, sha256] = py(
      'import hashlib,sys; d=sys.argv[1].encode(); print(hashlib.md5(d).hexdigest(), hashlib.sha1(d).hexdigest(), hashlib.sha256(d).hexdigest())',
      eicar,
    )
      .trim()
      .split(' ');
    expect(set.matchHash(md5)?.label).toBe('EICAR md5');
    expect(set.matchHash(sha1.toUpperCase())?.type).toBe('sha1');
    expect(set.matchHash(sha256)?.label).toBe('EICAR sha256');
    expect(set.matchHash('0'.repeat(64))).toBeUndefined();
  });
});

describe('STIX 2.1 bundle', () => {
  const issues: Issue[] = [];
  const set = new IocSet();
  const format = loadIocFile(p('bundle.json'), set, issues);

  it('is read as STIX; every supported comparison becomes an indicator labelled with the indicator name', () => {
    expect(format).toBe('stix');
    expect(set.matchIp('198.51.100.1')?.id).toBe('indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f');
    expect(set.matchIp('198.51.100.1')?.label).toBe('C2 servers (malicious-activity)');
    expect(set.matchIp('2001:db8:dead:beef:dead:beef:dead:1')?.type).toBe('ip');
    expect(set.matchDomain('www.login-portal.example')?.label).toBe('Phishing domain');
    expect(set.matchUrl('http://gate.example/panel/gate.php')?.type).toBe('url');
    expect(set.matchHash('4BAC27393BDD9777CE02453256C5577CD02275510B2227F473D03F533924F877')?.type).toBe('sha256');
    expect(set.matchHash('79054025255fb1a26e4bc422aef54eb4')?.type).toBe('md5');
    expect(set.matchIp('203.0.113.80')?.label).toBe('Exfil endpoint');
    expect(set.matchIp('198.19.255.1')?.value).toBe('198.18.0.0/15');
    expect(set.matchDomain('b.bp.example')?.label).toBe('Bulletproof hoster');
  });

  it('reports what it cannot match: other pattern languages, non-matchable comparisons, broken patterns', () => {
    const indicators = Number(
      py(
        'import json,sys; print(sum(1 for o in json.load(open(sys.argv[1]))["objects"] if o["type"] == "indicator"))',
        p('bundle.json'),
      ),
    );
    const loadedIds = new Set([...set.all()].map((i) => i.id));
    const reported = issues.filter((i) => i.code.startsWith('ioc.stix_'));
    expect(loadedIds.size + reported.length).toBe(indicators);
    const byCode = Object.fromEntries(reported.map((i) => [i.code, i.params]));
    expect(byCode['ioc.stix_pattern_type']).toMatchObject({ type: 'snort' });
    expect(byCode['ioc.stix_bad_pattern']?.pattern).toBe("[ipv4-addr:value = '198.51.100.7'");
    const unsupported = reported.filter((i) => i.code === 'ioc.stix_unsupported').map((i) => String(i.params?.pattern));
    expect(unsupported).toEqual(["[file:name = 'mimikatz.exe']", "[domain-name:value LIKE '%.dyn.example']"]);
    for (const i of reported) expect(t(i.code, i.params, 'ja')).not.toContain('{');
  });
});

describe('MISP exports', () => {
  it('event JSON: attributes and object attributes; to_ids=false and unmatchable types skipped and counted', () => {
    const issues: Issue[] = [];
    const set = new IocSet();
    expect(loadIocFile(p('misp-event.json'), set, issues)).toBe('misp-json');
    const o = JSON.parse(
      py(
        `
import json, sys
e = json.load(open(sys.argv[1]))['Event']
attrs = e['Attribute'] + [a for ob in e['Object'] for a in ob['Attribute']]
print(json.dumps({'ids': sum(1 for a in attrs if a['to_ids']), 'not_ids': sum(1 for a in attrs if not a['to_ids'])}))`,
        p('misp-event.json'),
      ),
    ) as { ids: number; not_ids: number };
    const unsupported = issues.find((i) => i.code === 'ioc.misp_unsupported_types');
    expect(set.size + Number(unsupported?.params?.count)).toBe(o.ids);
    expect(issues.find((i) => i.code === 'ioc.misp_not_ids')?.params?.count).toBe(o.not_ids);
    expect(String(unsupported?.params?.types)).toBe('email-src ×1, regkey ×1');
    expect(set.matchIp('198.51.100.201')?.label).toBe('Fictitious RAT campaign (test) — C2');
    expect(set.matchIp('203.0.113.202')?.raw).toBe('203.0.113.202|8443');
    expect(set.matchIp('192.0.2.200')?.value).toBe('192.0.2.128/25');
    expect(set.matchDomain('x.backup-c2.example')?.id).toBe('a1b2c3d4-0011-4000-8000-000000000011');
    expect(set.matchIp('2001:db8:c2::12')?.type).toBe('ip');
    expect(set.matchUrl('https://rat-c2.example:8443/s2/load.php')?.label).toBe(
      'Fictitious RAT campaign (test) — stage 2',
    );
    expect(set.matchHash('d41d8cd98f00b204e9800998ecf8427e')?.raw).toBe('loader.dll|d41d8cd98f00b204e9800998ecf8427e');
    expect(set.matchDomain('cdn.example.com')).toBeUndefined();
  });

  it('attribute restSearch JSON: hostname, domain|ip (both halves), sha1; event info as label', () => {
    const set = loadIocs([p('misp-restsearch.json')], []);
    expect(set.matchDomain('mail.phish.example')?.label).toBe('Phishing wave');
    expect(set.matchDomain('phish.example')?.value).toBe('phish.example');
    expect(set.matchIp('198.51.100.222')?.type).toBe('ip');
    expect(set.matchHash('DA39A3EE5E6B4B0D3255BFEF95601890AFD80709')?.type).toBe('sha1');
  });

  it('CSV export: rows by header names, quoted commas, to_ids=0 skipped, bad rows reported with line numbers', () => {
    const issues: Issue[] = [];
    const set = new IocSet();
    expect(loadIocFile(p('misp.csv'), set, issues)).toBe('misp-csv');
    const rows = JSON.parse(
      py('import csv,sys,json; r=list(csv.DictReader(open(sys.argv[1]))); print(json.dumps(r))', p('misp.csv')),
    ) as Record<string, string | null>[];
    const ids = rows.filter((r) => r.to_ids === '1');
    expect(set.matchIp('198.51.100.31')?.label).toBe('C2, primary');
    expect(set.matchIp('198.51.100.31')?.line).toBe(2);
    expect(set.matchUrl('http://csv-c2.example/a.php?id=1')?.type).toBe('url');
    expect(set.matchHash('9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08')?.line).toBe(5);
    expect(set.matchDomain('google.com')).toBeUndefined();
    expect(issues.find((i) => i.code === 'ioc.misp_not_ids')?.params?.count).toBe(
      rows.filter((r) => r.to_ids === '0').length,
    );
    expect(issues.find((i) => i.code === 'ioc.unrecognized')?.at.line).toBe(8);
    expect(issues.find((i) => i.code === 'ioc.csv_bad_row')?.at.line).toBe(9);
    expect(set.size).toBe(ids.length - 2); // the mutex and "not-an-ip" rows cannot be matched
  });

  it('several files in one set: the first file naming a value wins; unreadable files are errors, not exceptions', () => {
    const issues: Issue[] = [];
    const set = loadIocs([p('misp.csv'), p('plain.txt'), p('missing.txt')], issues);
    expect(set.stats.files).toBe(2);
    expect(issues.find((i) => i.code === 'ioc.read_failed')?.severity).toBe('error');
    expect(set.matchIp('198.51.100.31')?.source).toBe(p('misp.csv'));
  });
});
