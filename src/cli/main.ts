#!/usr/bin/env node
import '../core/regex-safety.ts';
/** konseki CLI: wiring only. Commands live in commands/; this is the one place that prints errors and sets the exit code. */
import { Command } from '@commander-js/extra-typings';
import { KonsekiError } from '../core/issue.ts';
import { setLang, t } from '../i18n/index.ts';
import { EXIT } from './exit-codes.ts';
import { msg, tell } from './output.ts';
import './messages.ts';

import { VERSION } from './version.ts';

/** --lang must be known before the help texts are built, so it is read from argv first. */
function preLang(argv: string[]): void {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  if (i < 0) return;
  setLang(argv[i]!.includes('=') ? argv[i]!.split('=')[1] : argv[i + 1]);
}

/**
 * Command modules, loaded when needed: `konseki dump` reads only what dump needs, `--version` nothing
 * (start-up is part of every run). Order is the order of the help text.
 */
const COMMANDS: ReadonlyArray<readonly [string, () => Promise<Command>]> = [
  ['dump', async () => (await import('./commands/dump.ts')).dumpCommand() as unknown as Command],
  ['triage', async () => (await import('./commands/triage.ts')).triageCommand() as unknown as Command],
  ['hunt', async () => (await import('./commands/hunt.ts')).huntCommand() as unknown as Command],
  ['ingest', async () => (await import('./commands/scale-out.ts')).ingestCommand() as unknown as Command],
  ['analyze', async () => (await import('./commands/scale-out.ts')).analyzeCommand() as unknown as Command],
  ['search', async () => (await import('./commands/search.ts')).searchCommand() as unknown as Command],
  ['metrics', async () => (await import('./commands/metrics.ts')).metricsCommand() as unknown as Command],
  ['logons', async () => (await import('./commands/logons.ts')).logonsCommand() as unknown as Command],
  ['demo', async () => (await import('./commands/demo.ts')).demoCommand(main) as unknown as Command],
  ['rules', async () => (await import('./commands/rules.ts')).rulesCommand() as unknown as Command],
  ['reg', async () => (await import('./commands/reg.ts')).regCommand() as unknown as Command],
  ['prefetch', async () => (await import('./commands/prefetch.ts')).prefetchCommand() as unknown as Command],
  ['linux', async () => (await import('./commands/linux.ts')).linuxCommand() as unknown as Command],
  ['respond', async () => (await import('./commands/respond.ts')).respondCommand() as unknown as Command],
  ['case', async () => (await import('./commands/case.ts')).caseCommand() as unknown as Command],
  [
    'collect-script',
    async () => (await import('./commands/collect-script.ts')).collectScriptCommand() as unknown as Command,
  ],
  ['serve', async () => (await import('./commands/serve.ts')).serveCommand() as unknown as Command],
  ['export', async () => (await import('./commands/export.ts')).exportCommand() as unknown as Command],
];

/** The command named on the command line: the first argument that is not a global option. */
function commandName(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--lang') i++;
    else if (!a.startsWith('-')) return a;
  }
  return undefined;
}

/**
 * The program with the commands `argv` needs: the one it names; none for --version alone; all of
 * them for help, an unknown command (commander suggests a near one) or none at all.
 */
export async function buildProgram(argv?: string[]): Promise<Command> {
  const program = new Command('konseki')
    .description(t('cli.description'))
    .version(VERSION)
    .option('--lang <lang>', t('cli.opt.lang'))
    .option('-q, --quiet', t('cli.opt.quiet'))
    .option('-v, --verbose', t('cli.opt.verbose'));
  const name = argv && commandName(argv);
  const named = COMMANDS.filter(([n]) => n === name);
  const versionOnly = argv !== undefined && name === undefined && argv.some((a) => a === '-V' || a === '--version');
  const load = named.length ? named : versionOnly ? [] : COMMANDS;
  for (const cmd of await Promise.all(load.map(([, make]) => make()))) program.addCommand(cmd);
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
    await (await buildProgram(argv)).parseAsync(argv, { from: 'user' });
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
