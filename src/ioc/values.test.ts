import { describe, expect, it } from 'vitest';
import { classify, refang, urlKey } from './values.ts';

describe('refang and classify', () => {
  it.each([
    ['hxxp://evil[.]example/a', 'http://evil.example/a'],
    ['hXXps[:]//evil(.)example', 'https://evil.example'],
    ['1.2.3[.]4', '1.2.3.4'],
    ['evil{.}example', 'evil.example'],
    ['user[@]mail[dot]example', 'user@mail.example'],
    ['plain.example', 'plain.example'],
  ])('refang(%s) = %s', (a, b) => expect(refang(a)).toBe(b));

  it.each([
    ['10.0.0.1', 'ip', '10.0.0.1'],
    ['2001:DB8:0:0::1', 'ip', '2001:db8::1'],
    ['[2001:db8::1]', 'ip', '2001:db8::1'],
    ['10.1.2.3/8', 'cidr', '10.0.0.0/8'],
    ['10.1.2.3/32', 'ip', '10.1.2.3'],
    ['2001:db8::1/64', 'cidr', '2001:db8::/64'],
    ['Evil.Example.', 'domain', 'evil.example'],
    ['xn--bcher-kva.example', 'domain', 'xn--bcher-kva.example'],
    ['evil.example:8080', 'domain', 'evil.example'],
    ['evil.example/x.php', 'url', 'http://evil.example/x.php'],
    ['D41D8CD98F00B204E9800998ECF8427E', 'md5', 'd41d8cd98f00b204e9800998ecf8427e'],
  ])('classify(%s) is %s %s', (v, type, value) => expect(classify(v)).toEqual({ type, value }));

  it.each([
    '1.2.3',
    '999.1.1.1',
    '10.0.0.1/33',
    'localhost',
    '-bad-.example',
    'a..b',
    'abc',
    '1.2.3.4.5',
    'http://',
    'C:\\Windows\\x.exe',
  ])('rejects %s', (v) => {
    expect(classify(v)).toBeUndefined();
  });

  it('URL keys ignore scheme, default ports, fragments and host case', () => {
    expect(urlKey('HTTPS://Evil.Example:443/a?b#c')).toBe('evil.example/a?b');
    expect(urlKey('http://evil.example:8080')).toBe('evil.example:8080/');
    expect(urlKey('http://u:p@evil.example/x')).toBe('evil.example/x');
  });
});
