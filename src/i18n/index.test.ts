import { describe, expect, it } from 'vitest';
import { defineMessages, detectLang, dynamicKey, type KeysOf, t, tBoth } from './index.ts';

const TEST_MESSAGES = defineMessages(
  { 'test.hello': 'Hello {name}', 'test.count': (p) => `${p.n} file${p.n === 1 ? '' : 's'}` },
  { 'test.hello': 'こんにちは {name}', 'test.count': (p) => `${p.n} 件のファイル` },
);
declare module './index.ts' {
  interface MessageKeys extends KeysOf<typeof TEST_MESSAGES> {}
}

describe('i18n', () => {
  it('renders templates and functions in both languages', () => {
    expect(t('test.hello', { name: 'CSIRT' }, 'en')).toBe('Hello CSIRT');
    expect(t('test.hello', { name: 'CSIRT' }, 'ja')).toBe('こんにちは CSIRT');
    expect(t('test.count', { n: 1 }, 'en')).toBe('1 file');
    expect(tBoth('test.count', { n: 2 })).toEqual({ en: '2 files', ja: '2 件のファイル' });
  });
  it('falls back to the code for unknown messages', () => {
    expect(t(dynamicKey('test.nope'), { a: 1 })).toBe('test.nope {"a":1}');
  });
  it('detects Japanese from the locale', () => {
    expect(detectLang({ LANG: 'ja_JP.UTF-8' })).toBe('ja');
    expect(detectLang({ LANG: 'C.UTF-8' })).toBe('en');
    expect(detectLang({ LANG: 'ja_JP.UTF-8', KONSEKI_LANG: 'en' })).toBe('en');
  });
});
