/**
 * SourceReaders for audit.log and crontab files (syslog-style logs are in syslog-reader.ts).
 * crontab: one event per entry (schedule, user, command) timed at the file's modification time, the
 * only time a crontab carries; user crontabs take the user from the file name.
 */
import { basename, dirname } from 'node:path';
import { statSync } from 'node:fs';
import type { Event } from '../../core/event.ts';
import { issue } from '../../core/issue.ts';
import type { ReadContext, SourceReader } from '../types.ts';
import { auditGrouper, parseAuditLine } from './audit.ts';
import { evidenceHostname } from './hostname.ts';
import { headLines, readLines } from '../lines.ts';
import './messages.ts';

const AUDIT_HEAD = /(?:^|\s)(?:node=\S+ )?type=[A-Z0-9_]+ msg=audit\(\d+\.\d+:\d+\)/;

export async function* readAudit(path: string, ctx: ReadContext): AsyncGenerator<Event> {
  const file = ctx.displayPath;
  const g = auditGrouper(file);
  let bad = 0;
  let firstBad = 0;
  for await (const batch of readLines(path, { file, issues: ctx.issues, onProgress: ctx.onProgress })) {
    for (let i = 0; i < batch.lines.length; i++) {
      const text = batch.lines[i];
      if (!text.trim()) continue;
      const r = parseAuditLine(text, batch.first + i);
      if (!r) {
        if (!bad) firstBad = batch.first + i;
        bad++;
        continue;
      }
      yield* g.add(r);
    }
  }
  yield* g.end();
  if (bad) ctx.issues.push(issue('linux.audit_bad_lines', { file, line: firstBad }, { lines: bad }));
}

export const auditReader: SourceReader = {
  id: 'auditd',
  sniff(head) {
    const lines = headLines(head);
    if (!lines.length) return 0;
    const ok = lines.filter((l) => AUDIT_HEAD.test(l)).length;
    return ok / lines.length >= 0.6 ? 0.95 : 0;
  },
  read: readAudit,
};

const FIELD = String.raw`(?:\*|[0-9A-Za-z,\-/*]+)`;
const RE_ENTRY = new RegExp(
  `^\\s*(${FIELD}\\s+${FIELD}\\s+${FIELD}\\s+${FIELD}\\s+${FIELD}|@(?:reboot|yearly|annually|monthly|weekly|daily|midnight|hourly))\\s+(.+)$`,
);
const RE_ENV = /^\s*[A-Za-z_][A-Za-z0-9_]*\s*=/;

/** System crontabs (/etc/crontab, /etc/cron.d/*) have a user column; user crontabs do not. */
export function isSystemCrontab(path: string): boolean {
  const b = basename(path);
  return (
    (b === 'crontab' && basename(dirname(path)) === 'etc') || basename(dirname(path)) === 'cron.d' || b === 'anacrontab'
  );
}

export interface CrontabEntry {
  schedule: string;
  user: string;
  command: string;
  line: number;
  raw: string;
}

export function parseCrontab(lines: string[], path: string): { entries: CrontabEntry[]; bad: number } {
  const system = isSystemCrontab(path);
  const fileUser = basename(path);
  const entries: CrontabEntry[] = [];
  let bad = 0;
  lines.forEach((raw, i) => {
    const l = raw.trim();
    if (!l || l.startsWith('#') || RE_ENV.test(l)) return;
    const m = RE_ENTRY.exec(l);
    if (!m) {
      bad++;
      return;
    }
    let user = fileUser;
    let command = m[2];
    if (system) {
      const u = /^(\S+)\s+(.*)$/.exec(command);
      if (!u) {
        bad++;
        return;
      }
      user = u[1];
      command = u[2];
    }
    entries.push({ schedule: m[1].replace(/\s+/g, ' '), user, command, line: i + 1, raw });
  });
  return { entries, bad };
}

export async function* readCrontab(path: string, ctx: ReadContext): AsyncGenerator<Event> {
  const file = ctx.displayPath;
  let mtimeUs = ctx.mtimeUs;
  if (mtimeUs === undefined) {
    try {
      mtimeUs = statSync(path).mtimeMs * 1000;
    } catch {
      mtimeUs = NaN;
    }
  }
  const all: string[] = [];
  for await (const b of readLines(path, { file, issues: ctx.issues })) {
    for (const l of b.lines) if (all.length < 100000) all.push(l);
  }
  const { entries, bad } = parseCrontab(all, file);
  const host = evidenceHostname(path);
  for (const e of entries) {
    yield {
      ...(host ? { host } : {}),
      ts: mtimeUs ?? NaN,
      source: { format: 'crontab', file, line: e.line },
      logsource: { product: 'linux', service: 'cron' },
      fields: {
        message: e.raw,
        Action: 'crontab_entry',
        cron_schedule: e.schedule,
        User: e.user,
        CommandLine: e.command,
      },
    };
  }
  if (bad) ctx.issues.push(issue('linux.crontab_bad_lines', { file }, { lines: bad }, 'info'));
}

export const crontabReader: SourceReader = {
  id: 'crontab',
  sniff(head, name) {
    const hinted = /crontab|cron\.d|cron\.(?:hourly|daily)|spool\/cron|anacrontab/i.test(name);
    const lines = headLines(head).filter((l) => !l.trim().startsWith('#') && !RE_ENV.test(l));
    if (!lines.length) return hinted ? 0.5 : 0;
    const ok = lines.filter((l) => RE_ENTRY.test(l)).length / lines.length;
    if (ok < 0.8) return 0;
    return hinted ? 0.9 : 0.5;
  },
  read: readCrontab,
};
