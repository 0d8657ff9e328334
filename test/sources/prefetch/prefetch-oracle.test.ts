/**
 * Our Prefetch reader against libscca's `sccainfo`: the corpus' stored output for every file it
 * reads (versions 17 to 30, MAM included), live runs on fixtures of every version (plain and
 * compressed with our own LZXPRESS Huffman compressor) and on real MAM files recompressed by it.
 * Version 31 (Windows 11) is not supported by Debian's sccainfo 20200717: that file is checked
 * against the values plaso's own test expects (tests/parsers/winprefetch.py, testParse31…).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Issue } from '../../../src/core/issue.ts';
import { parsePrefetchBuffer, readPrefetchFile, sccaBytes } from '../../../src/sources/prefetch/file.ts';
import { executablePath } from '../../../src/sources/prefetch/parse.ts';
import { corpusDir } from '../../support/corpus.ts';
import { mamCompress } from '../../support/windows/lzxpress-compress.ts';
import { writePrefetch, type PrefetchSpec } from '../../support/windows/prefetch-writer.ts';
import { renderSccainfo, runSccainfo, sccainfoAvailable, stripSccaBanner } from '../../support/windows/sccainfo.ts';

const pfDir = corpusDir('windows', 'prefetch');
const oracleDir = corpusDir('windows', 'oracle', 'prefetch');

function pfFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n.endsWith('.pf')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

describe.skipIf(!pfDir || !oracleDir)('Prefetch corpus vs sccainfo (stored reference output)', () => {
  const files = pfDir ? pfFiles(pfDir) : [];
  const tally = { identical: 0, refusedByBoth: 0, v31: 0, mam: 0 };
  for (const f of files) {
    const rel = relative(pfDir!, f);
    it(rel, () => {
      const stored = [join(oracleDir!, `${rel}.sccainfo.txt`), join(oracleDir!, `${rel}.txt`)].find(existsSync);
      expect(stored, 'stored sccainfo output').toBeDefined();
      const text = readFileSync(stored!, 'utf8');
      const issues: Issue[] = [];
      const pf = readPrefetchFile(f, issues);
      if (text.includes('unsupported format version')) {
        // Windows 11 (version 31): expected values from plaso's test of this very file
        expect(pf!.info).toMatchObject({
          version: 31,
          executable: 'AM_DELTA_PATCH_1.443.990.0.EX',
          hash: 0x7037cf86,
          runCount: 1,
        });
        expect(executablePath(pf!.info)).toBe(
          '\\VOLUME{01dc94cf1f08c4a4-bc1f1bfc}\\WINDOWS\\SOFTWAREDISTRIBUTION\\DOWNLOAD\\INSTALL\\AM_DELTA_PATCH_1.443.990.0.EXE',
        );
        expect(pf!.info.volumes.map((v) => [v.devicePath, v.serial])).toEqual([
          ['\\VOLUME{01dc94cf1f08c4a4-bc1f1bfc}', 0xbc1f1bfc],
        ]);
        tally.v31++;
        return;
      }
      const oracle = stripSccaBanner(text);
      if (oracle.trim() === '') {
        // sccainfo could not open it (its error went to the .err file); we refuse it as well
        expect(pf).toBeUndefined();
        expect(issues.map((i) => i.code)).toEqual(['prefetch.not_prefetch']);
        tally.refusedByBoth++;
        return;
      }
      expect(issues).toEqual([]);
      expect(renderSccainfo(pf!.info, pf!.info.runSlots)).toBe(oracle);
      tally.identical++;
      if (pf!.compressed) tally.mam++;
    });
  }
  it('covered every Prefetch file', () => {
    expect(tally.identical + tally.refusedByBoth + tally.v31).toBe(files.length);
    console.log(
      `[prefetch oracle] ${files.length} files: ${tally.identical} identical to sccainfo (${tally.mam} MAM-compressed), ${tally.v31} v31 checked against plaso's expected values, ${tally.refusedByBoth} refused by both`,
    );
  });
});

const VOL = '\\VOLUME{01d1217a9c4c6779-8c9f49ec}';
function spec(version: PrefetchSpec['version'], variant2: boolean): PrefetchSpec {
  return {
    version,
    variant2,
    executable: 'MIMIKATZ.EXE',
    hash: 0x0badf00d,
    runCount: 3,
    runs: [0x01d9a0b0c0d0e0f0n, 0x01d9a0a0c0d0e0f0n, 0x01d990000000000an],
    filenames: [
      `${VOL}\\WINDOWS\\SYSTEM32\\NTDLL.DLL`,
      `${VOL}\\$RECYCLE.BIN\\MIMIKATZ.EXE`,
      `${VOL}\\データ\\ファイル.DLL`,
    ],
    volumes: [
      { devicePath: VOL, created: 0x01d1217a9c4c6779n, serial: 0x8c9f49ec, directories: [`${VOL}\\$RECYCLE.BIN`] },
    ],
  };
}

describe.skipIf(!sccainfoAvailable())('written fixtures vs sccainfo (live)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'konseki-pf-'));
  for (const [v, v2] of [
    [17, false],
    [23, false],
    [26, false],
    [30, false],
    [30, true],
  ] as const) {
    for (const mam of [false, true]) {
      it(`version ${v}${v2 ? ' (1903+ layout)' : ''}${mam ? ' MAM' : ''}`, () => {
        const raw = writePrefetch(spec(v, v2));
        const data = mam ? mamCompress(raw) : raw;
        const file = join(dir, `fx-${v}${v2 ? 'b' : ''}${mam ? '-mam' : ''}.pf`);
        writeFileSync(file, data);
        const pf = parsePrefetchBuffer(data, file, [])!;
        const r = runSccainfo(file);
        expect(r.ok).toBe(true);
        expect(renderSccainfo(pf.info, pf.info.runSlots)).toBe(r.text);
      });
    }
  }
  it.skipIf(!pfDir)('real Windows 10 files recompressed by our compressor read the same in sccainfo', () => {
    let n = 0;
    for (const f of pfFiles(pfDir!)) {
      const orig = readFileSync(f);
      if (orig.toString('latin1', 0, 3) !== 'MAM' || orig.readUInt32LE(0) !== 0x044d414d) continue;
      const scca = sccaBytes(orig, f, [])!.data;
      if (scca.readUInt32LE(0) !== 30) continue;
      const file = join(dir, `re-${n}.pf`);
      writeFileSync(file, mamCompress(scca));
      expect(runSccainfo(file).text).toBe(runSccainfo(f).text);
      n++;
    }
    expect(n).toBe(9);
  });
});
