/**
 * Messages of the programs that write auth.log / secure / cron logs → normalized fields and the
 * Sigma logsource service: sshd → sshd; cron, crond, crontab, anacron → cron; sudo, su, login,
 * shadow's account tools, PAM and logind → auth; anything else → the file's default (auth for
 * auth.log/secure, syslog otherwise).
 */
import type { Fields } from '../../core/event.ts';
import { pamFields, sshdFields, type SshState } from './sshd.ts';

export type LinuxService = 'auth' | 'sshd' | 'syslog' | 'cron';

const AUTH_PROGRAMS = new Set([
  'sudo',
  'su',
  'login',
  'passwd',
  'useradd',
  'usermod',
  'userdel',
  'groupadd',
  'groupmod',
  'groupdel',
  'chpasswd',
  'chage',
  'gpasswd',
  'adduser',
  'deluser',
  'newusers',
  'chsh',
  'chfn',
  'systemd-logind',
  'pkexec',
  'polkitd',
  'unix_chkpwd',
  'gdm-password',
  'lightdm',
  'sshd-session',
  'vsftpd',
  'proftpd',
  'pure-ftpd',
  'dovecot',
  'doas',
  'runuser',
  'saslauthd',
  'systemd-user',
  'gnome-keyring-daemon',
]);
const CRON_PROGRAMS = new Set(['cron', 'crond', 'crontab', 'anacron', 'atd', 'run-parts']);

export function programBase(program: string | undefined): string {
  if (!program) return '';
  const p = program.replace(/\(.*$/, '');
  const slash = p.lastIndexOf('/');
  return (slash >= 0 ? p.slice(slash + 1) : p).toLowerCase();
}

export function serviceOf(program: string | undefined, fallback: LinuxService): LinuxService {
  const p = programBase(program);
  if (p === 'sshd' || p === 'sshd-session') return 'sshd';
  if (CRON_PROGRAMS.has(p)) return 'cron';
  if (AUTH_PROGRAMS.has(p) || (program ?? '').includes('pam')) return 'auth';
  return fallback;
}

function sudoFields(text: string): Fields | undefined {
  // "alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/sh -c x"
  // "alice : 3 incorrect password attempts ; TTY=... ; COMMAND=..."  "alice : user NOT in sudoers ; ..."
  const m = /^\s*(\S+) : (.*)$/s.exec(text);
  if (!m || !/(?:^|; )(?:USER|COMMAND|TTY|PWD)=/.test(m[2])) return undefined;
  const f: Fields = { User: m[1], Action: 'sudo_command', Outcome: 'success' };
  const parts = m[2].split(' ; ');
  const first = parts[0];
  if (!/^[A-Z]+=/.test(first)) {
    f.reason = first;
    f.Outcome = 'failure';
    f.Action = /NOT in sudoers|not allowed|not permitted/i.test(first) ? 'sudo_denied' : 'sudo_failed';
    const n = /^(\d+) incorrect password attempts?/.exec(first);
    if (n) f.repeat = Number(n[1]);
  }
  for (let i = 0; i < parts.length; i++) {
    const kv = /^([A-Z]+)=(.*)$/s.exec(parts[i]);
    if (!kv) continue;
    if (kv[1] === 'COMMAND') {
      f.CommandLine = parts.slice(i).join(' ; ').slice(8);
      break;
    }
    if (kv[1] === 'USER') f.TargetUser = kv[2];
    else if (kv[1] === 'PWD') f.CurrentDirectory = kv[2];
    else if (kv[1] === 'TTY') f.tty = kv[2];
    else if (kv[1] === 'GROUP') f.TargetGroup = kv[2];
  }
  if (f.TargetUser === undefined) f.TargetUser = 'root';
  if (typeof f.CommandLine === 'string') {
    const img = /^(\S+)/.exec(f.CommandLine);
    if (img) f.Image = img[1];
  }
  return f;
}

function sessionFields(text: string): Fields | undefined {
  // "pam_unix(sshd:session): session opened for ..." and the old "su(pam_unix)[1]: session opened for ..."
  const m =
    /^(?:pam_unix\(([\w-]+):session\): )?session (opened|closed) for user (\S+?)(?:\(uid=(\d+)\))?(?: by (\S*?)(?:\(uid=(\d+)\))?)?$/.exec(
      text,
    );
  if (!m) return undefined;
  const f: Fields = { Action: m[2] === 'opened' ? 'session_open' : 'session_close', User: m[3] };
  if (m[1]) f.pam_service = m[1];
  if (m[5]) f.SubjectUser = m[5];
  if (m[6]) f.SubjectUid = Number(m[6]);
  return f;
}

function suFields(text: string): Fields | undefined {
  let m = /^(FAILED SU|FAILED su|Successful su|\(to)\b/.exec(text);
  if (!m) m = /^([+-]) (\S+) (\S+):(\S+)$/.exec(text);
  if (!m) return undefined;
  let r: RegExpExecArray | null;
  if ((r = /^(FAILED SU )?\(to (\S+)\) (\S+) on (\S+)$/.exec(text))) {
    return {
      Action: r[1] ? 'su_failed' : 'su',
      Outcome: r[1] ? 'failure' : 'success',
      TargetUser: r[2],
      User: r[3],
      tty: r[4],
    };
  }
  if ((r = /^Successful su for (\S+) by (\S+)$/.exec(text)))
    return { Action: 'su', Outcome: 'success', TargetUser: r[1], User: r[2] };
  if ((r = /^FAILED su for (\S+) by (\S+)$/.exec(text)))
    return { Action: 'su_failed', Outcome: 'failure', TargetUser: r[1], User: r[2] };
  if ((r = /^([+-]) (\S+) (\S+):(\S+)$/.exec(text)))
    return {
      Action: r[1] === '+' ? 'su' : 'su_failed',
      Outcome: r[1] === '+' ? 'success' : 'failure',
      tty: r[2],
      User: r[3],
      TargetUser: r[4],
    };
  return undefined;
}

function loginFields(text: string): Fields | undefined {
  let m: RegExpExecArray | null;
  if ((m = /^FAILED LOGIN \((\d+)\) on '([^']*)' (?:FROM '([^']*)' )?FOR '([^']*)', (.*)$/.exec(text))) {
    const f: Fields = {
      Action: 'login_failed',
      Outcome: 'failure',
      repeat: Number(m[1]),
      tty: m[2],
      User: m[4],
      reason: m[5],
    };
    if (m[3]) f.rhost = m[3];
    return f;
  }
  if ((m = /^ROOT LOGIN {1,2}on '([^']*)'(?: FROM '([^']*)')?/.exec(text)))
    return { Action: 'login', Outcome: 'success', User: 'root', tty: m[1] };
  if ((m = /^LOGIN ON (\S+) BY (\S+)(?: FROM (\S+))?/.exec(text)))
    return { Action: 'login', Outcome: 'success', tty: m[1], User: m[2] };
  return undefined;
}

/** shadow's useradd/usermod/userdel/groupadd/passwd/chpasswd messages. */
function accountFields(text: string): Fields | undefined {
  let m: RegExpExecArray | null;
  if (
    (m = /^new user: name=([^,]*), UID=(-?\d+), GID=(-?\d+), home=([^,]*), shell=([^,]*?)(?:, from=(.*))?$/.exec(text))
  ) {
    return { Action: 'user_added', User: m[1], uid: Number(m[2]), gid: Number(m[3]), home: m[4], shell: m[5] };
  }
  if ((m = /^new group: name=([^,]*), GID=(-?\d+)/.exec(text)))
    return { Action: 'group_added', Group: m[1], gid: Number(m[2]) };
  if (
    (m = /^add '([^']*)' to (shadow )?group '([^']*)'/.exec(text)) ||
    (m = /^member '([^']*)' added to (\/etc\/g?shadow )?\S* ?group '?([^']*)'?/.exec(text))
  ) {
    return { Action: m[2] ? 'group_member_added_shadow' : 'group_member_added', User: m[1], Group: m[3] };
  }
  if ((m = /^change user '([^']*)' UID from '(-?\d+)' to '(-?\d+)'/.exec(text)))
    return { Action: 'uid_changed', User: m[1], old_uid: Number(m[2]), uid: Number(m[3]) };
  if (
    (m = /^change user '([^']*)' password/.exec(text)) ||
    (m = /^password changed for (\S+)/.exec(text)) ||
    (m = /^pam_unix\([\w-]+:chauthtok\): password changed for (\S+)/.exec(text))
  ) {
    return { Action: 'password_changed', User: m[1] };
  }
  if ((m = /^(?:delete user|removed user) '([^']*)'/.exec(text))) return { Action: 'user_deleted', User: m[1] };
  if ((m = /^group '([^']*)' removed/.exec(text))) return { Action: 'group_deleted', Group: m[1] };
  if ((m = /^change user '([^']*)' shell from '([^']*)' to '([^']*)'/.exec(text)))
    return { Action: 'shell_changed', User: m[1], old_shell: m[2], shell: m[3] };
  if ((m = /^(lock|unlock) user '([^']*)' password/.exec(text))) return { Action: `user_${m[1]}ed`, User: m[2] };
  return undefined;
}

/** cron: "(root) CMD (cmd)", "(root) REPLACE (root)", "(CRON) INFO (...)". */
export function cronFields(text: string): Fields | undefined {
  const m = /^\(([^)]*)\) ([A-Z][A-Z ]*?) \((.*)\)\s*$/s.exec(text);
  if (!m) return undefined;
  const verb = m[2];
  if (verb === 'CMD' || verb === 'CMDOUT' || verb === 'CMDEND') {
    const f: Fields = { Action: verb === 'CMD' ? 'cron_exec' : 'cron_output', User: m[1], CommandLine: m[3] };
    return f;
  }
  if (/^(REPLACE|BEGIN EDIT|END EDIT|DELETE|LIST|RELOAD|INSTALL)$/.test(verb)) {
    return {
      Action: verb === 'LIST' ? 'crontab_list' : 'crontab_change',
      User: m[1],
      crontab_op: verb,
      crontab_target: m[3],
    };
  }
  return { Action: 'cron_info', User: m[1], reason: `${verb} (${m[3]})` };
}

function logindFields(text: string): Fields | undefined {
  let m: RegExpExecArray | null;
  if ((m = /^New session (\S+) of user (\S+?)\.?$/.exec(text)))
    return { Action: 'session_new', session: m[1], User: m[2] };
  if ((m = /^Removed session (\S+?)\.?$/.exec(text))) return { Action: 'session_removed', session: m[1] };
  return undefined;
}

/** Normalized fields for one message of a program, or undefined when the message says nothing known. */
export function classify(program: string | undefined, msg: string, connKey: string, ssh: SshState): Fields | undefined {
  const p = programBase(program);
  if (p === 'sshd' || p === 'sshd-session' || p === 'sshd-auth')
    return sshdFields(msg, connKey, ssh) ?? sessionFields(msg);
  if (p === 'sudo') return sudoFields(msg) ?? sessionFields(msg) ?? pamFields(msg);
  if (p === 'su') return suFields(msg) ?? sessionFields(msg) ?? pamFields(msg);
  if (p === 'login') return loginFields(msg) ?? sessionFields(msg) ?? pamFields(msg);
  if (CRON_PROGRAMS.has(p)) return cronFields(msg) ?? sessionFields(msg);
  if (p === 'systemd-logind') return logindFields(msg);
  if (/^(?:user|group)(?:add|mod|del)$|^(?:passwd|chpasswd|chage|gpasswd|adduser|deluser|newusers)$/.test(p))
    return accountFields(msg) ?? pamFields(msg) ?? sessionFields(msg);
  return sessionFields(msg) ?? pamFields(msg) ?? accountFields(msg);
}
