import { describe, expect, it } from 'vitest';
import { KonsekiError } from '../../core/issue.ts';
import { checkCaseId, parseStoreUrl, redactArgv, redactStoreUrl } from './url.ts';

describe('store URL', () => {
  it('takes user, password, host, port and database from the URL', () => {
    const t = parseStoreUrl('clickhouse://ir:s%40cret@10.0.0.5:18123/cases', {});
    expect(t).toEqual({
      http: 'http://10.0.0.5:18123',
      server: '10.0.0.5:18123',
      user: 'ir',
      password: 's@cret',
      database: 'cases',
    });
  });
  it('takes the password from KONSEKI_CLICKHOUSE_PASSWORD when the URL has none; defaults port 8123, user default', () => {
    const t = parseStoreUrl('clickhouse://ch.example/k', { KONSEKI_CLICKHOUSE_PASSWORD: 'pw' });
    expect([t.server, t.user, t.password, t.database]).toEqual(['ch.example:8123', 'default', 'pw', 'k']);
  });
  it('refuses what is not a store URL, without echoing a password', () => {
    for (const bad of ['http://a:b@h:1/d', 'clickhouse://u:topsecret@/d', 'clickhouse://u:topsecret@h:1/bad;name']) {
      let err: unknown;
      try {
        parseStoreUrl(bad, {});
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(KonsekiError);
      expect(JSON.stringify((err as KonsekiError).params)).not.toContain('topsecret');
    }
  });
  it('redacts the password in URLs and command lines', () => {
    expect(redactStoreUrl('clickhouse://u:p%3Ass@h:1/d')).toBe('clickhouse://u:***@h:1/d');
    expect(redactStoreUrl('clickhouse://u@h:1/d')).toBe('clickhouse://u@h:1/d');
    expect(redactArgv(['ingest', '--store', 'clickhouse://u:pw@h:1/d', '--store=clickhouse://v:pw2@h/d'])).toEqual([
      'ingest',
      '--store',
      'clickhouse://u:***@h:1/d',
      '--store=clickhouse://v:***@h/d',
    ]);
  });
  it('accepts case IDs that can name a database', () => {
    expect(checkCaseId('ir-2026_12')).toBe('ir-2026_12');
    for (const bad of ['', 'a b', 'x`y', 'a'.repeat(64), '../x']) expect(() => checkCaseId(bad)).toThrow(KonsekiError);
  });
});
