/**
 * Tampering with the evidence: cleared logs, Event Log service changes, system time changes, and
 * holes in the record (EventRecordID gaps, time running backwards, overwritten beginnings).
 * Expected values are computed here from the Rust evtx crate's rendering of corpus files, or from
 * what the written fixtures contain.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { WriteEvent } from '../../../src/sources/evtx/writer.ts';
import {
  analyze,
  analyzeCorpus,
  CORPUS_READY,
  failedLogon,
  fixtureDir,
  MIN,
  oracle,
  readEvents,
  sec,
  T0,
  type OracleEvent,
} from './helpers.ts';

const TAMPER = 'windows-tampering';
const GAPS = 'windows-log-integrity';
const DAY = 86400e6;

function cleared(time: number, log: string, user: string, recordId?: number): WriteEvent {
  if (log === 'Security') {
    return {
      provider: 'Microsoft-Windows-Eventlog',
      eventId: 1102,
      time,
      channel: 'Security',
      computer: 'SRV01.example.local',
      recordId,
      userData: {
        name: 'LogFileCleared',
        children: [
          { name: 'SubjectUserSid', value: 'S-1-5-21-1-2-3-500' },
          { name: 'SubjectUserName', value: user },
          { name: 'SubjectDomainName', value: 'EXAMPLE' },
          { name: 'SubjectLogonId', value: '0x3e7a1' },
        ],
      },
    };
  }
  return {
    provider: 'Microsoft-Windows-Eventlog',
    eventId: 104,
    time,
    channel: 'System',
    computer: 'SRV01.example.local',
    recordId,
    userData: {
      name: 'LogFileCleared',
      children: [
        { name: 'SubjectUserName', value: user },
        { name: 'SubjectDomainName', value: 'EXAMPLE' },
        { name: 'Channel', value: log },
        { name: 'BackupPath', value: '' },
      ],
    },
  };
}

function kernelTime(time: number, oldTime: string, newTime: string, sid: string, reason = 1): WriteEvent {
  return {
    provider: 'Microsoft-Windows-Kernel-General',
    eventId: 1,
    time,
    channel: 'System',
    computer: 'PC-0001',
    userSid: sid,
    eventData: {
      NewTime: { type: 'filetime', value: Date.parse(newTime) * 1000 },
      OldTime: { type: 'filetime', value: Date.parse(oldTime) * 1000 },
      Reason: reason,
    },
  };
}

/** EventRecordID gaps of a log as a list of [after, before] pairs. */
function gapsOf(records: number[]): number {
  const ids = [...new Set(records)].sort((a, b) => a - b);
  let missing = 0;
  for (let i = 1; i < ids.length; i++) missing += ids[i]! - ids[i - 1]! - 1;
  return missing;
}

describe.skipIf(!CORPUS_READY)('tampering on corpus files', () => {
  it('every log cleared (104 naming the log, 1102 for Security) is listed', () => {
    const rel =
      'EVTX-to-MITRE-Attack/TA0005-Defense Evasion/T1070.001-Clear Windows event logs/ID104-1102-Event log cleared.evtx';
    const ev = oracle(rel);
    const expected = new Set([
      ...ev.filter((e) => e.id === 104 && e.provider === 'Microsoft-Windows-Eventlog').map((e) => e.data.Channel!),
      ...(ev.some((e) => e.id === 1102) ? ['Security'] : []),
    ]);
    const found = analyzeCorpus(rel, {}, TAMPER).filter((f) => f.kind === 'log-cleared');
    expect(new Set(found.flatMap((f) => f.details?.channels as string[]))).toEqual(expected);
    expect(expected.size).toBeGreaterThan(50);
    expect(found.every((f) => f.severity === 'high' && f.attack?.includes('T1070.001'))).toBe(true);
  });

  it('the System log cleared, by whom', () => {
    const rel = 'EVTX-ATTACK-SAMPLES/Defense Evasion/DE_104_system_log_cleared.evtx';
    const clear = oracle(rel).find((e) => e.id === 104)!;
    const found = analyzeCorpus(rel, {}, TAMPER);
    expect(found.map((f) => [f.kind, f.details?.account, f.details?.channels, f.first_seen])).toEqual([
      ['log-cleared', clear.data.SubjectUserName, [clear.data.Channel], clear.ts],
    ]);
  });

  it('the Event Log service start type changed (7040 for the EventLog service)', () => {
    const rel = 'DeepBlueCLI/evtx/disablestop-eventlog.evtx';
    const changes = oracle(rel).filter((e) => e.id === 7040 && e.data.param4 === 'EventLog');
    const found = analyzeCorpus(rel, {}, TAMPER).filter((f) => f.kind === 'eventlog-service-changed');
    expect(found.map((f) => f.count)).toEqual([changes.length]);
  });

  it('4616: the three-day jump by PowerShell is high; the Windows Time correction is low', () => {
    const rel = 'EVTX-to-MITRE-Attack/TA0005-Defense Evasion/T1070.006-Timestomp/ID4616-system time changed.evtx';
    const changes = oracle(rel).filter((e) => e.id === 4616);
    const jump = (e: OracleEvent): number => (Date.parse(e.data.NewTime!) - Date.parse(e.data.PreviousTime!)) / 1000;
    const ps = changes.filter((e) => /powershell\.exe$/i.test(e.data.ProcessName!) && Math.abs(jump(e)) >= 300);
    const found = analyzeCorpus(rel, {}, TAMPER);
    const byPs = found.find((f) => String(f.details?.actor).includes('powershell.exe'))!;
    expect(byPs.severity).toBe('high');
    expect(byPs.count).toBe(ps.length);
    expect(Number(byPs.details?.largest_jump_seconds)).toBeCloseTo(Math.max(...ps.map(jump)), 0);
    const service = found.find((f) => f.details?.clock_service === true)!;
    expect(service.severity).toBe('low');
  });

  it('4616 version 0 with localized date and time strings: the jump is measured from them', () => {
    const rel = 'omerbenamram-evtx/samples/Security_with_size_t.evtx';
    const changes = oracle(rel).filter((e) => e.id === 4616);
    // V8 reads "8/23/2015 2:14:52 PM" as en-US local time; both ends share the zone, so the difference holds
    const jump = (e: OracleEvent): number =>
      (Date.parse(`${e.data.NewDate} ${e.data.NewTime}`) -
        Date.parse(`${e.data.PreviousDate} ${e.data.PreviousTime}`)) /
      1000;
    const largest = Math.max(...changes.map((e) => Math.abs(jump(e))));
    const found = analyzeCorpus(rel, {}, TAMPER).filter((f) => f.kind === 'system-time-changed');
    expect(Math.max(...found.map((f) => Math.abs(Number(f.details?.largest_jump_seconds))))).toBeCloseTo(largest, 0);
    expect(found.every((f) => f.details?.localized_times === true)).toBe(true);
  });

  it('a Security log that starts late and is nearly all failed logons: a brute force pushed its beginning out', () => {
    const rel = 'DeepBlueCLI/evtx/smb-password-guessing-security.evtx';
    const ev = oracle(rel);
    const first = Math.min(...ev.map((e) => e.record));
    const found = analyzeCorpus(rel, {}, GAPS).filter((f) => f.kind === 'log-overwritten');
    expect(found.map((f) => [f.severity, f.details?.first_record, f.count])).toEqual([['medium', first, first - 1]]);
    expect(found[0]!.summary_ja).toContain('ブルートフォース');
  });

  it('EventRecordID gaps in an exported file are reported as probably filtered (low)', () => {
    const rel = 'EVTX-ATTACK-SAMPLES/Lateral Movement/LM_ScheduledTask_ATSVC_target_host.evtx';
    const ev = oracle(rel).filter((e) => e.channel === 'Security');
    const missing = gapsOf(ev.map((e) => e.record));
    expect(missing).toBeGreaterThan(0);
    const found = analyzeCorpus(rel, {}, GAPS).filter(
      (f) => f.kind === 'record-gap' && f.details?.channel === 'Security',
    );
    expect(found.map((f) => [f.severity, f.count, f.details?.exported_file])).toEqual([['low', missing, true]]);
  });
});

describe('tampering on written fixtures', () => {
  const fx = fixtureDir();
  afterAll(() => fx.cleanup());

  it('a cleared log: Security (1102) and several logs (104) cleared together are one finding', () => {
    const events = [
      cleared(T0, 'Security', 'taro', 9001),
      cleared(T0 + 1e6, 'System', 'taro'),
      cleared(T0 + 2e6, 'Windows PowerShell', 'taro'),
    ];
    const found = analyze(readEvents(fx.write('cleared.evtx', events)), {}, TAMPER);
    expect(found.map((f) => [f.kind, f.details?.account, f.details?.channels, f.count])).toEqual([
      ['log-cleared', 'taro', ['Security', 'System', 'Windows PowerShell'], 3],
    ]);
    expect(found[0]!.summary_ja).toContain('この時点より前のタイムラインは不完全');
  });

  it('a log that begins with its clearing says so', () => {
    const events = [cleared(T0, 'Security', 'taro', 300), failedLogon(T0 + MIN, 'bob', '10.0.0.9')];
    events[1]!.recordId = 301;
    const found = analyze(readEvents(fx.write('starts-cleared.evtx', events)), {}, GAPS);
    expect(found.map((f) => [f.kind, f.details?.cleared, f.count])).toEqual([['log-overwritten', true, 299]]);
  });

  it('a time jump backwards (Kernel-General 1 by a user, two days back) and the records that follow it', () => {
    const events: WriteEvent[] = [
      { ...sec(4624, T0, { TargetUserName: 'taro', LogonType: 2 }, 'PC-0001'), recordId: 100 },
      {
        ...sec(
          4688,
          T0 + MIN,
          { NewProcessName: 'C:\\Windows\\System32\\cmd.exe', CommandLine: 'date 2024/04/29' },
          'PC-0001',
        ),
        recordId: 101,
      },
      {
        ...sec(4688, T0 + MIN - 2 * DAY, { NewProcessName: 'C:\\Windows\\System32\\notepad.exe' }, 'PC-0001'),
        recordId: 102,
      },
      {
        ...sec(4688, T0 + MIN - 2 * DAY + 1e6, { NewProcessName: 'C:\\Windows\\System32\\calc.exe' }, 'PC-0001'),
        recordId: 103,
      },
    ];
    const system = kernelTime(
      T0 + MIN - 2 * DAY,
      '2024-05-01T01:01:00Z',
      '2024-04-29T01:01:00Z',
      'S-1-5-21-1-2-3-1001',
    );
    const security = readEvents(fx.write('back.evtx', events));
    const found = analyze([...security, ...readEvents(fx.write('back-system.evtx', [system]))], {});
    const time = found.filter((f) => f.kind === 'system-time-changed');
    expect(
      time.map((f) => [f.severity, f.details?.backwards, Math.round(Number(f.details?.largest_jump_seconds))]),
    ).toEqual([['high', 1, -2 * 86400]]);
    const back = found.filter((f) => f.kind === 'time-went-backwards');
    expect(back.map((f) => [f.count, (f.details!.list as Array<{ record_after: number }>)[0]!.record_after])).toEqual([
      [1, 102],
    ]);
    expect(back[0]!.summary_en).toContain('#102');
  });

  it('small reorderings within the tolerance are not time running backwards', () => {
    const events = [0, 1, 2].map((i) => ({ ...failedLogon(T0 - i * MIN, 'bob', '10.0.0.9'), recordId: 1 + i }));
    expect(analyze(readEvents(fx.write('jitter.evtx', events)), {}, GAPS)).toEqual([]);
  });

  it('4616 written by Japanese Windows (localized date and time, direction marks)', () => {
    const change = sec(
      4616,
      T0,
      {
        SubjectUserSid: 'S-1-5-21-1-2-3-1001',
        SubjectUserName: 'taro',
        SubjectDomainName: 'EXAMPLE',
        SubjectLogonId: '0x4a3b2',
        PreviousDate: '\u200e2024\u200e/\u200e05\u200e/\u200e01',
        PreviousTime: '10:00:00',
        NewDate: '\u200e2023\u200e/\u200e01\u200e/\u200e01',
        NewTime: '9:30:00',
        ProcessId: '0x1a2c',
        ProcessName: 'C:\\Windows\\System32\\cmd.exe',
      },
      'PC-0001',
    );
    const found = analyze(readEvents(fx.write('ja-4616.evtx', [change])), {}, TAMPER);
    const expected = (Date.UTC(2023, 0, 1, 9, 30) - Date.UTC(2024, 4, 1, 10, 0)) / 1000;
    expect(found.map((f) => [f.kind, f.severity, f.details?.largest_jump_seconds, f.details?.localized_times])).toEqual(
      [['system-time-changed', 'high', expected, true]],
    );
  });

  it('many small changes by a person are reported; the same changes by the time service are not', () => {
    const person = Array.from({ length: 12 }, (_, i) =>
      kernelTime(
        T0 + i * MIN,
        `2024-05-01T01:${String(i).padStart(2, '0')}:00Z`,
        `2024-05-01T01:${String(i).padStart(2, '0')}:30Z`,
        'S-1-5-21-1-2-3-1001',
      ),
    );
    const service = Array.from({ length: 12 }, (_, i) =>
      kernelTime(
        T0 + i * MIN,
        `2024-05-01T02:${String(i).padStart(2, '0')}:00Z`,
        `2024-05-01T02:${String(i).padStart(2, '0')}:01Z`,
        'S-1-5-19',
      ),
    );
    const found = analyze(readEvents(fx.write('many.evtx', [...person, ...service])), {}, TAMPER);
    expect(found.map((f) => [f.severity, f.count, f.details?.clock_service])).toEqual([['medium', 12, false]]);
  });

  it('records deleted from the middle of a log (no 1102) are a gap', () => {
    const events = [
      ...[1, 2, 3, 4, 5, 6, 10, 11, 12].map((r) => ({ ...failedLogon(T0 + r * MIN, 'bob', '10.0.0.9'), recordId: r })),
    ];
    const found = analyze(readEvents(fx.write('deleted.evtx', events)), {}, GAPS);
    expect(found.map((f) => [f.kind, f.severity, f.count, f.details?.exported_file])).toEqual([
      ['record-gap', 'medium', 3, false],
    ]);
    expect(found[0]!.summary_en).toContain('between #6');
  });

  it('a log that starts late because it was full (overwritten), flooded with failed logons', () => {
    const events = Array.from({ length: 1200 }, (_, i) => ({
      ...failedLogon(T0 + i * 1e6, `u${i % 7}`, '10.0.0.9'),
      recordId: 5000 + i,
    }));
    events.push({ ...sec(4634, T0 + 1300e6, { TargetUserName: 'taro', LogonType: 3 }), recordId: 6200 });
    const found = analyze(readEvents(fx.write('flooded.evtx', events)), {}, GAPS);
    expect(found.map((f) => [f.kind, f.severity, f.count])).toEqual([['log-overwritten', 'medium', 4999]]);
  });
});
