/**
 * Process creations with parents that betray the execution path (Security 4688, Sysmon 1):
 * Office documents starting shells, wmiprvse.exe children (WMI remote execution), wsmprovhost.exe
 * children (PowerShell remoting), services.exe starting shells (PsExec-style service execution),
 * web/database servers starting shells (web shells, exploited services), mmc.exe starting shells
 * (DCOM MMC20), and Impacket-style commands whose output goes to \\127.0.0.1\ADMIN$ whatever their
 * parent. Before Windows 10, 4688 has no ParentProcessName: the parent is found from the
 * creator process id of an earlier 4688 on the same host. When both 4688 and Sysmon 1 record the
 * same process it is counted once.
 */
import type { Finding, FindingSeverity } from '../../core/finding.ts';
import type { Analyzer } from '../types.ts';
import { channelOf, clip, eventId, hostOf, imageName, isWindows, num, SECURITY, str } from './common.ts';
import { BoundedMap, findingOf, Groups, Tally } from './group.ts';
import type { ResolvedWindowsOptions } from './options.ts';
import { BENIGN_HOST_CHILDREN, markersIn, OFFICE_APPS, SERVER_APPS, SHELLS_AND_LOLBINS } from './tables.ts';
import './messages.ts';

const PRODUCER = 'windows-process-tree';
const SYSMON = 'Microsoft-Windows-Sysmon/Operational';
const MAX_PIDS = 200_000;
const MAX_SEEN = 100_000;

type Pattern =
  | 'office-child-process'
  | 'wmi-execution'
  | 'winrm-execution'
  | 'service-shell'
  | 'server-shell'
  | 'dcom-execution'
  | 'impacket-execution';

const RULES: Record<Pattern, { severity: FindingSeverity; attack: string[] }> = {
  'office-child-process': { severity: 'high', attack: ['T1204.002', 'T1566.001'] },
  'wmi-execution': { severity: 'high', attack: ['T1047'] },
  'winrm-execution': { severity: 'high', attack: ['T1021.006'] },
  'service-shell': { severity: 'high', attack: ['T1569.002'] },
  'server-shell': { severity: 'critical', attack: ['T1505.003', 'T1190'] },
  'dcom-execution': { severity: 'medium', attack: ['T1021.003'] },
  'impacket-execution': { severity: 'high', attack: ['T1047', 'T1021.002'] },
};

/** Impacket's wmiexec/dcomexec (and clones) send each command's output to the admin share: `cmd.exe /Q /c ... 1> \\127.0.0.1\ADMIN$\__<time> 2>&1`. */
const IMPACKET_REDIRECT = ['\\\\127.0.0.1\\admin$\\__', '\\\\localhost\\admin$\\__'];

/** Which pattern a parent → child pair shows, if any, and how bad it is. */
export function classify(parent: string, child: string): { pattern: Pattern; severity: FindingSeverity } | undefined {
  const shell = SHELLS_AND_LOLBINS.has(child);
  const rule = (
    pattern: Pattern,
    severity = RULES[pattern].severity,
  ): { pattern: Pattern; severity: FindingSeverity } => ({ pattern, severity });
  if (OFFICE_APPS.has(parent)) return shell ? rule('office-child-process') : undefined;
  // remote WMI (wmic /node, Invoke-WmiMethod, impacket wmiexec) starts its command under wmiprvse.exe
  if (parent === 'wmiprvse.exe')
    return shell
      ? rule('wmi-execution')
      : BENIGN_HOST_CHILDREN.has(child)
        ? undefined
        : rule('wmi-execution', 'medium');
  // PowerShell remoting runs in wsmprovhost.exe, winrs in winrshost.exe
  if (parent === 'wsmprovhost.exe' || parent === 'winrshost.exe')
    return BENIGN_HOST_CHILDREN.has(child) ? undefined : rule('winrm-execution');
  if (parent === 'services.exe') return shell ? rule('service-shell') : undefined;
  if (SERVER_APPS.has(parent)) return shell ? rule('server-shell') : undefined;
  if (parent === 'mmc.exe')
    return child === 'cmd.exe' || child === 'powershell.exe' || child === 'pwsh.exe'
      ? rule('dcom-execution')
      : undefined;
  return undefined;
}

interface TreeData {
  pattern: Pattern;
  severity: FindingSeverity;
  parent: string;
  child: string;
  commands: Tally;
  users: Tally;
  markers: Set<string>;
}

export function processTreeAnalyzer(_o: ResolvedWindowsOptions): Analyzer {
  const groups = new Groups<TreeData>(() => ({
    pattern: 'wmi-execution',
    severity: 'medium',
    parent: '',
    child: '',
    commands: new Tally(20),
    users: new Tally(20),
    markers: new Set(),
  }));
  const images = new BoundedMap<string, string>(MAX_PIDS);
  const seen = new Set<string>();

  return {
    id: PRODUCER,
    wants(e) {
      if (!isWindows(e)) return false;
      const id = eventId(e);
      const ch = channelOf(e);
      return (ch === SECURITY && id === 4688) || (ch === SYSMON && id === 1);
    },
    add(e) {
      const host = hostOf(e) ?? '';
      const sysmon = channelOf(e) === SYSMON;
      const childPath = sysmon ? str(e, 'Image') : str(e, 'NewProcessName');
      const childPid = num(e, sysmon ? 'ProcessId' : 'NewProcessId');
      const parentPid = num(e, sysmon ? 'ParentProcessId' : 'ProcessId');
      if (!childPath) return;
      const child = imageName(childPath);
      if (childPid !== undefined) {
        images.set(`${host}|${childPid}`, child);
      }
      let parent = imageName(sysmon ? str(e, 'ParentImage') : str(e, 'ParentProcessName'));
      if (!parent && parentPid !== undefined) parent = images.get(`${host}|${parentPid}`) ?? '';
      const cmdline = str(e, 'CommandLine');
      let hit = parent ? classify(parent, child) : undefined;
      // the parent started before the log (or Sysmon) did: the command line can still tell
      if (!hit && parent !== 'wmiprvse.exe' && parent !== 'mmc.exe' && markersIn(cmdline, IMPACKET_REDIRECT, 1).length)
        hit = { pattern: 'impacket-execution', severity: 'high' };
      if (!hit) return;
      parent ||= '?';
      const { pattern, severity } = hit;
      const once = `${host}|${childPid ?? '?'}|${Math.floor(e.ts / 1e6)}|${child}`;
      if (childPid !== undefined && seen.has(once)) return;
      if (seen.size >= MAX_SEEN) seen.clear();
      seen.add(once);
      const g = groups.add(`${host}|${pattern}|${parent}|${child}`, e);
      if (!g) return;
      const cmd = cmdline;
      Object.assign(g.data, { pattern, severity, parent, child });
      g.data.commands.add(cmd ? clip(cmd, 500) : childPath);
      g.data.users.add(sysmon ? str(e, 'User') : (str(e, 'TargetUserName') ?? str(e, 'SubjectUserName')));
      for (const m of markersIn(cmd)) g.data.markers.add(m);
    },
    finish() {
      const out: Finding[] = [];
      for (const g of groups.values()) {
        const d = g.data;
        const rule = RULES[d.pattern];
        out.push(
          findingOf(g, {
            kind: d.pattern,
            severity: d.severity,
            producer: PRODUCER,
            message: `win.proc.${d.pattern}`,
            params: {
              host: g.host ?? '?',
              parent: d.parent,
              child: d.child,
              count: g.count,
              command: clip(d.commands.top(1)[0] ?? '', 200),
              users: d.users.describe(3) || '?',
            },
            attack: rule.attack,
            details: {
              parent: d.parent,
              child: d.child,
              command_lines: d.commands.toObject(),
              users: d.users.toObject(),
              markers: [...d.markers],
            },
          }),
        );
      }
      return out.sort((a, b) => a.first_seen - b.first_seen);
    },
  };
}
