import { describe, expect, it } from 'vitest';
import type { Event } from '../core/event.ts';
import { allFieldInfo, compileSearch } from './search.ts';

const ev = (fields: Event['fields']): Event => ({ ts: 0, source: { format: 't', file: 'f' }, logsource: {}, fields });
const logon = ev({
  EventID: 4625,
  TargetUserName: 'Administrator',
  IpAddress: '10.1.2.3',
  Data: ['a', 'mimikatz.exe'],
});

describe('search', () => {
  const base = { keywords: [], and: false, ignoreCase: true, fields: [] };
  it('matches keywords anywhere, any or all', () => {
    expect(compileSearch({ ...base, keywords: ['MIMIKATZ'] })(logon)).toBe(true);
    expect(compileSearch({ ...base, keywords: ['mimikatz', 'nothere'] })(logon)).toBe(true);
    expect(compileSearch({ ...base, keywords: ['mimikatz', 'nothere'], and: true })(logon)).toBe(false);
    expect(compileSearch({ ...base, keywords: ['MIMIKATZ'], ignoreCase: false })(logon)).toBe(false);
  });
  it('filters fields with wildcards and regexes', () => {
    expect(compileSearch({ ...base, fields: ['eventid=4625', 'IpAddress=10.1.*'] })(logon)).toBe(true);
    expect(compileSearch({ ...base, fields: ['IpAddress=10.2.*'] })(logon)).toBe(false);
    expect(compileSearch({ ...base, fields: ['Data=*.exe'] })(logon)).toBe(true);
    expect(compileSearch({ ...base, regex: 'admin\\w+' })(logon)).toBe(true);
    expect(() => compileSearch({ ...base, fields: ['nofilter'] })).toThrow();
  });
  it('renders all fields Hayabusa-style', () => {
    expect(allFieldInfo(ev({ A: 1, B: '', C: ['x', 'y'] }))).toBe('A: 1 ¦ C: x y');
  });
});
