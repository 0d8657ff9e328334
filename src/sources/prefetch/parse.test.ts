import { describe, expect, it } from 'vitest';
import type { Issue } from '../../core/issue.ts';
import { mamCompress } from '../../../test/support/windows/lzxpress-compress.ts';
import { writePrefetch, type PrefetchSpec } from '../../../test/support/windows/prefetch-writer.ts';
import { formatFiletime } from '../binary.ts';
import { parsePrefetchBuffer } from './file.ts';
import { executablePath } from './parse.ts';
import { prefetchEvents, prefetchReader } from './reader.ts';

const VOL = '\\VOLUME{01d1217a9c4c6779-8c9f49ec}';
const RUNS = Array.from({ length: 8 }, (_, i) => 0x01d9a0b0c0d0e0f0n - BigInt(i) * 36_000_000_000n);

function spec(version: PrefetchSpec['version'], variant2 = false): PrefetchSpec {
  return {
    version,
    variant2,
    executable: 'RCLONE.EXE',
    hash: 0x5a5a1234,
    runCount: 11,
    runs: RUNS,
    filenames: [
      `${VOL}\\WINDOWS\\SYSTEM32\\NTDLL.DLL`,
      `${VOL}\\USERS\\PUBLIC\\RCLONE.EXE`,
      `${VOL}\\USERS\\PUBLIC\\データ.TXT`,
    ],
    volumes: [
      {
        devicePath: VOL,
        created: 0x01d1217a9c4c6779n,
        serial: 0x8c9f49ec,
        directories: [`${VOL}\\USERS`, `${VOL}\\USERS\\PUBLIC`],
      },
    ],
  };
}

const VERSIONS: [PrefetchSpec['version'], boolean][] = [
  [17, false],
  [23, false],
  [26, false],
  [30, false],
  [30, true],
  [31, false],
];

describe('Prefetch versions (fixtures written from the format notes)', () => {
  for (const [v, v2] of VERSIONS) {
    for (const mam of [false, true]) {
      it(`version ${v}${v2 ? ' (1903+ layout)' : ''}${mam ? ', MAM-compressed' : ''}`, () => {
        const s = spec(v, v2);
        const raw = writePrefetch(s);
        const issues: Issue[] = [];
        const pf = parsePrefetchBuffer(mam ? mamCompress(raw) : raw, 'f.pf', issues)!;
        expect(issues).toEqual([]);
        expect(pf.compressed).toBe(mam);
        const i = pf.info;
        expect([i.version, i.executable, i.hash, i.runCount]).toEqual([v, 'RCLONE.EXE', 0x5a5a1234, 11]);
        expect(i.lastRuns).toEqual(v >= 26 ? RUNS : RUNS.slice(0, 1));
        expect(i.filenames).toEqual(s.filenames);
        expect(i.volumes).toEqual(s.volumes);
        expect(executablePath(i)).toBe(`${VOL}\\USERS\\PUBLIC\\RCLONE.EXE`);
      });
    }
  }
});

describe('Prefetch events', () => {
  it('one event per run time, most recent first, with the run count and volumes', () => {
    const pf = parsePrefetchBuffer(writePrefetch(spec(30)), 'f.pf', [])!;
    const ev = prefetchEvents(pf.info, 'C:\\case\\RCLONE.EXE-5A5A1234.pf');
    expect(ev).toHaveLength(8);
    expect(ev.map((e) => e.fields.RunIndex)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(ev[0]!.ts).toBeGreaterThan(ev[7]!.ts);
    expect(ev[0]!.fields).toMatchObject({
      Image: `${VOL}\\USERS\\PUBLIC\\RCLONE.EXE`,
      RunCount: 11,
      PrefetchHash: '5A5A1234',
      LastRun: formatFiletime(RUNS[0]!),
      Volumes: [VOL],
      VolumeSerials: ['8C9F49EC'],
      FileCount: 3,
    });
    expect(ev[0]!.logsource).toEqual({ product: 'windows', service: 'prefetch' });
    expect(ev[1]!.fields.ReferencedFiles).toBeUndefined();
  });

  it('sniffs SCCA and MAM by content, the .pf name only raising MAM', () => {
    const raw = writePrefetch(spec(26));
    expect(prefetchReader.sniff(raw.subarray(0, 64), 'anything')).toBe(1);
    expect(prefetchReader.sniff(mamCompress(raw).subarray(0, 64), 'x.pf')).toBe(0.95);
    expect(prefetchReader.sniff(mamCompress(raw).subarray(0, 64), 'Ag.db')).toBe(0.6);
    expect(prefetchReader.sniff(Buffer.from('regf....'), 'x.pf')).toBe(0);
  });

  it('reports damage instead of throwing', () => {
    const raw = writePrefetch(spec(23));
    raw.writeUInt32LE(0xfffffff0, 100); // filename strings offset far outside
    raw.writeUInt32LE(0x7fffffff, 112); // absurd volume count
    const issues: Issue[] = [];
    const pf = parsePrefetchBuffer(raw, 'bad.pf', issues)!;
    expect(pf.info.filenames).toEqual([]);
    expect(pf.info.volumes).toEqual([]);
    expect(issues.map((i) => i.code)).toEqual(['prefetch.bad_section', 'prefetch.bad_section']);
    const cut: Issue[] = [];
    // what could be decompressed is still read (the header survived), and the loss is reported
    const partial = parsePrefetchBuffer(mamCompress(raw).subarray(0, 300), 'cut.pf', cut);
    expect(cut[0]!.code).toBe('prefetch.decompress_failed');
    expect(partial?.info.executable).toBe('RCLONE.EXE');
  });
});
