/** `konseki respond`: containment artifacts for a case (see src/respond/). */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command, Option } from '@commander-js/extra-typings';
import { appendCustody } from '../../case/custody.ts';
import { refreshReport } from '../../report/refresh.ts';
import { KonsekiError } from '../../core/issue.ts';
import { getLang, t } from '../../i18n/index.ts';
import { CaseDir } from '../../case/case-dir.ts';
import { displayZone } from '../../case/settings.ts';
import { options } from '../options.ts';
import { prepareResponse } from '../../respond/prepare.ts';
import { RESPONSE_LEVELS } from '../../respond/types.ts';
import { writeResponse } from '../../respond/write.ts';
import { msg, tell } from '../output.ts';
import { printIssues } from '../report-issues.ts';
import { VERSION } from '../version.ts';
import '../../respond/messages.ts';

const collect = (v: string, prev: string[]): string[] => [...prev, v];

export function respondCommand() {
  return new Command('respond')
    .description(t('respond.description'))
    .option('--case <dir>', t('respond.opt.case'))
    .addOption(new Option('--level <level>', t('respond.opt.level')).choices(RESPONSE_LEVELS).makeOptionMandatory())
    .option('--hosts <list>', t('respond.opt.hosts'))
    .option('--ioc <file>', t('respond.opt.ioc'), collect, [] as string[])
    .option('--out <dir>', t('respond.opt.out'))
    .option('--mail <list>', t('respond.opt.mail'))
    .option('--mgmt <list>', t('respond.opt.mgmt'))
    .option('--internal <list>', t('respond.opt.internal'))
    .option('--account <spec>', t('respond.opt.account'), collect, [] as string[])
    .addOption(
      new Option('--url-scope <scope>', t('respond.opt.urlScope'))
        .choices(['host', 'exact'] as const)
        .default('host' as const),
    )
    .option('--pfsense-interfaces <list>', t('respond.opt.pfIface'))
    .option('--case-id <id>', t('respond.opt.caseId'))
    .option('--min-confidence <n>', t('respond.opt.minConfidence'))
    .option('--allow <file>', t('respond.opt.allow'), collect, [] as string[])
    .option('--stop-service <spec>', t('respond.opt.stopService'), collect, [] as string[])
    .addOption(options.timezone('respond.opt.timezone'))
    .action(async (opts, cmd) => {
      const g = cmd.optsWithGlobals() as { quiet?: boolean; verbose?: boolean; lang?: string };
      if (!opts.case && !opts.out) throw new KonsekiError('respond.need_dir');
      if (opts.case && !existsSync(opts.case)) throw new KonsekiError('cli.not_found', { path: opts.case });
      // RESPONSE.md in the case's language and display zone unless told otherwise
      const settings = opts.case ? new CaseDir(opts.case).settings() : {};
      const lang = g.lang === 'ja' || g.lang === 'en' ? g.lang : (settings.lang ?? getLang());
      const minConfidence = opts.minConfidence === undefined ? undefined : Number(opts.minConfidence);
      if (minConfidence !== undefined && !(minConfidence >= 0 && minConfidence <= 1))
        throw new KonsekiError('respond.bad_confidence', { value: opts.minConfidence! });
      const {
        plan,
        issues: all,
        refusal,
      } = prepareResponse({
        caseDir: opts.case,
        caseId: opts.caseId,
        level: opts.level,
        iocFiles: opts.ioc,
        hosts: opts.hosts,
        mail: opts.mail,
        mgmt: opts.mgmt,
        internal: opts.internal,
        accounts: opts.account,
        urlScope: opts.urlScope,
        minConfidence,
        allowFiles: opts.allow,
        stopServices: opts.stopService,
      });
      if (refusal) {
        if (!g.quiet) printIssues(all, !!g.verbose);
        throw new KonsekiError(refusal.code, refusal.params);
      }
      const dir = resolve(opts.out ?? join(opts.case!, 'respond'));
      const r = writeResponse(plan, all, dir, {
        lang,
        timeZone: displayZone(settings, opts.timezone),
        tool: `konseki ${VERSION}`,
        pfsense: {
          interfaces: opts.pfsenseInterfaces
            ?.split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        },
      });
      if (opts.case) {
        // the report first, so the custody entry (the command's final record) holds it as it is
        const report = await refreshReport(opts.case, `konseki ${VERSION}`);
        const inputs = [join(opts.case, 'case.json'), ...opts.ioc].filter((p) => existsSync(p));
        await appendCustody(opts.case, {
          command: 'respond',
          args: process.argv.slice(2),
          version: VERSION,
          inputs,
          outputs: [
            ...r.artifacts.map((a) => join(dir, a.file)),
            join(dir, 'plan.json'),
            join(dir, 'RESPONSE.md'),
            ...report,
          ],
        });
      }
      if (!g.quiet) {
        printIssues(r.issues, !!g.verbose);
        tell(
          msg('respond.written', {
            files: r.artifacts.length + 2,
            dir,
            level: plan.level,
            nets: plan.nets.length,
            domains: plan.domains.length,
            urls: plan.urls.length + plan.ports.length,
            hosts: plan.hosts.length,
            accounts: plan.accounts.length,
            rejected: r.issues.filter((i) => i.code === 'respond.rejected').length,
          }),
        );
      }
    });
}
