/**
 * Evidence coverage ("why nothing matched"): per file and channel the range covered, a log that
 * rotates within hours, 4688 without command lines; per host the missing logs and what could not run
 * for lack of them. Expected values from the Rust evtx crate's rendering of a corpus file, and from
 * what the written fixtures contain.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { formatTs } from '../../../src/core/event.ts';
import { evidenceCoverageAnalyzer, resolveOptions } from '../../../src/analytics/windows/index.ts';
import type { Event } from '../../../src/core/event.ts';
import type { WriteEvent } from '../../../src/sources/evtx/writer.ts';
import { analyze, analyzeCorpus, CORPUS_READY, fixtureDir, MIN, oracle, readEvents, sec, T0 } from './helpers.ts';

const FILE = 'windows-log-coverage';
const HOST = 'windows-evidence-coverage';

describe.skipIf(!CORPUS_READY)('evidence coverage on a corpus file', () => {
  it('the range and count of a Security log, and the logs its host lacks', () => {
    const rel = 'EVTX-ATTACK-SAMPLES/Credential Access/CA_4624_4625_LogonType2_LogonProc_chrome.evtx';
    const o = oracle(rel);
    const ts = o.map((e) => e.ts);
    const [f] = analyzeCorpus(rel, {}, FILE);
    expect(f!.details).toMatchObject({
      channel: 'Security',
      events: o.length,
      from: formatTs(Math.min(...ts)),
      to: formatTs(Math.max(...ts)),
      first_record: Math.min(...o.map((e) => e.record)),
      overwritten: true,
      // four events are not a rotation rate
      rotates_within_hours: false,
    });
    const [h] = analyzeCorpus(rel, {}, HOST);
    expect(h!.host).toBe(o[0]!.computer);
    expect(h!.details?.present).toEqual(['Security']);
    expect(h!.details?.missing).toEqual(['system', 'sysmon', 'ps4104', 'process']);
  });
});

describe('evidence coverage on written fixtures', () => {
  const fx = fixtureDir();
  afterAll(() => fx.cleanup());
  const proc = (t: number, host: string, cmd?: string): WriteEvent =>
    sec(
      4688,
      t,
      {
        SubjectUserName: 'taro',
        NewProcessName: 'C:\\Windows\\System32\\whoami.exe',
        ParentProcessName: 'C:\\Windows\\System32\\cmd.exe',
        ...(cmd ? { CommandLine: cmd } : {}),
      },
      host,
    );

  it('a Security log overwritten within hours, 4688 without command lines, no Sysmon/System/4104', () => {
    // 240 process creations over two hours, numbered from 90001: the log lost everything before them
    const events = Array.from({ length: 240 }, (_, i) => ({ ...proc(T0 + i * 30e6, 'PC-0007'), recordId: 90001 + i }));
    const found = analyze(readEvents(fx.write('pc7.evtx', events)));
    const file = found.find((f) => f.producer === FILE)!;
    expect(file.details).toMatchObject({
      events: 240,
      first_record: 90001,
      rotates_within_hours: true,
      process_creations: 240,
      process_creations_with_command_line: 0,
    });
    expect(file.summary_en).toContain('rotates within hours');
    expect(file.summary_en).toContain('240 process creations (4688) without command lines');
    expect(file.summary_ja).toContain('数時間でローテート');
    const host = found.find((f) => f.producer === HOST)!;
    expect(host.details?.missing).toEqual(['system', 'sysmon', 'ps4104', 'cmdline']);
    expect(host.summary_en).toContain('command-line rules on 4688');
    expect(host.summary_ja).toContain('4688 のコマンドライン');
  });

  it('a host with Security, System, Sysmon process events and script blocks lacks nothing', () => {
    const host = 'SRV-0001';
    const events: WriteEvent[] = [
      proc(T0, host, 'whoami /all'),
      {
        provider: 'Service Control Manager',
        eventId: 7036,
        time: T0 + MIN,
        channel: 'System',
        computer: host,
        eventData: {},
      },
      {
        provider: 'Microsoft-Windows-Sysmon',
        eventId: 1,
        time: T0 + 2 * MIN,
        channel: 'Microsoft-Windows-Sysmon/Operational',
        computer: host,
        eventData: { Image: 'C:\\Windows\\System32\\whoami.exe', CommandLine: 'whoami' },
      },
      {
        provider: 'Microsoft-Windows-PowerShell',
        eventId: 4104,
        time: T0 + 3 * MIN,
        channel: 'Microsoft-Windows-PowerShell/Operational',
        computer: host,
        eventData: { ScriptBlockText: 'Get-Date' },
      },
    ];
    const found = analyze(readEvents(fx.write('srv1.evtx', events)));
    expect(found.filter((f) => f.producer === HOST)).toEqual([]);
    const files = found.filter((f) => f.producer === FILE);
    expect(files.map((f) => f.details?.channel).sort()).toEqual([
      'Microsoft-Windows-PowerShell/Operational',
      'Microsoft-Windows-Sysmon/Operational',
      'Security',
      'System',
    ]);
    for (const f of files) expect(f.details?.rotates_within_hours).toBe(false);
  });

  it('the host finding is the same whatever order the workers deliver the files in', () => {
    // Three logs of one host: two Security files (later and earlier) and a System file. Triage reads
    // each file in one worker, which keeps only what its own copy of the analyzer wants; the main
    // thread's copy then sees those events in the order the workers happen to finish.
    const host = 'PC-0042';
    const sys = (t: number): WriteEvent => ({
      provider: 'Service Control Manager',
      eventId: 7036,
      time: t,
      channel: 'System',
      computer: host,
      eventData: {},
    });
    const logon = (t: number): WriteEvent => sec(4624, t, { TargetUserName: 'taro', LogonType: '3' }, host);
    const files = [
      readEvents(fx.write('late.evtx', [logon(T0 + 50 * MIN), logon(T0 + 51 * MIN)])),
      readEvents(fx.write('early.evtx', [logon(T0 + 5 * MIN), logon(T0 + 6 * MIN)])),
      readEvents(fx.write('system.evtx', [sys(T0 + 30 * MIN), sys(T0 + 31 * MIN)])),
    ];
    const o = resolveOptions({});
    const run = (workers: number[][], arrival: number[]): unknown => {
      const shipped = new Map<number, Event[]>();
      for (const assigned of workers) {
        const worker = evidenceCoverageAnalyzer(o);
        for (const i of assigned)
          shipped.set(
            i,
            files[i]!.filter((e) => worker.wants(e)),
          );
      }
      const main = evidenceCoverageAnalyzer(o);
      for (const i of arrival) for (const e of shipped.get(i)!) if (main.wants(e)) main.add(e);
      const [f] = main.finish();
      return { first: f!.first_seen, last: f!.last_seen, evidence: f!.evidence, missing: f!.details?.missing };
    };
    const one = run([[0, 1, 2]], [0, 1, 2]);
    expect(run([[2, 1], [0]], [2, 1, 0])).toEqual(one);
    expect(run([[1], [2, 0]], [1, 0, 2])).toEqual(one);
    expect(one).toMatchObject({ first: T0 + 5 * MIN, last: T0 + 50 * MIN, missing: ['sysmon', 'ps4104', 'process'] });
  });
});
