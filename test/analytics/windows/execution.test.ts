/**
 * Execution and lateral movement: service installs (PsExec), scheduled tasks (atexec), WMI
 * subscriptions and WMI/WinRM/service/server/Office process trees. Corpus files are chosen by
 * their technique names; expected names and counts come from the Rust evtx crate's rendering.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { WriteEvent } from '../../../src/sources/evtx/writer.ts';
import { analyze, analyzeCorpus, CORPUS_READY, fixtureDir, MIN, oracle, readEvents, sec, T0 } from './helpers.ts';

const EXEC = 'windows-execution';
const TREE = 'windows-process-tree';
const SVC = 'EVTX-to-MITRE-Attack/TA0003-Persistence/T1543.003-Create or Modify System Process-Windows Service';
const LM = 'EVTX-ATTACK-SAMPLES/Lateral Movement';
const SYSMON = 'Microsoft-Windows-Sysmon/Operational';

/** <Command> and <Arguments> read with a regular expression here (the analysis scans without one). */
function commandOf(xml: string): string {
  const c = /<Command>([^<]*)<\/Command>/.exec(xml)?.[1] ?? '';
  const a = /<Arguments>([^<]*)<\/Arguments>/.exec(xml)?.[1];
  return (a ? `${c} ${a}` : c).replace(/&gt;/g, '>').replace(/&lt;/g, '<').replace(/&amp;/g, '&');
}

describe.skipIf(!CORPUS_READY)('execution on corpus files', () => {
  it('PsExec service installs (System 7045 and Security 4697) are psexec findings', () => {
    for (const [rel, id] of [
      [`${SVC}/ID7045-7036 PSexec service installation.evtx`, 7045],
      [
        'EVTX-to-MITRE-Attack/TA0008-Lateral Movement/T1021.002-SMB Windows Admin Shares/ID4688,4697,5140-5145 PSexec remote execution + admin share.evtx',
        4697,
      ],
    ] as const) {
      const installs = oracle(rel).filter((e) => e.id === id);
      const found = analyzeCorpus(rel, {}, EXEC);
      expect(
        found.map((f) => [f.kind, f.details?.service]),
        rel,
      ).toEqual([['psexec', installs[0]!.data.ServiceName]]);
      expect(found[0]!.attack).toEqual(['T1569.002', 'T1021.002']);
    }
  });

  it('Metasploit psexec services (random names, cmd /c echo to a pipe) are suspicious installs', () => {
    const rel = 'DeepBlueCLI/evtx/metasploit-psexec-native-target-system.evtx';
    const names = oracle(rel)
      .filter((e) => e.id === 7045)
      .map((e) => e.data.ServiceName)
      .sort();
    const found = analyzeCorpus(rel, {}, EXEC).filter((f) => f.kind === 'service-install');
    expect(found.map((f) => f.details?.service).sort()).toEqual(names);
    expect(found.every((f) => f.severity === 'high')).toBe(true);
    expect(found.flatMap((f) => f.details?.reasons as string[])).toContain('random-looking name');
  });

  it('hundreds of services carrying a payload in their names become one finding', () => {
    const rel =
      'EVTX-to-MITRE-Attack/TA0002-Execution/T1569.002-Service execution/ID7000,7009,7045-Payload deployed via service - Tchopper.evtx';
    const names = new Set(
      oracle(rel)
        .filter((e) => e.id === 7045)
        .map((e) => e.data.ServiceName!.toLowerCase()),
    );
    const found = analyzeCorpus(rel, {}, EXEC).filter((f) => f.kind === 'service-install');
    expect(found).toHaveLength(1);
    expect(found[0]!.count).toBe(names.size);
    expect(names.size).toBeGreaterThan(100);
  });

  it('atexec: a task created and deleted at once, with the command of its XML', () => {
    for (const rel of [
      `${LM}/LM_ScheduledTask_ATSVC_target_host.evtx`,
      'EVTX-to-MITRE-Attack/EVTX_full_APT_attack_steps/ID4688,4698,4699,5145,4624-ATexec remote trask creation (GLOBAL).evtx',
    ]) {
      const created = oracle(rel).filter((e) => e.id === 4698);
      expect(created).toHaveLength(1);
      const found = analyzeCorpus(rel, {}, EXEC).filter((f) => f.kind === 'scheduled-task');
      expect(found, rel).toHaveLength(1);
      expect(found[0]!.severity).toBe('high');
      expect(found[0]!.details?.short_lived).toBe(true);
      expect(found[0]!.details?.task).toBe(created[0]!.data.TaskName);
      expect(found[0]!.details?.commands).toEqual([commandOf(created[0]!.data.TaskContent!)]);
    }
  });

  it('WMI permanent subscription with a command-line consumer; the built-in SCM Event Log subscription is not reported', () => {
    const rel = 'DeepBlueCLI/evtx/wmi-event-filter-persistance.evtx';
    const bindings = oracle(rel).filter((e) => e.id === 5861);
    const active = new Set(
      bindings
        .filter((e) => e.data.CONSUMER!.startsWith('CommandLineEventConsumer'))
        .map((e) => `${e.data.ESS}|${e.data.CONSUMER}`),
    );
    expect(bindings.length).toBeGreaterThan(active.size);
    const found = analyzeCorpus(rel, {}, EXEC).filter((f) => f.kind === 'wmi-persistence');
    expect(new Set(found.map((f) => `${f.details?.filter}|${f.details?.consumer}`))).toEqual(active);
    expect(found.every((f) => f.severity === 'high')).toBe(true);
  });

  it('Sysmon WMI consumer (20) and binding (21) events are a WMI subscription too', () => {
    const rel = 'EVTX-ATTACK-SAMPLES/Persistence/sysmon_20_21_1_CommandLineEventConsumer.evtx';
    const consumers = oracle(rel).filter((e) => e.id === 20 && e.data.Operation === 'Created');
    const found = analyzeCorpus(rel, {}, EXEC).filter((f) => f.kind === 'wmi-persistence');
    expect(found.map((f) => [f.details?.consumer, f.severity])).toEqual(
      consumers.map((e) => [`CommandLineEventConsumer="${e.data.Name!.trim().replace(/"/g, '')}"`, 'high']),
    );
    expect(found[0]!.details?.deleted).toBeGreaterThan(0);
  });

  it('Impacket wmiexec commands are recognised by their output redirection when the parent is unknown', () => {
    const rel =
      'EVTX-to-MITRE-Attack/TA0002-Execution/T1047-Windows Management Instrumentation/ID4688-5145-WMIexec execution via SMB.evtx';
    const cmds = oracle(rel).filter(
      (e) => e.id === 4688 && /\\\\127\.0\.0\.1\\ADMIN\$\\__/i.test(e.data.CommandLine ?? ''),
    );
    expect(cmds.length).toBeGreaterThan(0);
    const found = analyzeCorpus(rel, {}, TREE);
    expect(found.map((f) => [f.kind, f.count])).toEqual([['impacket-execution', cmds.length]]);
  });

  it('WinRM sessions opened on the target, with the authenticated users (169)', () => {
    const rel = `${LM}/RemotePowerShell_MS_Windows-Remote_Management_EventID_169.evtx`;
    const auth = oracle(rel).filter((e) => e.id === 169);
    const found = analyzeCorpus(rel, {}, EXEC).filter((f) => f.kind === 'winrm-inbound');
    expect(found).toHaveLength(1);
    expect(found[0]!.details?.users).toEqual({ [auth[0]!.data.username!]: auth.length });
  });

  it('process trees: wmiexec, PowerShell remoting, winrs, xp_cmdshell, Word starting a shell', () => {
    // Office documents are only reported when they start a shell (Word also starts explorer.exe, itself, ...)
    const shells = (c: string): boolean => ['cmd.exe', 'powershell.exe', 'rundll32.exe'].includes(c);
    const any = (c: string): boolean => c !== 'conhost.exe';
    const cases: Array<[string, string, string, (child: string) => boolean]> = [
      [`${LM}/LM_wmiexec_impacket_sysmon_whoami.evtx`, 'wmi-execution', 'wmiprvse.exe', any],
      [`${LM}/LM_PowershellRemoting_sysmon_1_wsmprovhost.evtx`, 'winrm-execution', 'wsmprovhost.exe', any],
      [`${LM}/LM_winrm_exec_sysmon_1_winrshost.evtx`, 'winrm-execution', 'winrshost.exe', any],
      [`${LM}/sysmon_1_exec_via_sql_xpcmdshell.evtx`, 'server-shell', 'sqlservr.exe', any],
      [
        'EVTX-ATTACK-SAMPLES/AutomatedTestingTools/Malware/sideloading_uacbypass_rundll32_injection_c2.evtx',
        'office-child-process',
        'winword.exe',
        shells,
      ],
    ];
    const base = (p: string | undefined): string => (p ?? '').split('\\').pop()!.toLowerCase();
    for (const [rel, kind, parent, childOk] of cases) {
      const children = oracle(rel).filter(
        (e) => e.channel === SYSMON && e.id === 1 && base(e.data.ParentImage) === parent && childOk(base(e.data.Image)),
      );
      const found = analyzeCorpus(rel, {}, TREE).filter((f) => f.kind === kind);
      expect(
        found.reduce((s, f) => s + f.count, 0),
        rel,
      ).toBe(children.length);
      expect(children.length, rel).toBeGreaterThan(0);
    }
  });

  it('pre-Windows 10 4688 (no ParentProcessName): the parent is found from the creator process id', () => {
    const rel = `${LM}/LM_WMI_4624_4688_TargetHost.evtx`;
    const created = oracle(rel).filter((e) => e.id === 4688);
    const wmi = created.find((e) => base(e.data.NewProcessName) === 'wmiprvse.exe')!;
    const children = created.filter((e) => e.data.ProcessId === wmi.data.NewProcessId);
    expect(children.length).toBeGreaterThan(0);
    const found = analyzeCorpus(rel, {}, TREE).filter((f) => f.kind === 'wmi-execution');
    expect(found.map((f) => f.details?.child)).toEqual([...new Set(children.map((e) => base(e.data.NewProcessName)))]);
    function base(p: string | undefined): string {
      return (p ?? '').split('\\').pop()!.toLowerCase();
    }
  });
});

describe('execution on written fixtures', () => {
  const fx = fixtureDir();
  afterAll(() => fx.cleanup());
  const task = (eventId: number, time: number, data: Record<string, string>): WriteEvent => ({
    provider: 'Microsoft-Windows-TaskScheduler',
    eventId,
    time,
    channel: 'Microsoft-Windows-TaskScheduler/Operational',
    computer: 'PC-0001',
    eventData: data,
  });

  it('TaskScheduler/Operational: a task registered by a person and running PowerShell from Public', () => {
    const events = [
      task(106, T0, { TaskName: '\\Updater', UserContext: 'EXAMPLE\\taro' }),
      task(200, T0 + MIN, {
        TaskName: '\\Updater',
        ActionName: 'C:\\Users\\Public\\run.bat',
        TaskInstanceId: '{00000000-0000-0000-0000-000000000001}',
      }),
      task(200, T0 + 2 * MIN, {
        TaskName: '\\Microsoft\\Windows\\Defrag\\ScheduledDefrag',
        ActionName: '%windir%\\system32\\defrag.exe',
        TaskInstanceId: '{00000000-0000-0000-0000-000000000002}',
      }),
    ];
    const found = analyze(readEvents(fx.write('tasks.evtx', events)), {}, EXEC);
    expect(found.map((f) => [f.kind, f.details?.task, f.severity, f.details?.runs])).toEqual([
      ['scheduled-task', '\\Updater', 'high', 1],
    ]);
    expect(found[0]!.details?.markers).toContain('\\users\\public\\');
  });

  it('WinRM client sessions (WinRM 6) name the target', () => {
    const ev = (time: number): WriteEvent => ({
      provider: 'Microsoft-Windows-WinRM',
      eventId: 6,
      time,
      channel: 'Microsoft-Windows-WinRM/Operational',
      computer: 'PC-0001',
      eventData: { connection: 'dc01.example.local/wsman?PSVersion=5.1.19041.1' },
    });
    const found = analyze(readEvents(fx.write('winrm.evtx', [ev(T0), ev(T0 + MIN)])), {}, EXEC);
    expect(found.map((f) => [f.kind, f.peer, f.count])).toEqual([['winrm-outbound', 'dc01.example.local', 2]]);
  });

  it('a process seen by both 4688 and Sysmon 1 counts once', () => {
    const sysmon: WriteEvent = {
      provider: 'Microsoft-Windows-Sysmon',
      eventId: 1,
      time: T0 + 300,
      channel: SYSMON,
      computer: 'PC-0001',
      eventData: {
        ProcessId: 4660,
        Image: 'C:\\Windows\\System32\\cmd.exe',
        CommandLine: 'cmd.exe /c whoami',
        ParentProcessId: 3000,
        ParentImage: 'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE',
        User: 'EXAMPLE\\taro',
      },
    };
    const security = sec(
      4688,
      T0,
      {
        SubjectUserName: 'taro',
        NewProcessId: '0x1234',
        NewProcessName: 'C:\\Windows\\System32\\cmd.exe',
        ProcessId: '0xbb8',
        CommandLine: 'cmd.exe /c whoami',
        ParentProcessName: 'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE',
      },
      'PC-0001',
    );
    const found = analyze(readEvents(fx.write('dup.evtx', [security, sysmon])), {}, TREE);
    expect(found.map((f) => [f.kind, f.count])).toEqual([['office-child-process', 1]]);
  });
});
