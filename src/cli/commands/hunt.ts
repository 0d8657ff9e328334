/** `konseki hunt`: new indicators or rules over a case already triaged, without reading the evidence again. */
import { msg, say } from '../output.ts';
import { Command } from '@commander-js/extra-typings';
import { t } from '../../i18n/index.ts';
import { runHunt } from '../../triage/hunt.ts';
import { printIssues } from '../report-issues.ts';
import { loadRules } from '../rule-loading.ts';
import { VERSION } from '../version.ts';
import { memoryLimit } from './triage.ts';
import '../triage-messages.ts';

const collect = (v: string, prev: string[]): string[] => [...prev, v];

export function huntCommand() {
  return new Command('hunt')
    .description(t('hunt.description'))
    .requiredOption('--case <dir>', t('hunt.opt.case'))
    .option('--ioc <file>', t('triage.opt.ioc'), collect, [] as string[])
    .option('-r, --rules <dir>', t('hunt.opt.rules'), collect, [] as string[])
    .option('--memory-limit <size>', t('triage.opt.memoryLimit'))
    .action(async (opts, cmd) => {
      const g = cmd.optsWithGlobals() as { quiet?: boolean; verbose?: boolean };
      const rules = opts.rules.length ? loadRules(opts.rules, !g.quiet) : undefined;
      const r = await runHunt({
        caseDir: opts.case,
        iocFiles: opts.ioc,
        ruleDocs: rules?.docs ?? [],
        mapping: rules?.mapping,
        ruleDirs: opts.rules,
        toolVersion: VERSION,
        argv: process.argv.slice(2),
        memoryLimit: opts.memoryLimit ? memoryLimit(opts.memoryLimit) : undefined,
      });
      if (g.quiet) return;
      printIssues(r.issues, !!g.verbose);
      const high = r.findings.filter((f) => f.severity === 'high' || f.severity === 'critical').length;
      say(
        msg('hunt.done', {
          out: r.out,
          events: r.events,
          detections: r.detections,
          findings: r.findings.length,
          high,
          rows: r.timelineRows,
          seconds: r.seconds.toFixed(1),
        }),
      );
    });
}
