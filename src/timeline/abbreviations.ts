/**
 * Short names Hayabusa users know from its timelines: levels and the usual channels. konseki's own
 * table (same spirit as Hayabusa's channel_abbreviations), kept as data.
 */
const LEVEL_ABBR: Record<string, string> = {
  critical: 'crit',
  high: 'high',
  medium: 'med',
  low: 'low',
  informational: 'info',
};

const CHANNEL_ABBR: Record<string, string> = {
  Security: 'Sec',
  System: 'Sys',
  Application: 'App',
  'Windows PowerShell': 'PwShClassic',
  'Microsoft-Windows-PowerShell/Operational': 'PwSh',
  'PowerShellCore/Operational': 'PwShCore',
  'Microsoft-Windows-Sysmon/Operational': 'Sysmon',
  'Microsoft-Windows-Windows Defender/Operational': 'Defender',
  'Microsoft-Windows-TaskScheduler/Operational': 'TaskSch',
  'Microsoft-Windows-TerminalServices-LocalSessionManager/Operational': 'RDS-LSM',
  'Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational': 'RDS-RCM',
  'Microsoft-Windows-RemoteDesktopServices-RdpCoreTS/Operational': 'RDP-CoreTS',
  'Microsoft-Windows-TerminalServices-Gateway/Operational': 'RDS-GTW',
  'Microsoft-Windows-WMI-Activity/Operational': 'WMI',
  'Microsoft-Windows-WinRM/Operational': 'WinRM',
  'Microsoft-Windows-Bits-Client/Operational': 'BitsCli',
  'Microsoft-Windows-Windows Firewall With Advanced Security/Firewall': 'Firewall',
  'Microsoft-Windows-DNS-Client/Operational': 'DNS-Cli',
  'DNS Server': 'DNS-Svr',
  'Microsoft-Windows-CodeIntegrity/Operational': 'CodeInteg',
  'Microsoft-Windows-SMBServer/Security': 'SMBSvr-Sec',
  'Microsoft-Windows-SMBClient/Security': 'SMBCli-Sec',
  'Microsoft-Windows-AppLocker/EXE and DLL': 'AppLocker',
  'Microsoft-Windows-NTLM/Operational': 'NTLM',
  'Microsoft-Windows-Kernel-General': 'KernelGen',
  'Directory Service': 'DirSvc',
  'Microsoft-Windows-CAPI2/Operational': 'CAPI2',
  'Microsoft-Windows-Shell-Core/Operational': 'ShellCore',
  'Microsoft-Windows-Security-Mitigations/KernelMode': 'SecMitig',
  'Microsoft-Windows-DriverFrameworks-UserMode/Operational': 'DvrFmwk',
  'Microsoft-Windows-WinINet-Config/ProxyConfigChanged': 'WinINet',
  'Microsoft-Windows-Ntfs/Operational': 'NTFS',
  'OpenSSH/Operational': 'OpenSSH',
};

export function levelAbbr(level: string): string {
  return LEVEL_ABBR[level] ?? level;
}

/** Abbreviated channel; other channels are shortened the generic way (Microsoft-Windows- → MS-Win-, Operational → Op). */
export function channelAbbr(channel: string | null | undefined): string {
  if (!channel) return '-';
  return CHANNEL_ABBR[channel] ?? channel.replace(/^Microsoft-Windows-/, 'MS-Win-').replace(/\/Operational$/, '/Op');
}
