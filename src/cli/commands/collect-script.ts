/** `konseki collect-script linux|windows [-o FILE]`: writes a live-response collector. */
import { Command } from '@commander-js/extra-typings';
import { chmodSync, writeFileSync } from 'node:fs';
import { collectorScript, type CollectorOs } from '../../collect/index.ts';
import '../../collect/messages.ts';
import { KonsekiError } from '../../core/issue.ts';
import { t } from '../../i18n/index.ts';
import { emit, msg, tell } from '../output.ts';
import { VERSION } from '../version.ts';

export function collectScriptCommand() {
  return new Command('collect-script')
    .description(t('collect.description'))
    .argument('<os>', t('collect.arg.os'))
    .option('-o, --out <file>', t('collect.opt.out'))
    .action((os, o, cmd) => {
      const g = cmd.optsWithGlobals() as { quiet?: boolean };
      if (os !== 'linux' && os !== 'windows') throw new KonsekiError('collect.bad_os', { os });
      const text = collectorScript(os as CollectorOs, VERSION);
      if (!o.out) {
        emit(process.stdout, text);
        return;
      }
      writeFileSync(o.out, text);
      if (os === 'linux') chmodSync(o.out, 0o755);
      if (!g.quiet) tell(msg('collect.written', { file: o.out, usage: t(`collect.usage.${os}`, { file: o.out }) }));
    });
}
