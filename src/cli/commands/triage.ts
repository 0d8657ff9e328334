/** `konseki triage`: the main job. */
import { Command, Option } from '@commander-js/extra-typings';
import { parseTs } from '../../core/event.ts';
import { KonsekiError } from '../../core/issue.ts';
import { LEVELS } from '../../core/finding.ts';
import { isValidTimeZone, localTimeZone } from '../../core/time-format.ts';
import { getLang, t } from '../../i18n/index.ts';
import { runTriage, type TriageResult } from '../../triage/run.ts';
import { startProgress } from '../progress.ts';
import { printIssues } from '../report-issues.ts';
import { printTriageSummary } from '../triage-summary.ts';
import { VERSION } from '../version.ts';
import '../triage-messages.ts';

const collect = (v: string, prev: string[]): string[] => [...prev, v];

export function parseTime(v: string): number {
  const us = parseTs(v);
  if (Number.isNaN(us)) throw new KonsekiError('triage.bad_time', { value: v });
  return us;
}

export function triageCommand() {
  return new Command('triage')
    .description(t('triage.description'))
    .argument('<evidence...>', t('triage.arg.evidence'))
    .requiredOption('-o, --out <dir>', t('triage.opt.out'))
    .option('-r, --rules <dir>', t('triage.opt.rules'), collect, [] as string[])
    .addOption(new Option('-m, --min-level <level>', t('triage.opt.minLevel')).choices(LEVELS).default('informational' as const))
    .option('--from <time>', t('triage.opt.from'))
    .option('--to <time>', t('triage.opt.to'))
    .option('--computer <name>', t('triage.opt.computer'))
    .option('--ioc <file>', t('triage.opt.ioc'), collect, [] as string[])
    .option('-t, --threads <n>', t('triage.opt.threads'), (v) => Math.max(1, parseInt(v, 10) || 1))
    .option('--timezone <zone>', t('triage.opt.timezone'))
    .option('--trap-accounts <names>', t('triage.opt.trap'))
    .action(async (evidence, opts, cmd) => {
      const g = cmd.optsWithGlobals() as { quiet?: boolean; verbose?: boolean };
      const timeZone = opts.timezone ?? localTimeZone();
      if (!isValidTimeZone(timeZone)) throw new KonsekiError('triage.bad_zone', { value: timeZone });
      const progress = startProgress(0, 'triage', false);
      let bar: ReturnType<typeof startProgress> | undefined;
      const result: TriageResult = await runTriage({
        inputs: evidence,
        out: opts.out,
        ruleDocs: [],
        minLevel: opts.minLevel,
        filter: { from: opts.from ? parseTime(opts.from) : undefined, to: opts.to ? parseTime(opts.to) : undefined, computer: opts.computer },
        threads: opts.threads,
        timeZone,
        analysis: opts.trapAccounts ? { trapAccounts: opts.trapAccounts.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean) } : undefined,
        toolVersion: VERSION,
        onProgress: (done, total) => {
          bar ??= startProgress(total, 'triage', !g.quiet);
          bar.add(done - (bar as unknown as { last?: number }).last! || 0);
          (bar as unknown as { last?: number }).last = done;
        },
      });
      bar?.stop();
      progress.stop();
      if (!g.quiet) {
        printIssues(result.issues, !!g.verbose);
        printTriageSummary(result, timeZone, getLang());
      }
    });
}
