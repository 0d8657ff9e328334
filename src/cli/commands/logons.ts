/** `konseki logons`: successful and failed logons per computer, account, source and logon type. */
import { Command } from '@commander-js/extra-typings';
import { LogonSummary } from '../../analytics/windows/index.ts';
import { logonTypeLabel, statusLabel } from '../../analytics/windows/labels.ts';
import { formatLocal } from '../../core/time-format.ts';
import { t, dynamicKey, getLang } from '../../i18n/index.ts';
import { options, requireExisting, zoneOr } from '../options.ts';
import { cells, emit } from '../output.ts';
import { runScan } from '../../scan/run.ts';
import { csvLine } from '../../timeline/csv.ts';
import { printIssues } from '../report-issues.ts';
import { printTable } from '../table.ts';
import '../side-messages.ts';

const LOGON_EVENT_IDS = [4624, 4625, 21, 25, 1149];

export function logonsCommand() {
  return new Command('logons')
    .description(t('logons.description'))
    .argument('<inputs...>', t('search.arg.inputs'))
    .option('--include-system', t('logons.opt.system'))
    .option('--failed', t('logons.opt.failed'))
    .option('--csv', t('metrics.opt.csv'))
    .addOption(options.timezone())
    .action(async (inputs, o, cmd) => {
      const g = cmd.optsWithGlobals() as { quiet?: boolean; verbose?: boolean };
      requireExisting(inputs);
      const tz = zoneOr(o.timezone);
      const r = await runScan(inputs, { mode: 'events', eventIds: LOGON_EVENT_IDS });
      const summary = new LogonSummary();
      for (const e of r.events) summary.add(e);
      const rows = summary
        .rows()
        .filter((x) => o.includeSystem || !x.systemAccount)
        .filter((x) => !o.failed || x.failures > 0)
        .sort((a, b) => b.failures - a.failures || b.successes - a.successes || a.user.localeCompare(b.user));
      const cols = [
        'computer',
        'user',
        'srcIp',
        'srcComputer',
        'logonType',
        'channel',
        'success',
        'failed',
        'firstSuccess',
        'lastSuccess',
        'firstFailure',
        'lastFailure',
        'reasons',
      ];
      const header = cols.map((c) => t(dynamicKey(`logons.col.${c}`)));
      const lang = getLang();
      const time = (us: number | null): string => (us === null ? '' : formatLocal(us, tz));
      const table = rows.map((x) => [
        x.host ?? '-',
        x.user,
        x.sourceIp ?? '-',
        x.sourceComputer ?? '-',
        x.logonType === null ? '?' : logonTypeLabel(x.logonType, lang),
        x.channel,
        String(x.successes),
        String(x.failures),
        time(x.firstSuccess),
        time(x.lastSuccess),
        time(x.firstFailure),
        time(x.lastFailure),
        Object.entries(x.failureCodes)
          .map(([k, n]) => `${statusLabel(Number(k) < 0 ? undefined : Number(k), lang)} ×${n}`)
          .join(' ¦ '),
      ]);
      if (o.csv) {
        emit(process.stdout, csvLine(header));
        for (const row of table) emit(process.stdout, csvLine(cells(process.stdout, row)));
      } else printTable(header, table);
      if (!g.quiet) printIssues(r.issues, !!g.verbose);
    });
}
