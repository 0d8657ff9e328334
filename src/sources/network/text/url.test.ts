import { describe, expect, it } from 'vitest';
import type { Fields } from '../../../core/event.ts';
import { extensionOf, setUrlFields, splitHostPort, splitUrl } from './url.ts';

describe('URL splitting', () => {
  it.each([
    'http://www.goonernews.com/styles.css',
    'https://a.example:8443/p/q.php?x=1&y=2',
    'http://[2001:db8::5]:8080/x?y=1',
    'http://user:pw@host.example/a',
    'ftp://files.example/pub/f.tgz',
    'http://h.example',
    'http://h.example/a#frag',
  ])('agrees with WHATWG URL on %s', (u) => {
    const w = new URL(u);
    const s = splitUrl(u);
    expect(s.scheme).toBe(w.protocol.slice(0, -1));
    expect(s.host).toBe(w.hostname.replace(/^\[|\]$/g, ''));
    expect(s.port).toBe(
      w.port ? Number(w.port) : ({ http: 80, https: 443, ftp: 21 } as Record<string, number>)[s.scheme ?? ''],
    );
    expect(s.path).toBe(w.pathname);
    expect(s.query ?? '').toBe(w.search.slice(1));
  });

  it('CONNECT targets, extensions and the proxy fields', () => {
    expect(splitHostPort('login.yahoo.com:443')).toEqual({ host: 'login.yahoo.com', port: 443 });
    expect(splitHostPort('[2001:db8::1]:443')).toEqual({ host: '2001:db8::1', port: 443 });
    expect(extensionOf('/a/b.EXE')).toBe('exe');
    expect(extensionOf('/a.b/c')).toBeUndefined();
    expect(extensionOf('/.htaccess')).toBe('htaccess');
    const f: Fields = {};
    setUrlFields(f, 'GET', '/news/index.php?id=7', 'C2.example:8080');
    expect(f).toMatchObject({
      'cs-host': 'c2.example',
      dst_port: 8080,
      'c-uri-stem': '/news/index.php',
      'c-uri-extension': 'php',
      'c-uri-query': 'id=7',
      url: 'http://c2.example:8080/news/index.php?id=7',
    });
  });
});
