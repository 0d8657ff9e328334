/** `konseki triage`: the main job. */
import { Command, Option } from '@commander-js/extra-typings';
import { parseTs } from '../../core/event.ts';
import { KonsekiError } from '../../core/issue.ts';
import { LEVELS } from '../../core/finding.ts';
import { getLang, t } from '../../i18n/index.ts';
import { runTriage, type TriageResult } from '../../triage/run.ts';
import { checkOutputDir } from '../../case/case-dir.ts';
import { triageExitCode } from '../exit-codes.ts';
import { options, parseZone, requireExisting, zoneOr } from '../options.ts';
import { startProgress } from '../progress.ts';
import { printIssues } from '../report-issues.ts';
import { printTriageSummary } from '../triage-summary.ts';
import { VERSION } from '../version.ts';
import { builtinRuleDirs, loadRules, uniqueDirs } from '../rule-loading.ts';
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
    .addOption(options.outDir('triage.opt.out').makeOptionMandatory())
    .addOption(options.rules('triage.opt.rules'))
    .addOption(
      new Option('-m, --min-level <level>', t('triage.opt.minLevel')).choices(LEVELS).default('informational' as const),
    )
    .option('--from <time>', t('triage.opt.from'), parseTime)
    .option('--to <time>', t('triage.opt.to'), parseTime)
    .option('--computer <name>', t('triage.opt.computer'))
    .option('--ioc <file>', t('triage.opt.ioc'), collect, [] as string[])
    .addOption(options.threads())
    .addOption(options.timezone('triage.opt.timezone'))
    .option('--log-timezone <zone>', t('triage.opt.logTimezone'), parseZone)
    .option('--trap-accounts <names>', t('triage.opt.trap'))
    .option('--domain-admins <names>', t('triage.opt.domainAdmins'))
    .option('--user-terminals <hosts>', t('triage.opt.userTerminals'))
    .option('--allow <file>', t('triage.opt.allow'), collect, [] as string[])
    .option('--policy <file>', t('triage.opt.policy'), collect, [] as string[])
    .option('--internal <cidrs>', t('triage.opt.internal'))
    .option('--no-builtin-rules', t('triage.opt.noBuiltin'))
    .option('--follow-links', t('triage.opt.followLinks'))
    .option('--force', t('triage.opt.force'))
    .action(async (evidence, opts, cmd) => {
      const g = cmd.optsWithGlobals() as { quiet?: boolean; verbose?: boolean };
      requireExisting([...evidence, ...opts.ioc, ...opts.allow, ...opts.policy]);
      // before any work: a wrong -o must not cost the rule loading first
      checkOutputDir(opts.out, evidence, { force: !!opts.force });
      const timeZone = zoneOr(opts.timezone);
      const logTimeZone = opts.logTimezone ?? timeZone;
      const ruleDirs = uniqueDirs([...(opts.builtinRules ? builtinRuleDirs() : []), ...opts.rules]);
      const rules = loadRules(ruleDirs, !g.quiet);
      const list = (v: string | undefined): string[] | undefined =>
        v
          ? v
              .split(',')
              .map((x) => x.trim())
              .filter(Boolean)
          : undefined;
      let bar: ReturnType<typeof startProgress> | undefined;
      let shown = 0;
      const result: TriageResult = await runTriage({
        inputs: evidence,
        out: opts.out,
        force: !!opts.force,
        followLinks: !!opts.followLinks,
        ruleDocs: rules.docs,
        mapping: rules.mapping,
        minLevel: opts.minLevel,
        iocFiles: opts.ioc,
        allowFiles: opts.allow,
        policyFiles: opts.policy,
        lang: getLang(),
        logTimeZone,
        filter: { from: opts.from, to: opts.to, computer: opts.computer },
        threads: opts.threads,
        timeZone,
        analysis: {
          timeZone: logTimeZone,
          trapAccounts: list(opts.trapAccounts)?.map((x) => x.toLowerCase()),
          domainAdmins: list(opts.domainAdmins),
          userTerminals: list(opts.userTerminals),
          internalCidrs: list(opts.internal),
        },
        toolVersion: VERSION,
        ruleDirs,
        argv: process.argv.slice(2),
        onProgress: (done, total) => {
          bar ??= startProgress(total, 'triage', !g.quiet);
          bar.add(done - shown);
          shown = done;
        },
      });
      bar?.stop();
      if (!g.quiet) {
        printIssues(result.issues, !!g.verbose);
        printTriageSummary(result, timeZone, getLang());
      }
      process.exitCode = triageExitCode(result);
    });
}
