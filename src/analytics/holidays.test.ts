import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { autumnalEquinoxDay, isJapaneseHoliday, japaneseHolidays, vernalEquinoxDay, weekday } from './holidays.ts';

// The Cabinet Office's published list (内閣府「国民の祝日」について, syukujitsu.csv) for years with every
// kind of special case: 2019 (enthronement, two 国民の休日), 2020/2021 (Olympic moves), substitute days.
const OFFICIAL: Record<number, string[]> = {
  2019: [
    '01-01',
    '01-14',
    '02-11',
    '03-21',
    '04-29',
    '04-30',
    '05-01',
    '05-02',
    '05-03',
    '05-04',
    '05-05',
    '05-06',
    '07-15',
    '08-11',
    '08-12',
    '09-16',
    '09-23',
    '10-14',
    '10-22',
    '11-03',
    '11-04',
    '11-23',
  ],
  2020: [
    '01-01',
    '01-13',
    '02-11',
    '02-23',
    '02-24',
    '03-20',
    '04-29',
    '05-03',
    '05-04',
    '05-05',
    '05-06',
    '07-23',
    '07-24',
    '08-10',
    '09-21',
    '09-22',
    '11-03',
    '11-23',
  ],
  2021: [
    '01-01',
    '01-11',
    '02-11',
    '02-23',
    '03-20',
    '04-29',
    '05-03',
    '05-04',
    '05-05',
    '07-22',
    '07-23',
    '08-08',
    '08-09',
    '09-20',
    '09-23',
    '11-03',
    '11-23',
  ],
  2024: [
    '01-01',
    '01-08',
    '02-11',
    '02-12',
    '02-23',
    '03-20',
    '04-29',
    '05-03',
    '05-04',
    '05-05',
    '05-06',
    '07-15',
    '08-11',
    '08-12',
    '09-16',
    '09-22',
    '09-23',
    '10-14',
    '11-03',
    '11-04',
    '11-23',
  ],
  2025: [
    '01-01',
    '01-13',
    '02-11',
    '02-23',
    '02-24',
    '03-20',
    '04-29',
    '05-03',
    '05-04',
    '05-05',
    '05-06',
    '07-21',
    '08-11',
    '09-15',
    '09-23',
    '10-13',
    '11-03',
    '11-23',
    '11-24',
  ],
  2026: [
    '01-01',
    '01-12',
    '02-11',
    '02-23',
    '03-20',
    '04-29',
    '05-03',
    '05-04',
    '05-05',
    '05-06',
    '07-20',
    '08-11',
    '09-21',
    '09-22',
    '09-23',
    '10-12',
    '11-03',
    '11-23',
  ],
};

describe('Japanese public holidays', () => {
  for (const [year, days] of Object.entries(OFFICIAL)) {
    it(`${year} equals the Cabinet Office list`, () => {
      expect(japaneseHolidays(Number(year)).map((h) => h.date.slice(5))).toEqual(days);
    });
  }

  it('names the special kinds of day', () => {
    const names = (y: number) => Object.fromEntries(japaneseHolidays(y).map((h) => [h.date, h.name_ja]));
    expect(names(2019)['2019-04-30']).toBe('国民の休日');
    expect(names(2019)['2019-05-01']).toBe('天皇の即位の日');
    expect(names(2025)['2025-05-06']).toBe('振替休日');
    expect(names(2026)['2026-09-22']).toBe('国民の休日');
    expect(names(1988)['1988-05-04']).toBe('国民の休日');
  });

  it('rules hold for every year 1973–2150: no substitute on a Sunday, every Sunday holiday has one', () => {
    for (let y = 1974; y <= 2150; y++) {
      const list = japaneseHolidays(y);
      const set = new Set(list.map((h) => h.date));
      for (const h of list) {
        const [yy, mm, dd] = h.date.split('-').map(Number);
        if (h.name_ja === '振替休日') expect(weekday(yy, mm, dd)).not.toBe(0);
        if (weekday(yy, mm, dd) === 0 && h.name_ja !== '振替休日' && !(mm === 12 && dd === 31)) {
          // the next non-holiday-proper day must be off
          let t = Date.UTC(yy, mm - 1, dd) + 86_400_000;
          let found = false;
          for (let i = 0; i < 7 && !found; i++, t += 86_400_000) {
            const d = new Date(t).toISOString().slice(0, 10);
            if (!set.has(d)) break;
            const entry = list.find((x) => x.date === d);
            if (entry?.name_ja === '振替休日') found = true;
          }
          if (new Date(t).getUTCFullYear() === y) expect(found, `${h.date} ${h.name_ja}`).toBe(true);
        }
      }
      expect(vernalEquinoxDay(y)).toBeGreaterThanOrEqual(19);
      expect(vernalEquinoxDay(y)).toBeLessThanOrEqual(22);
      expect(autumnalEquinoxDay(y)).toBeGreaterThanOrEqual(21);
      expect(autumnalEquinoxDay(y)).toBeLessThanOrEqual(24);
    }
  });

  it('isJapaneseHoliday answers by date', () => {
    expect(isJapaneseHoliday(2025, 4, 29)).toBe(true);
    expect(isJapaneseHoliday(2025, 4, 30)).toBe(false);
    expect(isJapaneseHoliday(2025, 11, 24)).toBe(true);
  });

  // Independent oracle: Debian's python3-holidays (0.10.1), where installed. Its known mistakes are
  // excluded: 2021's Olympic moves, the one-off imperial days, substitutes for 2/23 (天皇誕生日 since
  // 2020) and 1974-05-06.
  const python = (() => {
    try {
      execFileSync('/usr/bin/python3', ['-c', 'import holidays'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  it.skipIf(!python)('agrees with python3-holidays for 1967–2050', () => {
    const out = execFileSync(
      '/usr/bin/python3',
      [
        '-c',
        'import holidays\nfor y in range(1967, 2051):\n  print("\\n".join(sorted(str(d) for d in holidays.JP(years=y).keys())))',
      ],
      { encoding: 'utf8' },
    );
    const known = new Set([
      '1974-05-06',
      '1989-02-24',
      '1990-11-12',
      '1993-06-09',
      '2025-02-24',
      '2031-02-24',
      '2042-02-24',
      '2048-02-24',
    ]);
    const theirs = new Set(out.split('\n').filter((d) => d && !d.startsWith('2021')));
    const ours = new Set<string>();
    for (let y = 1967; y <= 2050; y++) if (y !== 2021) for (const h of japaneseHolidays(y)) ours.add(h.date);
    const onlyOurs = [...ours].filter((d) => !theirs.has(d) && !known.has(d));
    const onlyTheirs = [...theirs].filter((d) => !ours.has(d));
    expect(onlyOurs).toEqual([]);
    expect(onlyTheirs).toEqual([]);
    expect(ours.size).toBeGreaterThan(1300);
  });
});
