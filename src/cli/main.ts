#!/usr/bin/env node
import '../core/regex-safety.ts';
/** konseki CLI: wiring only. Commands live in commands/; this is the one place that prints errors and sets the exit code. */
import { Command } from '@commander-js/extra-typings';
import { KonsekiError } from '../core/issue.ts';
import { setLang, t } from '../i18n/index.ts';
import { EXIT } from './exit-codes.ts';
import { msg, tell } from './output.ts';
import { dumpCommand } from './commands/dump.ts';
import { triageCommand } from './commands/triage.ts';
import { searchCommand } from './commands/search.ts';
import { metricsCommand } from './commands/metrics.ts';
import { logonsCommand } from './commands/logons.ts';
import { demoCommand } from './commands/demo.ts';
import { rulesCommand } from './commands/rules.ts';
import { regCommand } from './commands/reg.ts';
import { prefetchCommand } from './commands/prefetch.ts';
import { linuxCommand } from './commands/linux.ts';
import { respondCommand } from './commands/respond.ts';
import { caseCommand } from './commands/case.ts';
import { collectScriptCommand } from './commands/collect-script.ts';
import { exportCommand } from './commands/export.ts';
import './messages.ts';

import { VERSION } from './version.ts';

/** --lang must be known before the help texts are built, so it is read from argv first. */
function preLang(argv: string[]): void {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  if (i < 0) return;
  setLang(argv[i]!.includes('=') ? argv[i]!.split('=')[1] : argv[i + 1]);
}

export function buildProgram(): Command {
  const program = new Command('konseki')
    .description(t('cli.description'))
    .version(VERSION)
    .option('--lang <lang>', t('cli.opt.lang'))
    .option('-q, --quiet', t('cli.opt.quiet'))
    .option('-v, --verbose', t('cli.opt.verbose'));
  program.addCommand(dumpCommand());
  program.addCommand(triageCommand());
  program.addCommand(searchCommand());
  program.addCommand(metricsCommand());
  program.addCommand(logonsCommand());
  program.addCommand(demoCommand(main));
  program.addCommand(rulesCommand());
  program.addCommand(regCommand());
  program.addCommand(prefetchCommand());
  program.addCommand(linuxCommand());
  program.addCommand(respondCommand());
  program.addCommand(caseCommand());
  program.addCommand(collectScriptCommand());
  program.addCommand(exportCommand());
  // usage errors come back to main() (exit code 2) instead of ending the process inside commander
  const override = (c: { exitOverride(): unknown; commands: readonly unknown[] }): void => {
    c.exitOverride();
    for (const sub of c.commands) override(sub as typeof c);
  };
  override(program as unknown as { exitOverride(): unknown; commands: readonly unknown[] });
  return program as unknown as Command;
}

export async function main(argv: string[]): Promise<number> {
  preLang(argv);
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return process.exitCode === undefined ? EXIT.ok : Number(process.exitCode);
  } catch (e) {
    if (e instanceof KonsekiError) {
      tell(msg('cli.error', { message: msg(e.code, e.params) }));
      return EXIT.refused;
    }
    // commander has printed its message (unknown option, missing argument); help and version exit 0
    if ((e as { code?: string })?.code?.startsWith?.('commander.'))
      return (e as { exitCode?: number }).exitCode === 0 ? EXIT.ok : EXIT.refused;
    tell(t('cli.unexpected', { message: (e as Error)?.stack ?? String(e) }));
    return EXIT.internal;
  }
}

const isEntry = process.argv[1] && /(?:cli\.mjs|main\.ts)$/.test(process.argv[1]);
if (isEntry) {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
  });
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
