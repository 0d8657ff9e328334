import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { canonicalUrl } from '../indicators.ts';
import { urlRegex } from './squid.ts';

/** GNU grep -E compiles POSIX extended regexes with the same glibc regcomp Squid uses. */
const grep = spawnSync('grep', ['-E', '-c', 'x'], { input: 'x\n', encoding: 'utf8' }).status === 0;
function grepMatches(regex: string, subjects: string[]): boolean[] {
  return subjects.map(
    (s) => spawnSync('grep', ['-E', '-q', '-e', regex], { input: `${s}\n`, encoding: 'utf8' }).status === 0,
  );
}

describe.skipIf(!grep)('urlRegex (POSIX ERE, checked with grep -E)', () => {
  const urls = [
    'http://evil.example/gate.php?id=${service_name}&x="\'',
    'http://evil.example/a+b*c(d)[e]{f}|g^h$i\\j',
    'http://203.0.113.10:8080/x.y?z=1.2',
    'ftp://evil.example/%2e%2e/',
  ];
  it('matches the URL itself and what follows it, nothing that differs in a metacharacter position', () => {
    for (const raw of urls) {
      const c = canonicalUrl(raw);
      expect(c.ok).toBe(true);
      if (!c.ok) continue;
      const re = urlRegex(c.value.url);
      expect(re).not.toMatch(/\$\{|\s/);
      const variants = [
        c.value.url,
        `${c.value.url}/more`,
        c.value.url.replace(/\./g, 'X'),
        c.value.url.replace('?', 'Q'),
        `x${c.value.url}`,
      ];
      expect([raw, grepMatches(re, variants)]).toEqual([
        raw,
        [true, true, !c.value.url.includes('.'), !c.value.url.includes('?'), false],
      ]);
    }
  });
});
