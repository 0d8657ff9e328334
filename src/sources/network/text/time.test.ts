import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { epochSecondsToUs, isoToUs, localToUs } from './time.ts';

const gnuDate = (zone: string, wall: string): number =>
  Number(execFileSync('date', ['-d', `TZ="${zone}" ${wall}`, '+%s'], { encoding: 'utf8' }).trim());

describe('wall-clock times to epoch µs', () => {
  // around DST changes and plain days, in zones konseki's users meet
  const cases: Array<[string, string]> = [
    ['Asia/Tokyo', '2024-03-12 10:00:00'],
    ['UTC', '2024-02-29 23:59:59'],
    ['America/New_York', '2024-12-17 19:17:54'],
    ['America/New_York', '2024-03-10 01:59:59'],
    ['America/New_York', '2024-03-10 03:00:00'],
    ['America/New_York', '2024-11-03 00:30:00'],
    ['Europe/Berlin', '2023-10-29 03:30:00'],
    ['Europe/Berlin', '2023-07-01 12:00:00'],
    ['Australia/Lord_Howe', '2024-01-15 08:00:00'],
    ['Asia/Kolkata', '2015-06-30 23:59:59'],
  ];
  it.each(cases)('%s %s equals GNU date', (zone, wall) => {
    const [d, t] = wall.split(' ');
    const [y, mo, da] = d.split('-').map(Number);
    const [h, mi, s] = t.split(':').map(Number);
    expect(localToUs(zone, y, mo, da, h, mi, s)).toBe(gnuDate(zone, wall) * 1e6);
  });

  it('ISO stamps with and without zones; epoch texts; impossible values are NaN', () => {
    expect(isoToUs('2017-01-30T16:12:26.985026+0100')).toBe(gnuDate('UTC', '2017-01-30 16:12:26 +0100') * 1e6 + 985026);
    expect(isoToUs('2022-09-06T18:37:34+02:00')).toBe(gnuDate('UTC', '2022-09-06 18:37:34 +0200') * 1e6);
    expect(isoToUs('2024-01-01T09:00:00', 'Asia/Tokyo')).toBe(gnuDate('Asia/Tokyo', '2024-01-01 09:00:00') * 1e6);
    expect(epochSecondsToUs('1157689312.049')).toBe(1157689312049000);
    expect(epochSecondsToUs('1588205199.82437')).toBe(1588205199824370);
    for (const bad of ['', 'x', '1.2.3', '-5', '1e9']) expect(epochSecondsToUs(bad)).toBeNaN();
    expect(localToUs('UTC', 2024, 13, 1, 0, 0, 0)).toBeNaN();
    expect(isoToUs('2024-99-01T00:00:00Z')).toBeNaN();
  });
});
