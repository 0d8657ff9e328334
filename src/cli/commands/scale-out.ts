/** `konseki ingest` and `konseki analyze`: a case held in ClickHouse (issue 17), fed from many machines. */
import { Command, Option } from '@commander-js/extra-typings';
import { LEVELS } from '../../core/finding.ts';
import { getLang, t } from '../../i18n/index.ts';
import { redactArgv } from '../../store/clickhouse/url.ts';
import { runAnalyze } from '../../triage/scale-out-analyze.ts';
import { runIngest } from '../../triage/scale-out.ts';
import { analyzeExitCode, clusterStore, printAnalyze, printIngest } from '../scale-out-output.ts';
import { checkOutputDir } from '../../case/case-dir.ts';
import { triageExitCode } from '../exit-codes.ts';
import { options, parseZone, requireExisting } from '../options.ts';
import { startProgress } from '../progress.ts';
import { printIssues } from '../report-issues.ts';
import { builtinRuleDirs, loadRules, uniqueDirs } from '../rule-loading.ts';
import { VERSION } from '../version.ts';
import { parseTime } from './triage.ts';
import '../triage-messages.ts';

const collect = (v: string, prev: string[]): string[] => [...prev, v];

const list = (v: string | undefined): string[] | undefined =>
  v
    ? v
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean)
    : undefined;

export function ingestCommand() {
  return new Command('ingest')
    .description(t('scale.ingest.description'))
    .argument('<evidence...>', t('triage.arg.evidence'))
    .requiredOption('--store <url>', t('scale.opt.store'))
    .requiredOption('--case <id>', t('scale.opt.case'))
    .option('--cluster <name>', t('scale.opt.cluster'))
    .addOption(options.rules('triage.opt.rules'))
    .addOption(
      new Option('-m, --min-level <level>', t('triage.opt.minLevel')).choices(LEVELS).default('informational' as const),
    )
    .option('--from <time>', t('triage.opt.from'), parseTime)
    .option('--to <time>', t('triage.opt.to'), parseTime)
    .option('--computer <name>', t('triage.opt.computer'))
    .addOption(options.threads())
    .addOption(options.timezone('triage.opt.timezone'))
    .option('--org-timezone <zone>', t('triage.opt.orgTimezone'), parseZone)
    .option('--internal <cidrs>', t('triage.opt.internal'))
    .option('--no-builtin-rules', t('triage.opt.noBuiltin'))
    .option('--follow-links', t('triage.opt.followLinks'))
    .action(async (evidence, opts, cmd) => {
      const g = cmd.optsWithGlobals() as { quiet?: boolean; verbose?: boolean };
      requireExisting(evidence);
      const store = clusterStore(opts.store, opts.case, opts.cluster);
      const ruleDirs = uniqueDirs([...(opts.builtinRules ? builtinRuleDirs() : []), ...opts.rules]);
      const rules = loadRules(ruleDirs, !g.quiet);
      let bar: ReturnType<typeof startProgress> | undefined;
      let shown = 0;
      const r = await runIngest({
        inputs: evidence,
        store,
        followLinks: !!opts.followLinks,
        ruleDocs: rules.docs,
        mapping: rules.mapping,
        minLevel: opts.minLevel,
        lang: getLang(),
        orgTimeZone: opts.orgTimezone,
        filter: { from: opts.from, to: opts.to, computer: opts.computer },
        threads: opts.threads,
        timeZone: opts.timezone,
        analysis: { internalCidrs: list(opts.internal) },
        toolVersion: VERSION,
        ruleDirs,
        argv: redactArgv(process.argv.slice(2)),
        onProgress: (done, total) => {
          bar ??= startProgress(total, 'ingest', !g.quiet);
          bar.add(done - shown);
          shown = done;
        },
      });
      bar?.stop();
      if (!g.quiet) {
        printIssues(r.issues, !!g.verbose);
        printIngest(r);
      }
      process.exitCode = triageExitCode({ issues: r.issues, evidenceChanges: [] });
    });
}

export function analyzeCommand() {
  return new Command('analyze')
    .description(t('scale.analyze.description'))
    .requiredOption('--store <url>', t('scale.opt.store'))
    .requiredOption('--case <id>', t('scale.opt.case'))
    .option('--cluster <name>', t('scale.opt.cluster'))
    .addOption(options.outDir('triage.opt.out').makeOptionMandatory())
    .addOption(options.rules('triage.opt.rules'))
    .addOption(
      new Option('-m, --min-level <level>', t('triage.opt.minLevel')).choices(LEVELS).default('informational' as const),
    )
    .option('--ioc <file>', t('triage.opt.ioc'), collect, [] as string[])
    .addOption(options.timezone('triage.opt.timezone'))
    .option('--org-timezone <zone>', t('triage.opt.orgTimezone'), parseZone)
    .option('--trap-accounts <names>', t('triage.opt.trap'))
    .option('--domain-admins <names>', t('triage.opt.domainAdmins'))
    .option('--allow <file>', t('triage.opt.allow'), collect, [] as string[])
    .option('--policy <file>', t('triage.opt.policy'), collect, [] as string[])
    .option('--internal <cidrs>', t('triage.opt.internal'))
    .option('--no-builtin-rules', t('triage.opt.noBuiltin'))
    .option('--memory-limit <size>', t('triage.opt.memoryLimit'))
    .option('-X, --remove-duplicate-detections', t('triage.opt.dedupe'))
    .option('-R, --remove-duplicate-data', t('triage.opt.dupData'))
    .option('--force', t('triage.opt.force'))
    .action(async (opts, cmd) => {
      const g = cmd.optsWithGlobals() as { quiet?: boolean; verbose?: boolean };
      requireExisting([...opts.ioc, ...opts.allow, ...opts.policy]);
      const store = clusterStore(opts.store, opts.case, opts.cluster);
      checkOutputDir(opts.out, [], { force: !!opts.force });
      const ruleDirs = uniqueDirs([...(opts.builtinRules ? builtinRuleDirs() : []), ...opts.rules]);
      const rules = loadRules(ruleDirs, !g.quiet);
      const { memoryLimit } = await import('./triage.ts');
      const r = await runAnalyze({
        store,
        out: opts.out,
        force: !!opts.force,
        ruleDocs: rules.docs,
        mapping: rules.mapping,
        minLevel: opts.minLevel,
        iocFiles: opts.ioc,
        allowFiles: opts.allow,
        policyFiles: opts.policy,
        lang: getLang(),
        orgTimeZone: opts.orgTimezone,
        filter: {},
        timeZone: opts.timezone,
        analysis: {
          trapAccounts: list(opts.trapAccounts)?.map((x) => x.toLowerCase()),
          domainAdmins: list(opts.domainAdmins),
          internalCidrs: list(opts.internal),
        },
        memoryLimit: opts.memoryLimit ? memoryLimit(opts.memoryLimit) : undefined,
        dedupe: !!opts.removeDuplicateDetections,
        dupData: !!opts.removeDuplicateData,
        toolVersion: VERSION,
        ruleDirs,
        argv: redactArgv(process.argv.slice(2)),
      });
      if (!g.quiet) printAnalyze(r, !!g.verbose);
      process.exitCode = analyzeExitCode(r);
    });
}
