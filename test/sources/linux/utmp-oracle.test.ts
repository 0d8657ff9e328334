/**
 * The corpus' binary login files against the util-linux 2.38.1 utmpdump output stored with them
 * (.corpus/linux/oracle-utmpdump), and against util-linux on this machine (utmpdump, last, lastb).
 * The aarch64 and s390x files were dumped by an x86-64 utmpdump, which misreads them: those are
 * compared with the layout forced to x86-64, and decoded in their own layout they must give the same
 * records as the x86-64 sibling file of the same generator.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusDir } from '../../support/corpus.ts';
import { DEFAULT_LAST_OPTIONS, runLast, type LastOptions } from '../../../src/sources/linux/last.ts';
import { hostLastEnv } from '../../../src/sources/linux/last-host.ts';
import { LAYOUTS, readUtmpFile, type UtmpLayoutId } from '../../../src/sources/linux/utmp.ts';
import { utmpdumpLine } from '../../../src/sources/linux/utmpdump.ts';
import { have, run } from '../../support/linux/tools.ts';

const dir = corpusDir('linux');

function dump(file: string, layout?: UtmpLayoutId): { lines: string[]; detected: string } {
  let detected = '';
  const lines: string[] = [];
  for (const r of readUtmpFile(file, { layout, onStart: (s) => (detected = s.layout.id) })) {
    const l = utmpdumpLine(r);
    if (l !== null) lines.push(l);
  }
  return { lines, detected };
}

const ORACLE_FILES: Record<string, { path: string; layout: UtmpLayoutId }> = {
  aplicada_tp_wtmp: { path: 'aplicada_tp/wtmp', layout: 'x86_64' },
  aplicada_tp_btmp: { path: 'aplicada_tp/btmp', layout: 'x86_64' },
  'aplicada_tp_btmp.1': { path: 'aplicada_tp/btmp.1', layout: 'x86_64' },
  blueserver_ctf2_wtmp: { path: 'blueserver_ctf2/wtmp', layout: 'x86_64' },
  plaso_utmp_utmp: { path: 'plaso/utmp/utmp', layout: 'x86_64' },
  'plaso_utmp_wtmp.1': { path: 'plaso/utmp/wtmp.1', layout: 'x86_64' },
  plaso_utmp_utmp_corrupted: { path: 'plaso/utmp/utmp_corrupted', layout: 'x86_64' },
  plaso_utmp_utmp_x86_64: { path: 'plaso/utmp/utmp_x86_64', layout: 'x86_64' },
  plaso_utmp_utmp_aarch64: { path: 'plaso/utmp/utmp_aarch64', layout: 'aarch64' },
  plaso_utmp_utmp_s390: { path: 'plaso/utmp/utmp_s390', layout: 's390x' },
};

describe.skipIf(!dir)('corpus utmp files vs the stored utmpdump oracle', () => {
  const d = dir!;
  it('has an oracle for every file listed', () => {
    const oracles = readdirSync(join(d, 'oracle-utmpdump'))
      .filter((f) => f.endsWith('.utmpdump.txt'))
      .map((f) => f.replace('.utmpdump.txt', ''));
    expect(oracles.sort()).toEqual(Object.keys(ORACLE_FILES).sort());
  });
  let compared = 0;
  for (const [name, f] of Object.entries(ORACLE_FILES)) {
    it(`${f.path}: layout ${f.layout} detected, records identical to utmpdump`, () => {
      const oracle = readFileSync(join(d, 'oracle-utmpdump', `${name}.utmpdump.txt`), 'latin1')
        .split('\n')
        .filter(Boolean);
      const auto = dump(join(d, f.path));
      expect(auto.detected).toBe(f.layout);
      // the oracle is an x86-64 utmpdump: compare in that layout (the same as auto for x86-64 files)
      const x86 = f.layout === 'x86_64' ? auto.lines : dump(join(d, f.path), 'x86_64').lines;
      expect(x86).toEqual(oracle);
      compared += oracle.length;
    });
  }
  it('decodes the aarch64 and big-endian s390x files into the records of their x86-64 sibling', () => {
    const strip = (l: string): string =>
      l
        .replace(/^\[(\d+)\] \[\d+\]/, '[$1]')
        .replace(/\[[^\]]*\]$/, '')
        .replace(/\[[0-9.:a-f ]+\] $/, '');
    const x86 = dump(join(d, 'plaso/utmp/utmp_x86_64')).lines.map(strip);
    for (const f of ['plaso/utmp/utmp_aarch64', 'plaso/utmp/utmp_s390']) {
      const lines = dump(join(d, f)).lines;
      expect(lines.map(strip)).toEqual(x86);
      // both generators wrote the last record 300 s after the others
      const times = [...readUtmpFile(join(d, f))].map((r) => r.sec);
      expect(times[5] - times[4]).toBe(300);
      expect(new Set(times.slice(0, 5)).size).toBe(1);
    }
  });
  it('reports the damage: a stray byte after wtmp.1, 50 bytes after utmp_corrupted', () => {
    const trailing = (p: string): number => {
      let t = -1;
      for (const _ of readUtmpFile(join(d, p), { onStart: (s) => (t = s.trailing) })) void _;
      return t;
    };
    expect(trailing('plaso/utmp/wtmp.1')).toBe(1);
    expect(trailing('plaso/utmp/utmp_corrupted')).toBe(50);
  });
  it('compared every oracle record', () => {
    expect(compared).toBe(597 + 27 + 2 + 12 + 14 + 4 + 4 + 6 + 6 + 6);
    console.info(`[linux] utmpdump oracle: ${compared} records compared in ${Object.keys(ORACLE_FILES).length} files`);
  });
});

const VARIANTS: [string[], Partial<LastOptions>][] = [
  [[], {}],
  [['-x'], { extended: true }],
  [['-F', '-x'], { extended: true, timeFormat: 'full' }],
  [['-i', '-w'], { useIp: true, fullNames: true }],
  [['--time-format', 'iso', '-a'], { timeFormat: 'iso', altList: true }],
  [['-R', '-n', '3'], { showHost: false, maxRecords: 3 }],
];

describe.skipIf(!dir || !have('last') || !have('lastb'))(
  'corpus utmp files vs util-linux last/lastb on this machine',
  () => {
    const d = dir!;
    it('prints byte for byte what last -f and lastb -f print (6 option sets, 2 zones)', () => {
      let runs = 0;
      for (const f of Object.values(ORACLE_FILES)) {
        const file = join(d, f.path);
        for (const tz of ['UTC', 'Asia/Tokyo']) {
          for (const lastb of [false, true]) {
            for (const [args, o] of VARIANTS) {
              const real = run(lastb ? 'lastb' : 'last', [...args, '-f', file], tz);
              const env = hostLastEnv();
              const mine = runLast(
                file,
                LAYOUTS.x86_64,
                { ...DEFAULT_LAST_OPTIONS, ...o, lastb, timeZone: tz },
                env,
                Math.floor(statSync(file).ctimeMs / 1000),
              );
              expect(mine, `${lastb ? 'lastb' : 'last'} ${args.join(' ')} -f ${f.path} (TZ=${tz})`).toBe(real);
              runs++;
            }
          }
        }
      }
      console.info(`[linux] last/lastb: ${runs} runs on corpus files identical`);
    });
  },
);
