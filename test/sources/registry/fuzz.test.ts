/**
 * Deterministic fuzzing: real hives, Prefetch files and AppCompatCache values (and written fixtures)
 * with bytes flipped, words overwritten by boundary values, and tails cut off. Every mutant must be
 * read without an exception and within a per-file time bound.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Issue } from '../../../src/core/issue.ts';
import { hasMessage } from '../../../src/i18n/index.ts';
import { parsePrefetchBuffer } from '../../../src/sources/prefetch/file.ts';
import {
  amcacheEntries,
  Hive,
  parseShimcache,
  rootKey,
  systemHiveShimcache,
  valueData,
  values,
  walk,
} from '../../../src/sources/registry/index.ts';
import { corpusDir } from '../../support/corpus.ts';
import { reg, writeHive } from '../../support/windows/hive-writer.ts';
import { mamCompress } from '../../support/windows/lzxpress-compress.ts';
import { writePrefetch } from '../../support/windows/prefetch-writer.ts';
import { writeShimcache } from '../../support/windows/shimcache-writer.ts';
import { mulberry32 } from '../../../src/core/rng.ts';

// a hang guard, not a speed target: generous because CI shares 2 cores
const PER_FILE_MS = 10_000;
const MUTANTS = 400;
const BOUNDARY = [
  0, 1, 0x7f, 0x80, 0xff, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff, 0xfffffff0, 0x1000, 0x20, 16344, 16345,
];

const prng = mulberry32;

/** A mutant of `src`; `hot` is a region most structures live in (headers, first cells). */
function mutate(src: Buffer, r: () => number, hot = src.length): Buffer {
  const b = Buffer.from(src);
  const kind = Math.floor(r() * 4);
  const at = (): number => Math.floor((r() < 0.7 ? Math.min(hot, b.length) : b.length) * r());
  if (kind === 0) {
    for (let i = 0, n = 1 + Math.floor(r() * 32); i < n; i++) b[at()] = Math.floor(r() * 256);
  } else if (kind === 1) {
    for (let i = 0, n = 1 + Math.floor(r() * 8); i < n; i++) {
      const o = at() & ~3;
      if (o + 4 <= b.length) b.writeUInt32LE(BOUNDARY[Math.floor(r() * BOUNDARY.length)]! >>> 0, o);
    }
  } else if (kind === 2) {
    return b.subarray(0, Math.floor(b.length * r()));
  } else {
    const from = at();
    const to = at();
    const len = Math.min(256, b.length - Math.max(from, to));
    if (len > 0) b.copy(b, to, from, from + len);
  }
  return b;
}

function timed(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

/** Every issue code the mutants produced: each must have an English and a Japanese message. */
const codes = new Set<string>();

function readHiveFully(buf: Buffer): void {
  const issues: Issue[] = [];
  const hive = Hive.fromBuffer(buf, issues, 'fuzz');
  if (!hive) return;
  const root = rootKey(hive);
  if (root) for (const e of walk(hive, root)) for (const v of values(hive, e.key)) valueData(hive, v);
  systemHiveShimcache(hive);
  for (const _ of amcacheEntries(hive)) void _;
  hive.finish();
  for (const i of issues) codes.add(i.code);
}

const win = corpusDir('windows');

describe('fuzzed inputs never crash or hang the readers', () => {
  const hives: [string, Buffer][] = [
    [
      'fixture',
      writeHive({
        name: 'R',
        className: 'C',
        subkeys: [
          {
            name: 'ControlSet001',
            subkeys: [
              {
                name: 'Control',
                subkeys: [
                  {
                    name: 'Session Manager',
                    subkeys: [
                      {
                        name: 'AppCompatCache',
                        values: [
                          {
                            name: 'AppCompatCache',
                            type: 3,
                            data: writeShimcache('win10', [{ path: 'C:\\x.exe', lastModified: 1n }]),
                          },
                        ],
                      },
                    ],
                  },
                ],
              },
            ],
          },
          { name: 'Select', values: [{ name: 'Current', type: 4, data: reg.dword(1) }] },
          {
            name: 'ri',
            list: 'ri-lh',
            subkeys: Array.from({ length: 20 }, (_, i) => ({
              name: `k${i}`,
              values: [{ name: 'big', type: 3, data: Buffer.alloc(i === 3 ? 20_000 : 8, i) }],
            })),
          },
        ],
      }),
    ],
  ];
  if (win)
    for (const f of ['plaso/100_sub_keys.hiv', 'regipy/BCD', 'regipy/SECURITY', 'plaso/corrupt_sub_key_list.hiv'])
      hives.push([f, readFileSync(join(win, 'registry', f))]);

  it(`registry hives (${hives.length} seeds × ${MUTANTS} mutants)`, () => {
    let worst = 0;
    let n = 0;
    for (const [name, seed] of hives) {
      const r = prng(name.length * 7919);
      for (let i = 0; i < MUTANTS; i++) {
        const m = mutate(seed, r, 4096 + 8192);
        const ms = timed(() => readHiveFully(m));
        worst = Math.max(worst, ms);
        n++;
      }
    }
    console.log(`[fuzz] ${n} hive mutants, slowest ${worst.toFixed(1)} ms`);
    expect(worst).toBeLessThan(PER_FILE_MS);
  }, 120_000);

  const vol = '\\VOLUME{01d1217a9c4c6779-8c9f49ec}';
  const pfSeeds: [string, Buffer][] = ([17, 23, 26, 30, 31] as const).map((v) => [
    `v${v}`,
    writePrefetch({
      version: v,
      executable: 'X.EXE',
      hash: 1,
      runCount: 1,
      runs: [1n],
      filenames: [`${vol}\\X.EXE`, `${vol}\\Y.DLL`],
      volumes: [{ devicePath: vol, created: 1n, serial: 2, directories: [`${vol}\\A`] }],
    }),
  ]);
  if (win) {
    for (const f of [
      'EricZimmerman-Prefetch/XPPro/CMD.EXE-087B4001.pf',
      'EricZimmerman-Prefetch/Win7/CMD.EXE-4A81B364.pf',
      'EricZimmerman-Prefetch/Win8x/CMD.EXE-4A81B364.pf',
      'EricZimmerman-Prefetch/Win10/CMD.EXE-D269B812.pf',
      'plaso/AM_DELTA_PATCH_1.443.990.0.EX-7037CF86.pf',
    ]) {
      pfSeeds.push([f, readFileSync(join(win, 'prefetch', f))]);
    }
  }

  it(`Prefetch files, plain and MAM (${pfSeeds.length} seeds, plain ones also compressed, × ${MUTANTS} mutants)`, () => {
    let worst = 0;
    let n = 0;
    for (const [name, seed] of pfSeeds) {
      const r = prng(name.length * 104729);
      const forms = seed.toString('latin1', 0, 3) === 'MAM' ? [seed] : [seed, mamCompress(seed)];
      for (const form of forms) {
        for (let i = 0; i < MUTANTS; i++) {
          const m = mutate(form, r, 512);
          const issues: Issue[] = [];
          worst = Math.max(
            worst,
            timed(() => parsePrefetchBuffer(m, 'fuzz.pf', issues)),
          );
          for (const x of issues) codes.add(x.code);
          n++;
        }
      }
    }
    console.log(`[fuzz] ${n} Prefetch mutants, slowest ${worst.toFixed(1)} ms`);
    expect(worst).toBeLessThan(PER_FILE_MS);
  }, 120_000);

  it('AppCompatCache values of every layout (11 layouts and 4 corpus values × 400 mutants)', () => {
    const seeds: Buffer[] = (
      [
        'xp-x86',
        '2003-x86',
        '2003-x64',
        'vista-x86',
        'vista-x64',
        'win7-x86',
        'win7-x64',
        'win8.0',
        'win8.1',
        'win10',
        'win10-creators',
      ] as const
    ).map((l) =>
      writeShimcache(l, [
        { path: 'C:\\a.exe', lastModified: 5n, executed: true, fileSize: 9 },
        { path: 'C:\\b\\c.exe', lastModified: 6n },
      ]),
    );
    const acc = corpusDir('windows', 'appcompatcache', 'EricZimmerman-AppCompatCacheParser');
    if (acc)
      for (const f of ['Win10.bin', 'win7x64.bin', 'WinXPx86.bin', 'Win81.bin']) seeds.push(readFileSync(join(acc, f)));
    const r = prng(42);
    let worst = 0;
    for (const s of seeds)
      for (let i = 0; i < MUTANTS; i++) {
        const m = mutate(s, r, 600);
        worst = Math.max(
          worst,
          timed(() => parseShimcache(m)),
        );
      }
    expect(worst).toBeLessThan(PER_FILE_MS);
  });

  it('every problem the mutants raised has an English and a Japanese message', () => {
    expect(codes.size).toBeGreaterThan(10);
    expect([...codes].filter((c) => !hasMessage(c, 'en') || !hasMessage(c, 'ja'))).toEqual([]);
    console.log(`[fuzz] issue codes seen: ${[...codes].sort().join(', ')}`);
  });
});
