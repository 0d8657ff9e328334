/**
 * shadow's `lastlog` and `faillog` (4.13) output for a file of the evidence. The real tools walk the
 * user database (getpwent order) and read each uid's record; here the database is the evidence's
 * passwd. Without one, the non-empty records are listed under their uid (the tools cannot do that).
 */
import { closeSync, fstatSync, openSync } from 'node:fs';
import { strftime, toTm } from './ctime.ts';
import {
  decodeFaillog,
  decodeLastlog,
  readUidDb,
  readUidRecord,
  type FaillogRecord,
  type LastlogRecord,
  type UidDbLayout,
} from './lastlog.ts';
import type { PasswdEntry } from './passwd.ts';

export interface UidDbTextOptions {
  timeZone: string;
  /** epoch seconds */
  now: number;
  /** lastlog -t DAYS / faillog -t DAYS */
  recentDays?: number;
  /** lastlog -b DAYS */
  olderDays?: number;
  /** lastlog -u / faillog -u: one user name or uid */
  user?: string;
  /** faillog -a */
  all?: boolean;
}

function users(passwd: PasswdEntry[] | undefined, path: string, layout: UidDbLayout, user?: string): PasswdEntry[] {
  let list: PasswdEntry[];
  if (passwd) list = passwd;
  else {
    list = [];
    for (const r of readUidDb(path, { layout }))
      list.push({ name: String(r.uid), uid: r.uid, gid: -1, gecos: '', home: '', shell: '' });
  }
  if (user === undefined) return list;
  const byName = list.find((p) => p.name === user);
  if (byName) return [byName];
  if (/^\d+$/.test(user)) return list.filter((p) => p.uid === Number(user)).slice(0, 1);
  return [];
}

function withFile<T>(path: string, fn: (fd: number, size: number) => T): T {
  const fd = openSync(path, 'r');
  try {
    return fn(fd, fstatSync(fd).size);
  } finally {
    closeSync(fd);
  }
}

const HOST_WIDTH = 25 + 1 + 16;

export function lastlogText(
  path: string,
  layout: UidDbLayout,
  passwd: PasswdEntry[] | undefined,
  o: UidDbTextOptions,
): string {
  const out: string[] = [];
  withFile(path, (fd, size) => {
    let header = false;
    for (const pw of users(passwd, path, layout, o.user)) {
      const r: LastlogRecord = decodeLastlog(
        readUidRecord(fd, size, layout, pw.uid),
        layout,
        pw.uid,
        pw.uid * layout.size,
      );
      if (o.recentDays !== undefined && o.now - r.time > o.recentDays * 86400) continue;
      if (o.olderDays !== undefined && o.now - r.time < o.olderDays * 86400) continue;
      if (!header) {
        out.push(`Username         Port     From${' '.repeat(HOST_WIDTH - 3)}Latest\n`);
        header = true;
      }
      const tm = toTm(r.time, o.timeZone);
      let latest = tm ? strftime('%a %b %e %H:%M:%S %z %Y', tm) : '(unknown)';
      if (r.time === 0) latest = '**Never logged in**';
      const name = pw.name.length >= 16 ? pw.name : pw.name.padEnd(16);
      const line = r.line.toString('latin1').slice(0, 8).padEnd(8);
      const host = r.host.toString('latin1');
      out.push(`${name} ${line} ${host.length >= HOST_WIDTH ? host : host.padEnd(HOST_WIDTH)}${latest}\n`);
    }
  });
  return out.join('');
}

export function faillogText(
  path: string,
  layout: UidDbLayout,
  passwd: PasswdEntry[] | undefined,
  o: UidDbTextOptions,
): string {
  const out: string[] = [];
  withFile(path, (fd, size) => {
    let header = false;
    const list = users(passwd, path, layout, o.user);
    const force = !!o.all || (o.user !== undefined && list.length === 1);
    for (const pw of list) {
      const r: FaillogRecord = decodeFaillog(
        readUidRecord(fd, size, layout, pw.uid),
        layout,
        pw.uid,
        pw.uid * layout.size,
      );
      if (!force && r.time === 0) continue;
      if (o.recentDays !== undefined && o.now - r.time > o.recentDays * 86400) continue;
      if (!header) {
        out.push('Login       Failures Maximum Latest                   On\n\n');
        header = true;
      }
      const tm = toTm(r.time, o.timeZone);
      if (!tm) continue;
      let line = `${pw.name.padEnd(9)}   ${String(r.count).padStart(5)}    ${String(r.max).padStart(5)}   `;
      line += `${strftime('%D %H:%M:%S %z', tm)}  ${r.line.toString('latin1')}`;
      if (r.locktime !== 0) {
        if (r.time + r.locktime > o.now && r.count !== 0) line += ` [${r.time + r.locktime - o.now}s left]`;
        else line += ` [${r.locktime}s lock]`;
      }
      out.push(line + '\n');
    }
  });
  return out.join('');
}
