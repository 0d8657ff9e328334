/** `konseki search`: Hayabusa-style search over events, output as a timeline. */
import { createWriteStream } from 'node:fs';
import { Command } from '@commander-js/extra-typings';
import { formatLocal } from '../../core/time-format.ts';
import { t } from '../../i18n/index.ts';
import { runScan } from '../../scan/run.ts';
import { allFieldInfo, parseFieldFilter, searchRegex } from '../../scan/search.ts';
import { channelAbbr } from '../../timeline/abbreviations.ts';
import { csvLine } from '../../timeline/csv.ts';
import { options, requireExisting, zoneOr } from '../options.ts';
import { cells, emit, msg, tell } from '../output.ts';
import { printIssues } from '../report-issues.ts';
import '../side-messages.ts';

const collect = (v: string, prev: string[]): string[] => [...prev, v];
export const SEARCH_COLUMNS = [
  'Timestamp',
  'Computer',
  'Channel',
  'EventID',
  'RecordID',
  'AllFieldInfo',
  'EvidenceFile',
] as const;

export function searchCommand() {
  return new Command('search')
    .description(t('search.description'))
    .argument('<inputs...>', t('search.arg.inputs'))
    .option('-k, --keyword <text>', t('search.opt.keyword'), collect, [] as string[])
    .option('-a, --and', t('search.opt.and'))
    .option('-r, --regex <regex>', t('search.opt.regex'))
    .option(
      '-F, --field <Field=value>',
      t('search.opt.field'),
      (v: string, prev: string[]) => (parseFieldFilter(v), [...prev, v]),
      [] as string[],
    )
    .option('-c, --case-sensitive', t('search.opt.caseSensitive'))
    .option('-J, --jsonl', t('search.opt.jsonl'))
    .addOption(options.outFile())
    .addOption(options.timezone())
    .action(async (inputs, o, cmd) => {
      const g = cmd.optsWithGlobals() as { quiet?: boolean; verbose?: boolean };
      requireExisting(inputs);
      const tz = zoneOr(o.timezone);
      const spec = { keywords: o.keyword, and: !!o.and, regex: o.regex, ignoreCase: !o.caseSensitive, fields: o.field };
      // checked here, before any worker starts: a refused pattern is a message, not a crash
      if (spec.regex !== undefined) searchRegex(spec.regex, spec.ignoreCase);
      const r = await runScan(inputs, { mode: 'search', search: spec });
      const out = o.output ? createWriteStream(o.output) : process.stdout;
      if (!o.jsonl) emit(out, csvLine([...SEARCH_COLUMNS]));
      for (const e of r.events) {
        const row = {
          Timestamp: formatLocal(e.ts, tz),
          Computer: e.host ?? '-',
          Channel: channelAbbr(
            typeof e.fields.Channel === 'string' ? e.fields.Channel : (e.logsource.category ?? e.source.format),
          ),
          EventID: e.fields.EventID ?? '-',
          RecordID: e.source.record ?? e.source.line ?? '',
          AllFieldInfo: allFieldInfo(e),
          EvidenceFile: e.source.file,
        };
        // on a terminal every value is one line with its controls visible; to a file or a pipe, exact
        const values = cells(
          out,
          SEARCH_COLUMNS.map((c) => row[c]),
        );
        emit(
          out,
          o.jsonl
            ? `${JSON.stringify(Object.fromEntries(SEARCH_COLUMNS.map((c, i) => [c, values[i]])))}\n`
            : csvLine(values),
        );
      }
      if (o.output) await new Promise<void>((res) => (out as ReturnType<typeof createWriteStream>).end(res));
      if (!g.quiet) {
        printIssues(r.issues, !!g.verbose);
        tell(msg('search.summary', { hits: r.events.length, events: r.read, files: r.files }));
      }
    });
}
