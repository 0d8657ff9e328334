/** /etc/passwd entries (name → uid), for naming lastlog/faillog records; tolerant of junk lines. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
  gecos: string;
  home: string;
  shell: string;
}

export function parsePasswd(text: string): PasswdEntry[] {
  const out: PasswdEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#') || line.startsWith('+') || line.startsWith('-')) continue;
    const f = line.split(':');
    if (f.length < 7 || !f[0]) continue;
    const uid = Number(f[2]);
    const gid = Number(f[3]);
    if (!/^\d+$/.test(f[2]) || !Number.isSafeInteger(uid)) continue;
    out.push({
      name: f[0],
      uid,
      gid: Number.isSafeInteger(gid) ? gid : -1,
      gecos: f[4],
      home: f[5],
      shell: f[6].replace(/\r$/, ''),
    });
  }
  return out;
}

/**
 * The passwd of the evidence a log file belongs to: <root>/etc/passwd where the file sits in
 * <root>/var/log/, or a passwd file next to it. Undefined when none is found.
 */
export function findEvidencePasswd(logPath: string): string | undefined {
  const dir = dirname(resolve(logPath));
  const candidates = [join(dir, 'passwd'), join(dir, '..', '..', 'etc', 'passwd'), join(dir, '..', 'etc', 'passwd')];
  for (const c of candidates) {
    try {
      if (existsSync(c) && statSync(c).isFile()) return c;
    } catch {
      // unreadable: try the next
    }
  }
  return undefined;
}

export function readPasswdFile(path: string): PasswdEntry[] {
  return parsePasswd(readFileSync(path, 'latin1'));
}
