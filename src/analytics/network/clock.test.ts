import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { KonsekiError } from '../../core/issue.ts';
import { LocalClock } from './clock.ts';

const tokyo = new LocalClock({
  timeZone: 'Asia/Tokyo',
  businessHours: [8, 20],
  workDays: [1, 2, 3, 4, 5],
  japaneseHolidays: true,
  extraHolidays: ['2025-12-29'],
});
const us = (iso: string): number => Date.parse(iso) * 1000;

describe('LocalClock', () => {
  it('business hours in Japan time, weekends, holidays and extra days off', () => {
    expect(tokyo.offHoursReason(us('2025-04-28T10:00:00+09:00'))).toBe('');
    expect(tokyo.offHoursReason(us('2025-04-28T07:59:59+09:00'))).toBe('night');
    expect(tokyo.offHoursReason(us('2025-04-28T20:00:00+09:00'))).toBe('night');
    expect(tokyo.offHoursReason(us('2025-04-29T12:00:00+09:00'))).toBe('holiday'); // 昭和の日
    expect(tokyo.offHoursReason(us('2025-05-03T12:00:00+09:00'))).toBe('weekend');
    expect(tokyo.offHoursReason(us('2025-05-06T12:00:00+09:00'))).toBe('holiday'); // 振替休日
    expect(tokyo.offHoursReason(us('2025-12-29T12:00:00+09:00'))).toBe('extra');
    // 23:30 UTC on Sunday is Monday 08:30 in Tokyo
    expect(tokyo.isBusiness(us('2025-04-27T23:30:00Z'))).toBe(true);
  });

  it('fractional hours and the local hour', () => {
    const c = new LocalClock({
      timeZone: 'Asia/Tokyo',
      businessHours: [8.5, 17.25],
      workDays: [1, 2, 3, 4, 5],
      japaneseHolidays: false,
      extraHolidays: [],
    });
    expect(c.isBusiness(us('2025-04-28T08:29:00+09:00'))).toBe(false);
    expect(c.isBusiness(us('2025-04-28T08:30:00+09:00'))).toBe(true);
    expect(c.isBusiness(us('2025-04-28T17:14:00+09:00'))).toBe(true);
    expect(c.isBusiness(us('2025-04-28T17:15:00+09:00'))).toBe(false);
    expect(c.hour(us('2025-04-28T17:15:00+09:00'))).toBe(17);
  });

  it('agrees with GNU date on local hours across a DST switch and a :30 zone', () => {
    for (const zone of ['America/New_York', 'Asia/Kolkata', 'Australia/Adelaide']) {
      const c = new LocalClock({
        timeZone: zone,
        businessHours: [9, 17],
        workDays: [1, 2, 3, 4, 5],
        japaneseHolidays: false,
        extraHolidays: [],
      });
      for (
        let t = Date.parse('2025-03-08T00:00:00Z') / 1000;
        t < Date.parse('2025-03-11T00:00:00Z') / 1000;
        t += 3600 * 5 + 1234
      ) {
        const oracle = execFileSync('date', ['-d', `@${t}`, '+%H %F'], {
          env: { ...process.env, TZ: zone },
          encoding: 'utf8',
        })
          .trim()
          .split(' ');
        expect(c.hour(t * 1e6), `${zone} ${t}`).toBe(Number(oracle[0]));
        expect(c.slot(t * 1e6).date).toBe(oracle[1]);
      }
    }
  });

  it('refuses unknown zones and impossible hours', () => {
    expect(
      () =>
        new LocalClock({
          timeZone: 'Mars/Olympus',
          businessHours: [8, 20],
          workDays: [],
          japaneseHolidays: true,
          extraHolidays: [],
        }),
    ).toThrow(KonsekiError);
    expect(
      () =>
        new LocalClock({
          timeZone: 'UTC',
          businessHours: [20, 8],
          workDays: [],
          japaneseHolidays: true,
          extraHolidays: [],
        }),
    ).toThrow(KonsekiError);
  });
});
