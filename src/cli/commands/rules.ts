/** `konseki rules check` (load report) and `konseki rules test` (SigmaHQ regression data). */
import { Command } from '@commander-js/extra-typings';
import { formatLocation, KonsekiError, type Issue } from '../../core/issue.ts';
import { t, dynamicKey } from '../../i18n/index.ts';
import { say } from '../output.ts';
import { defaultCacheDir } from '../../sigma/cache.ts';
import { loadRuleSet } from '../../sigma/loader.ts';
import { loadMapping } from '../../sigma/mapping.ts';
import { findCases, runCases, type CaseResult } from '../../sigma/regression.ts';
import { summarize } from '../../sigma/report.ts';
import { compileRuleSet } from '../../sigma/ruleset.ts';
import { evtxEvents } from '../../sources/evtx/index.ts';
import { printIssues } from '../report-issues.ts';
import { printTable } from '../table.ts';
import '../../sigma/messages.ts';

const collect = (v: string, prev: string[]): string[] => [...prev, v];
const out = say;

export function rulesCommand() {
  const rules = new Command('rules').description(t('rules.description'));
  rules
    .command('check')
    .description(t('rules.check.description'))
    .argument('<dirs...>', t('rules.arg.dirs'))
    .option('--mapping <file>', t('rules.opt.mapping'), collect, [] as string[])
    .option('--no-cache', t('rules.opt.noCache'))
    .action((dirs, o, cmd) => {
      const g = cmd.optsWithGlobals() as { verbose?: boolean };
      runCheck(dirs, { mapping: o.mapping, cache: o.cache, verbose: !!g.verbose });
    });
  rules
    .command('test')
    .description(t('rules.test.description'))
    .argument('<regression_data...>', t('rules.arg.regression'))
    .requiredOption('-r, --rules <dir>', t('rules.opt.rules'), collect, [] as string[])
    .option('--mapping <file>', t('rules.opt.mapping'), collect, [] as string[])
    .option('--no-cache', t('rules.opt.noCache'))
    .action((data, o, cmd) => {
      const g = cmd.optsWithGlobals() as { verbose?: boolean; quiet?: boolean };
      const failed = runTest(data, o.rules, {
        mapping: o.mapping,
        cache: o.cache,
        verbose: !!g.verbose,
        quiet: !!g.quiet,
      });
      if (failed) process.exitCode = 1;
    });
  return rules;
}

interface Opts {
  mapping: string[];
  cache: boolean;
  verbose: boolean;
}

function load(dirs: string[], o: Opts) {
  const issues: Issue[] = [];
  const { docs, report } = loadRuleSet(dirs, { cacheDir: o.cache ? defaultCacheDir() : undefined });
  const mapping = loadMapping(o.mapping, issues);
  const ruleSet = compileRuleSet(docs, mapping);
  return { docs, report, mapping, ruleSet, issues };
}

export function runCheck(dirs: string[], o: Opts): void {
  const { docs, report, mapping, ruleSet, issues } = load(dirs, o);
  if (!report.files) throw new KonsekiError('cli.no_inputs', { paths: dirs.join(', ') });
  const s = summarize(docs, report, ruleSet, mapping);
  out(
    t('rules.check.files', {
      dirs: dirs.length,
      files: s.files,
      documents: s.documents,
      seconds: s.seconds.toFixed(1),
      cached: s.cached,
    }),
  );
  out(
    t('rules.check.loaded', {
      rules: s.loaded.rules,
      correlations: s.loaded.correlations,
      filters: s.loaded.filters,
      running: ruleSet.rules.size,
    }),
  );
  out(
    t('rules.check.status', {
      list: Object.entries(s.byStatus)
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `${k} ${v}`)
        .join(', '),
    }),
  );
  out(t('rules.check.rejected', { count: s.rejected }));
  for (const r of s.byReason) out(`  ${String(r.count).padStart(5)}  ${r.code}`);
  for (const i of o.verbose ? s.rejections : s.rejections.slice(0, 30))
    out(`    ${formatLocation(i.at)}: ${t(i.code, i.params ?? {})}`);
  if (!o.verbose && s.rejections.length > 30) out(`    ${t('issues.more', { count: s.rejections.length - 30 })}`);
  out(t('rules.check.notRun', { count: s.notRunIssues.length }));
  for (const r of s.notRun) out(`  ${String(r.count).padStart(5)}  ${r.code}`);
  for (const i of o.verbose ? s.notRunIssues : s.notRunIssues.slice(0, 30))
    out(`    ${formatLocation(i.at)}: ${t(i.code, i.params ?? {})}`);
  if (!o.verbose && s.notRunIssues.length > 30) out(`    ${t('issues.more', { count: s.notRunIssues.length - 30 })}`);
  out(t('rules.check.engine', { predicates: ruleSet.predicates, leaves: ruleSet.leaves, re2js: s.re2js }));
  out(t('rules.check.byLogsource'));
  printTable(
    [t('rules.col.logsource'), t('rules.col.rules'), t('rules.col.running'), t('rules.col.sources')],
    s.byLogsource.map((r) => [
      r.logsource,
      String(r.rules),
      String(r.running),
      r.mapped ? r.sources.join(', ') : t('rules.unmapped'),
    ]),
  );
  if (s.warnings.length) out(t('rules.check.warnings', { count: s.warnings.length }));
  printIssues([...issues, ...(o.verbose ? s.warnings : [])], o.verbose);
}

export function runTest(dataDirs: string[], ruleDirs: string[], o: Opts & { quiet: boolean }): number {
  const { docs, ruleSet, issues } = load(ruleDirs, o);
  const cases = findCases(dataDirs, issues);
  if (!cases.length) throw new KonsekiError('rules.test.noCases', { paths: dataDirs.join(', ') });
  const results = runCases(cases, docs, ruleSet, (p, iss) => evtxEvents(p, iss), issues);
  const byId = new Map(docs.filter((d) => d.id).map((d) => [d.id!, d]));
  for (const r of results) {
    if (r.status === 'failed') printFailure(r, byId.get(r.case.ruleId)?.file);
    else if (r.extra && o.verbose)
      out(
        t('rules.test.extra', {
          title: r.case.ruleTitle ?? r.case.ruleId,
          got: r.matches,
          expected: r.case.matchCount ?? 1,
        }),
      );
  }
  const count = (s: CaseResult['status']): number => results.filter((r) => r.status === s).length;
  const skipped = count('skipped');
  if (skipped) out(t('rules.test.skipped', { count: skipped }));
  if (!o.quiet) printIssues(issues, o.verbose);
  const failed = count('failed');
  out(`${count('passed')} passed, ${failed} failed`);
  return failed;
}

function printFailure(r: CaseResult, ruleFile: string | undefined): void {
  const c = r.case;
  out(`FAIL ${c.ruleTitle ?? ''} (${c.ruleId})`);
  out(`  ${t('rules.test.rule')}: ${ruleFile ?? t(`rules.test.reason.rule_not_loaded`)}`);
  out(`  ${t('rules.test.case')}: ${c.info} — ${c.name}`);
  out(`  ${t('rules.test.sample')}: ${c.path}`);
  out(`  ${t(dynamicKey(`rules.test.reason.${r.reason}`), { got: r.matches, expected: c.matchCount ?? 1 })}`);
  for (const e of r.events)
    out(`  ${t('rules.test.event')}: ${JSON.stringify({ record: e.source.record, ...e.fields }).slice(0, 2000)}`);
}
