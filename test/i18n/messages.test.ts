/**
 * Every message table of src/ (each area's defineMessages): both languages have each key (the compiler checks
 * that too), use the same parameters, no Japanese message is left in English, every Japanese message uses the
 * glossary's terms (docs/glossary.md) and no space between a unit and the Japanese after it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { dynamicKey, messageKeys, type Params, t } from '../../src/i18n/index.ts';
import { avoidedTerms, loadAllTables, readGlossary } from '../support/messages.ts';

/**
 * The parameters a message reads: `{name}` placeholders, or the properties a message function touches.
 * Values prepared per language count as one parameter: `period_en` / `period_ja`, and English's
 * `times` ("once", "twice", "3 times") beside Japanese's `count` ("3 回").
 */
function paramsOf(code: string, lang: 'en' | 'ja'): string[] {
  const seen = new Set<string>();
  const probe = new Proxy({} as Params, {
    get: (_, k) => {
      if (typeof k === 'string') seen.add(k);
      return 1;
    },
  });
  const text = t(dynamicKey(code), probe, lang);
  for (const m of text.matchAll(/\{(\w+)\}/g)) seen.add(m[1]!);
  return [...new Set([...seen].map((p) => p.replace(/_(?:en|ja)$/, '').replace(/^times$/, 'count')))].sort();
}

describe('message tables', () => {
  let files: string[] = [];
  beforeAll(async () => {
    files = await loadAllTables();
  });

  it('every table is loaded and both languages have the same keys', () => {
    expect(files.length).toBeGreaterThan(20);
    const en = messageKeys('en').sort();
    expect(en.length).toBeGreaterThan(500);
    expect(messageKeys('ja').sort()).toEqual(en);
  });

  it('Japanese and English use the same parameters', () => {
    const differ = messageKeys('en').filter((k) => paramsOf(k, 'en').join() !== paramsOf(k, 'ja').join());
    expect(differ).toEqual([]);
  });

  /** names that read the same in both languages: hash names, folder paths, ATT&CK, Sigma's own term */
  const SAME_IN_BOTH = new Set([
    'exec.by.hash',
    'exec.where.users-public',
    'exec.where.perflogs',
    'exec.where.programdata',
    'report.col.attack',
    'report.col.sha256',
    'rules.col.logsource',
  ]);

  it('no Japanese message is the English text again (words of three letters or more outside placeholders)', () => {
    const untranslated = messageKeys('en').filter((k) => {
      if (SAME_IN_BOTH.has(k)) return false;
      const ja = t(dynamicKey(k), {}, 'ja');
      const en = t(dynamicKey(k), {}, 'en');
      return ja === en && /[A-Za-z]{3,}/.test(ja.replace(/\{\w+\}/g, ''));
    });
    expect(untranslated).toEqual([]);
  });

  it('Japanese messages use only the glossary terms', () => {
    const g = readGlossary();
    expect(g.avoid.length).toBeGreaterThan(10);
    const bad = messageKeys('ja')
      .map((k) => [k, avoidedTerms(t(dynamicKey(k), {}, 'ja'), g)] as const)
      .filter(([, terms]) => terms.length);
    expect(bad).toEqual([]);
  });

  it('no space between a number unit (or a duration) and the Japanese word after it', () => {
    const bad = messageKeys('ja').filter((k) =>
      /(?:[秒分日件回台個]|時間|_ja\}) (?:前|後|間隔|の間|以内|ごと)/.test(t(dynamicKey(k), {}, 'ja')),
    );
    expect(bad).toEqual([]);
  });
});
