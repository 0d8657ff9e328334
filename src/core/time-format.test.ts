import { describe, expect, it } from 'vitest';
import { formatLocal, zoneSentence } from './time-format.ts';

describe('formatLocal', () => {
  const us = Date.UTC(2019, 2, 19, 14, 34, 25, 876) * 1000 + 123;
  it('prints Hayabusa-style local time with offset', () => {
    expect(formatLocal(us, 'Asia/Tokyo')).toBe('2019-03-19 23:34:25.876 +09:00');
    expect(formatLocal(us, 'UTC')).toBe('2019-03-19 14:34:25.876 +00:00');
    expect(formatLocal(us, 'America/New_York')).toBe('2019-03-19 10:34:25.876 -04:00');
  });
  it('agrees with Intl around DST changes and in odd zones', () => {
    const zones = [
      'Europe/Berlin',
      'America/New_York',
      'Australia/Lord_Howe',
      'Asia/Kolkata',
      'Asia/Kathmandu',
      'America/St_Johns',
    ];
    for (const tz of zones) {
      const f = new Intl.DateTimeFormat('sv-SE', {
        timeZone: tz,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23',
      });
      for (let ms = Date.UTC(2024, 0, 1); ms < Date.UTC(2025, 0, 1); ms += 3_600_000 * 7 + 1_234_567) {
        expect(formatLocal(ms * 1000, tz).slice(0, 19)).toBe(f.format(new Date(ms)).replace(',', ''));
      }
    }
  });
  it('is empty for missing times', () => {
    expect(formatLocal(NaN)).toBe('');
  });
});

describe('time stamps inside sentences', () => {
  it('ISO UTC stamps and stamps with an offset are shown in the zone asked for, with their precision', () => {
    const s = 'logged on at 2026-10-14T01:06:55.262500Z; contacts 2026-10-14 09:41 +09:00 – 2026-10-14 23:57 +09:00';
    expect(zoneSentence(s, 'Asia/Tokyo')).toBe(
      'logged on at 2026-10-14 10:06:55 +09:00; contacts 2026-10-14 09:41 +09:00 – 2026-10-14 23:57 +09:00',
    );
    expect(zoneSentence(s, 'UTC')).toBe(
      'logged on at 2026-10-14 01:06:55 +00:00; contacts 2026-10-14 00:41 +00:00 – 2026-10-14 14:57 +00:00',
    );
    expect(zoneSentence('at 2026-10-14 10:06:55.262 +09:00', 'America/New_York')).toBe(
      'at 2026-10-13 21:06:55.262 -04:00',
    );
    expect(zoneSentence('record #48216 (2026-10-14T01:21:40.000000Z)', 'Asia/Tokyo')).toBe(
      'record #48216 (2026-10-14 10:21:40 +09:00)',
    );
    expect(zoneSentence('no stamp 2026-10-14 here', 'UTC')).toBe('no stamp 2026-10-14 here');
  });
});
