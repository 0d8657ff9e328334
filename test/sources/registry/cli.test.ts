/** `konseki reg …` and `konseki prefetch …` as a user runs them (the built dist/cli.mjs). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusDir } from '../../support/corpus.ts';
import { reg, writeHive } from '../../support/windows/hive-writer.ts';

const CLI = resolve('dist/cli.mjs');
function konseki(args: string[], env: Record<string, string> = {}): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', KONSEKI_LANG: 'en', ...env },
    maxBuffer: 256 << 20,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
const jsonl = (s: string): Record<string, unknown>[] =>
  s
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

const win = corpusDir('windows');

describe('konseki reg dump', () => {
  const dir = mkdtempSync(join(tmpdir(), 'konseki-cli-'));
  const hive = join(dir, 'fixture.hiv');
  writeFileSync(
    hive,
    writeHive({
      name: 'ROOT',
      subkeys: [
        {
          name: 'A',
          subkeys: [
            {
              name: 'B',
              values: [
                { name: 'evil', type: 1, data: reg.sz('line1\n\u001b[31mred') },
                { name: 'n', type: 4, data: reg.dword(42) },
              ],
            },
          ],
        },
        { name: 'Z' },
      ],
    }),
  );

  it('prints one key with --key, and escapes control characters from the evidence', () => {
    const r = konseki(['reg', 'dump', hive, '--key', 'A\\B']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('[ROOT\\A\\B]');
    expect(r.stdout).toContain('evil REG_SZ = "line1\\\\x0a\\\\x1b[31mred"');
    expect(r.stdout).toContain('n REG_DWORD = 42 (0x2a)');
    expect(r.stdout).not.toContain('\u001b');
    expect(r.stdout).not.toContain('[ROOT\\Z]');
  });

  it('--json gives one object per key with decoded values', () => {
    const rows = jsonl(konseki(['reg', 'dump', hive, '--json']).stdout);
    expect(rows.map((r) => r.path)).toEqual(['ROOT', 'ROOT\\A', 'ROOT\\A\\B', 'ROOT\\Z']);
    expect(rows[2]!.values).toEqual([
      { name: 'evil', type: 'REG_SZ', size: 30, data: 'line1\n\u001b[31mred' },
      { name: 'n', type: 'REG_DWORD', size: 4, data: 42, hex: '2a000000' },
    ]);
    expect(rows[0]!.owner).toBe('S-1-5-32-544');
  });

  it('a missing key and a file that is not a hive are errors with exit code 2', () => {
    expect(konseki(['reg', 'dump', hive, '--key', 'Nope']).code).toBe(2);
    const notHive = join(dir, 'x.txt');
    writeFileSync(notHive, 'hello');
    const r = konseki(['reg', 'dump', notHive], { KONSEKI_LANG: 'ja' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('レジストリハイブではありません');
  });
});

describe.skipIf(!win)('konseki reg shimcache / amcache and konseki prefetch on the corpus', () => {
  it('reg shimcache --json on a SYSTEM hive and on a raw value', () => {
    const rows = jsonl(konseki(['reg', 'shimcache', '--json', join(win!, 'registry/regipy/SYSTEM_B')]).stdout);
    expect(rows).toHaveLength(406);
    expect(rows[0]).toMatchObject({
      controlSet: 'ControlSet001',
      position: 0,
      path: 'C:\\Windows\\system32\\MusNotificationUX.exe',
      executed: null,
    });
    const raw = konseki([
      'reg',
      'shimcache',
      join(win!, 'appcompatcache/EricZimmerman-AppCompatCacheParser/win7x86.bin'),
    ]);
    expect(raw.stdout.split('\n')[0]).toBe('# win7-x86: 91');
  });

  it('reg amcache --json', () => {
    const rows = jsonl(konseki(['reg', 'amcache', '--json', join(win!, 'registry/plaso/win10-Amcache.hve')]).stdout);
    expect(rows.find((r) => r.name === '7z.exe')).toMatchObject({
      kind: 'InventoryApplicationFile',
      sha1: '6c7ea8bbd435163ae3945cbef30ef6b9872a4591',
    });
  });

  it('prefetch --json over a directory, the bad file reported, not fatal', () => {
    const r = konseki([
      'prefetch',
      '--json',
      join(win!, 'prefetch/EricZimmerman-Prefetch/Win10'),
      join(win!, 'prefetch/EricZimmerman-Prefetch/Bad'),
    ]);
    expect(r.code).toBe(0);
    const rows = jsonl(r.stdout);
    expect(rows).toHaveLength(6);
    expect(rows.find((x) => x.executable === 'CALC.EXE')).toMatchObject({
      version: 30,
      compressed: true,
      runCount: 2,
      lastRuns: ['2016-01-11T22:08:20.9853304Z', '2016-01-10T02:12:33.8095417Z'],
    });
    expect(r.stderr).toContain('notAPrefetch.pf');
    expect(r.stderr).toContain('6 Prefetch files read, 1 not readable');
  });
});
