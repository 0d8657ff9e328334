import { describe, expect, it } from 'vitest';
import { indicatorsOf, parsePattern } from './stix-pattern.ts';

const values = (p: string): string[] =>
  parsePattern(p).comparisons.flatMap((c) => indicatorsOf(c).found.map((f) => `${f.type}:${f.value}`));

describe('STIX patterning', () => {
  it('observation operators, qualifiers and nesting', () => {
    expect(
      values(
        "([ipv4-addr:value = '10.0.0.1'] AND [domain-name:value = 'a.example']) FOLLOWEDBY [url:value = 'http://b.example/x'] WITHIN 60 SECONDS REPEATS 2 TIMES",
      ),
    ).toEqual(['ip:10.0.0.1', 'domain:a.example', 'url:http://b.example/x']);
    expect(values("[ipv4-addr:value = '10.0.0.2'] START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'")).toEqual(
      ['ip:10.0.0.2'],
    );
    expect(
      values("[(ipv4-addr:value = '10.0.0.3' OR ipv4-addr:value = '10.0.0.4') AND ipv4-addr:value != '10.0.0.5']"),
    ).toEqual(['ip:10.0.0.3', 'ip:10.0.0.4']);
  });

  it('quoted hash keys, escaped quotes, IN lists, ISSUBSET', () => {
    expect(values("[file:hashes.'SHA-1' = 'DA39A3EE5E6B4B0D3255BFEF95601890AFD80709']")).toEqual([
      'sha1:da39a3ee5e6b4b0d3255bfef95601890afd80709',
    ]);
    expect(values("[url:value = 'http://x.example/it\\'s']")).toEqual(["url:http://x.example/it's"]);
    expect(values("[domain-name:value IN ('a.example', 'b.example')]")).toEqual([
      'domain:a.example',
      'domain:b.example',
    ]);
    expect(values("[ipv6-addr:value ISSUBSET '2001:db8::/32']")).toEqual(['cidr:2001:db8::/32']);
  });

  it('negations, LIKE/MATCHES, other objects and mismatched hash types are not used', () => {
    expect(values("[ipv4-addr:value NOT = '10.0.0.1']")).toEqual([]);
    expect(values("[domain-name:value MATCHES '^a']")).toEqual([]);
    expect(values("[email-addr:value = 'x@example.com']")).toEqual([]);
    expect(values("[file:hashes.MD5 = 'da39a3ee5e6b4b0d3255bfef95601890afd80709']")).toEqual([]);
    expect(values("[x-custom:value = 'q'] AND [process:pid = 4]")).toEqual([]);
  });

  it('syntax errors are reported, deep nesting is bounded, nothing throws', () => {
    expect(parsePattern("[ipv4-addr:value = '1.2.3.4'").error).toMatch(/expected "\]"/);
    expect(parsePattern("[ipv4-addr:value = '1.2.3.4").error).toMatch(/unterminated/);
    expect(parsePattern('ipv4-addr:value = 1').error).toBeDefined();
    expect(parsePattern('('.repeat(10_000) + "[a:b = 'c']" + ')'.repeat(10_000)).error).toMatch(/nested too deeply/);
    expect(parsePattern('[' + "a:b = 'c' AND ".repeat(10_000) + "a:b = 'c']").comparisons.length).toBe(10_001);
    expect(parsePattern('[' + "a:b = 'c' AND ".repeat(30_000) + "a:b = 'c']").error).toBe('pattern too long');
  });
});
