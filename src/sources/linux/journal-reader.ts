/**
 * The systemd journal read as Linux events: one event per entry, timed at the entry's realtime, with
 * every journal field as it is (MESSAGE, _PID, _COMM, _SYSTEMD_UNIT, ...; repeated fields as lists,
 * binary values as Latin-1) and the same normalized fields as the syslog reader gives auth.log lines
 * (hostname, program, pid, msg, a syslog-style `message` line, and sshd / sudo / su / PAM / cron /
 * account fields), so the Linux analyses read the journal as they read auth.log.
 */
import { isUtf8 } from 'node:buffer';
import type { Event, Fields } from '../../core/event.ts';
import { issue } from '../../core/issue.ts';
import type { ReadContext, SourceReader } from '../types.ts';
import { classify, serviceOf } from './auth.ts';
import { JOURNAL_MAGIC, JournalFile, type JournalEntry, type JournalProblem } from './journal-file.ts';
import { newSshState } from './sshd.ts';
import './messages.ts';

const MAX_VALUE = 64 * 1024;
/** Problems of one kind reported with their first offset and a count, not one issue per object. */
const MAX_ISSUES_PER_CODE = 20;

function text(v: Buffer): string {
  const b = v.length > MAX_VALUE ? v.subarray(0, MAX_VALUE) : v;
  return isUtf8(b) ? b.toString('utf8') : b.toString('latin1');
}

/** Journal fields → event fields (names as journald writes them; a repeated name becomes a list). */
export function journalFields(e: JournalEntry): Fields {
  const f: Fields = {};
  for (const { name, value } of e.fields) {
    const v = text(value);
    const prev = f[name];
    if (prev === undefined) f[name] = v;
    else f[name] = Array.isArray(prev) ? [...prev, v] : [String(prev), v];
  }
  return f;
}

const first = (v: Fields[string]): string | undefined =>
  v === undefined || v === null ? undefined : Array.isArray(v) ? String(v[0]) : String(v);

export async function* readJournal(path: string, ctx: ReadContext): AsyncGenerator<Event> {
  const file = ctx.displayPath;
  const problems: JournalProblem[] = [];
  const j = JournalFile.open(path, problems);
  const report = (): void => {
    const byCode = new Map<string, number>();
    for (const p of problems) {
      const n = (byCode.get(p.code) ?? 0) + 1;
      byCode.set(p.code, n);
      if (n <= MAX_ISSUES_PER_CODE)
        ctx.issues.push(issue(p.code, { file, offset: p.offset }, { reason: p.reason ?? '' }, 'warning'));
    }
    for (const [code, n] of byCode)
      if (n > MAX_ISSUES_PER_CODE)
        ctx.issues.push(issue('journal.more', { file }, { code, count: n - MAX_ISSUES_PER_CODE }));
  };
  if (!j) {
    report();
    return;
  }
  const ssh = newSshState();
  try {
    if (j.header.state === 1) ctx.issues.push(issue('journal.online', { file }, undefined, 'info'));
    for (const entry of j.entries(problems, ctx.onProgress)) {
      const fields = journalFields(entry);
      const host = first(fields._HOSTNAME);
      const program = first(fields.SYSLOG_IDENTIFIER) ?? first(fields._COMM);
      const pidText = first(fields._PID) ?? first(fields.SYSLOG_PID);
      const pid = pidText && /^\d{1,10}$/.test(pidText) ? Number(pidText) : undefined;
      const msg = first(fields.MESSAGE) ?? '';
      if (host) fields.hostname = host;
      if (program) fields.program = program;
      if (pid !== undefined) fields.pid = pid;
      fields.msg = msg;
      fields.message = `${host ?? '-'} ${program ?? '-'}${pid !== undefined ? `[${pid}]` : ''}: ${msg}`;
      fields.journal_boot_id = entry.bootId;
      fields.journal_seqnum = Number(entry.seqnum);
      const extra = classify(program, msg, pid !== undefined ? `${host ?? ''}|${pid}` : '', ssh);
      if (extra) Object.assign(fields, extra);
      const ts = Number(entry.realtime);
      const e: Event = {
        ts: ts > 0 && ts < 8.64e18 ? ts : NaN,
        source: { format: 'journal', file, offset: entry.offset, record: Number(entry.seqnum) },
        logsource: { product: 'linux', service: serviceOf(program, 'syslog') },
        fields,
      };
      if (host) e.host = host;
      yield e;
    }
    const s = j.stats;
    if (s.skippedFields || s.skippedEntries)
      ctx.issues.push(issue('journal.skipped', { file }, { fields: s.skippedFields, entries: s.skippedEntries }));
  } finally {
    j.close();
    report();
  }
}

export const journalReader: SourceReader = {
  id: 'journal',
  sniff: (head) => (head.length >= 8 && head.toString('latin1', 0, 8) === JOURNAL_MAGIC ? 1 : 0),
  read: readJournal,
};
