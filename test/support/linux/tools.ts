/** The real Linux login tools used as oracles, and how to run them; tests skip when they are missing. */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export function have(tool: string): boolean {
  return ['/usr/bin/', '/bin/', '/usr/sbin/'].some((d) => existsSync(d + tool));
}

export function run(tool: string, args: string[], tz = 'UTC'): string {
  return execFileSync(tool, args, {
    env: { ...process.env, TZ: tz, LANG: 'C', LC_ALL: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
  }).toString('latin1');
}

/** True when this process can chroot (shadow's lastlog -R and faillog -R need it). */
export function canChroot(): boolean {
  if (process.getuid?.() !== 0 || !have('lastlog') || !have('faillog')) return false;
  const r = spawnSync('lastlog', ['-R', '/', '-u', 'root'], { stdio: 'ignore' });
  return r.status === 0;
}
