import { describe, expect, it } from 'vitest';
import type { Event } from './event.ts';
import { hasBadTime, RAW_TIME_FIELD, TimeCheck } from './event-time.ts';
import type { Issue } from './issue.ts';

const ev = (ts: number, fields: Event['fields'] = {}, line = 7): Event => ({
  ts,
  source: { format: 't', file: 'f', line },
  logsource: {},
  fields,
});

describe('event times', () => {
  it('keeps a record with an impossible or unreadable time, without time, with its text, and says where', () => {
    const issues: Issue[] = [];
    const c = new TimeCheck('eve.json', issues);
    const ok = ev(Date.UTC(2026, 9, 14) * 1000);
    const y9999 = ev(Date.UTC(9999, 11, 31) * 1000, {}, 2);
    const y1969 = ev(Date.UTC(1969, 6, 20) * 1000, {}, 3);
    const text = ev(Number.NaN, { [RAW_TIME_FIELD]: 'yesterday at noon' }, 4);
    const refused = ev(Number.NaN, { [RAW_TIME_FIELD]: '9999-12-31T23:59:59.000000+0000' }, 5);
    const none = ev(Number.NaN); // a crontab line: no time at all, nothing wrong
    expect([ok, y9999, y1969, text, refused, none].map((e) => c.check(e))).toEqual([
      false,
      true,
      true,
      true,
      true,
      false,
    ]);
    c.finish();
    expect(y9999.ts).toBeNaN();
    expect(y9999.fields[RAW_TIME_FIELD]).toBe('9999-12-31T00:00:00.000000Z');
    expect([ok, y9999, y1969, text, refused, none].map(hasBadTime)).toEqual([false, true, true, true, true, false]);
    expect(issues.map((i) => [i.code, i.at.file, i.at.line, i.params?.raw])).toEqual([
      ['event.bad_time_after_2199', 'eve.json', 2, '9999-12-31T00:00:00.000000Z'],
      ['event.bad_time_before_1970', 'eve.json', 3, '1969-07-20T00:00:00.000000Z'],
      ['event.bad_time_unreadable', 'eve.json', 4, 'yesterday at noon'],
      ['event.bad_time_after_2199', 'eve.json', 5, '9999-12-31T23:59:59.000000+0000'],
      ['event.bad_times', 'eve.json', undefined, undefined],
    ]);
    expect(issues.at(-1)!.params).toEqual({ count: 4 });
  });
  it('lists 20 per file and counts the rest', () => {
    const issues: Issue[] = [];
    const c = new TimeCheck('x', issues);
    for (let i = 0; i < 1000; i++) c.check(ev(-1));
    c.finish();
    expect(issues).toHaveLength(21);
    expect(issues.at(-1)!.params).toEqual({ count: 1000 });
  });
});
