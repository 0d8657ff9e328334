/** Runs the built CLI (dist/cli.mjs) as a user would. */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

export const CLI = resolve('dist/cli.mjs');

export function konseki(
  args: string[],
  env: Record<string, string> = {},
): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
    maxBuffer: 512 << 20,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * How to start a process on which permission bits bind: nothing to add for an ordinary user; for root
 * (which reads any file), util-linux's setpriv dropping the capabilities that override them (root keeps
 * its own files, so the checkout stays readable wherever it is); undefined when root has no setpriv.
 */
export const BOUND_BY_PERMISSIONS: string[] | undefined = (() => {
  if (process.getuid?.() !== 0) return [];
  const flags = ['--bounding-set', '-dac_override,-dac_read_search', '--'];
  return spawnSync('setpriv', [...flags, 'true']).status === 0 ? ['setpriv', ...flags] : undefined;
})();

/** The CLI with permission bits binding (see BOUND_BY_PERMISSIONS; call only when it is defined). */
export function konsekiBound(
  args: string[],
  env: Record<string, string> = {},
): { code: number; stdout: string; stderr: string } {
  const [cmd, ...pre] = [...(BOUND_BY_PERMISSIONS ?? []), process.execPath, CLI, ...args];
  const r = spawnSync(cmd!, pre, {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
    maxBuffer: 512 << 20,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Starts the CLI without waiting: for tests that interrupt or kill a run. */
export function startKonseki(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** The exit of a started run: its code, or the signal that ended it. */
export function exited(
  p: ChildProcess,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  let stderr = '';
  p.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString('utf8');
  });
  p.stdout?.resume();
  return new Promise((resolve) => p.on('exit', (code, signal) => resolve({ code, signal, stderr })));
}
