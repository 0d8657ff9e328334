/** `konseki triage`: the main job. */
import { tell } from '../output.ts';
import { Command, Option } from '@commander-js/extra-typings';
import { parseTs } from '../../core/event.ts';
import { KonsekiError } from '../../core/issue.ts';
import { LEVELS } from '../../core/finding.ts';
import { readFileSync } from 'node:fs';
import {
  formatBusinessHours,
  formatWorkdays,
  parseBusinessHours,
  parseHolidayFile,
  parseWorkdays,
} from '../../core/calendar.ts';
import { displayZone, mergeSettings } from '../../case/settings.ts';
import { dynamicKey, getLang, t } from '../../i18n/index.ts';
import { runTriage, type TriageOptions, type TriageResult } from '../../triage/run.ts';
import { runIngest } from '../../triage/scale-out.ts';
import { runAnalyze } from '../../triage/scale-out-analyze.ts';
import { redactArgv } from '../../store/clickhouse/url.ts';
import { analyzeExitCode, clusterStore, printAnalyze, printIngest } from '../scale-out-output.ts';
import { CaseDir, checkOutputDir } from '../../case/case-dir.ts';
import { triageExitCode } from '../exit-codes.ts';
import { options, parseZone, requireExisting } from '../options.ts';
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

/** A DuckDB memory limit from the user: a size (2GB, 512MiB, 1.5 GB) or a share of RAM (50%). */
export function memoryLimit(v: string): string {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(%|[KMGT]i?B|B)?\s*$/i.exec(v);
  if (!m) throw new KonsekiError('triage.bad_memory_limit', { value: v });
  return `${m[1]}${(m[2] ?? 'MB').toUpperCase().replace('IB', 'iB')}`;
}

/** The company days off of holiday files; a line that is not a date stops the command with its place. */
function readHolidays(files: string[]): string[] {
  const dates = new Set<string>();
  for (const f of files) {
    let text: string;
    try {
      text = readFileSync(f, 'utf8');
    } catch (e) {
      throw new KonsekiError('triage.bad_holidays', { file: f, line: 0, text: (e as Error).message });
    }
    const h = parseHolidayFile(text);
    const bad = h.bad[0];
    if (bad) throw new KonsekiError('triage.bad_holidays', { file: f, line: bad.line, text: bad.text });
    for (const d of h.dates) dates.add(d);
  }
  return [...dates].sort();
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
    .option('--org-timezone <zone>', t('triage.opt.orgTimezone'), parseZone)
    .addOption(new Option('--log-timezone <zone>', t('triage.opt.orgTimezone')).argParser(parseZone).hideHelp())
    .option('--business-hours <hh:mm-hh:mm>', t('triage.opt.businessHours'), (v) =>
      formatBusinessHours(parseBusinessHours(v)),
    )
    .option('--workdays <days>', t('triage.opt.workdays'), (v) => formatWorkdays(parseWorkdays(v)))
    .option('--holidays <file>', t('triage.opt.holidays'), collect, [] as string[])
    .option('--trap-accounts <names>', t('triage.opt.trap'))
    .option('--domain-admins <names>', t('triage.opt.domainAdmins'))
    .option('--user-terminals <hosts>', t('triage.opt.userTerminals'))
    .option('--allow <file>', t('triage.opt.allow'), collect, [] as string[])
    .option('--policy <file>', t('triage.opt.policy'), collect, [] as string[])
    .option('--internal <cidrs>', t('triage.opt.internal'))
    .option('--proxy <ips>', t('triage.opt.proxy'))
    .option('--no-builtin-rules', t('triage.opt.noBuiltin'))
    .option('--memory-limit <size>', t('triage.opt.memoryLimit'))
    .option('-X, --remove-duplicate-detections', t('triage.opt.dedupe'))
    .option('-R, --remove-duplicate-data', t('triage.opt.dupData'))
    .option('--fresh', t('triage.opt.fresh'))
    .option('--follow-links', t('triage.opt.followLinks'))
    .option('--force', t('triage.opt.force'))
    .option('--store <url>', t('scale.opt.store'))
    .option('--case <id>', t('scale.opt.case'))
    .option('--cluster <name>', t('scale.opt.cluster'))
    .action(async (evidence, opts, cmd) => {
      const g = cmd.optsWithGlobals() as { quiet?: boolean; verbose?: boolean };
      requireExisting([...evidence, ...opts.ioc, ...opts.allow, ...opts.policy, ...opts.holidays]);
      // before any work: a wrong -o must not cost the rule loading first
      const caseDir = new CaseDir(checkOutputDir(opts.out, evidence, { force: !!opts.force }));
      const orgTimeZone = opts.orgTimezone ?? opts.logTimezone;
      const previous = caseDir.settings();
      const given =
        orgTimeZone ?? (previous.org_time_zone?.source === 'given' ? previous.org_time_zone.zone : undefined);
      const settings = mergeSettings(previous, {
        time_zone: opts.timezone,
        business_hours: opts.businessHours,
        workdays: opts.workdays,
        holidays: opts.holidays.length ? readHolidays(opts.holidays) : undefined,
      });
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
      const o: TriageOptions = {
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
        orgTimeZone: given,
        settings,
        filter: { from: opts.from, to: opts.to, computer: opts.computer },
        threads: opts.threads,
        timeZone: opts.timezone,
        analysis: {
          trapAccounts: list(opts.trapAccounts)?.map((x) => x.toLowerCase()),
          domainAdmins: list(opts.domainAdmins),
          userTerminals: list(opts.userTerminals),
          internalCidrs: list(opts.internal),
          proxies: list(opts.proxy),
        },
        memoryLimit: opts.memoryLimit ? memoryLimit(opts.memoryLimit) : undefined,
        dedupe: !!opts.removeDuplicateDetections,
        dupData: !!opts.removeDuplicateData,
        fresh: !!opts.fresh,
        onResume: (how, why, done) => {
          if (g.quiet) return;
          const msg =
            how === 'continue'
              ? t('triage.resume.continue', { out: opts.out, phase: why, done })
              : t('triage.resume.over', { out: opts.out, why: t(dynamicKey(`triage.resume.why.${why}`)) });
          tell(msg);
        },
        toolVersion: VERSION,
        ruleDirs,
        argv: redactArgv(process.argv.slice(2)),
        onProgress: (done, total) => {
          bar ??= startProgress(total, 'triage', !g.quiet);
          bar.add(done - shown);
          shown = done;
        },
      };
      if (opts.store) {
        // scale-out: ingest into ClickHouse, then analyze the case from there
        const store = clusterStore(opts.store, opts.case, opts.cluster);
        const ing = await runIngest({ ...o, store });
        bar?.stop();
        if (!g.quiet) printIngest(ing);
        const res = await runAnalyze({ ...o, store });
        if (!g.quiet) printAnalyze(res, !!g.verbose);
        process.exitCode = analyzeExitCode(res);
        return;
      }
      const result: TriageResult = await runTriage(o);
      bar?.stop();
      if (!g.quiet) {
        printIssues(result.issues, !!g.verbose);
        printTriageSummary(result, displayZone(result.settings), getLang());
      }
      process.exitCode = triageExitCode(result);
    });
}
