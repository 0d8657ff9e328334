/** `konseki reg dump|shimcache|amcache`: registry hives, read-only, printed as text or JSON Lines. */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { Command } from '@commander-js/extra-typings';
import { formatTs } from '../../core/event.ts';
import { KonsekiError, type Issue } from '../../core/issue.ts';
import { t } from '../../i18n/index.ts';
import { emit, tell, msg } from '../output.ts';
import {
  amcacheEntries,
  className,
  formatFiletime,
  Hive,
  keyAt,
  ownerSid,
  parseShimcache,
  readValueData,
  rootKey,
  securityDescriptor,
  systemHiveShimcache,
  typeName,
  values,
  walk,
  type KeyNode,
  type ShimcacheEntry,
} from '../../sources/registry/index.ts';
import { printIssues } from '../report-issues.ts';
import { options, zoneOr } from '../options.ts';
import { formatFiletimeIn } from '../../sources/binary.ts';
import '../side-messages.ts';

type Globals = { quiet?: boolean; verbose?: boolean };
const out = (s: string): void => void emit(process.stdout, s);

/** Evidence text is attacker-controlled: control characters are shown as escapes, never sent to the terminal. */
export function safeText(s: string): string {
  return s.replace(
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}

function openOrFail(path: string, issues: Issue[]): Hive {
  const hive = Hive.open(path, issues);
  if (!hive) {
    printIssues(issues, true);
    throw new KonsekiError('reg.not_a_hive', {});
  }
  return hive;
}

function finish(hive: Hive, issues: Issue[], g: Globals): void {
  hive.finish();
  hive.close();
  if (!g.quiet) printIssues(issues, !!g.verbose);
}

const TEXT_DATA_LIMIT = 256;

function dataText(type: number, raw: Buffer, value: string | number | string[]): string {
  if (Array.isArray(value)) return value.map((v) => JSON.stringify(safeText(v))).join(', ');
  if (typeof value === 'number') return type === 4 || type === 5 ? `${value} (0x${value.toString(16)})` : String(value);
  if (type === 1 || type === 2 || type === 6) return JSON.stringify(safeText(value));
  const hex = raw.subarray(0, TEXT_DATA_LIMIT).toString('hex');
  return raw.length > TEXT_DATA_LIMIT ? `${hex}… (${raw.length} bytes)` : hex;
}

function runDump(
  file: string,
  o: { key?: string; depth?: number; json?: boolean; timezone?: string },
  g: Globals,
): void {
  const tz = zoneOr(o.timezone);
  const issues: Issue[] = [];
  const hive = openOrFail(file, issues);
  const root = rootKey(hive);
  let start: KeyNode | undefined = root;
  let startPath = root?.name ?? '';
  if (root && o.key) {
    const parts = o.key.split('\\').filter(Boolean);
    if (parts[0]?.toUpperCase() === root.name.toUpperCase() && !keyAt(hive, parts[0]!, root)) parts.shift();
    start = keyAt(hive, parts.join('\\'), root);
    startPath = [root.name, ...parts].join('\\');
    if (!start) throw new KonsekiError('reg.key_not_found', { path: o.key });
  }
  if (!o.json) {
    out(
      `# ${t('reg.cli.header', {
        file,
        major: hive.base.majorVersion,
        minor: hive.base.minorVersion,
        written: formatFiletimeIn(hive.base.lastWritten, tz) || '-',
        root: root?.name ?? '-',
        dirty: hive.dirty ? t('reg.cli.dirty_flag') : '',
      })}\n`,
    );
  }
  let keys = 0;
  let nvalues = 0;
  if (start) {
    for (const e of walk(hive, start, startPath)) {
      if (o.depth !== undefined && e.depth > o.depth) continue;
      keys++;
      const vals = values(hive, e.key).map((v) => ({ v, ...readValueData(hive, v) }));
      nvalues += vals.length;
      if (o.json) {
        const sd = securityDescriptor(hive, e.key);
        out(
          `${JSON.stringify({
            path: e.path,
            lastWritten: formatFiletime(e.key.lastWritten) || null,
            className: className(hive, e.key),
            owner: sd ? ownerSid(sd) : undefined,
            values: vals.map(({ v, raw, value }) => ({
              name: v.name,
              type: typeName(v.type),
              size: v.size,
              data: value,
              ...(typeof value === 'string' && v.type !== 3 ? {} : { hex: raw.toString('hex') }),
            })),
          })}\n`,
        );
      } else {
        out(`\n[${safeText(e.path)}]  ${formatFiletimeIn(e.key.lastWritten, tz)}\n`);
        for (const { v, raw, value } of vals)
          out(`  ${v.name ? safeText(v.name) : '(default)'} ${typeName(v.type)} = ${dataText(v.type, raw, value)}\n`);
      }
    }
  }
  if (!g.quiet)
    tell(msg('reg.cli.summary', { keys, values: nvalues, issues: issues.filter((i) => i.severity !== 'info').length }));
  finish(hive, issues, g);
}

function shimcacheRow(e: ShimcacheEntry, set: string): Record<string, unknown> {
  return {
    controlSet: set,
    position: e.position,
    lastModified: formatFiletime(e.lastModified) || null,
    executed: e.executed,
    path: e.path,
    ...(e.fileSize !== undefined ? { fileSize: e.fileSize } : {}),
    ...(e.insertFlags !== undefined ? { insertFlags: e.insertFlags } : {}),
  };
}

function printShimcache(entries: ShimcacheEntry[], set: string, json: boolean, tz: string): void {
  for (const e of entries) {
    if (json) out(`${JSON.stringify(shimcacheRow(e, set))}\n`);
    else
      out(
        `${String(e.position).padStart(5)}  ${(formatFiletimeIn(e.lastModified, tz) || '-').padEnd(34)}  ${e.executed === null ? 'NA ' : e.executed ? 'yes' : 'no '}  ${safeText(e.path)}\n`,
      );
  }
}

function startsWithRegf(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const b = Buffer.alloc(4);
    return readSync(fd, b, 0, 4, 0) === 4 && b.toString('latin1') === 'regf';
  } finally {
    closeSync(fd);
  }
}

function runShimcache(file: string, o: { json?: boolean; timezone?: string }, g: Globals): void {
  const tz = zoneOr(o.timezone);
  const issues: Issue[] = [];
  if (!startsWithRegf(file)) {
    // a raw AppCompatCache value exported from the registry
    const parsed = parseShimcache(readFileSync(file), (code, params) =>
      issues.push({ code, severity: 'warning', at: { file }, params }),
    );
    if (!o.json) out(`# ${parsed.layout ?? '?'}: ${parsed.entries.length}\n`);
    printShimcache(parsed.entries, '', !!o.json, tz);
    if (!g.quiet) printIssues(issues, !!g.verbose);
    return;
  }
  const hive = openOrFail(file, issues);
  const info = systemHiveShimcache(hive);
  for (const c of info.caches) {
    if (!o.json)
      out(
        `# ${info.computerName ?? '?'} ${c.controlSet}${c.current ? ' (current)' : ''}: ${c.layout ?? '?'}, ${c.entries.length}, key written ${formatFiletimeIn(c.keyLastWritten, tz)}\n`,
      );
    printShimcache(c.entries, c.controlSet, !!o.json, tz);
  }
  finish(hive, issues, g);
}

function runAmcache(file: string, o: { json?: boolean; timezone?: string }, g: Globals): void {
  const tz = zoneOr(o.timezone);
  const issues: Issue[] = [];
  const hive = openOrFail(file, issues);
  for (const e of amcacheEntries(hive)) {
    const when = formatFiletime(e.keyLastWritten);
    if (o.json) {
      out(
        `${JSON.stringify({ ...e, keyLastWritten: when || null, linkDate: e.linkDate ? formatTs(e.linkDate) : undefined, installDate: e.installDate ? formatTs(e.installDate) : undefined, lastModified: e.lastModified ? formatTs(e.lastModified) : undefined, created: e.created ? formatTs(e.created) : undefined, lastModified2: e.lastModified2 ? formatTs(e.lastModified2) : undefined })}\n`,
      );
    } else {
      out(
        `${(formatFiletimeIn(e.keyLastWritten, tz) || '-').padEnd(34)}  ${e.kind.padEnd(24)}  ${(e.sha1 ?? '').padEnd(40)}  ${safeText(e.path ?? e.name ?? '')}${e.publisher ? `  [${safeText(e.publisher)}]` : ''}\n`,
      );
    }
  }
  finish(hive, issues, g);
}

export function regCommand() {
  const reg = new Command('reg').description(t('reg.cli.description'));
  reg
    .command('dump')
    .description(t('reg.cli.dump.description'))
    .argument('<hive>', t('reg.cli.arg.hive'))
    .option('-k, --key <path>', t('reg.cli.opt.key'))
    .option('-d, --depth <n>', t('reg.cli.opt.depth'), (v) => Math.max(0, parseInt(v, 10) || 0))
    .option('--json', t('reg.cli.opt.json'))
    .addOption(options.timezone())
    .action((hive, opts, cmd) => runDump(hive, opts, cmd.optsWithGlobals() as Globals));
  reg
    .command('shimcache')
    .description(t('reg.cli.shimcache.description'))
    .argument('<input>', t('reg.cli.arg.input'))
    .option('--json', t('reg.cli.opt.json'))
    .addOption(options.timezone())
    .action((input, opts, cmd) => runShimcache(input, opts, cmd.optsWithGlobals() as Globals));
  reg
    .command('amcache')
    .description(t('reg.cli.amcache.description'))
    .argument('<input>', t('reg.cli.arg.input'))
    .option('--json', t('reg.cli.opt.json'))
    .addOption(options.timezone())
    .action((input, opts, cmd) => runAmcache(input, opts, cmd.optsWithGlobals() as Globals));
  return reg;
}
