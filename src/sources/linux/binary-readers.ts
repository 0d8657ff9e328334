/**
 * SourceReaders for the binary login databases: utmp/wtmp/btmp (one event per record) and
 * lastlog/faillog/tallylog (one event per non-empty uid record, user names from the evidence's
 * passwd when there is one). Damage is reported: a trailing partial record, implausible records.
 */
import { basename } from 'node:path';
import type { Event, Fields } from '../../core/event.ts';
import { issue } from '../../core/issue.ts';
import type { ReadContext, SourceReader } from '../types.ts';
import { cText, eventAddress } from './bytes.ts';
import {
  detectUidDb,
  readUidDb,
  type FaillogRecord,
  type LastlogRecord,
  type TallylogRecord,
  type UidDbKind,
} from './lastlog.ts';
import { evidenceHostname } from './hostname.ts';
import { findEvidencePasswd, readPasswdFile } from './passwd.ts';
import {
  detectLayout,
  readUtmpFile,
  recordScore,
  HOST_SIZE,
  ID_SIZE,
  LINE_SIZE,
  USER_SIZE,
  UT_HOST,
  UT_ID,
  UT_LINE,
  UT_TYPES,
  UT_USER,
  type UtmpLayout,
  type UtmpRecord,
} from './utmp.ts';
import { closeSync, fstatSync, openSync } from 'node:fs';
import './messages.ts';

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

export type UtmpKind = 'wtmp' | 'btmp' | 'utmp';

/** wtmp, btmp or utmp from the file name (content cannot tell them apart); wtmp by default. */
export function utmpKindOf(name: string): UtmpKind {
  const b = basename(name).toLowerCase();
  if (b.includes('btmp')) return 'btmp';
  if (/^utmp/.test(b) && !b.includes('wtmp')) return 'utmp';
  return 'wtmp';
}

function action(kind: UtmpKind, r: UtmpRecord, user: string, line: string): string {
  if (kind === 'btmp') return 'login_failed';
  if (line.startsWith('~')) {
    if (user.startsWith('shutdown')) return 'shutdown';
    if (user.startsWith('reboot')) return 'boot';
    if (user.startsWith('runlevel')) return 'runlevel';
  }
  switch (r.type) {
    case 1:
      return 'runlevel';
    case 2:
      return 'boot';
    case 3:
    case 4:
      return 'clock_change';
    case 5:
      return 'init';
    case 6:
      return 'login_prompt';
    case 7:
      return 'login';
    case 8:
      return 'logout';
    default:
      return 'other';
  }
}

export function utmpEvent(r: UtmpRecord, kind: UtmpKind, file: string, layout: UtmpLayout): Event {
  const user = cText(r.raw, UT_USER, USER_SIZE);
  const line = cText(r.raw, UT_LINE, LINE_SIZE);
  const host = cText(r.raw, UT_HOST, HOST_SIZE);
  const addr = eventAddress(r.raw, r.addrAt);
  const act = action(kind, r, user, line);
  const fields: Fields = {
    ut_type: r.type,
    ut_type_name: UT_TYPES[r.type] ?? String(r.type),
    ut_pid: r.pid,
    ut_line: line,
    ut_id: cText(r.raw, UT_ID, ID_SIZE),
    ut_user: user,
    ut_host: host,
    ut_addr: addr,
    ut_session: r.session,
    ut_exit_termination: r.exitTermination,
    ut_exit_status: r.exitStatus,
    Action: act,
    layout: layout.id,
  };
  if (user && (act === 'login' || act === 'login_failed' || act === 'logout')) fields.User = user;
  const ip =
    addr && addr !== '0.0.0.0'
      ? addr
      : IPV4.test(host) || (host.includes(':') && /^[0-9a-f:.]+$/i.test(host))
        ? host
        : '';
  if (ip && act !== 'boot' && act !== 'shutdown' && act !== 'runlevel') fields.src_ip = ip;
  if (act === 'login') fields.Outcome = 'success';
  if (act === 'login_failed') fields.Outcome = 'failure';
  const usec = r.usec >= 0 && r.usec < 1e6 ? r.usec : 0;
  return {
    ts: r.sec === 0 && r.type === 0 ? NaN : r.sec * 1e6 + usec,
    source: { format: kind, file, offset: r.offset, record: r.index },
    logsource: { product: 'linux', service: kind },
    fields,
  };
}

function* readUtmpEvents(path: string, ctx: ReadContext): Generator<Event> {
  const file = ctx.displayPath;
  const kind = utmpKindOf(file);
  let layout: UtmpLayout | undefined;
  let suspect = 0;
  let firstSuspect = -1;
  try {
    for (const r of readUtmpFile(path, {
      onStart: (s) => {
        layout = s.layout;
        if (s.layout.id !== 'x86_64')
          ctx.issues.push(issue('linux.utmp_layout', { file }, { layout: s.layout.id, size: s.layout.size }, 'info'));
        if (s.trailing)
          ctx.issues.push(
            issue(
              'linux.utmp_trailing',
              { file, offset: s.size - s.trailing },
              { bytes: s.trailing, size: s.layout.size },
            ),
          );
      },
      onProgress: ctx.onProgress,
    })) {
      if (recordScore(r.raw, layout!) < 0) {
        suspect++;
        if (firstSuspect < 0) firstSuspect = r.offset;
      }
      yield utmpEvent(r, kind, file, layout!);
    }
  } catch (e) {
    ctx.issues.push(issue('linux.read_error', { file }, { reason: (e as Error).message }, 'error'));
  }
  if (suspect) ctx.issues.push(issue('linux.utmp_suspect', { file, offset: firstSuspect }, { count: suspect }));
}

export const utmpReader: SourceReader = {
  id: 'wtmp',
  sniff(head, name) {
    if (head.length < 384) return 0;
    // macOS/BSD utmpx (628-byte records, a "utmpx-1.00" signature record) is another format
    if (head.subarray(0, 1256).includes('utmpx-1.00')) return 0;
    const g = detectLayout(head, head.length);
    if (g.judged === 0) return /[wbu]tmp/i.test(name) ? 0.6 : 0;
    const base = g.score >= 4 ? 0.85 : g.score >= 2.5 ? 0.6 : 0;
    return base && /[wbu]tmp/i.test(name) ? Math.min(1, base + 0.1) : base;
  },
  read: readUtmpEvents,
};

function passwdNames(file: string, path: string): Map<number, string> {
  const names = new Map<number, string>();
  const pw = findEvidencePasswd(path) ?? findEvidencePasswd(file);
  if (!pw) return names;
  try {
    for (const e of readPasswdFile(pw)) if (!names.has(e.uid)) names.set(e.uid, e.name);
  } catch {
    // unreadable passwd: uids only
  }
  return names;
}

function uidDbEvent(
  kind: UidDbKind,
  r: LastlogRecord | FaillogRecord | TallylogRecord,
  file: string,
  names: Map<number, string>,
  host?: string,
): Event {
  const fields: Fields = { uid: r.uid };
  const name = names.get(r.uid);
  if (name) fields.User = name;
  let ts: number;
  if (kind === 'lastlog') {
    const l = r as LastlogRecord;
    ts = l.time * 1e6;
    fields.ll_line = l.line.toString('latin1');
    fields.ll_host = l.host.toString('latin1');
    fields.Action = 'last_login';
    if (IPV4.test(fields.ll_host) || /^[0-9a-f:.]+:[0-9a-f:.]*$/i.test(fields.ll_host)) fields.src_ip = fields.ll_host;
  } else if (kind === 'faillog') {
    const f = r as FaillogRecord;
    ts = f.time ? f.time * 1e6 : NaN;
    Object.assign(fields, {
      fail_cnt: f.count,
      fail_max: f.max,
      fail_line: f.line.toString('latin1'),
      fail_locktime: f.locktime,
      Action: 'login_failures',
    });
  } else {
    const t = r as TallylogRecord;
    ts = t.time ? t.time * 1e6 : NaN;
    const rhost = t.rhost.toString('latin1');
    Object.assign(fields, { fail_cnt: t.count, fail_rhost: rhost, Action: 'login_failures' });
    if (IPV4.test(rhost)) fields.src_ip = rhost;
  }
  const ev: Event = {
    ts,
    source: { format: kind, file, offset: r.offset, record: r.uid },
    logsource: { product: 'linux', service: kind },
    fields,
  };
  if (host) ev.host = host;
  return ev;
}

function uidDbReader(kind: UidDbKind, nameHint: RegExp): SourceReader {
  return {
    id: kind,
    sniff(head, name) {
      if (!nameHint.test(name) || head.length === 0) return 0;
      // a sparse per-uid file: mostly zeros; the name is the main evidence, content must not contradict it
      const size = head.length;
      return size > 0 ? 0.7 : 0;
    },
    *read(path, ctx) {
      const file = ctx.displayPath;
      const names = passwdNames(file, path);
      const host = evidenceHostname(path);
      try {
        const fd = openSync(path, 'r');
        let guess: ReturnType<typeof detectUidDb>;
        try {
          guess = detectUidDb(fd, fstatSync(fd).size, kind);
        } finally {
          closeSync(fd);
        }
        if (!guess) {
          ctx.issues.push(issue('linux.uiddb_too_small', { file }, { kind }));
          return;
        }
        if (guess.records && guess.score < 0.5)
          ctx.issues.push(issue('linux.uiddb_suspect', { file }, { kind, size: guess.layout.size }));
        for (const r of readUidDb(path, {
          layout: guess.layout,
          onStart: (f) =>
            f.trailing &&
            ctx.issues.push(
              issue(
                'linux.utmp_trailing',
                { file, offset: f.size - f.trailing },
                { bytes: f.trailing, size: f.layout.size },
              ),
            ),
        })) {
          if (kind === 'faillog' && (r as FaillogRecord).count === 0 && (r as FaillogRecord).time === 0) continue;
          yield uidDbEvent(kind, r, file, names, host);
        }
      } catch (e) {
        ctx.issues.push(issue('linux.read_error', { file }, { reason: (e as Error).message }, 'error'));
      }
    },
  };
}

export const lastlogReader = uidDbReader('lastlog', /lastlog/i);
export const faillogReader = uidDbReader('faillog', /faillog/i);
export const tallylogReader = uidDbReader('tallylog', /tallylog/i);
