/**
 * Fixtures written by our own utmp writer (random but deterministic sessions, reboots, shutdowns,
 * clock changes, IPv4/IPv6 addresses, non-ASCII and long names) read by util-linux utmpdump, last and
 * lastb on this machine, and by konseki. The 64-bit (aarch64) and big-endian (s390x) fixtures hold
 * the same records: decoded in their layout, they must print what utmpdump prints for the x86-64 file.
 */
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LAST_OPTIONS, runLast, type LastOptions } from '../../../src/sources/linux/last.ts';
import { hostLastEnv } from '../../../src/sources/linux/last-host.ts';
import { LAYOUTS, readUtmpFile } from '../../../src/sources/linux/utmp.ts';
import { utmpdumpLine } from '../../../src/sources/linux/utmpdump.ts';
import { have, run } from '../../support/linux/tools.ts';
import { sampleWtmp, utmpFile } from '../../support/linux/utmp-writer.ts';

const tools = have('utmpdump') && have('last') && have('lastb');
if (!tools) console.warn('[konseki tests] util-linux utmpdump/last/lastb not installed: skipping the tool comparisons');

function ours(file: string): string[] {
  const out: string[] = [];
  for (const r of readUtmpFile(file)) {
    const l = utmpdumpLine(r);
    if (l !== null) out.push(l);
  }
  return out;
}

describe.skipIf(!tools)('generated utmp files vs util-linux on this machine', () => {
  const dir = mkdtempSync(join(tmpdir(), 'konseki-utmp-'));
  const seeds = [1, 2, 3, 4, 5, 6];
  const files = seeds.map((seed) => {
    const recs = sampleWtmp(seed, 300);
    const base = join(dir, `wtmp-${seed}`);
    writeFileSync(base, utmpFile(recs, 'x86_64'));
    writeFileSync(`${base}.aarch64`, utmpFile(recs, 'aarch64'));
    writeFileSync(`${base}.s390x`, utmpFile(recs, 's390x'));
    // truncated copy: the file ends inside a record
    const whole = utmpFile(recs, 'x86_64');
    writeFileSync(`${base}.cut`, whole.subarray(0, whole.length - 100));
    return base;
  });

  it('utmpdump: identical records, in all three layouts', () => {
    let n = 0;
    for (const base of files) {
      const real = run('utmpdump', [base]).split('\n').filter(Boolean);
      expect(ours(base)).toEqual(real);
      expect(ours(`${base}.aarch64`)).toEqual(real);
      expect(ours(`${base}.s390x`)).toEqual(real);
      expect(ours(`${base}.cut`)).toEqual(
        run('utmpdump', [`${base}.cut`])
          .split('\n')
          .filter(Boolean),
      );
      n += real.length;
    }
    console.info(`[linux] utmpdump on generated files: ${n} records x 3 layouts identical`);
  });

  it('last and lastb: identical output for 8 option sets in 2 zones', () => {
    const variants: [string[], Partial<LastOptions>][] = [
      [[], {}],
      [['-x'], { extended: true }],
      [['-F'], { timeFormat: 'full' }],
      [['-w', '-i'], { fullNames: true, useIp: true }],
      [['-a', '-x'], { altList: true, extended: true }],
      [['--time-format', 'iso'], { timeFormat: 'iso' }],
      [['--time-format', 'notime', '-R'], { timeFormat: 'notime', showHost: false }],
      [['-n', '7'], { maxRecords: 7 }],
    ];
    let runs = 0;
    for (const base of files) {
      for (const file of [base, `${base}.cut`]) {
        for (const tz of ['UTC', 'Asia/Tokyo']) {
          for (const lastb of [false, true]) {
            for (const [args, o] of variants) {
              const real = run(lastb ? 'lastb' : 'last', [...args, '-f', file], tz);
              const mine = runLast(
                file,
                LAYOUTS.x86_64,
                { ...DEFAULT_LAST_OPTIONS, ...o, lastb, timeZone: tz },
                hostLastEnv(),
                Math.floor(statSync(file).ctimeMs / 1000),
              );
              expect(mine, `${lastb ? 'lastb' : 'last'} ${args.join(' ')} -f ${file} TZ=${tz}`).toBe(real);
              runs++;
            }
          }
        }
      }
    }
    // the 64-bit layout gives the same listing as the x86-64 file
    const real = run('last', ['-x', '-f', files[0]]);
    const a64 = runLast(
      `${files[0]}.aarch64`,
      LAYOUTS.aarch64,
      { ...DEFAULT_LAST_OPTIONS, extended: true },
      hostLastEnv(),
      0,
      'wtmp-1',
    );
    expect(a64).toBe(real);
    console.info(`[linux] last/lastb on generated files: ${runs} runs identical`);
  });
});
