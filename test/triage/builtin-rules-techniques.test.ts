/**
 * konseki's own Sysmon and System rules for techniques the Sigma sets miss on older or sparse logs
 * (inbound connections to shells and explorer, renamed Windows binaries, browsers and service
 * processes starting shells, unsigned spooler drivers, programmatic RDP, the EventLog service
 * crashing, denied remote DCOM launches, pipe enumeration, SMB fan-out, UAC bypasses through auto-elevating
 * programs, Control Panel items from user folders, remote scheduled tasks from script hosts): on a written .evtx with
 * each technique and, beside it, the benign look-alike an analyst would dismiss. builtin-rules.test.ts
 * shows each of them firing on the corpus samples of its technique.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeEvtx, type WriteEvent } from '../../src/sources/evtx/writer.ts';
import { CaseStore } from '../../src/store/duckdb.ts';
import { konseki } from '../support/cli.ts';

const T0 = Date.parse('2024-05-01T01:00:00Z') * 1000;
const SEC = 1e6;
const WS = 'WS01.example.local';

let record = 0;
function sysmon(eventId: number, time: number, data: Record<string, string | number>, computer = WS): WriteEvent {
  return {
    provider: 'Microsoft-Windows-Sysmon',
    eventId,
    time,
    recordId: ++record,
    channel: 'Microsoft-Windows-Sysmon/Operational',
    computer,
    userSid: 'S-1-5-18',
    eventData: { RuleName: '-', UtcTime: '2024-05-01 01:00:00.000', ...data },
  };
}

function proc(time: number, image: string, parent: string, extra: Record<string, string> = {}): WriteEvent {
  return sysmon(1, time, {
    ProcessId: 4242,
    Image: image,
    Description: '',
    CommandLine: image,
    User: 'EXAMPLE\\taro',
    ParentImage: parent,
    ParentCommandLine: parent,
    ...extra,
  });
}

function conn(
  time: number,
  image: string,
  initiated: boolean,
  remote: string,
  port: number,
  computer = WS,
  pid = 4242,
): WriteEvent {
  return sysmon(
    3,
    time,
    {
      ProcessId: pid,
      Image: image,
      User: 'EXAMPLE\\taro',
      Protocol: 'tcp',
      Initiated: String(initiated),
      SourceIp: '10.0.0.5',
      SourcePort: initiated ? 50000 : port,
      DestinationIp: remote,
      DestinationPort: initiated ? port : 50001,
    },
    computer,
  );
}

function load(time: number, image: string, dll: string, signed: boolean, computer = WS, pid = 4242): WriteEvent {
  return sysmon(
    7,
    time,
    {
      ProcessId: pid,
      Image: image,
      ImageLoaded: dll,
      Signed: String(signed),
      Signature: signed ? 'Microsoft Windows' : '',
      SignatureStatus: signed ? 'Valid' : 'Unavailable',
    },
    computer,
  );
}

function pipe(time: number, name: string, computer: string, image = 'System'): WriteEvent {
  return sysmon(18, time, { EventType: 'ConnectPipe', ProcessId: 4, PipeName: name, Image: image }, computer);
}

function dcom(time: number, clsid: string, address: string): WriteEvent {
  const params = ['application-specific', 'Remote', 'Launch', clsid, clsid, WS, 'taro', 'S-1-5-21-1-2-3-1001'];
  return {
    provider: 'Microsoft-Windows-DistributedCOM',
    eventId: 10016,
    time,
    recordId: ++record,
    channel: 'System',
    computer: WS,
    eventData: [...params, address, 'Unavailable', 'Unavailable'].map((value, i) => ({ name: `param${i + 1}`, value })),
  };
}

function pca(time: number, exe: string, resolver: string): WriteEvent {
  return {
    provider: 'Microsoft-Windows-Program-Compatibility-Assistant',
    eventId: 17,
    time,
    recordId: ++record,
    channel: 'Microsoft-Windows-Application-Experience/Program-Compatibility-Assistant',
    computer: WS,
    eventData: { ExePath: exe, ResolverName: resolver },
  };
}

const MMC20 = '{49B2791A-B1AE-4C90-9B8E-E860BA07F889}';
const PIPES = ['lsass', 'atsvc', 'browser', 'epmapper', 'eventlog', 'InitShutdown', 'ntsvcs', 'ROUTER', 'scerpc'];
const MORE_PIPES = [...PIPES, 'srvsvc', 'wkssvc', 'winreg'];

/** events that must fire, by rule file: [record ids] (correlations are checked by host below) */
const fire: Record<string, number[]> = {};
const events: WriteEvent[] = [];
function expectFire(rule: string, ...evs: WriteEvent[]): void {
  for (const e of evs) {
    events.push(e);
    (fire[rule] ??= []).push(e.recordId!);
  }
}
function benign(...evs: WriteEvent[]): void {
  events.push(...evs);
}

const PS = 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe';
const CMD = 'C:\\Windows\\System32\\cmd.exe';
const SVCHOST = 'C:\\Windows\\System32\\svchost.exe';
const SPOOLSV = 'C:\\Windows\\System32\\spoolsv.exe';

// a listener in PowerShell and explorer driven over DCOM; PowerShell on loopback, svchost serving, PowerShell calling out
expectFire(
  'net_inbound_to_shell_or_explorer.yml',
  conn(T0, PS, false, '10.0.0.9', 4444),
  conn(T0, 'C:\\Windows\\explorer.exe', false, '10.0.0.9', 49158),
);
benign(
  conn(T0, PS, false, '127.0.0.1', 5985),
  conn(T0, SVCHOST, false, '10.0.0.9', 3389),
  conn(T0, PS, true, '10.0.0.9', 443),
);

// cmd copied under another name; cmd in SysWOW64 (upper case), PowerShell ISE
expectFire(
  'proc_renamed_windows_binary.yml',
  proc(T0, 'C:\\Users\\taro\\AppData\\Local\\Temp\\svch.exe', 'C:\\Windows\\explorer.exe', {
    Description: 'Windows Command Processor',
  }),
  proc(T0, 'C:\\ProgramData\\jabber.exe', CMD, { Description: 'Microsoft(C) Register Server' }),
);
benign(
  proc(T0, 'C:\\Windows\\SysWOW64\\CMD.EXE', 'C:\\Windows\\explorer.exe', { Description: 'Windows Command Processor' }),
  proc(T0, 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell_ise.exe', 'C:\\Windows\\explorer.exe', {
    Description: 'Windows PowerShell ISE',
  }),
);

// Internet Explorer starting cmd; Chrome starting a native messaging host through cmd; explorer starting cmd
expectFire('proc_browser_spawns_shell.yml', proc(T0, CMD, 'C:\\Program Files\\Internet Explorer\\iexplore.exe'));
benign(
  proc(T0, CMD, 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', {
    CommandLine:
      'C:\\Windows\\system32\\cmd.exe /d /c "C:\\Tools\\host.bat" chrome-extension://abcdef/ --parent-window=0',
  }),
  proc(T0, CMD, 'C:\\Windows\\explorer.exe'),
);

// the update client and the spooler starting shells; Task Manager's "Run new task" and the Task Scheduler's svchost
expectFire(
  'proc_service_binary_spawns_shell.yml',
  proc(T0, CMD, 'C:\\Windows\\System32\\wuauclt.exe'),
  proc(T0, PS, SPOOLSV),
);
benign(proc(T0, CMD, 'C:\\Windows\\System32\\Taskmgr.exe'), proc(T0, CMD, SVCHOST));

// an unsigned DLL from the driver directory; a signed driver, an unsigned DLL of a vendor's monitor in Program Files
expectFire(
  'image_spooler_unsigned_driver.yml',
  load(T0, SPOOLSV, 'C:\\Windows\\System32\\spool\\drivers\\x64\\4\\payload.dll', false),
);
benign(
  load(T0, SPOOLSV, 'C:\\Windows\\System32\\spool\\drivers\\x64\\3\\UNIDRV.DLL', true),
  load(T0, SPOOLSV, 'C:\\Program Files\\Vendor\\portmon.dll', false),
);

// the RDP client library in a program from ProgramData; mstsc and an RDP manager in Program Files
expectFire(
  'image_rdp_client_by_user_program.yml',
  load(T0, 'C:\\ProgramData\\USOShared\\tool.exe', 'C:\\Windows\\SysWOW64\\mstscax.dll', true),
);
benign(
  load(T0, 'C:\\Windows\\System32\\mstsc.exe', 'C:\\Windows\\System32\\mstscax.dll', true),
  load(T0, 'C:\\Program Files\\RDCMan\\RDCMan.exe', 'C:\\Windows\\System32\\mstscax.dll', true),
);

// Windows Error Reporting for the EventLog service's svchost; for the Task Scheduler's
expectFire(
  'proc_eventlog_service_crash.yml',
  proc(T0, 'C:\\Windows\\System32\\WerFault.exe', SVCHOST, {
    ParentCommandLine: 'C:\\Windows\\System32\\svchost.exe -k LocalServiceNetworkRestricted -p -s EventLog',
  }),
);
benign(
  proc(T0, 'C:\\Windows\\System32\\WerFault.exe', SVCHOST, {
    ParentCommandLine: 'C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule',
  }),
);

// MMC20.Application launched from another host; the same class locally, another class remotely
expectFire('sys_dcom_lateral_class_remote_launch.yml', dcom(T0, MMC20, '10.0.0.17'));
benign(dcom(T0, MMC20, 'LocalHost (Using LRPC)'), dcom(T0, '{D63B10C5-BB46-4990-A94F-E40B9D520160}', '10.0.0.17'));

// twelve pipes within 20 s on SRV02; six on SRV03; twelve an hour apart on SRV04; twelve opened locally by mmc on SRV05
MORE_PIPES.forEach((p, i) => {
  events.push(pipe(T0 + i * 2 * SEC, `\\${p}`, 'SRV02.example.local'));
  events.push(pipe(T0 + i * 3600 * SEC, `\\${p}`, 'SRV04.example.local'));
  events.push(pipe(T0 + i * SEC, `\\${p}`, 'SRV05.example.local', 'C:\\Windows\\system32\\mmc.exe'));
});
PIPES.slice(0, 6).forEach((p, i) => events.push(pipe(T0 + i * SEC, `\\${p}`, 'SRV03.example.local')));

// SMB to six hosts within two minutes from WS02; to three hosts many times from WS03; to six hosts an hour apart from WS04
for (let i = 0; i < 6; i++) {
  events.push(conn(T0 + i * 20 * SEC, 'System', true, `10.0.1.${10 + i}`, 445, 'WS02.example.local'));
  events.push(conn(T0 + i * 3600 * SEC, 'System', true, `10.0.1.${10 + i}`, 445, 'WS04.example.local'));
}
for (let i = 0; i < 20; i++)
  events.push(conn(T0 + i * SEC, 'System', true, `10.0.1.${10 + (i % 3)}`, 445, 'WS03.example.local'));

// a UAC bypass tool on the Desktop starting fodhelper, which runs elevated; fodhelper from explorer (Settings),
// and one the tool started that did not elevate
expectFire(
  'proc_autoelevate_from_user_folder.yml',
  proc(T0, 'C:\\Windows\\System32\\fodhelper.exe', 'C:\\Users\\taro\\Desktop\\tool.exe', { IntegrityLevel: 'High' }),
);
benign(
  proc(T0, 'C:\\Windows\\System32\\fodhelper.exe', 'C:\\Windows\\explorer.exe', { IntegrityLevel: 'High' }),
  proc(T0, 'C:\\Windows\\System32\\fodhelper.exe', 'C:\\Users\\taro\\Desktop\\tool.exe', { IntegrityLevel: 'Medium' }),
);

// a Control Panel item from Downloads, seen by the compatibility assistant and as a process; Windows' and a vendor's
// items, and another compatibility fix for a program on the Desktop
expectFire(
  'cpl_from_user_folder.yml',
  pca(T0, 'C:\\Users\\taro\\Downloads\\invoice.cpl', 'ControlPanelApplet'),
  proc(T0, 'C:\\Windows\\System32\\control.exe', 'C:\\Windows\\explorer.exe', {
    CommandLine: '"C:\\Windows\\System32\\control.exe" "C:\\Users\\taro\\Downloads\\invoice.cpl",',
  }),
);
benign(
  pca(T0, 'C:\\Program Files\\Vendor\\audio.cpl', 'ControlPanelApplet'),
  pca(T0, 'C:\\Users\\taro\\Desktop\\procexp64.exe', 'WrpKeyMitigation'),
  proc(T0, 'C:\\Windows\\System32\\control.exe', 'C:\\Windows\\explorer.exe', {
    CommandLine: '"C:\\Windows\\System32\\control.exe" C:\\Windows\\System32\\desk.cpl',
  }),
);

// PowerShell loading the Task Scheduler API and calling RPC on another host (WS06); on WS07 the library without a
// remote call, a remote call without the library, and the call ten minutes after the load
const TASKSCHD = 'C:\\Windows\\System32\\taskschd.dll';
events.push(load(T0, PS, TASKSCHD, true, 'WS06.example.local', 5001));
events.push(conn(T0 + 5 * SEC, PS, true, '10.0.0.20', 135, 'WS06.example.local', 5001));
events.push(load(T0, PS, TASKSCHD, true, 'WS07.example.local', 5002));
events.push(conn(T0, PS, true, '10.0.0.20', 135, 'WS07.example.local', 5003));
events.push(load(T0, PS, TASKSCHD, true, 'WS07.example.local', 5004));
events.push(conn(T0 + 600 * SEC, PS, true, '10.0.0.20', 135, 'WS07.example.local', 5004));

describe("konseki's technique rules on a written log", () => {
  const dir = mkdtempSync(join(tmpdir(), 'konseki-techniques-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fire on each technique and on none of the look-alikes', async () => {
    const evidence = join(dir, 'evidence');
    mkdirSync(evidence);
    writeEvtx(join(evidence, 'sysmon.evtx'), events);
    const out = join(dir, 'case');
    const r = konseki(['-q', 'triage', evidence, '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    const store = await CaseStore.open(join(out, 'case.duckdb'));
    let rows: Array<Record<string, unknown>>;
    try {
      rows = await store.query(`SELECT rule_file, record_id, host, level FROM detections`);
    } finally {
      store.close();
    }
    const base = (f: unknown): string => String(f).replace(/^.*[\\/]/, '');
    const got: Record<string, number[]> = {};
    for (const row of rows)
      if (base(row.rule_file) in fire) (got[base(row.rule_file)] ??= []).push(Number(row.record_id));
    for (const ids of Object.values(got)) ids.sort((a, b) => a - b);
    expect(got).toEqual(fire);
    const hostsOf = (rule: string): string[] =>
      rows.filter((row) => base(row.rule_file) === rule).map((row) => String(row.host));
    expect(hostsOf('pipe_remote_enumeration.yml')).toEqual(['SRV02.example.local']);
    expect(hostsOf('net_smb_fanout.yml')).toEqual(['WS02.example.local']);
    expect(hostsOf('net_remote_task_by_script_host.yml')).toEqual(['WS06.example.local']);
    // the look-alikes give nothing of medium or higher from any of konseki's rules
    const benignRecords = new Set(
      events.map((e) => e.recordId!).filter((id) => !Object.values(fire).flat().includes(id)),
    );
    const loud = rows.filter(
      (row) =>
        row.record_id !== null &&
        benignRecords.has(Number(row.record_id)) &&
        ['medium', 'high', 'critical'].includes(String(row.level)) &&
        !['SRV02.example.local', 'WS02.example.local', 'WS06.example.local'].includes(String(row.host)),
    );
    expect(loud.map((row) => [base(row.rule_file), row.record_id])).toEqual([]);
  }, 120_000);
});
