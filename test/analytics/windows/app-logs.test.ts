/**
 * Techniques in the Application log and small operational logs: SQL Server password guessing
 * (18456) and command execution (15281/15457), lsass dumped through Silent Process Exit (3001), BITS
 * jobs fetching payloads (Bits-Client 59/3), Winsock LSPs (WS2HELP 1). Each on its corpus sample,
 * with expected values from the Rust evtx crate's rendering, and on written fixtures for the edges.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { bitsUrlReason } from '../../../src/analytics/windows/app-logs.ts';
import type { WriteEvent } from '../../../src/sources/evtx/writer.ts';
import { analyze, analyzeCorpus, CORPUS_READY, fixtureDir, MIN, oracle, readEvents, T0 } from './helpers.ts';

const PRODUCER = 'windows-app-logs';
const S = 'EVTX-ATTACK-SAMPLES';

describe.skipIf(!CORPUS_READY)('application-log techniques on corpus samples', () => {
  it('SQL Server failed logins from one client are password guessing', () => {
    const rel = `${S}/Credential Access/MSSQL_multiple_failed_logon_EventID_18456.evtx`;
    const fails = oracle(rel).filter((e) => e.id === 18456);
    const [f, ...rest] = analyzeCorpus(rel, {}, PRODUCER);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ kind: 'brute-force', severity: 'medium', peer: '10.0.2.17', count: fails.length });
    expect(f!.host).toBe(fails[0]!.computer);
  });

  it('a blocked xp_cmdshell call', () => {
    const rel = `${S}/Lateral Movement/MSSQL_15281_xp_cmdshell_exec_failed_attempt.evtx`;
    const [f] = analyzeCorpus(rel, {}, PRODUCER);
    expect(f).toMatchObject({ kind: 'mssql-command-execution', severity: 'medium', host: oracle(rel)[0]!.computer });
    expect(f!.summary_en).toContain('xp_cmdshell');
  });

  it('lsass made to exit silently names the program that did it', () => {
    const rel = `${S}/Credential Access/LsassSilentProcessExit_process_exit_monitor_3001_lsass.evtx`;
    const exits = oracle(rel).filter((e) => e.id === 3001);
    const [f] = analyzeCorpus(rel, {}, PRODUCER);
    expect(f).toMatchObject({ kind: 'lsass-dump', severity: 'high', count: exits.length });
    expect(Object.keys(f!.details?.by as object)).toEqual([...new Set(exits.map((e) => e.data.param2))]);
  });

  it('BITS jobs: a local file copied (bitsadmin persistence) and an archive from a file host (desktopimgdownldr)', () => {
    const local = `${S}/Persistence/persist_bitsadmin_Microsoft-Windows-Bits-Client-Operational.evtx`;
    const urls = new Set(
      oracle(local)
        .filter((e) => e.id === 59)
        .map((e) => e.data.url),
    );
    const found = analyzeCorpus(local, {}, PRODUCER);
    expect(new Set(found.map((f) => f.details?.what))).toEqual(urls);
    for (const f of found) expect(f).toMatchObject({ kind: 'bits-job', severity: 'medium' });

    const lolbas = `${S}/Execution/windows_bits_4_59_60_lolbas desktopimgdownldr.evtx`;
    const url = oracle(lolbas).find((e) => e.id === 59)!.data.url;
    const got = analyzeCorpus(lolbas, {}, PRODUCER);
    expect(got.find((f) => f.severity === 'medium')?.details?.what).toBe(url);
    expect(got.find((f) => f.severity === 'low')?.summary_en).toContain('desktopimgdownldr.exe');
  });

  it('shims redirecting Windows binaries (accessibility tools), and NTFS transactions from ProgramData', () => {
    const shim = `${S}/Persistence/Persistence_Shime_Microsoft-Windows-Application-Experience_Program-Telemetry_500.evtx`;
    const fixes = oracle(shim).filter((e) => e.id === 500);
    const got = analyzeCorpus(shim, {}, PRODUCER);
    expect(new Set(got.map((f) => f.details?.what))).toEqual(
      new Set(fixes.map((e) => `${e.data.ExePath} (${e.data.FixName})`)),
    );
    expect(got.reduce((n, f) => n + f.count, 0)).toBe(fixes.length);
    for (const f of got) expect(f.kind).toBe('shim-persistence');

    const txf = `${S}/Defense Evasion/Win_4985_T1186_Process_Doppelganging.evtx`;
    const tx = oracle(txf).filter((e) => e.id === 4985);
    const [f] = analyzeCorpus(txf, {}, PRODUCER);
    expect(f).toMatchObject({ kind: 'process-doppelganging', count: tx.length, host: tx[0]!.computer });
    expect(f!.details?.what).toBe(tx[0]!.data.ProcessName);
  });

  it('a Winsock LSP install', () => {
    const rel = `${S}/Persistence/Persistence_Winsock_Catalog Change EventId_1.evtx`;
    const names = new Set(oracle(rel).map((e) => e.data.LSPName));
    const found = analyzeCorpus(rel, {}, PRODUCER);
    expect(new Set(found.map((f) => f.details?.what))).toEqual(names);
    for (const f of found) expect(f.kind).toBe('winsock-lsp');
  });
});

describe('application-log techniques on written fixtures', () => {
  const fx = fixtureDir();
  afterAll(() => fx.cleanup());
  const host = 'DB01.example.local';
  const sqlFail = (t: number, user: string, ip: string): WriteEvent => ({
    provider: 'MSSQLSERVER',
    eventId: 18456,
    time: t,
    channel: 'Application',
    computer: host,
    eventData: [
      { value: user },
      { value: ' Reason: Password did not match that for the login provided.' },
      { value: ` [CLIENT: ${ip}]` },
    ],
  });
  const bits = (t: number, url: string): WriteEvent => ({
    provider: 'Microsoft-Windows-Bits-Client',
    eventId: 59,
    time: t,
    channel: 'Microsoft-Windows-Bits-Client/Operational',
    computer: host,
    eventData: { transferId: '{1}', name: 'job', Id: '{2}', url, peer: '', fileTime: '', fileLength: 1, bytesTotal: 1 },
  });

  it('guessing needs the threshold within one burst; BITS from Microsoft or for documents, stock shims and system transactions stay quiet', () => {
    const events: WriteEvent[] = [
      // 12 failures from one client in 6 minutes; 9 from another (below the threshold); 12 from a third spread over days
      ...Array.from({ length: 12 }, (_, i) => sqlFail(T0 + i * 30e6, i % 2 ? 'sa' : 'admin', '192.0.2.10')),
      ...Array.from({ length: 9 }, (_, i) => sqlFail(T0 + i * 30e6, 'sa', '192.0.2.11')),
      ...Array.from({ length: 12 }, (_, i) => sqlFail(T0 + i * 600 * MIN, 'app', '192.0.2.12')),
      bits(T0, 'http://198.51.100.4/update'),
      bits(T0 + MIN, 'http://download.windowsupdate.com/c/msdownload/update/software/x.cab'),
      bits(T0 + 2 * MIN, 'https://files.example.org/report.pdf'),
      {
        provider: 'Microsoft-Windows-ProcessExitMonitor',
        eventId: 3001,
        time: T0,
        channel: 'Application',
        computer: host,
        eventData: { param1: 'C:\\Program Files\\App\\app.exe', param2: 'C:\\Windows\\explorer.exe', param3: '0' },
      },
    ];
    const telemetry = (t: number, exe: string, fix: string): WriteEvent => ({
      provider: 'Microsoft-Windows-Application-Experience',
      eventId: 500,
      time: t,
      channel: 'Microsoft-Windows-Application-Experience/Program-Telemetry',
      computer: host,
      eventData: { FixName: fix, ExePath: exe, FixID: '{3}', Flags: '0x1', ProcessId: 1 },
    });
    const txf = (t: number, proc: string): WriteEvent => ({
      provider: 'Microsoft-Windows-Security-Auditing',
      eventId: 4985,
      time: t,
      channel: 'Security',
      computer: host,
      eventData: { SubjectUserName: 'taro', ProcessName: proc, NewState: 48, TransactionId: '{4}' },
    });
    events.push(
      // an old program given path fixes by Windows' own database; msiexec in System32 using transactions
      telemetry(T0, 'C:\\Program Files (x86)\\OldApp\\old.exe', 'CorrectFilePaths'),
      txf(T0, 'C:\\Windows\\System32\\msiexec.exe'),
      // a DLL injected into any program, and a transaction from a user's AppData
      telemetry(T0 + MIN, 'C:\\Program Files\\App\\app.exe', 'InjectDll'),
      txf(T0 + MIN, 'C:\\Users\\taro\\AppData\\Local\\x.exe'),
    );
    const found = analyze(readEvents(fx.write('app.evtx', events)), {}, PRODUCER);
    expect(found.map((f) => [f.kind, f.peer ?? f.details?.what]).sort()).toEqual([
      ['bits-job', 'http://198.51.100.4/update'],
      ['brute-force', '192.0.2.10'],
      ['process-doppelganging', 'C:\\Users\\taro\\AppData\\Local\\x.exe'],
      ['shim-persistence', 'C:\\Program Files\\App\\app.exe (InjectDll)'],
    ]);
  });

  it('BITS URL reasons', () => {
    expect(bitsUrlReason('\\\\fs01\\share\\a.exe')).toBe('local');
    expect(bitsUrlReason('http://[2001:db8::1]/a')).toBe('ip');
    expect(bitsUrlReason('https://evil.example/a.ps1?x=1')).toBe('payload');
    expect(bitsUrlReason('https://go.microsoft.com/fwlink/a.exe')).toBeUndefined();
    expect(bitsUrlReason('https://example.org/index.html')).toBeUndefined();
  });
});
