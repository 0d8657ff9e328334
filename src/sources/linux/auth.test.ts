import { readFileSync, existsSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS } from '../../../test/support/corpus.ts';
import { classify, cronFields } from './auth.ts';
import { bufferLines } from './lines.ts';
import { newSshState } from './sshd.ts';
import { syslogParser } from './syslog-reader.ts';

const c = (program: string, msg: string) => classify(program, msg, '', newSshState());

describe('auth messages', () => {
  it('sudo commands, failures and refusals', () => {
    expect(
      c('sudo', '    test : PWD=/home/test ; USER=root ; COMMAND=/usr/bin/apt-get update -y --fix-missing'),
    ).toMatchObject({
      Action: 'sudo_command',
      User: 'test',
      TargetUser: 'root',
      CurrentDirectory: '/home/test',
      CommandLine: '/usr/bin/apt-get update -y --fix-missing',
      Image: '/usr/bin/apt-get',
    });
    expect(c('sudo', 'alice : TTY=pts/1 ; PWD=/ ; USER=bob ; COMMAND=/bin/sh -c a ; b')).toMatchObject({
      TargetUser: 'bob',
      CommandLine: '/bin/sh -c a ; b',
      tty: 'pts/1',
    });
    expect(
      c('sudo', 'eve : user NOT in sudoers ; TTY=pts/0 ; PWD=/home/eve ; USER=root ; COMMAND=/bin/bash'),
    ).toMatchObject({ Action: 'sudo_denied', Outcome: 'failure', User: 'eve' });
    expect(
      c('sudo', 'eve : 3 incorrect password attempts ; TTY=pts/0 ; PWD=/ ; USER=root ; COMMAND=/bin/id'),
    ).toMatchObject({ Action: 'sudo_failed', repeat: 3 });
  });
  it('su, login, accounts, cron', () => {
    expect(c('su', '(to root) gus on pts/0')).toMatchObject({ Action: 'su', User: 'gus', TargetUser: 'root' });
    expect(c('su', 'FAILED SU (to root) gus on pts/0')).toMatchObject({ Action: 'su_failed', Outcome: 'failure' });
    expect(c('login', "FAILED LOGIN (1) on '/dev/tty1' FOR 'UNKNOWN', Authentication failure")).toMatchObject({
      Action: 'login_failed',
      User: 'UNKNOWN',
    });
    expect(
      c('useradd', 'new user: name=gus, UID=1001, GID=1001, home=/home/gus, shell=/bin/sh, from=/dev/pts/0'),
    ).toMatchObject({ Action: 'user_added', User: 'gus', uid: 1001, shell: '/bin/sh' });
    expect(c('usermod', "add 'gus' to group 'sudo'")).toMatchObject({
      Action: 'group_member_added',
      User: 'gus',
      Group: 'sudo',
    });
    expect(c('usermod', "change user 'x' UID from '1001' to '0'")).toMatchObject({ Action: 'uid_changed', uid: 0 });
    expect(cronFields('(root) CMD (touch /var/run/crond.somecheck)')).toMatchObject({
      Action: 'cron_exec',
      User: 'root',
      CommandLine: 'touch /var/run/crond.somecheck',
    });
    expect(cronFields('(root) CMD (/sbin/status.mycheck))')).toMatchObject({ CommandLine: '/sbin/status.mycheck)' });
    expect(cronFields('(alice) REPLACE (alice)')).toMatchObject({ Action: 'crontab_change', crontab_op: 'REPLACE' });
  });
});

/** Counts of classified lines equal counts of the raw lines found by plain text patterns. */
describe.skipIf(!existsSync(join(CORPUS, 'linux')))('corpus auth logs: classified counts vs grep', () => {
  const read = (rel: string): string[] => {
    const b = readFileSync(join(CORPUS, 'linux', rel));
    return bufferLines(rel.endsWith('.gz') ? gunzipSync(b) : b);
  };
  for (const rel of [
    'blueserver_ctf2/auth.log',
    'aplicada_tp/auth.log',
    'aplicada_tp/auth.log.1',
    'loghub/Linux/Linux_2k.log',
  ]) {
    it(rel, () => {
      const lines = read(rel);
      const p = syslogParser({ file: rel, mtimeUs: Date.UTC(2022, 0, 1) * 1000 });
      const events = lines.map((l, i) => p.line(l, i + 1)).filter((e) => e !== null);
      const count = (a: string): number => events.filter((e) => e!.fields.Action === a).length;
      const grep = (re: RegExp): number => lines.filter((l) => re.test(l)).length;
      expect(count('sudo_command')).toBe(
        grep(/ sudo(?:\[\d+\])?: +\S+ : .*COMMAND=/) -
          grep(/ sudo(?:\[\d+\])?: +\S+ : [^;]*(?:incorrect password|NOT in sudoers|not allowed)/),
      );
      expect(count('ssh_accepted')).toBe(grep(/ sshd\[\d+\]: Accepted /));
      expect(count('ssh_failed')).toBe(grep(/ sshd\[\d+\]: Failed \S+ for /));
      expect(count('user_added')).toBe(grep(/ useradd\[\d+\]: new user: /));
      expect(count('pam_auth_failure')).toBe(grep(/(?<!more )authentication failure; logname=/));
      expect(count('su')).toBe(grep(/ su(?:\[\d+\])?: \(to \S+\) /));
      expect(count('session_open')).toBe(grep(/session opened for user/));
    });
  }
});
