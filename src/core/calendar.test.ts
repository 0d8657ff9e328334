import { describe, expect, it } from 'vitest';
import {
  expandHolidayEntry,
  formatBusinessHours,
  formatWorkdays,
  isExtraHoliday,
  parseBusinessHours,
  parseHolidayFile,
  parseWorkdays,
} from './calendar.ts';

describe('business calendar options', () => {
  it('business hours with minutes, both ways', () => {
    expect(parseBusinessHours('08:30-18:00')).toEqual([8.5, 18]);
    expect(parseBusinessHours('8-20')).toEqual([8, 20]);
    expect(formatBusinessHours([8.5, 18])).toBe('08:30-18:00');
    for (const bad of ['18:00-08:30', '25-26', '8:61-9', 'nine to five', ''])
      expect(() => parseBusinessHours(bad)).toThrow();
  });

  it('work days as names, ranges (also across the weekend) and Japanese day names', () => {
    expect(parseWorkdays('mon-fri')).toEqual([1, 2, 3, 4, 5]);
    expect(parseWorkdays('mon,tue,thu')).toEqual([1, 2, 4]);
    expect(parseWorkdays('sun-thu')).toEqual([0, 1, 2, 3, 4]);
    expect(parseWorkdays('月-土')).toEqual([1, 2, 3, 4, 5, 6]);
    expect(parseWorkdays('fri-mon')).toEqual([0, 1, 5, 6]);
    expect(formatWorkdays([1, 2, 3, 4, 5])).toBe('mon-fri');
    expect(formatWorkdays([1, 2, 4])).toBe('mon,tue,thu');
    expect(() => parseWorkdays('someday')).toThrow();
  });

  it('holiday files: dates, ranges, yearly 年末年始 across New Year, names and comments, bad lines reported', () => {
    const f = parseHolidayFile(
      [
        '# company holidays',
        '2026-08-13..2026-08-15 夏季休業',
        '12-29..01-03 年末年始',
        '2026-10-01 創立記念日',
        '2026-02-30',
        'tomorrow',
      ].join('\n'),
    );
    expect(f.dates).toContain('2026-08-14');
    expect(f.dates).toContain('2026-10-01');
    expect(f.dates.filter((d) => d.length === 5)).toEqual(['01-01', '01-02', '01-03', '12-29', '12-30', '12-31']);
    expect(f.bad.map((b) => b.line)).toEqual([5, 6]);
    const extra = new Set(f.dates);
    expect(isExtraHoliday('2027-01-02', extra)).toBe(true);
    expect(isExtraHoliday('2027-01-04', extra)).toBe(false);
    expect(expandHolidayEntry('2026-12-31..2026-01-01')).toBeUndefined();
    expect(expandHolidayEntry('02-28..03-01')).toEqual(['02-28', '02-29', '03-01']);
  });
});
