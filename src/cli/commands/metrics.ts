/** `konseki metrics`: event counts (Hayabusa's eid-metrics, computer-metrics, log-metrics). */
import { Command, Option } from '@commander-js/extra-typings';
import { formatLocal } from '../../core/time-format.ts';
import { t, type MessageKey } from '../../i18n/index.ts';
import { options, requireExisting, zoneOr } from '../options.ts';
import { cells, emit } from '../output.ts';
import { runScan } from '../../scan/run.ts';
import { csvLine } from '../../timeline/csv.ts';
import { printIssues } from '../report-issues.ts';
import { printTable } from '../table.ts';
import '../side-messages.ts';

export function metricsCommand() {
  return new Command('metrics')
    .description(t('metrics.description'))
    .argument('<inputs...>', t('search.arg.inputs'))
    .addOption(
      new Option('-b, --by <what>', t('metrics.opt.by'))
        .choices(['eid', 'computer', 'file'] as const)
        .default('eid' as const),
    )
    .option('--csv', t('metrics.opt.csv'))
    .addOption(options.timezone())
    .action(async (inputs, o, cmd) => {
      const g = cmd.optsWithGlobals() as { quiet?: boolean; verbose?: boolean };
      requireExisting(inputs);
      const tz = zoneOr(o.timezone);
      const r = await runScan(inputs, { mode: 'metrics', metricsBy: o.by });
      const total = r.read || 1;
      const keyCols =
        o.by === 'eid'
          ? ['metrics.col.channel', 'metrics.col.eid', 'metrics.col.provider']
          : o.by === 'computer'
            ? ['metrics.col.computer']
            : ['metrics.col.file', 'metrics.col.computer'];
      const header = [
        'metrics.col.count',
        'metrics.col.percent',
        ...keyCols,
        'metrics.col.first',
        'metrics.col.last',
      ].map((c) => t(c as MessageKey));
      const rows = r.metrics
        .sorted()
        .map((m) => [
          String(m.count),
          ((m.count * 100) / total).toFixed(1),
          ...m.key,
          formatLocal(m.first, tz),
          formatLocal(m.last, tz),
        ]);
      if (o.csv) {
        emit(process.stdout, csvLine(header));
        for (const row of rows) emit(process.stdout, csvLine(cells(process.stdout, row)));
      } else {
        printTable(header, rows);
      }
      if (!g.quiet) printIssues(r.issues, !!g.verbose);
    });
}
