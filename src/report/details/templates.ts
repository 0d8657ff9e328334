/**
 * What the Details column shows per event type: `Provider:EventID` (or `Channel:EventID`) → the
 * fields to print, in order, with a short label. konseki's own table, in the spirit of Hayabusa's
 * default_details.txt (labels from the same vocabulary: SrcIP, SrcComp, TgtUser, LID, Proc...).
 * A field spec is a field name, a list of alternative names (first present wins), or a computed
 * value (`@taskCommand`, `@clearedLog`, `@previousTime`, `@newTime`). A `{ text }` entry is fixed.
 */
import type { Words } from '../../analytics/windows/codes.ts';

export type FieldSpec = string | readonly string[];
export type TemplateEntry = readonly [label: string, field: FieldSpec] | { readonly text: Words };
export type Template = readonly TemplateEntry[];

const SEC = 'Microsoft-Windows-Security-Auditing';
const SYSMON = 'Microsoft-Windows-Sysmon';
const DEFENDER = 'Microsoft-Windows-Windows Defender';
const TASKS = 'Microsoft-Windows-TaskScheduler';
const LSM = 'Microsoft-Windows-TerminalServices-LocalSessionManager';
const RCM = 'Microsoft-Windows-TerminalServices-RemoteConnectionManager';

const logon: Template = [
  ['User', 'TargetUserName'],
  ['SrcIP', 'IpAddress'],
  ['SrcComp', 'WorkstationName'],
  ['LogonType', 'LogonType'],
  ['AuthPkg', 'AuthenticationPackageName'],
  ['Proc', 'ProcessName'],
  ['LID', 'TargetLogonId'],
];
const task: Template = [
  ['Task', 'TaskName'],
  ['Cmd', '@taskCommand'],
  ['User', 'SubjectUserName'],
  ['LID', 'SubjectLogonId'],
];
const kerberos: Template = [
  ['TgtUser', 'TargetUserName'],
  ['Svc', 'ServiceName'],
  ['SrcIP', 'IpAddress'],
  ['Status', 'Status'],
  ['PreAuth', 'PreAuthType'],
  ['Enc', 'TicketEncryptionType'],
];
const objectAccess: Template = [
  ['User', 'SubjectUserName'],
  ['Obj', 'ObjectName'],
  ['ObjType', 'ObjectType'],
  ['Access', ['AccessList', 'AccessMask']],
  ['Proc', 'ProcessName'],
  ['LID', 'SubjectLogonId'],
];
const group: Template = [
  ['Member', ['MemberName', 'MemberSid']],
  ['Group', 'TargetUserName'],
  ['User', 'SubjectUserName'],
  ['LID', 'SubjectLogonId'],
];
const account: Template = [
  ['TgtUser', 'TargetUserName'],
  ['TgtSID', 'TargetSid'],
  ['User', 'SubjectUserName'],
  ['LID', 'SubjectLogonId'],
];
const rdpSession: Template = [
  ['User', 'User'],
  ['SrcIP', 'Address'],
  ['Sess', 'SessionID'],
];
const defenderDetection: Template = [
  ['Threat', ['Threat Name', 'ThreatName']],
  ['Severity', ['Severity ID', 'SeverityID']],
  ['Category', ['Category ID', 'CategoryID']],
  ['Path', 'Path'],
  ['Proc', ['Process Name', 'ProcessName']],
  ['User', ['Detection User', 'DetectionUser']],
  ['Action', ['Action ID', 'ActionID']],
];
const sysmonNet: Template = [
  ['Proc', 'Image'],
  ['SrcIP', 'SourceIp'],
  ['SrcPort', 'SourcePort'],
  ['TgtIP', 'DestinationIp'],
  ['TgtPort', 'DestinationPort'],
  ['TgtHost', 'DestinationHostname'],
  ['Proto', 'Protocol'],
  ['User', 'User'],
  ['PID', 'ProcessId'],
];

export const TEMPLATES: Record<string, Template> = {
  // Security
  [`${SEC}:4624`]: [...logon, ['Elevated', 'ElevatedToken']],
  [`${SEC}:4625`]: [
    ['User', 'TargetUserName'],
    ['SrcIP', 'IpAddress'],
    ['SrcComp', 'WorkstationName'],
    ['LogonType', 'LogonType'],
    ['Status', 'Status'],
    ['SubStatus', 'SubStatus'],
    ['AuthPkg', 'AuthenticationPackageName'],
    ['Proc', 'ProcessName'],
  ],
  [`${SEC}:4634`]: [
    ['User', 'TargetUserName'],
    ['LogonType', 'LogonType'],
    ['LID', 'TargetLogonId'],
  ],
  [`${SEC}:4647`]: [
    ['User', 'TargetUserName'],
    ['LID', 'TargetLogonId'],
  ],
  [`${SEC}:4648`]: [
    ['SrcUser', 'SubjectUserName'],
    ['TgtUser', 'TargetUserName'],
    ['TgtSvr', 'TargetServerName'],
    ['TgtInfo', 'TargetInfo'],
    ['SrcIP', 'IpAddress'],
    ['Proc', 'ProcessName'],
  ],
  [`${SEC}:4672`]: [
    ['User', 'SubjectUserName'],
    ['LID', 'SubjectLogonId'],
    ['Privs', 'PrivilegeList'],
  ],
  [`${SEC}:4673`]: [
    ['User', 'SubjectUserName'],
    ['Proc', 'ProcessName'],
    ['Privs', 'PrivilegeList'],
    ['LID', 'SubjectLogonId'],
  ],
  [`${SEC}:4674`]: [
    ['User', 'SubjectUserName'],
    ['Obj', 'ObjectName'],
    ['Access', 'AccessMask'],
    ['Privs', 'PrivilegeList'],
    ['Proc', 'ProcessName'],
  ],
  [`${SEC}:4688`]: [
    ['Cmdline', 'CommandLine'],
    ['Proc', 'NewProcessName'],
    ['Parent', 'ParentProcessName'],
    ['PID', 'NewProcessId'],
    ['User', ['TargetUserName', 'SubjectUserName']],
    ['Integrity', 'MandatoryLabel'],
    ['Token', 'TokenElevationType'],
    ['LID', 'SubjectLogonId'],
  ],
  [`${SEC}:4689`]: [
    ['Proc', 'ProcessName'],
    ['PID', 'ProcessId'],
    ['User', 'SubjectUserName'],
  ],
  [`${SEC}:4697`]: [
    ['Svc', 'ServiceName'],
    ['Path', 'ServiceFileName'],
    ['Acct', 'ServiceAccount'],
    ['StartType', 'ServiceStartType'],
    ['Type', 'ServiceType'],
    ['User', 'SubjectUserName'],
  ],
  [`${SEC}:4698`]: task,
  [`${SEC}:4699`]: task,
  [`${SEC}:4700`]: task,
  [`${SEC}:4701`]: task,
  [`${SEC}:4702`]: [
    ['Task', 'TaskName'],
    ['Cmd', '@taskCommand'],
    ['User', 'SubjectUserName'],
    ['LID', 'SubjectLogonId'],
  ],
  [`${SEC}:4616`]: [
    ['PrevTime', '@previousTime'],
    ['NewTime', '@newTime'],
    ['User', 'SubjectUserName'],
    ['Proc', 'ProcessName'],
  ],
  [`${SEC}:4656`]: objectAccess,
  [`${SEC}:4661`]: objectAccess,
  [`${SEC}:4662`]: [
    ['User', 'SubjectUserName'],
    ['Obj', 'ObjectName'],
    ['ObjType', 'ObjectType'],
    ['Op', 'OperationType'],
    ['Props', 'Properties'],
    ['LID', 'SubjectLogonId'],
  ],
  [`${SEC}:4663`]: objectAccess,
  [`${SEC}:4719`]: [
    ['User', 'SubjectUserName'],
    ['Category', 'CategoryId'],
    ['Subcategory', 'SubcategoryId'],
    ['Changes', 'AuditPolicyChanges'],
  ],
  [`${SEC}:4720`]: account,
  [`${SEC}:4722`]: account,
  [`${SEC}:4723`]: account,
  [`${SEC}:4724`]: account,
  [`${SEC}:4725`]: account,
  [`${SEC}:4726`]: account,
  [`${SEC}:4738`]: account,
  [`${SEC}:4740`]: [
    ['TgtUser', 'TargetUserName'],
    ['SrcComp', 'TargetDomainName'],
    ['User', 'SubjectUserName'],
  ],
  [`${SEC}:4728`]: group,
  [`${SEC}:4729`]: group,
  [`${SEC}:4732`]: group,
  [`${SEC}:4733`]: group,
  [`${SEC}:4756`]: group,
  [`${SEC}:4757`]: group,
  [`${SEC}:4768`]: kerberos,
  [`${SEC}:4769`]: kerberos,
  [`${SEC}:4771`]: kerberos,
  [`${SEC}:4776`]: [
    ['TgtUser', 'TargetUserName'],
    ['SrcComp', 'Workstation'],
    ['Status', 'Status'],
    ['AuthPkg', 'PackageName'],
  ],
  [`${SEC}:4778`]: [
    ['User', 'AccountName'],
    ['Domain', 'AccountDomain'],
    ['SrcIP', 'ClientAddress'],
    ['SrcComp', 'ClientName'],
    ['Sess', 'SessionName'],
    ['LID', 'LogonID'],
  ],
  [`${SEC}:4779`]: [
    ['User', 'AccountName'],
    ['Domain', 'AccountDomain'],
    ['SrcIP', 'ClientAddress'],
    ['SrcComp', 'ClientName'],
    ['Sess', 'SessionName'],
    ['LID', 'LogonID'],
  ],
  [`${SEC}:4825`]: [
    ['User', 'AccountName'],
    ['Domain', 'AccountDomain'],
    ['SrcIP', 'ClientAddress'],
    ['LID', 'LogonID'],
  ],
  [`${SEC}:4964`]: [
    ['User', 'TargetUserName'],
    ['Groups', 'SidList'],
    ['LID', 'TargetLogonId'],
  ],
  [`${SEC}:5140`]: [
    ['User', 'SubjectUserName'],
    ['Share', 'ShareName'],
    ['SharePath', 'ShareLocalPath'],
    ['SrcIP', 'IpAddress'],
    ['Access', 'AccessList'],
  ],
  [`${SEC}:5145`]: [
    ['User', 'SubjectUserName'],
    ['Share', 'ShareName'],
    ['Path', 'RelativeTargetName'],
    ['SrcIP', 'IpAddress'],
    ['Access', 'AccessList'],
  ],
  [`${SEC}:5142`]: [
    ['User', 'SubjectUserName'],
    ['Share', 'ShareName'],
    ['SharePath', 'ShareLocalPath'],
  ],
  [`${SEC}:5156`]: [
    ['Proc', 'Application'],
    ['SrcIP', 'SourceAddress'],
    ['SrcPort', 'SourcePort'],
    ['TgtIP', 'DestAddress'],
    ['TgtPort', 'DestPort'],
    ['Proto', 'Protocol'],
    ['Dir', 'Direction'],
  ],
  [`${SEC}:5157`]: [
    ['Proc', 'Application'],
    ['SrcIP', 'SourceAddress'],
    ['SrcPort', 'SourcePort'],
    ['TgtIP', 'DestAddress'],
    ['TgtPort', 'DestPort'],
    ['Proto', 'Protocol'],
    ['Dir', 'Direction'],
  ],
  'Microsoft-Windows-Eventlog:1102': [
    ['User', 'SubjectUserName'],
    ['Domain', 'SubjectDomainName'],
    { text: { en: 'Security log cleared', ja: 'セキュリティログを消去' } },
  ],
  'Microsoft-Windows-Eventlog:104': [
    ['User', 'SubjectUserName'],
    ['Domain', 'SubjectDomainName'],
    ['Log', '@clearedLog'],
  ],
  'Microsoft-Windows-Eventlog:1100': [
    { text: { en: 'Event logging service shut down', ja: 'イベントログサービスが停止' } },
  ],
  'Microsoft-Windows-Eventlog:1104': [{ text: { en: 'Security log is full', ja: 'セキュリティログが満杯' } }],
  // System
  'Service Control Manager:7045': [
    ['Svc', 'ServiceName'],
    ['Path', 'ImagePath'],
    ['Acct', 'AccountName'],
    ['StartType', 'StartType'],
    ['Type', 'ServiceType'],
  ],
  'Service Control Manager:7036': [
    ['Svc', 'param1'],
    ['State', 'param2'],
  ],
  'Service Control Manager:7040': [
    ['Svc', 'param1'],
    ['From', 'param2'],
    ['To', 'param3'],
    ['Key', 'param4'],
  ],
  'Service Control Manager:7034': [
    ['Svc', 'param1'],
    ['Crashes', 'param2'],
  ],
  'Service Control Manager:7031': [
    ['Svc', 'param1'],
    ['Crashes', 'param2'],
    ['Action', 'param5'],
  ],
  'Service Control Manager:7023': [
    ['Svc', 'param1'],
    ['Error', 'param2'],
  ],
  'Service Control Manager:7009': [
    ['Timeout', 'param1'],
    ['Svc', 'param2'],
  ],
  'Service Control Manager:7000': [
    ['Svc', 'param1'],
    ['Error', 'param2'],
  ],
  'Microsoft-Windows-Kernel-General:1': [
    ['OldTime', 'OldTime'],
    ['NewTime', 'NewTime'],
    ['Reason', 'Reason'],
  ],
  'Microsoft-Windows-Kernel-General:12': [['Boot', 'StartTime']],
  'Microsoft-Windows-Kernel-General:13': [['Shutdown', 'StopTime']],
  // Sysmon
  [`${SYSMON}:1`]: [
    ['Cmdline', 'CommandLine'],
    ['Proc', 'Image'],
    ['User', 'User'],
    ['ParentCmdline', 'ParentCommandLine'],
    ['PID', 'ProcessId'],
    ['Integrity', 'IntegrityLevel'],
    ['Hashes', 'Hashes'],
  ],
  [`${SYSMON}:2`]: [
    ['Path', 'TargetFilename'],
    ['Proc', 'Image'],
    ['CreationTime', 'CreationUtcTime'],
    ['PreviousTime', 'PreviousCreationUtcTime'],
  ],
  [`${SYSMON}:3`]: sysmonNet,
  [`${SYSMON}:5`]: [
    ['Proc', 'Image'],
    ['PID', 'ProcessId'],
  ],
  [`${SYSMON}:6`]: [
    ['Driver', 'ImageLoaded'],
    ['Signed', 'Signed'],
    ['Sig', 'Signature'],
    ['SigStatus', 'SignatureStatus'],
    ['Hashes', 'Hashes'],
  ],
  [`${SYSMON}:7`]: [
    ['Image', 'ImageLoaded'],
    ['Proc', 'Image'],
    ['Signed', 'Signed'],
    ['Sig', 'Signature'],
    ['SigStatus', 'SignatureStatus'],
    ['PID', 'ProcessId'],
  ],
  [`${SYSMON}:8`]: [
    ['SrcProc', 'SourceImage'],
    ['TgtProc', 'TargetImage'],
    ['SrcPID', 'SourceProcessId'],
    ['TgtPID', 'TargetProcessId'],
    ['StartAddr', 'StartAddress'],
  ],
  [`${SYSMON}:10`]: [
    ['SrcProc', 'SourceImage'],
    ['TgtProc', 'TargetImage'],
    ['Access', 'GrantedAccess'],
    ['SrcUser', 'SourceUser'],
    ['SrcPID', 'SourceProcessId'],
    ['TgtPID', 'TargetProcessId'],
  ],
  [`${SYSMON}:11`]: [
    ['Path', 'TargetFilename'],
    ['Proc', 'Image'],
    ['PID', 'ProcessId'],
  ],
  [`${SYSMON}:12`]: [
    ['EventType', 'EventType'],
    ['TgtObj', 'TargetObject'],
    ['Proc', 'Image'],
  ],
  [`${SYSMON}:13`]: [
    ['EventType', 'EventType'],
    ['TgtObj', 'TargetObject'],
    ['Value', 'Details'],
    ['Proc', 'Image'],
  ],
  [`${SYSMON}:14`]: [
    ['EventType', 'EventType'],
    ['OldName', 'TargetObject'],
    ['NewName', 'NewName'],
    ['Proc', 'Image'],
  ],
  [`${SYSMON}:15`]: [
    ['Path', 'TargetFilename'],
    ['Proc', 'Image'],
    ['Hash', 'Hash'],
  ],
  [`${SYSMON}:17`]: [
    ['Pipe', 'PipeName'],
    ['Proc', 'Image'],
    ['PID', 'ProcessId'],
  ],
  [`${SYSMON}:18`]: [
    ['Pipe', 'PipeName'],
    ['Proc', 'Image'],
    ['PID', 'ProcessId'],
  ],
  [`${SYSMON}:19`]: [
    ['Op', 'Operation'],
    ['Name', 'Name'],
    ['Query', 'Query'],
    ['User', 'User'],
  ],
  [`${SYSMON}:20`]: [
    ['Op', 'Operation'],
    ['Name', 'Name'],
    ['Type', 'Type'],
    ['Dst', 'Destination'],
    ['User', 'User'],
  ],
  [`${SYSMON}:21`]: [
    ['Op', 'Operation'],
    ['Consumer', 'Consumer'],
    ['Filter', 'Filter'],
    ['User', 'User'],
  ],
  [`${SYSMON}:22`]: [
    ['Query', 'QueryName'],
    ['Result', 'QueryResults'],
    ['Proc', 'Image'],
    ['PID', 'ProcessId'],
  ],
  [`${SYSMON}:23`]: [
    ['Path', 'TargetFilename'],
    ['Proc', 'Image'],
    ['User', 'User'],
  ],
  [`${SYSMON}:25`]: [
    ['Proc', 'Image'],
    ['Type', 'Type'],
    ['PID', 'ProcessId'],
  ],
  [`${SYSMON}:26`]: [
    ['Path', 'TargetFilename'],
    ['Proc', 'Image'],
    ['User', 'User'],
  ],
  // PowerShell
  'Microsoft-Windows-PowerShell:4103': [
    ['Payload', 'Payload'],
    ['Context', 'ContextInfo'],
  ],
  'Microsoft-Windows-PowerShell:4104': [
    ['ScriptBlock', 'ScriptBlockText'],
    ['Path', 'Path'],
  ],
  'PowerShellCore:4103': [
    ['Payload', 'Payload'],
    ['Context', 'ContextInfo'],
  ],
  'PowerShellCore:4104': [
    ['ScriptBlock', 'ScriptBlockText'],
    ['Path', 'Path'],
  ],
  // Defender
  [`${DEFENDER}:1116`]: defenderDetection,
  [`${DEFENDER}:1117`]: defenderDetection,
  [`${DEFENDER}:1118`]: defenderDetection,
  [`${DEFENDER}:1119`]: defenderDetection,
  [`${DEFENDER}:1006`]: defenderDetection,
  [`${DEFENDER}:1007`]: defenderDetection,
  [`${DEFENDER}:5001`]: [{ text: { en: 'Real-time protection disabled', ja: 'リアルタイム保護が無効' } }],
  [`${DEFENDER}:5010`]: [{ text: { en: 'Anti-spyware scanning disabled', ja: 'スパイウェア対策スキャンが無効' } }],
  [`${DEFENDER}:5012`]: [{ text: { en: 'Antivirus scanning disabled', ja: 'ウイルス対策スキャンが無効' } }],
  [`${DEFENDER}:5101`]: [
    { text: { en: 'Antimalware platform expired', ja: 'マルウェア対策プラットフォームの期限切れ' } },
  ],
  [`${DEFENDER}:5007`]: [
    ['Old', ['Old Value', 'OldValue']],
    ['New', ['New Value', 'NewValue']],
  ],
  [`${DEFENDER}:5013`]: [['Value', 'Value']],
  // Task Scheduler
  [`${TASKS}:106`]: [
    ['Task', 'TaskName'],
    ['User', 'UserContext'],
  ],
  [`${TASKS}:140`]: [
    ['Task', 'TaskName'],
    ['User', 'UserName'],
  ],
  [`${TASKS}:141`]: [
    ['Task', 'TaskName'],
    ['User', 'UserName'],
  ],
  [`${TASKS}:129`]: [
    ['Task', 'TaskName'],
    ['Path', 'Path'],
    ['PID', 'ProcessID'],
  ],
  [`${TASKS}:200`]: [
    ['Task', 'TaskName'],
    ['Action', 'ActionName'],
  ],
  [`${TASKS}:201`]: [
    ['Task', 'TaskName'],
    ['Action', 'ActionName'],
    ['Result', 'ResultCode'],
  ],
  // WMI, WinRM
  'Microsoft-Windows-WMI-Activity:5857': [
    ['Provider', 'ProviderName'],
    ['Path', 'ProviderPath'],
    ['PID', 'ProcessID'],
  ],
  'Microsoft-Windows-WMI-Activity:5860': [
    ['Namespace', 'NamespaceName'],
    ['Query', 'Query'],
    ['User', 'User'],
    ['PID', 'processid'],
  ],
  'Microsoft-Windows-WMI-Activity:5861': [
    ['Namespace', 'Namespace'],
    ['Filter', 'ESS'],
    ['Consumer', 'CONSUMER'],
  ],
  'Microsoft-Windows-WinRM:6': [['Conn', 'connection']],
  'Microsoft-Windows-WinRM:91': [
    ['ResourceUri', 'resourceUri'],
    ['Shell', 'shellId'],
  ],
  'Microsoft-Windows-WinRM:169': [
    ['User', 'username'],
    ['Auth', 'authenticationMechanism'],
  ],
  // Remote Desktop
  [`${LSM}:21`]: rdpSession,
  [`${LSM}:22`]: rdpSession,
  [`${LSM}:23`]: [
    ['User', 'User'],
    ['Sess', 'SessionID'],
  ],
  [`${LSM}:24`]: rdpSession,
  [`${LSM}:25`]: rdpSession,
  [`${RCM}:1149`]: [
    ['User', 'Param1'],
    ['Domain', 'Param2'],
    ['SrcIP', 'Param3'],
  ],
  'Microsoft-Windows-RemoteDesktopServices-RdpCoreTS:131': [['SrcIP', 'ClientIP']],
  'Microsoft-Windows-Bits-Client:59': [
    ['Job', 'name'],
    ['URL', 'url'],
  ],
  'Microsoft-Windows-Bits-Client:60': [
    ['Job', 'name'],
    ['URL', 'url'],
    ['Status', 'hr'],
  ],
  'Microsoft-Windows-Windows Firewall With Advanced Security:2004': [
    ['Rule', 'RuleName'],
    ['App', 'ApplicationPath'],
    ['Dir', 'Direction'],
    ['Action', 'Action'],
    ['LocalPorts', 'LocalPorts'],
    ['RemoteAddr', 'RemoteAddresses'],
    ['User', 'ModifyingUser'],
  ],
};
