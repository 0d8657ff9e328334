/**
 * Every rule konseki ships (rules/konseki) that shows as a detection has its title and description in
 * both languages, the English being the rule file's own text (rules that only feed a correlation, named
 * by it, never show and need none).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dynamicKey, hasMessage, t } from '../../src/i18n/index.ts';
import { ruleDescription, ruleTitle } from '../../src/sigma/rule-title.ts';
import { docsFromText } from '../../src/sigma/testing.ts';

function ruleFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? ruleFiles(join(dir, d.name)) : d.name.endsWith('.yml') ? [join(dir, d.name)] : [],
  );
}

describe("konseki's rule texts", () => {
  it('every shown rule has its title and description in English and Japanese', () => {
    const shown = ruleFiles('rules/konseki').flatMap((f) =>
      docsFromText(readFileSync(f, 'utf8'), [], f)
        .filter((d) => !d.name)
        .map((d) => ({ file: f, id: String(d.id), title: String(d.title), description: String(d.description) })),
    );
    expect(shown.length).toBeGreaterThan(30);
    const wrong: string[] = [];
    for (const r of shown) {
      for (const part of ['title', 'description'] as const) {
        const key = `rule.${r.id}.${part}`;
        if (!hasMessage(key, 'en') || !hasMessage(key, 'ja')) wrong.push(`${r.file}: no ${part}`);
        else if (t(dynamicKey(key), {}, 'en') !== r[part]) wrong.push(`${r.file}: English ${part} differs`);
      }
      expect(ruleTitle(r.id, r.title, 'ja')).not.toBe(r.title);
      expect(ruleDescription(r.id, r.description, 'en')).toBe(r.description);
    }
    expect(wrong).toEqual([]);
  });
});
