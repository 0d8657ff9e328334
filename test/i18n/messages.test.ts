/**
 * Every message table of src/ (each area's defineMessages): both languages have each key (the compiler checks
 * that too), use the same parameters, and no Japanese message is left in English.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { dynamicKey, messageKeys, type Params, t } from '../../src/i18n/index.ts';

function tableFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) tableFiles(p, out);
    else if (
      e.name.endsWith('.ts') &&
      !e.name.endsWith('.test.ts') &&
      readFileSync(p, 'utf8').includes('defineMessages(')
    )
      out.push(p);
  }
  return out;
}

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
  const files = tableFiles('src').filter((f) => !f.startsWith(join('src', 'i18n')));
  beforeAll(async () => {
    for (const f of files) await import(pathToFileURL(resolve(f)).href);
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
});
