// Regex safety: risky patterns run on re2js (linear time), constructs outside Sigma's flavour are refused.
import { describe, expect, it } from 'vitest';
import { compileSigmaRegex, requiredLiteral, scanPattern } from './regex.ts';

const engine = (src: string, flags = '') => {
  const r = compileSigmaRegex(src, flags);
  return 'error' in r ? r.error.code : r.re.engine;
};

describe('routing', () => {
  it('plain Sigma regexes run on V8', () => {
    expect(engine('\\\\PGMessagePipe[0-9a-f]{2}')).toBe('native');
    expect(engine('(Get-Item|gci).{1,64}-Path')).toBe('native');
  });
  it('nested quantifiers and quantified alternations run on re2js', () => {
    expect(scanPattern('^(a+)+$').risky).toBe('nested quantifier');
    expect(scanPattern('(a|ab)*c').risky).toBe('quantified alternation');
    expect(engine('^(a+)+$')).toBe('re2js');
    expect(engine('(\\w+\\s?)*$')).toBe('re2js');
  });
  it('a catastrophic-backtracking pattern on hostile input completes and answers correctly', () => {
    const r = compileSigmaRegex('^(a+)+$', '');
    if ('error' in r) throw new Error('compile');
    expect(r.re.test(`${'a'.repeat(5000)}!`)).toBe(false);
    expect(r.re.test('a'.repeat(5000))).toBe(true);
  });
  it('PCRE escapes JavaScript would misread go to re2js', () => {
    expect(engine('\\Aabc\\z')).toBe('re2js');
    const r = compileSigmaRegex('\\Aabc\\z', '');
    if ('error' in r) throw new Error('compile');
    expect(r.re.test('abc')).toBe(true);
    expect(r.re.test('xabc')).toBe(false);
  });
  it('look-around, back-references, atomic groups and possessive quantifiers are refused', () => {
    expect(engine('(?=a)b')).toBe('sigma.regex_unsupported');
    expect(engine('(?<!a)b')).toBe('sigma.regex_unsupported');
    expect(engine('(a)\\1')).toBe('sigma.regex_unsupported');
    expect(engine('(?>a+)b')).toBe('sigma.regex_unsupported');
    expect(engine('a++b')).toBe('sigma.regex_unsupported');
  });
  it('invalid patterns are reported', () => {
    expect(engine('(abc')).toBe('sigma.regex_invalid');
  });
});

describe('required literals (prefilter atoms)', () => {
  it('the longest run every match must contain', () => {
    expect(requiredLiteral('\\\\PGMessagePipe[0-9a-f]{2}')).toBe('\\PGMessagePipe');
    expect(requiredLiteral('(?i)foo\\.exe$')).toBe('foo.exe');
    expect(requiredLiteral('ab?cdef')).toBe('cdef');
  });
  it('nothing when a top-level alternation or only short runs exist', () => {
    expect(requiredLiteral('abc|def')).toBeUndefined();
    expect(requiredLiteral('\\w+`(?:\\w+|-|.)`')).toBeUndefined();
  });
  it('a required literal really occurs in every match (random check)', () => {
    const pats = ['foo\\d+bar', 'x(ab)*yzw', 'hello.{0,3}world', 'a?bcd?ef', '\\.exe\\s+-[a-z]+', 'p+qrs'];
    let seed = 1;
    const rnd = (n: number) => ((seed = (seed * 48271) % 2147483647), seed % n);
    for (const p of pats) {
      const lit = requiredLiteral(p, 1);
      const re = new RegExp(p);
      for (let i = 0; i < 3000; i++) {
        const s = Array.from({ length: 4 + rnd(20) }, () => 'abcdefpqrswxyz.-0123 helloworldfoobarexe'[rnd(40)]).join(
          '',
        );
        if (re.test(s) && lit) expect(s.includes(lit)).toBe(true);
      }
    }
  });
});

describe('case-insensitive patterns', () => {
  it("run on re2js, because V8's linear fallback does not cover the i flag", () => {
    expect(engine('.*a.*a.*a.*b', 'i')).toBe('re2js');
    expect(engine('(?i).*a.*a.*a.*b')).toBe('re2js');
    const r = compileSigmaRegex('(?i).*a.*a.*a.*a.*b', '');
    if ('error' in r) throw new Error('compile');
    expect(r.re.test('A'.repeat(20000))).toBe(false);
    expect(r.re.test('xAaAaB')).toBe(true);
  });
});
