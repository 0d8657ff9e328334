import { describe, expect, it } from 'vitest';
import { canonicalDomain, canonicalUrl, classify, displayValue, iocLines, refang } from './indicators.ts';

describe('canonicalDomain', () => {
  it('normalizes what feeds and logs write', () => {
    expect(canonicalDomain('Evil.Example.')).toMatchObject({ ok: true, value: 'evil.example' });
    expect(canonicalDomain('*.evil.example')).toMatchObject({ ok: true, value: 'evil.example', notes: ['wildcard'] });
    expect(canonicalDomain('evil[.]example')).toMatchObject({ ok: true, value: 'evil.example' });
    expect(canonicalDomain('evil.example:8443')).toMatchObject({ ok: true, value: 'evil.example' });
    expect(canonicalDomain('ｅｖｉｌ．example')).toMatchObject({ ok: true, value: 'evil.example' });
    expect(canonicalDomain('例え.テスト')).toMatchObject({ ok: true, value: 'xn--r8jz45g.xn--zckzah' });
    expect(canonicalDomain('_dmarc.evil.example')).toMatchObject({ ok: true, value: '_dmarc.evil.example' });
  });
  it('refuses anything that could leave a quoted context or is not a name', () => {
    const bad: Array<[string, string]> = [
      ['evil.example"; drop', 'syntax'],
      ['evil.example\nhttp_access allow all', 'syntax'],
      ["ev'il.example", 'label'],
      ['evil.example;', 'label'],
      ['$(reboot).example', 'label'],
      ['evil\u202e.example', 'syntax'],
      ['evil\u200b.example', 'syntax'],
      ['-bad.example', 'label'],
      ['bad-.example', 'label'],
      ['a..example', 'label'],
      ['localhost', 'single-label'],
      ['evil.123', 'tld'],
      ['evil.ex_ample', 'tld'],
      ['xn--zz.example', 'idna'],
      [`${'a'.repeat(64)}.example`, 'label'],
      [Array(5).fill('b'.repeat(62)).join('.') + '.example', 'too-long'],
      ['x'.repeat(5000), 'too-long'],
      ['', 'empty'],
    ];
    for (const [v, why] of bad) expect([v, canonicalDomain(v)]).toEqual([v, { ok: false, why }]);
  });
  it('accepts the longest legal name and labels of 63', () => {
    const name = [61, 63, 63, 63].map((n, i) => String.fromCharCode(97 + i).repeat(n)).join('.'); // 253 characters
    expect(name.length).toBe(253);
    expect(canonicalDomain(`${name.slice(0, 249)}.com`)).toMatchObject({ ok: true });
  });
});

describe('canonicalUrl', () => {
  it('drops fragment and credentials, percent-encodes what RFC 3986 does not allow', () => {
    const r = canonicalUrl('hxxp://user:pw@Evil[.]Example/a b');
    expect(r).toEqual({ ok: false, why: 'syntax' });
    const q = canonicalUrl('hxxps://user:pw@Evil[.]Example:8443/p/{x}?q=${service_name}&r="<>"#frag');
    expect(q).toMatchObject({
      ok: true,
      value: { url: 'https://evil.example:8443/p/%7Bx%7D?q=$%7Bservice_name%7D&r=%22%3C%3E%22', host: 'evil.example' },
      notes: ['credentials-removed'],
    });
    expect(canonicalUrl('http://[2001:db8::7]:8080/p')).toMatchObject({ ok: true, value: { host: '2001:db8::7' } });
    expect(canonicalUrl('javascript:alert(1)')).toEqual({ ok: false, why: 'scheme' });
    expect(canonicalUrl('file:///etc/passwd')).toEqual({ ok: false, why: 'scheme' });
    expect(canonicalUrl("http://ev'il.example/")).toEqual({ ok: false, why: 'host' });
  });
});

describe('IOC lists', () => {
  it('classifies lines and reads the first cell', () => {
    expect(
      [
        '1.2.3.4',
        '1.2.3.0/24',
        '2001:db8::1',
        '[2001:db8::1]',
        'evil.example',
        'hxxp://evil[.]example/x',
        'fe80::1%eth0',
      ].map(classify),
    ).toEqual(['ip', 'cidr', 'ip', 'ip', 'domain', 'url', 'ip']);
    const lines = iocLines(
      '\ufeff# comment\n\n203.0.113.10 # feodo\r\n198.51.100.7,botnet,2026-01-01\nevil.example trailing words\n; x\nhttp://e.example/a,b\n',
    );
    expect(lines).toEqual([
      { line: 3, value: '203.0.113.10', trailing: false },
      { line: 4, value: '198.51.100.7', trailing: false },
      { line: 5, value: 'evil.example', trailing: true },
      { line: 7, value: 'http://e.example/a,b', trailing: false },
    ]);
  });
  it('refangs the usual defanging', () => {
    expect(refang('hXXps[:]//evil[.]example(.)com[/]x')).toBe('https://evil.example.com/x');
  });
  it('shows invisible characters in messages', () => {
    expect(displayValue('a\nb\u202ec"')).toBe('"a\\u{000a}b\\u{202e}c\\""');
  });
});
