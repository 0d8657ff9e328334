/** `konseki export --case DIR --format F [-o FILE] [--what W]`: a case for other tools (see src/export/). */
import { resolve } from 'node:path';
import { Command, Option } from '@commander-js/extra-typings';
import { appendCustody } from '../../case/custody.ts';
import { LEVELS } from '../../core/finding.ts';
import { KonsekiError } from '../../core/issue.ts';
import { isValidTimeZone, localTimeZone } from '../../core/time-format.ts';
import { EXPORT_FORMATS, EXPORT_WHAT, HAYABUSA_PROFILE_NAMES, runExport } from '../../export/index.ts';
import { getLang, t } from '../../i18n/index.ts';
import { msg, tell } from '../output.ts';
import { VERSION } from '../version.ts';

export function exportCommand() {
  return new Command('export')
    .description(t('export.description'))
    .requiredOption('--case <dir>', t('export.opt.case'))
    .addOption(new Option('--format <format>', t('export.opt.format')).choices(EXPORT_FORMATS).makeOptionMandatory())
    .addOption(new Option('--what <what>', t('export.opt.what')).choices(EXPORT_WHAT))
    .option('-o, --output <file>', t('export.opt.out'))
    .addOption(new Option('--profile <name>', t('export.opt.profile')).choices(HAYABUSA_PROFILE_NAMES))
    .option('--timezone <zone>', t('export.opt.timezone'))
    .addOption(new Option('-m, --min-level <level>', t('export.opt.minLevel')).choices(LEVELS))
    .option('--confirmed-only', t('export.opt.confirmed'))
    .action(async (opts, cmd) => {
      const g = cmd.optsWithGlobals() as { quiet?: boolean };
      const timeZone = opts.timezone ?? localTimeZone();
      if (!isValidTimeZone(timeZone)) throw new KonsekiError('triage.bad_zone', { value: timeZone });
      const caseDir = resolve(opts.case);
      const out = opts.output === undefined || opts.output === '-' ? undefined : resolve(opts.output);
      const r = await runExport({
        caseDir,
        format: opts.format,
        what: opts.what,
        out,
        profile: opts.profile,
        timeZone,
        minLevel: opts.minLevel,
        lang: getLang(),
        version: VERSION,
        confirmedOnly: opts.confirmedOnly,
      });
      await appendCustody(caseDir, {
        command: 'export',
        args: process.argv.slice(2),
        version: VERSION,
        outputs: out ? [out] : [],
      });
      if (!g.quiet) {
        if (r.rows === 0) tell(msg('export.empty', { what: r.what }));
        tell(msg('export.done', { rows: r.rows, what: r.what, out: r.out, format: r.format }));
      }
    });
}
