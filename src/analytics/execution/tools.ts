/**
 * Tools attackers bring (or abuse) that leave execution traces, as data: file names (lower case,
 * as written to disk), original file names from the PE version resource where they are distinctive,
 * optional SHA-1s, and what the tool does. Extend it with `executionAnalyzers({ tools })`.
 * Dual-use administration tools are `medium`; tools made for credential theft or attack are `high`.
 */
import type { FindingSeverity } from '../../core/finding.ts';

export interface ToolSignature {
  /** short name shown in findings */
  tool: string;
  /** file names (lower case) */
  names: string[];
  /** PE OriginalFileName values (lower case), to spot a renamed copy */
  originalNames?: string[];
  /** SHA-1 (lower-case hex) of known builds */
  sha1?: string[];
  category:
    | 'credential-access'
    | 'lateral-movement'
    | 'discovery'
    | 'exfiltration'
    | 'tunneling'
    | 'remote-access'
    | 'defense-evasion'
    | 'execution';
  severity: FindingSeverity;
  attack: string[];
}

export const KNOWN_TOOLS: ToolSignature[] = [
  {
    tool: 'Mimikatz',
    names: ['mimikatz.exe', 'mimidrv.sys', 'mimilib.dll'],
    originalNames: ['mimikatz.exe'],
    category: 'credential-access',
    severity: 'high',
    attack: ['T1003'],
  },
  {
    tool: 'ProcDump',
    names: ['procdump.exe', 'procdump64.exe', 'procdump64a.exe'],
    originalNames: ['procdump'],
    category: 'credential-access',
    severity: 'medium',
    attack: ['T1003.001'],
  },
  {
    tool: 'Windows Credential Editor',
    names: ['wce.exe', 'wce32.exe', 'wce64.exe'],
    category: 'credential-access',
    severity: 'high',
    attack: ['T1003', 'T1550.002'],
  },
  {
    tool: 'pwdump',
    names: [
      'pwdump.exe',
      'pwdump6.exe',
      'pwdump7.exe',
      'pwdump8.exe',
      'fgdump.exe',
      'gsecdump.exe',
      'quarkspwdump.exe',
    ],
    category: 'credential-access',
    severity: 'high',
    attack: ['T1003.002'],
  },
  { tool: 'LaZagne', names: ['lazagne.exe'], category: 'credential-access', severity: 'high', attack: ['T1555'] },
  {
    tool: 'Rubeus',
    names: ['rubeus.exe'],
    originalNames: ['rubeus.exe'],
    category: 'credential-access',
    severity: 'high',
    attack: ['T1558'],
  },
  { tool: 'Kekeo', names: ['kekeo.exe'], category: 'credential-access', severity: 'high', attack: ['T1558'] },
  {
    tool: 'NanoDump',
    names: ['nanodump.exe', 'nanodump.x64.exe'],
    category: 'credential-access',
    severity: 'high',
    attack: ['T1003.001'],
  },
  {
    tool: 'SafetyKatz',
    names: ['safetykatz.exe', 'sharpkatz.exe'],
    category: 'credential-access',
    severity: 'high',
    attack: ['T1003.001'],
  },
  {
    tool: 'PsExec',
    names: ['psexec.exe', 'psexec64.exe', 'psexesvc.exe'],
    originalNames: ['psexec.c', 'psexesvc.exe'],
    category: 'lateral-movement',
    severity: 'medium',
    attack: ['T1569.002', 'T1021.002'],
  },
  {
    tool: 'PAExec / RemCom / CSExec',
    names: ['paexec.exe', 'remcom.exe', 'remcomsvc.exe', 'csexec.exe', 'csexecsvc.exe'],
    category: 'lateral-movement',
    severity: 'high',
    attack: ['T1569.002', 'T1021.002'],
  },
  {
    tool: 'Impacket (compiled)',
    names: ['wmiexec.exe', 'smbexec.exe', 'atexec.exe', 'dcomexec.exe', 'secretsdump.exe'],
    category: 'lateral-movement',
    severity: 'high',
    attack: ['T1021', 'T1003'],
  },
  {
    tool: 'CrackMapExec',
    names: ['crackmapexec.exe', 'cme.exe'],
    category: 'lateral-movement',
    severity: 'high',
    attack: ['T1021.002', 'T1110'],
  },
  {
    tool: 'SharpHound / BloodHound',
    names: ['sharphound.exe', 'bloodhound.exe', 'azurehound.exe'],
    originalNames: ['sharphound.exe'],
    category: 'discovery',
    severity: 'high',
    attack: ['T1087.002', 'T1482'],
  },
  {
    tool: 'AdFind',
    names: ['adfind.exe'],
    originalNames: ['adfind.exe'],
    category: 'discovery',
    severity: 'high',
    attack: ['T1087.002', 'T1482'],
  },
  {
    tool: 'Seatbelt / SharpUp',
    names: ['seatbelt.exe', 'sharpup.exe', 'sharpview.exe', 'winpeas.exe', 'winpeasany.exe', 'winpeasx64.exe'],
    category: 'discovery',
    severity: 'high',
    attack: ['T1082', 'T1087'],
  },
  {
    tool: 'Network scanner',
    names: [
      'advanced_ip_scanner.exe',
      'advanced_ip_scanner_console.exe',
      'netscan.exe',
      'ipscan.exe',
      'nmap.exe',
      'masscan.exe',
      'nbtscan.exe',
    ],
    category: 'discovery',
    severity: 'medium',
    attack: ['T1046'],
  },
  {
    tool: 'Rclone',
    names: ['rclone.exe'],
    originalNames: ['rclone.exe'],
    category: 'exfiltration',
    severity: 'high',
    attack: ['T1567.002'],
  },
  {
    tool: 'MEGAsync / MEGAcmd',
    names: ['megasync.exe', 'megacmd.exe', 'megacmdserver.exe'],
    category: 'exfiltration',
    severity: 'medium',
    attack: ['T1567.002'],
  },
  {
    tool: 'Tunneling tool',
    names: [
      'ngrok.exe',
      'chisel.exe',
      'plink.exe',
      'frpc.exe',
      'frps.exe',
      'ligolo.exe',
      'revsocks.exe',
      'iox.exe',
      'gost.exe',
    ],
    category: 'tunneling',
    severity: 'high',
    attack: ['T1572', 'T1090'],
  },
  {
    tool: 'Netcat / Socat',
    names: ['nc.exe', 'nc64.exe', 'ncat.exe', 'netcat.exe', 'socat.exe', 'powercat.exe'],
    category: 'tunneling',
    severity: 'high',
    attack: ['T1095'],
  },
  {
    tool: 'Remote access software',
    names: [
      'anydesk.exe',
      'teamviewer.exe',
      'screenconnect.clientservice.exe',
      'atera_agent.exe',
      'splashtop.exe',
      'rustdesk.exe',
      'tacticalrmm.exe',
      'meshagent.exe',
    ],
    category: 'remote-access',
    severity: 'medium',
    attack: ['T1219'],
  },
  {
    tool: 'Defender tampering',
    names: [
      'defendercontrol.exe',
      'dcontrol.exe',
      'pchunter64.exe',
      'pchunter32.exe',
      'processhacker.exe',
      'gmer.exe',
      'powertool64.exe',
    ],
    category: 'defense-evasion',
    severity: 'high',
    attack: ['T1562.001'],
  },
  {
    tool: 'Cobalt Strike default artifact',
    names: ['artifact.exe', 'artifact64.exe', 'beacon.exe', 'beacon64.exe'],
    category: 'execution',
    severity: 'high',
    attack: ['T1059'],
  },
];

export interface ToolIndex {
  byName: Map<string, ToolSignature>;
  byOriginal: Map<string, ToolSignature>;
  bySha1: Map<string, ToolSignature>;
}

export function indexTools(tools: ToolSignature[]): ToolIndex {
  const idx: ToolIndex = { byName: new Map(), byOriginal: new Map(), bySha1: new Map() };
  for (const t of tools) {
    for (const n of t.names) idx.byName.set(n.toLowerCase(), t);
    for (const n of t.originalNames ?? []) idx.byOriginal.set(n.toLowerCase(), t);
    for (const h of t.sha1 ?? []) idx.bySha1.set(h.toLowerCase(), t);
  }
  return idx;
}
