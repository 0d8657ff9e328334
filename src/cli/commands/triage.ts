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
import { builtinRuleDirs, loadRules } from '../rule-loading.ts';
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
    .addOption(
      new Option('-m, --min-level <level>', t('triage.opt.minLevel')).choices(LEVELS).default('informational' as const),
    )
    .option('--from <time>', t('triage.opt.from'))
    .option('--to <time>', t('triage.opt.to'))
    .option('--computer <name>', t('triage.opt.computer'))
    .option('--ioc <file>', t('triage.opt.ioc'), collect, [] as string[])
    .option('-t, --threads <n>', t('triage.opt.threads'), (v) => Math.max(1, parseInt(v, 10) || 1))
    .option('--timezone <zone>', t('triage.opt.timezone'))
    .option('--log-timezone <zone>', t('triage.opt.logTimezone'))
    .option('--trap-accounts <names>', t('triage.opt.trap'))
    .option('--domain-admins <names>', t('triage.opt.domainAdmins'))
    .option('--user-terminals <hosts>', t('triage.opt.userTerminals'))
    .option('--allow <file>', t('triage.opt.allow'), collect, [] as string[])
    .option('--policy <file>', t('triage.opt.policy'), collect, [] as string[])
    .option('--internal <cidrs>', t('triage.opt.internal'))
    .option('--no-builtin-rules', t('triage.opt.noBuiltin'))
    .action(async (evidence, opts, cmd) => {
      const g = cmd.optsWithGlobals() as { quiet?: boolean; verbose?: boolean };
      const timeZone = opts.timezone ?? localTimeZone();
      const logTimeZone = opts.logTimezone ?? timeZone;
      for (const z of [timeZone, logTimeZone])
        if (!isValidTimeZone(z)) throw new KonsekiError('triage.bad_zone', { value: z });
      const rules = loadRules([...(opts.builtinRules ? builtinRuleDirs() : []), ...opts.rules], !g.quiet);
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
        ruleDocs: rules.docs,
        mapping: rules.mapping,
        minLevel: opts.minLevel,
        iocFiles: opts.ioc,
        allowFiles: opts.allow,
        policyFiles: opts.policy,
        lang: getLang(),
        logTimeZone,
        filter: {
          from: opts.from ? parseTime(opts.from) : undefined,
          to: opts.to ? parseTime(opts.to) : undefined,
          computer: opts.computer,
        },
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
        ruleDirs: [...(opts.builtinRules ? builtinRuleDirs() : []), ...opts.rules],
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
    });
}
