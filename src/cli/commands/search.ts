/** `konseki search`: Hayabusa-style search over events, output as a timeline. */
import { createWriteStream } from 'node:fs';
import { Command } from '@commander-js/extra-typings';
import { KonsekiError } from '../../core/issue.ts';
import { formatLocal, isValidTimeZone, localTimeZone } from '../../core/time-format.ts';
import { t } from '../../i18n/index.ts';
import { runScan } from '../../scan/run.ts';
import { allFieldInfo } from '../../scan/search.ts';
import { channelAbbr } from '../../timeline/abbreviations.ts';
import { csvLine } from '../../timeline/csv.ts';
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
    .option('-F, --field <Field=value>', t('search.opt.field'), collect, [] as string[])
    .option('-c, --case-sensitive', t('search.opt.caseSensitive'))
    .option('-J, --jsonl', t('search.opt.jsonl'))
    .option('-o, --output <file>', t('search.opt.output'))
    .option('--timezone <zone>', t('search.opt.timezone'))
    .action(async (inputs, o, cmd) => {
      const g = cmd.optsWithGlobals() as { quiet?: boolean; verbose?: boolean };
      const tz = o.timezone ?? localTimeZone();
      if (!isValidTimeZone(tz)) throw new KonsekiError('triage.bad_zone', { value: tz });
      const spec = { keywords: o.keyword, and: !!o.and, regex: o.regex, ignoreCase: !o.caseSensitive, fields: o.field };
      try {
        new RegExp(spec.regex ?? '');
      } catch (e) {
        throw new KonsekiError('cli.error', { message: (e as Error).message });
      }
      const r = await runScan(inputs, { mode: 'search', search: spec });
      const out = o.output ? createWriteStream(o.output) : process.stdout;
      if (!o.jsonl) out.write(csvLine([...SEARCH_COLUMNS]));
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
        out.write(o.jsonl ? `${JSON.stringify(row)}\n` : csvLine(SEARCH_COLUMNS.map((c) => row[c])));
      }
      if (o.output) await new Promise<void>((res) => (out as ReturnType<typeof createWriteStream>).end(res));
      if (!g.quiet) {
        printIssues(r.issues, !!g.verbose);
        process.stderr.write(`${t('search.summary', { hits: r.events.length, events: r.read, files: r.files })}\n`);
      }
    });
}
