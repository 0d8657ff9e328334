/** `konseki linux ...` end to end (the built dist/cli.mjs) against the real tools on the same files. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { have, run } from '../../support/linux/tools.ts';
import { sampleWtmp, utmpFile } from '../../support/linux/utmp-writer.ts';

const CLI = resolve('dist/cli.mjs');
function konseki(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'latin1',
    env: { ...process.env, TZ: 'Asia/Tokyo', NO_COLOR: '1' },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(!have('last') || !have('utmpdump'))('konseki linux (built CLI)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'konseki-cli-'));
  const wtmp = join(dir, 'wtmp');
  writeFileSync(wtmp, utmpFile(sampleWtmp(77, 120)));
  const s390 = join(dir, 'wtmp.s390x');
  writeFileSync(s390, utmpFile(sampleWtmp(77, 120), 's390x'));

  it('last -x -F prints what last -x -F -f prints; a big-endian copy too', () => {
    const real = run('last', ['-x', '-F', '-f', wtmp], 'Asia/Tokyo');
    expect(konseki(['linux', 'last', '-x', '-F', wtmp]).stdout).toBe(real);
    expect(konseki(['linux', 'last', '-x', '-F', s390]).stdout).toBe(real.replace('wtmp begins', 'wtmp.s390x begins'));
  });
  it('utmpdump prints what utmpdump prints; --json gives the records', () => {
    expect(konseki(['linux', 'utmpdump', wtmp]).stdout).toBe(run('utmpdump', [wtmp]));
    const json = konseki(['linux', 'utmpdump', '--json', wtmp])
      .stdout.trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(json.length).toBe(run('utmpdump', [wtmp]).trim().split('\n').length);
    expect(json.some((r) => r.Action === 'login' && r.User)).toBe(true);
  });
  it('refuses a missing file with a message', () => {
    const r = konseki(['linux', 'last', join(dir, 'nope')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nope');
  });
});
