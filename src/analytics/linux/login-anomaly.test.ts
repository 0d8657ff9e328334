import { describe, expect, it } from 'vitest';
import type { Event } from '../../core/event.ts';
import { DEFAULT_ANALYSIS_OPTIONS, type AnalysisOptions } from '../types.ts';
import { loginAnomalies } from './login-anomaly.ts';

const login = (iso: string, user = 'ops'): Event => ({
  ts: Date.parse(iso) * 1000,
  source: { file: 'auth.log', format: 'syslog', line: 1 },
  host: 'web01',
  logsource: { product: 'linux', service: 'auth' },
  fields: { Action: 'ssh_accepted', User: user, src_ip: '10.0.0.5' },
});

/** The local times of the logins judged outside business hours. */
function offHours(isos: string[], opts: Partial<AnalysisOptions> = {}): string[] {
  const a = loginAnomalies({ ...DEFAULT_ANALYSIS_OPTIONS, timeZone: 'Asia/Tokyo', ...opts });
  for (const iso of isos) a.add(login(iso));
  const f = a.finish().find((x) => x.kind === 'odd-hour-login');
  return ((f?.details?.local_times as string[] | undefined) ?? []).sort();
}

describe('logins outside business hours, by the organisation calendar', () => {
  it('judges minutes of business hours, work days, national and company holidays in the organisation zone', () => {
    const isos = [
      '2024-10-15T23:20:00Z', // Wed 08:20 JST: before 08:30
      '2024-10-15T23:40:00Z', // Wed 08:40 JST: inside
      '2024-10-16T08:50:00Z', // Wed 17:50 JST: inside
      '2024-10-16T09:10:00Z', // Wed 18:10 JST: after 18:00
      '2024-10-14T02:00:00Z', // Mon 11:00 JST: スポーツの日 (national holiday)
      '2024-10-18T02:00:00Z', // Fri 11:00 JST: a company day off
      '2024-10-19T02:00:00Z', // Sat 11:00 JST: a work day here
    ];
    expect(
      offHours(isos, {
        businessHours: [8.5, 18],
        workDays: [1, 2, 3, 4, 5, 6],
        extraHolidays: ['2024-10-18'],
      }),
    ).toEqual(['2024-10-14 11:00', '2024-10-16 08:20', '2024-10-16 18:10', '2024-10-18 11:00']);
    // the defaults: 08:00-20:00, Monday to Friday, national holidays off
    expect(offHours(isos)).toEqual(['2024-10-14 11:00', '2024-10-19 11:00']);
    expect(offHours(isos, { japaneseHolidays: false })).toEqual(['2024-10-19 11:00']);
  });
});
