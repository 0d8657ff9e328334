import { describe, expect, it } from 'vitest';
import { formatLocal } from './time-format.ts';

describe('formatLocal', () => {
  const us = Date.UTC(2019, 2, 19, 14, 34, 25, 876) * 1000 + 123;
  it('prints Hayabusa-style local time with offset', () => {
    expect(formatLocal(us, 'Asia/Tokyo')).toBe('2019-03-19 23:34:25.876 +09:00');
    expect(formatLocal(us, 'UTC')).toBe('2019-03-19 14:34:25.876 +00:00');
    expect(formatLocal(us, 'America/New_York')).toBe('2019-03-19 10:34:25.876 -04:00');
  });
  it('is empty for missing times', () => {
    expect(formatLocal(NaN)).toBe('');
  });
});
