/**
 * What util-linux `last` asks of the machine it runs on: the current time, the boot time, and
 * whether a session without logout is still alive (its user exists here and owns the process or the
 * tty). Used by `konseki linux last` to print what `last -f` prints on the same machine.
 */
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import type { LastEnv } from './last.ts';
import { parsePasswd } from './passwd.ts';

function bootTime(now: number): number {
  try {
    const up = parseFloat(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
    if (Number.isFinite(up)) return Math.floor(now - up);
  } catch {
    // not Linux: no boot time, nothing is older than it
  }
  return 0;
}

export function hostLastEnv(nowMs = Date.now()): LastEnv {
  const now = Math.floor(nowMs / 1000);
  const boot = bootTime(nowMs / 1000);
  let users: Map<string, number> | undefined;
  const uidOf = (name: string): number | undefined => {
    if (!users) {
      users = new Map();
      try {
        for (const e of parsePasswd(readFileSync('/etc/passwd', 'latin1')))
          if (!users.has(e.name)) users.set(e.name, e.uid);
      } catch {
        // no passwd: every session is stale
      }
    }
    return users.get(name);
  };
  return {
    now,
    isPhantom(user, line, pid, sec) {
      if (sec < boot) return true;
      const uid = uidOf(user);
      if (uid === undefined) return true;
      const loginuid = `/proc/${pid >>> 0}/loginuid`;
      try {
        accessSync(loginuid, constants.R_OK);
        const v = Number.parseInt(readFileSync(loginuid, 'utf8'), 10);
        return !Number.isFinite(v) || v !== uid;
      } catch {
        try {
          return statSync(`/dev/${line}`).uid !== uid;
        } catch {
          return true;
        }
      }
    },
  };
}
