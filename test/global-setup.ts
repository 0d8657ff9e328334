// Makes sure dist/ exists for the end-to-end tests that run the built CLI.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export default function setup(): void {
  if (existsSync('dist/cli.mjs') && process.env.KONSEKI_SKIP_BUILD) return;
  const r = spawnSync(process.execPath, ['scripts/build.mjs', '--quiet'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('build failed');
}
