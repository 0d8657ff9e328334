/**
 * Year-less syslog across New Year, through triage as a user runs it: the auth.log of a host that was
 * copied years later (its file time says 2026) takes its years from the host's wtmp, December lines in
 * one year and January lines in the next, with no warning of a guess. Alone, the
 * same log can only be dated from its file time, and the summary says that it was a guess.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { utmpFile } from '../../support/linux/utmp-writer.ts';
import { konseki } from '../../support/cli.ts';

const root = mkdtempSync(join(tmpdir(), 'konseki-year-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const LOGINS = [
  { stamp: 'Dec 31 23:58:00', iso: '2021-12-31T23:58:00Z', user: 'alice', pid: 4101 },
  { stamp: 'Jan  1 00:02:00', iso: '2022-01-01T00:02:00Z', user: 'bob', pid: 4102 },
  { stamp: 'Jan  1 00:07:30', iso: '2022-01-01T00:07:30Z', user: 'carol', pid: 4103 },
];
const FROM = '203.0.113.9';

function evidence(name: string, withWtmp: boolean): string {
  const host = join(root, name, 'linux', 'srv9');
  mkdirSync(host, { recursive: true });
  const auth = join(host, 'auth.log');
  writeFileSync(
    auth,
    LOGINS.map(
      (l) => `${l.stamp} srv9 sshd[${l.pid}]: Accepted password for ${l.user} from ${FROM} port 50${l.pid} ssh2\n`,
    ).join(''),
  );
  // copied long after: the file time is no help
  const copied = Date.parse('2026-06-01T12:00:00Z') / 1000;
  utimesSync(auth, copied, copied);
  if (withWtmp)
    writeFileSync(
      join(host, 'wtmp'),
      utmpFile(
        LOGINS.map((l, i) => ({
          type: 7,
          pid: l.pid,
          line: `pts/${i}`,
          user: l.user,
          host: FROM,
          addr: FROM,
          sec: Date.parse(l.iso) / 1000,
        })),
      ),
    );
  return join(root, name);
}

function acceptedTimes(dir: string): { stderr: string; times: string[] } {
  // beside the evidence, never inside it (triage refuses an output directory that overlaps the evidence)
  const out = `${dir}-case`;
  const r = konseki([
    '--lang',
    'en',
    'triage',
    dir,
    '-o',
    out,
    '--org-timezone',
    'UTC',
    '--timezone',
    'UTC',
    '-t',
    '1',
  ]);
  expect(r.code, r.stderr).toBe(0);
  const times = readFileSync(join(out, 'timeline.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { Timestamp: string; Details: string })
    .filter((e) => /Accepted password/.test(e.Details))
    .map((e) => e.Timestamp)
    .sort();
  return { stderr: r.stderr, times };
}

describe('years of year-less syslog across New Year', () => {
  it('takes them from the wtmp of the same host, not from the file time', () => {
    const { stderr, times } = acceptedTimes(evidence('with-wtmp', true));
    expect(times).toEqual([
      '2021-12-31 23:58:00.000 +00:00',
      '2022-01-01 00:02:00.000 +00:00',
      '2022-01-01 00:07:30.000 +00:00',
    ]);
    // dated by the host's own records: nothing was guessed
    expect(stderr).not.toMatch(/guessed/);
  });

  it('without other dated evidence, guesses from the file time and says so', () => {
    const { stderr, times } = acceptedTimes(evidence('alone', false));
    expect(times).toEqual([
      '2025-12-31 23:58:00.000 +00:00',
      '2026-01-01 00:02:00.000 +00:00',
      '2026-01-01 00:07:30.000 +00:00',
    ]);
    expect(stderr).toMatch(/guessed from the file modification time/);
  });
});
