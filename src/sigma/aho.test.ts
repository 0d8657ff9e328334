// Aho-Corasick against a naive search, on random texts (both the DFA and the goto/fail forms).
import { describe, expect, it } from 'vitest';
import { AhoCorasick } from './aho.ts';

function naive(patterns: string[], text: string): string[] {
  const out: string[] = [];
  for (let end = 1; end <= text.length; end++)
    patterns.forEach((p, i) => {
      if (p && text.slice(0, end).endsWith(p)) out.push(`${i}@${end}`);
    });
  return out.sort();
}

describe('AhoCorasick', () => {
  let seed = 42;
  const rnd = (n: number) => ((seed = (seed * 48271) % 2147483647), seed % n);
  const word = (alphabet: string, n: number) =>
    Array.from({ length: n }, () => alphabet[rnd(alphabet.length)]).join('');
  it('reports exactly the occurrences a naive search finds', () => {
    for (let round = 0; round < 200; round++) {
      const patterns = Array.from({ length: 1 + rnd(12) }, () => word('abcé\\.', 1 + rnd(5)));
      const text = word('abcé\\.xy', rnd(60));
      const got: string[] = [];
      new AhoCorasick(patterns).scan(text, (p, end) => got.push(`${p}@${end}`));
      expect(got.sort()).toEqual(naive(patterns, text));
    }
  });
  it('scanFolded matches the lower-cased text', () => {
    for (let round = 0; round < 100; round++) {
      const patterns = Array.from({ length: 1 + rnd(8) }, () => word('abcäö', 1 + rnd(4)));
      const text = word('aAbBcCäÄöÖ', rnd(50));
      const got: string[] = [];
      expect(new AhoCorasick(patterns).scanFolded(text, (p, end) => got.push(`${p}@${end}`))).toBe(true);
      expect(got.sort()).toEqual(naive(patterns, text.toLowerCase()));
    }
  });
  it('a code unit whose lower case is two units makes scanFolded decline', () => {
    expect(new AhoCorasick(['i']).scanFolded('\u0130x', () => undefined)).toBe(false);
  });
  it('large automata fall back to goto/fail with the same results', () => {
    const patterns = Array.from({ length: 3000 }, (_, i) => `${i.toString(36)}${word('0123456789abcdef', 60)}`);
    const ac = new AhoCorasick(patterns);
    const text = `xx${patterns[1234]}yy${patterns[7]!.slice(0, 30)}`;
    const got: number[] = [];
    ac.scan(text, (p) => got.push(p));
    expect(got).toContain(1234);
    expect(got).not.toContain(7);
  });
});
