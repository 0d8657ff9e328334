import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasMessage, t, dynamicKey } from '../../i18n/index.ts';
import './messages.ts';
import '../../ioc/messages.ts';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory()
      ? sources(join(dir, d.name))
      : d.name.endsWith('.ts') && !d.name.endsWith('.test.ts')
        ? [join(dir, d.name)]
        : [],
  );
}

describe('issue messages of the network readers and IOC loader', () => {
  it('every issue code used in the code has an English and a Japanese message with the same placeholders', () => {
    const codes = new Set<string>();
    for (const f of [...sources(import.meta.dirname), ...sources(join(import.meta.dirname, '../../ioc'))]) {
      for (const m of readFileSync(f, 'utf8').matchAll(/'((?:net|ioc)\.[a-z_]+)'/g)) codes.add(m[1]);
    }
    expect(codes.size).toBeGreaterThan(15);
    for (const code of codes) {
      expect(hasMessage(code, 'en'), code).toBe(true);
      expect(hasMessage(code, 'ja'), code).toBe(true);
      const placeholders = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(placeholders(t(dynamicKey(code), {}, 'ja')), code).toEqual(placeholders(t(dynamicKey(code), {}, 'en')));
    }
  });
});
