import { describe, expect, it } from 'vitest';
import { formatTs } from '../../core/event.ts';
import { fromLocal } from './ctime.ts';
import { parseSyslogHeader, YearResolver } from './syslog.ts';
import { syslogParser } from './syslog-reader.ts';

const anchor = (iso: string): number => Date.parse(iso) * 1000;

describe('year-less times', () => {
  it('takes the year that puts the line at or before the file time', () => {
    const y = new YearResolver(anchor('2021-01-03T10:00:00Z'), 'UTC');
    expect(new Date(y.resolve(12, 31, 23, 59, 59) * 1000).toISOString()).toBe('2020-12-31T23:59:59.000Z');
    expect(new Date(y.resolve(1, 2, 8, 0, 0) * 1000).toISOString()).toBe('2021-01-02T08:00:00.000Z');
    // one day of slack for clock skew between the log and the file time
    expect(new Date(y.resolve(1, 4, 1, 0, 0) * 1000).toISOString()).toBe('2021-01-04T01:00:00.000Z');
  });
  it('puts Feb 29 in the last leap year', () => {
    const y = new YearResolver(anchor('2023-06-01T00:00:00Z'), 'UTC');
    expect(new Date(y.resolve(2, 29, 1, 15, 43) * 1000).toISOString()).toBe('2020-02-29T01:15:43.000Z');
  });
  it('reads local times in the given zone', () => {
    const y = new YearResolver(anchor('2005-08-14T10:00:00Z'), 'Europe/Zurich');
    expect(y.resolve(6, 21, 16, 47, 48)).toBe(fromLocal(2005, 6, 21, 16, 47, 48, 'Europe/Zurich'));
    expect(y.resolve(6, 21, 16, 47, 48)).toBe(Date.UTC(2005, 5, 21, 14, 47, 48) / 1000);
  });
});

describe('syslog headers', () => {
  // a fresh resolver per line: these lines are not one file in order
  const h = (l: string) => parseSyslogHeader(l, new YearResolver(anchor('2020-06-01T00:00:00Z'), 'UTC'), 'UTC');
  it('RFC 3164 with and without host, pid, bracket tags', () => {
    expect(h('Mar 11 22:55:32 ubuntu2015 sshd[3]:  Failed password for root')).toMatchObject({
      host: 'ubuntu2015',
      program: 'sshd',
      pid: 3,
      msg: 'Failed password for root',
      yearless: true,
    });
    expect(h('Nov 23 21:50:19 sshd[8148]: Disconnecting')).toMatchObject({ program: 'sshd', pid: 8148 });
    expect(h('Nov 23 21:50:19 sshd[8148]: Disconnecting').host).toBeUndefined();
    expect(h('Jun 25 23:53:34 [sshd] User root from 1.2.3.4')).toMatchObject({
      program: 'sshd',
      msg: 'User root from 1.2.3.4',
    });
    expect(h('Nov 18 08:30:20 kernel: [997.390602] sda2')).toMatchObject({
      program: 'kernel',
      msg: '[997.390602] sda2',
    });
    expect(h('Jan 22 07:52:33 myhostname.myhost.com client[30840]: INFO x')).toMatchObject({
      host: 'myhostname.myhost.com',
      program: 'client',
    });
    expect(h('Jun 13 12:00:00 combo sshd(pam_unix)[19939]: authentication failure')).toMatchObject({
      program: 'sshd(pam_unix)',
      pid: 19939,
    });
    expect(formatTs(h('Mar 23 23:01:18.123 host p[19]: x').ts)).toBe('2020-03-23T23:01:18.123000Z');
  });
  it('RFC 3339, journalctl short-full and short-unix, epoch prefixes', () => {
    expect(formatTs(h('2020-05-31T00:00:45.698463+02:00 localhost systemd[1]: Reloaded').ts)).toBe(
      '2020-05-30T22:00:45.698463Z',
    );
    expect(formatTs(h('2021-03-01T12:00:00+0900 host sshd[1]: x').ts)).toBe('2021-03-01T03:00:00.000000Z');
    expect(formatTs(h('Mon 2021-03-01 12:00:00.5 UTC host sshd[1]: x').ts)).toBe('2021-03-01T12:00:00.500000Z');
    expect(h('1124012400 [sshd] Invalid user duck from 212.41.96.185')).toMatchObject({
      format: 'epoch',
      program: 'sshd',
    });
  });
  it('RFC 5424 with structured data containing brackets and quotes', () => {
    const r = h(
      '<38>1 2019-07-08T17:40:17.954167-04:00 hostname.example.com sshd 55555 - [timeQuality tzKnown="1"][x@1 t="[b] \\"q\\""] Failed unknown for x',
    );
    expect(r).toMatchObject({
      format: 'rfc5424',
      host: 'hostname.example.com',
      program: 'sshd',
      pid: 55555,
      msg: 'Failed unknown for x',
    });
    expect(formatTs(r.ts)).toBe('2019-07-08T21:40:17.954167Z');
  });
  it('non-UTF-8 month names (Latin-1 French) and lines without header', () => {
    expect(h('D\u00e9c 31 11:59:59 [sshd] error: PAM: x').format).toBe('rfc3164');
    expect(h('just text').format).toBe('none');
  });
});

describe('syslog parser', () => {
  it('gives continuation lines the time and program of the line before', () => {
    const p = syslogParser({ file: 'syslog', mtimeUs: anchor('2020-12-01T00:00:00Z') });
    const a = p.line('Nov 18 01:15:20 host aprocess[10100]: This is a multi-line message', 1)!;
    const b = p.line('\tmany syslog parsers.', 2)!;
    expect(b.ts).toBe(a.ts);
    expect(b.fields).toMatchObject({ program: 'aprocess', continuation: true, message: '\tmany syslog parsers.' });
    expect(p.line('-- Boot 1234 --', 3)).toBeNull();
  });
  it('sets the Sigma logsource service by program and file', () => {
    const p = syslogParser({ file: '/var/log/auth.log', mtimeUs: anchor('2020-12-01T00:00:00Z') });
    expect(p.line('Nov 18 01:15:20 h sshd[1]: Server listening on :: port 22.', 1)!.logsource).toEqual({
      product: 'linux',
      service: 'sshd',
    });
    expect(p.line('Nov 18 01:15:20 h CRON[2]: (root) CMD (x)', 2)!.logsource.service).toBe('cron');
    expect(
      p.line('Nov 18 01:15:20 h sudo:  a : TTY=pts/0 ; PWD=/ ; USER=root ; COMMAND=/bin/id', 3)!.logsource.service,
    ).toBe('auth');
    expect(p.line('Nov 18 01:15:20 h systemd[1]: Started x', 4)!.logsource.service).toBe('auth');
    const q = syslogParser({ file: '/var/log/syslog', mtimeUs: anchor('2020-12-01T00:00:00Z') });
    expect(q.line('Nov 18 01:15:20 h systemd[1]: Started x', 1)!.logsource.service).toBe('syslog');
  });
});
