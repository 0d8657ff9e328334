import { describe, expect, it } from 'vitest';
import { safeJson } from './json-safe.ts';

describe('safeJson', () => {
  it('replaces lone surrogates and keeps pairs and literal backslash-u text', () => {
    const s = safeJson({ a: 'x\ud800y', b: '\udc00', c: '😀', d: '\\ud800 is text', e: '\\\ud801' });
    expect(JSON.parse(s)).toEqual({ a: 'x\ufffdy', b: '\ufffd', c: '😀', d: '\\ud800 is text', e: '\\\ufffd' });
    for (const v of Object.values(JSON.parse(s) as Record<string, string>))
      expect((v as string & { isWellFormed(): boolean }).isWellFormed()).toBe(true);
  });
});
