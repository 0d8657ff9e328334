/** `konseki prefetch <file|dir>...`: Windows Prefetch files as text or JSON Lines (PECmd's view). */
import { Command } from '@commander-js/extra-typings';
import { KonsekiError, type Issue } from '../../core/issue.ts';
import { walkInputs } from '../../core/walk.ts';
import { t } from '../../i18n/index.ts';
import { emit, say, tell, msg } from '../output.ts';
import { executablePath, readPrefetchFile, type PrefetchFile } from '../../sources/prefetch/index.ts';
import { formatFiletime, formatFiletimeIn } from '../../sources/binary.ts';
import { options, zoneOr } from '../options.ts';
import '../side-messages.ts';
import { printIssues } from '../report-issues.ts';
import { safeText } from './reg.ts';

type Globals = { quiet?: boolean; verbose?: boolean };
const hex8 = (n: number): string => n.toString(16).toUpperCase().padStart(8, '0');

export function prefetchJson(file: string, pf: PrefetchFile): Record<string, unknown> {
  const i = pf.info;
  return {
    file,
    version: i.version,
    compressed: pf.compressed,
    executable: i.executable,
    path: executablePath(i) ?? null,
    hash: hex8(i.hash),
    runCount: i.runCount,
    lastRuns: i.lastRuns.map(formatFiletime),
    volumes: i.volumes.map((v) => ({
      devicePath: v.devicePath,
      serial: hex8(v.serial),
      created: formatFiletime(v.created) || null,
      directories: v.directories,
    })),
    files: i.filenames,
  };
}

function text(file: string, pf: PrefetchFile, withFiles: boolean, tz: string): string {
  const i = pf.info;
  let s = `\n${safeText(file)}\n  ${safeText(i.executable)}  v${i.version}${pf.compressed ? ' (MAM)' : ''}  hash ${hex8(i.hash)}\n`;
  const path = executablePath(i);
  if (path) s += `  ${safeText(path)}\n`;
  s += `  ${t('prefetch.cli.runs', { count: i.runCount })}\n`;
  for (const r of i.lastRuns) s += `    ${formatFiletimeIn(r, tz)}\n`;
  for (const v of i.volumes)
    s += `  ${t('prefetch.cli.volume', { path: safeText(v.devicePath), serial: hex8(v.serial), created: formatFiletimeIn(v.created, tz) || '-' })}\n`;
  s += `  ${t('prefetch.cli.files', { count: i.filenames.length })}\n`;
  if (withFiles) for (const f of i.filenames) s += `    ${safeText(f)}\n`;
  return s;
}

export function prefetchCommand() {
  return new Command('prefetch')
    .description(t('prefetch.cli.description'))
    .argument('<inputs...>', t('prefetch.cli.arg.inputs'))
    .option('--json', t('prefetch.cli.opt.json'))
    .option('--files', t('prefetch.cli.opt.files'))
    .addOption(options.timezone())
    .action((inputs, opts, cmd) => {
      const g = cmd.optsWithGlobals() as Globals;
      const tz = zoneOr(opts.timezone);
      const issues: Issue[] = [];
      const files = walkInputs(inputs, issues, (p) => /\.pf$/i.test(p) || inputs.includes(p));
      if (!files.length) throw new KonsekiError('cli.no_inputs', { paths: inputs.join(', ') });
      let failed = 0;
      for (const f of files) {
        const pf = readPrefetchFile(f, issues);
        if (!pf) {
          failed++;
          continue;
        }
        if (opts.json) emit(process.stdout, `${JSON.stringify(prefetchJson(f, pf))}\n`);
        else say(text(f, pf, !!opts.files, tz).replace(/\n$/, ''));
      }
      if (!g.quiet) {
        printIssues(issues, !!g.verbose);
        tell(
          msg('prefetch.cli.summary', {
            files: files.length - failed,
            failed,
            issues: issues.filter((i) => i.severity !== 'info').length,
          }),
        );
      }
      if (failed === files.length) process.exitCode = 1;
    });
}
