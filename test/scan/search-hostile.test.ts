/**
 * `konseki search` with hostile patterns and hostile logs: a pattern that would backtrack for
 * minutes is refused like in a Sigma rule, a malformed filter is a message (not an internal
 * error), and log values reach a terminal escaped but a pipe exactly.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, konseki } from '../support/cli.ts';
import { hostileAuthLog } from '../support/hostile/evidence.ts';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'konseki-search-'));
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

function evidence(): string {
  const d = tmp();
  writeFileSync(
    join(d, 'auth.log'),
    `Oct 14 10:00:00 web01 sshd[1]: Failed password for ${'a'.repeat(40)} from 10.0.0.9 port 22 ssh2\n${hostileAuthLog(3)}`,
  );
  return d;
}

describe('search patterns', () => {
  it('refuses `(?=a)(a*)*b` with the Sigma regex policy, at once, before reading anything', () => {
    const r = konseki(['search', evidence(), '-r', '(?=a)(a*)*b']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot search with this regular expression .*look-around/);
    expect(r.stderr).not.toContain('unexpected error');
  });

  it('runs a nested quantifier on the linear-time engine: no hang on a line of 40 a', () => {
    const r = konseki(['search', evidence(), '-r', '(a*)*%', '-J']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    const hit = konseki(['search', evidence(), '-r', '(a+)+ from', '-J']);
    expect(hit.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('says what a field filter looks like instead of "unexpected error" (`-F foo`)', () => {
    for (const lang of ['en', 'ja']) {
      const r = konseki(['--lang', lang, 'search', evidence(), '-F', 'foo']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        lang === 'en' ? /a field filter is Field=value .*: foo/ : /Field=value の形で指定します.*: foo/,
      );
      expect(r.stderr).not.toMatch(/unexpected|予期しない/);
    }
  });
});

describe('search output', () => {
  it('is exact in a pipe (machine-readable output keeps the bytes of the log)', () => {
    const r = konseki(['search', evidence(), '-k', 'pwned']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('x\u001b]0;pwned\u0007\u001b[2Jy0');
  });

  it.skipIf(!hasScript)('shows escape sequences as text on a terminal', () => {
    const ev = evidence();
    // script(1) gives the command a pseudo-terminal, as a responder's shell would
    const r = spawnSync('script', ['-qec', `${process.execPath} ${CLI} search ${ev} -k pwned`, '/dev/null'], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('x\\u{001b}]0;pwned\\u{0007}\\u{001b}[2Jy0');
    expect(r.stdout).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/);
  });
});
