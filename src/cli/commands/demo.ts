/** `konseki demo`: a small self-made incident, written and triaged (runs on a fresh machine, no corpus). */
import { Command } from '@commander-js/extra-typings';
import { resolve, join } from 'node:path';
import { writeDemo } from '../../demo/index.ts';
import { t } from '../../i18n/index.ts';
import { tell, msg } from '../output.ts';

/** `run` is the CLI's own entry (passed in by main.ts, which imports this file). */
export function demoCommand(run: (argv: string[]) => Promise<number>) {
  return new Command('demo')
    .description(t('demo.description'))
    .option('-o, --out <dir>', t('demo.opt.out'), 'konseki-demo')
    .option('--no-triage', t('demo.opt.noTriage'))
    .action(async (o, cmd) => {
      const g = cmd.optsWithGlobals() as { quiet?: boolean; lang?: string };
      const dir = resolve(o.out);
      const demo = writeDemo(dir);
      const caseDir = join(dir, 'case');
      if (!g.quiet) tell(msg('demo.written', { files: demo.files.length, dir: demo.evidence, iocs: demo.iocs }));
      if (!o.triage) return;
      const args = [
        ...(g.lang ? ['--lang', g.lang] : []),
        ...(g.quiet ? ['-q'] : []),
        'triage',
        demo.evidence,
        '-o',
        caseDir,
        '--ioc',
        demo.iocs,
      ];
      if (!g.quiet) tell(msg('demo.running', { command: `konseki ${args.join(' ')}` }));
      const code = await run(args);
      if (code !== 0) process.exitCode = code;
      else if (!g.quiet) tell(msg('demo.next', { dir: caseDir }));
    });
}
