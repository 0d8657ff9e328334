/**
 * `konseki linux last|lastb|lastlog|faillog|utmpdump <file>`: the Linux login tools on an evidence
 * file, printing what util-linux `last -f`, `lastb -f`, `utmpdump` and shadow's `lastlog`, `faillog`
 * print (times in TZ or --tz), or the records as JSON with --json.
 */
import { existsSync, statSync } from 'node:fs';
import { Command, Option } from '@commander-js/extra-typings';
import { KonsekiError } from '../../core/issue.ts';
import { isValidTimeZone, localTimeZone } from '../../core/time-format.ts';
import { t } from '../../i18n/index.ts';
import { emit, tell, msg, val } from '../output.ts';
import { utmpEvent, utmpKindOf } from '../../sources/linux/binary-readers.ts';
import { runLast, DEFAULT_LAST_OPTIONS, type LastRow, type LastTimeFormat } from '../../sources/linux/last.ts';
import { hostLastEnv } from '../../sources/linux/last-host.ts';
import { faillogText, lastlogText } from '../../sources/linux/lastlog-text.ts';
import {
  detectUidDb,
  readUidDb,
  type FaillogRecord,
  type LastlogRecord,
  type UidDbKind,
} from '../../sources/linux/lastlog.ts';
import { findEvidencePasswd, readPasswdFile, type PasswdEntry } from '../../sources/linux/passwd.ts';
import { LAYOUTS, readUtmpFile, type UtmpLayoutId, detectLayout } from '../../sources/linux/utmp.ts';
import { utmpdumpLine } from '../../sources/linux/utmpdump.ts';
import { closeSync, openSync, readSync, fstatSync } from 'node:fs';
import './linux-messages.ts';

const LAYOUT_CHOICES = ['auto', 'x86_64', 'aarch64', 's390x', 'be32'] as const;

function checkFile(file: string): void {
  if (!existsSync(file) || !statSync(file).isFile()) throw new KonsekiError('linux.cli.no_file', { file });
}

function zone(tz: string | undefined): string {
  const z = tz ?? process.env.TZ ?? localTimeZone();
  if (!isValidTimeZone(z)) throw new KonsekiError('linux.cli.bad_tz', { tz: z });
  return z;
}

function utmpLayout(file: string, choice: string) {
  if (choice !== 'auto') return LAYOUTS[choice as UtmpLayoutId];
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const head = Buffer.alloc(Math.min(size, 400 * 64));
    readSync(fd, head, 0, head.length, 0);
    return detectLayout(head, size).layout;
  } finally {
    closeSync(fd);
  }
}

function write(text: string): void {
  emit(process.stdout, text, 'latin1');
}

function parseWhen(v: string): number {
  const s = v.trim();
  const now = Date.now() / 1000;
  if (s === 'now') return Math.floor(now);
  const d = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2})?))?$/.exec(s);
  if (d) {
    const ms = Date.parse(`${d[1]}T${d[2] ? (d[2].length === 5 ? d[2] + ':00' : d[2]) : '00:00:00'}Z`);
    if (!Number.isNaN(ms)) return Math.floor(ms / 1000);
  }
  throw new KonsekiError('linux.cli.bad_time', { value: v });
}

function lastCommand(name: 'last' | 'lastb') {
  return new Command(name)
    .description(t(`linux.cli.${name}`))
    .argument('<file>', t('linux.cli.arg.file'))
    .argument('[names...]', t('linux.cli.arg.names'))
    .option('-n, --limit <number>', t('linux.cli.opt.limit'), (v) => Math.max(0, parseInt(v, 10) || 0))
    .option('-x, --system', t('linux.cli.opt.system'))
    .option('-F, --fulltimes', t('linux.cli.opt.fulltimes'))
    .option('-w, --fullnames', t('linux.cli.opt.fullnames'))
    .option('-R, --nohostname', t('linux.cli.opt.nohostname'))
    .option('-a, --hostlast', t('linux.cli.opt.hostlast'))
    .option('-i, --ip', t('linux.cli.opt.ip'))
    .option('-s, --since <time>', t('linux.cli.opt.since'))
    .option('-t, --until <time>', t('linux.cli.opt.until'))
    .option('-p, --present <time>', t('linux.cli.opt.present'))
    .addOption(
      new Option('--time-format <format>', t('linux.cli.opt.time_format')).choices([
        'notime',
        'short',
        'full',
        'iso',
      ] as const),
    )
    .addOption(
      new Option('--layout <layout>', t('linux.cli.opt.layout')).choices(LAYOUT_CHOICES).default('auto' as const),
    )
    .option('--tz <zone>', t('linux.cli.opt.tz'))
    .option('--timezone <zone>', t('linux.cli.opt.tz'))
    .option('--json', t('linux.cli.opt.json'))
    .action((file, names, o) => {
      checkFile(file);
      const tz = zone(o.timezone ?? o.tz);
      const timeFormat: LastTimeFormat = o.timeFormat ?? (o.fulltimes ? 'full' : 'short');
      const rows: LastRow[] = [];
      const text = runLast(
        file,
        utmpLayout(file, o.layout),
        {
          ...DEFAULT_LAST_OPTIONS,
          lastb: name === 'lastb',
          extended: !!o.system,
          showHost: !o.nohostname,
          altList: !!o.hostlast,
          useIp: !!o.ip,
          fullNames: !!o.fullnames,
          maxRecords: o.limit ?? 0,
          timeFormat,
          show: names,
          timeZone: tz,
          since: o.since ? parseWhen(o.since) : undefined,
          until: o.until ? parseWhen(o.until) : undefined,
          present: o.present ? parseWhen(o.present) : undefined,
        },
        hostLastEnv(),
        Math.floor(statSync(file).ctimeMs / 1000),
        undefined,
        rows,
      );
      if (o.json) {
        const iso = (s: number | null): string | null => (s === null ? null : new Date(s * 1000).toISOString());
        emit(
          process.stdout,
          JSON.stringify(
            rows.map((r) => ({ ...r, login: iso(r.login), logout: iso(r.logout) })),
            null,
            1,
          ) + '\n',
        );
      } else write(text);
    });
}

function utmpdumpCommand() {
  return new Command('utmpdump')
    .description(t('linux.cli.utmpdump'))
    .argument('<file>', t('linux.cli.arg.file'))
    .addOption(
      new Option('--layout <layout>', t('linux.cli.opt.layout')).choices(LAYOUT_CHOICES).default('auto' as const),
    )
    .option('--json', t('linux.cli.opt.json'))
    .action((file, o) => {
      checkFile(file);
      const layout = utmpLayout(file, o.layout);
      tell(`Utmp dump of ${val(file)}`);
      const kind = utmpKindOf(file);
      const chunks: string[] = [];
      for (const r of readUtmpFile(file, { layout: layout.id })) {
        if (o.json) {
          chunks.push(
            JSON.stringify({
              ts: utmpEvent(r, kind, file, layout).ts,
              ...utmpEvent(r, kind, file, layout).fields,
              offset: r.offset,
              record: r.index,
            }) + '\n',
          );
        } else {
          const l = utmpdumpLine(r);
          if (l !== null) chunks.push(l + '\n');
        }
        if (chunks.length >= 4096) write(chunks.splice(0).join(''));
      }
      write(chunks.join(''));
    });
}

function passwdFor(file: string, given: string | undefined): PasswdEntry[] | undefined {
  const p = given ?? findEvidencePasswd(file);
  if (!p) {
    tell(msg('linux.cli.no_passwd', { file }));
    return undefined;
  }
  if (!existsSync(p)) throw new KonsekiError('linux.cli.no_file', { file: p });
  return readPasswdFile(p);
}

function uidDbLayout(file: string, kind: UidDbKind) {
  const fd = openSync(file, 'r');
  try {
    const g = detectUidDb(fd, fstatSync(fd).size, kind);
    if (!g) throw new KonsekiError('linux.cli.too_small', { file, kind });
    return g.layout;
  } finally {
    closeSync(fd);
  }
}

function uidDbCommand(kind: 'lastlog' | 'faillog') {
  const cmd = new Command(kind)
    .description(t(`linux.cli.${kind}`))
    .argument('<file>', t('linux.cli.arg.file'))
    .option('--passwd <file>', t('linux.cli.opt.passwd'))
    .option('-u, --user <login>', t('linux.cli.opt.user'))
    .option('-t, --time <days>', t('linux.cli.opt.time'), (v) => Math.max(0, parseInt(v, 10) || 0))
    .option('--tz <zone>', t('linux.cli.opt.tz'))
    .option('--timezone <zone>', t('linux.cli.opt.tz'))
    .option('--json', t('linux.cli.opt.json'));
  if (kind === 'lastlog')
    cmd.option('-b, --before <days>', t('linux.cli.opt.before'), (v) => Math.max(0, parseInt(v, 10) || 0));
  else cmd.option('-a, --all', t('linux.cli.opt.all'));
  return cmd.action(
    (
      file,
      o: {
        passwd?: string;
        user?: string;
        time?: number;
        tz?: string;
        timezone?: string;
        json?: boolean;
        before?: number;
        all?: boolean;
      },
    ) => {
      checkFile(file);
      const layout = uidDbLayout(file, kind);
      const passwd = passwdFor(file, o.passwd);
      if (o.json) {
        const names = new Map((passwd ?? []).map((p) => [p.uid, p.name]));
        const rows = [];
        for (const r of readUidDb(file, { layout })) {
          const base = { uid: r.uid, user: names.get(r.uid) ?? null, offset: r.offset };
          if (kind === 'lastlog') {
            const l = r as LastlogRecord;
            rows.push({
              ...base,
              time: l.time ? new Date(l.time * 1000).toISOString() : null,
              line: l.line.toString('latin1'),
              host: l.host.toString('latin1'),
            });
          } else {
            const f = r as FaillogRecord;
            rows.push({
              ...base,
              failures: f.count,
              maximum: f.max,
              time: f.time ? new Date(f.time * 1000).toISOString() : null,
              line: f.line.toString('latin1'),
              locktime: f.locktime,
            });
          }
        }
        emit(process.stdout, JSON.stringify({ layout, records: rows }, null, 1) + '\n');
        return;
      }
      const opts = {
        timeZone: zone(o.timezone ?? o.tz),
        now: Math.floor(Date.now() / 1000),
        recentDays: o.time,
        olderDays: o.before,
        user: o.user,
        all: o.all,
      };
      write(kind === 'lastlog' ? lastlogText(file, layout, passwd, opts) : faillogText(file, layout, passwd, opts));
    },
  );
}

export function linuxCommand() {
  return new Command('linux')
    .description(t('linux.cli.description'))
    .addCommand(lastCommand('last'))
    .addCommand(lastCommand('lastb'))
    .addCommand(uidDbCommand('lastlog'))
    .addCommand(uidDbCommand('faillog'))
    .addCommand(utmpdumpCommand());
}
