/**
 * Options several commands share, defined once: the same flag, the same parsing, the same checks and
 * the same message in every command. Values are checked while the command line is parsed; a bad value
 * stops the command with a message saying which value and why (exit code 2), before any work starts.
 * (`--lang`, `-q` and `-v` are global options of the program, see main.ts.)
 */
import { existsSync, statSync } from 'node:fs';
import { Option } from '@commander-js/extra-typings';
import { KonsekiError } from '../core/issue.ts';
import { isValidTimeZone, localTimeZone } from '../core/time-format.ts';
import { type MessageKey, t } from '../i18n/index.ts';
import './options-messages.ts';

const MAX_THREADS = 256;

export function parseThreads(v: string): number {
  if (!/^\d+$/.test(v.trim()) || Number(v) < 1 || Number(v) > MAX_THREADS)
    throw new KonsekiError('cli.bad_threads', { value: v, max: MAX_THREADS });
  return Number(v);
}

export function parseZone(v: string): string {
  if (!isValidTimeZone(v)) throw new KonsekiError('triage.bad_zone', { value: v });
  return v;
}

/** A non-negative whole number (limits, depths, days). */
export function parseCount(v: string): number {
  if (!/^\d+$/.test(v.trim())) throw new KonsekiError('cli.bad_count', { value: v });
  return Number(v);
}

/** A directory that must exist, collected when the option is repeated. */
function collectDir(v: string, prev: string[] = []): string[] {
  if (!existsSync(v)) throw new KonsekiError('cli.not_found', { path: v });
  if (!statSync(v).isDirectory() && !/\.ya?ml$/i.test(v)) throw new KonsekiError('cli.not_a_dir', { path: v });
  return [...prev, v];
}

export const options = {
  /** `--timezone <zone>`: IANA zone of printed times (the caller defaults to localZone()) */
  timezone: (descKey: MessageKey = 'cli.opt.timezone') =>
    new Option('--timezone <zone>', t(descKey)).argParser(parseZone),
  /** `-t, --threads <n>`: worker threads */
  threads: () => new Option('-t, --threads <n>', t('cli.opt.threads')).argParser(parseThreads),
  /** `-r, --rules <dir>`: a rule directory or file, repeatable */
  rules: (descKey: MessageKey = 'cli.opt.rules') =>
    new Option('-r, --rules <dir>', t(descKey)).argParser(collectDir).default([] as string[]),
  /** `-o, --out <dir>`: a directory to write (a case, a demo) */
  outDir: (descKey: MessageKey) => new Option('-o, --out <dir>', t(descKey)),
  /** `-o, --output <file>`: machine-readable output to a file instead of standard output */
  outFile: () => new Option('-o, --output <file>', t('cli.opt.output')),
  /** `--case <dir>`: an existing case directory */
  caseDir: (descKey: MessageKey = 'cli.opt.case') => new Option('--case <dir>', t(descKey)),
};

/** The zone to print times in: the option, or this machine's. */
export const zoneOr = (v: string | undefined): string => v ?? localTimeZone();

/** Every path given must exist (a typo must not produce an empty case). */
export function requireExisting(paths: string[]): void {
  for (const p of paths) if (!existsSync(p)) throw new KonsekiError('cli.not_found', { path: p });
}
