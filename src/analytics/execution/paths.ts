/**
 * Executable paths from Shimcache (C:\…, SYSVOL\…, \??\UNC\…), Amcache (c:\… lower case) and
 * Prefetch (\VOLUME{…}\…, \DEVICE\HARDDISKVOLUME1\…, \DEVICE\MUP\…) to one comparable form, and the
 * locations responders look at twice: user-writable, hidden, or reached over an admin share.
 */
import type { FindingSeverity } from '../../core/finding.ts';

export interface NormalPath {
  /** lower case, backslashes, volume removed: \users\public\x.exe */
  rest: string;
  /** c:, volume{…}, harddiskvolume1, sysvol, or \\host\share for network paths */
  volume?: string;
  /** file name, lower case */
  name: string;
  /** \\host\c$\… style network path */
  unc?: { host: string; share: string };
}

export function normalizePath(raw: string): NormalPath {
  let p = raw.trim().replace(/\//g, '\\').toLowerCase();
  p = p.replace(/^\\\?\?\\|^\\\\\?\\/, '');
  let volume: string | undefined;
  let unc: NormalPath['unc'];
  let m: RegExpExecArray | null;
  if (
    (m = /^(?:unc\\|\\\\|\\device\\mup\\|\\device\\lanmanredirector\\(?:;[^\\]*\\)?)([^\\]+)\\([^\\]+)(\\.*)?$/.exec(p))
  ) {
    unc = { host: m[1]!, share: m[2]! };
    volume = `\\\\${m[1]}\\${m[2]}`;
    p = m[3] ?? '\\';
  } else if ((m = /^([a-z]:)(\\.*)?$/.exec(p))) {
    volume = m[1];
    p = m[2] ?? '\\';
  } else if (
    (m = /^\\(volume\{[^}]*\}|device\\harddiskvolume\d+|device\\harddiskvolumeshadowcopy\d+)(\\.*)?$/.exec(p))
  ) {
    volume = m[1];
    p = m[2] ?? '\\';
  } else if ((m = /^(sysvol)(\\.*)?$/.exec(p))) {
    volume = m[1];
    p = m[2] ?? '\\';
  } else if (!p.startsWith('\\')) {
    p = `\\${p}`;
  }
  const name = p.slice(p.lastIndexOf('\\') + 1);
  return { rest: p, volume, name, unc };
}

export type LocationReason =
  | 'admin-share'
  | 'network-share'
  | 'recycle-bin'
  | 'temp'
  | 'users-public'
  | 'perflogs'
  | 'windows-writable'
  | 'programdata-root'
  | 'programdata'
  | 'appdata-root'
  | 'downloads'
  | 'volume-root';

export const LOCATION_SEVERITY: Record<LocationReason, FindingSeverity> = {
  'admin-share': 'high',
  'recycle-bin': 'high',
  'network-share': 'medium',
  temp: 'medium',
  'users-public': 'medium',
  perflogs: 'medium',
  'windows-writable': 'medium',
  'programdata-root': 'medium',
  'volume-root': 'medium',
  programdata: 'low',
  'appdata-root': 'low',
  downloads: 'low',
};

/** Directories under C:\Windows that ordinary users can write to, and attackers use to hide tools. */
const WINDOWS_WRITABLE = [
  '\\windows\\tasks\\',
  '\\windows\\temp\\',
  '\\windows\\tracing\\',
  '\\windows\\debug\\',
  '\\windows\\fonts\\',
  '\\windows\\registration\\crmlog\\',
  '\\windows\\system32\\tasks\\',
  '\\windows\\system32\\spool\\drivers\\color\\',
  '\\windows\\system32\\microsoft\\crypto\\rsa\\machinekeys\\',
  '\\windows\\syswow64\\tasks\\',
];

/** ProgramData folders where vendors legitimately run code from. */
const PROGRAMDATA_VENDOR = [
  '\\programdata\\microsoft\\windows defender\\',
  '\\programdata\\package cache\\',
  '\\programdata\\microsoft\\windows defender advanced threat protection\\',
];

/** Everything unusual about where a file lives, most severe first. */
export function locationReasons(p: NormalPath): LocationReason[] {
  const r: LocationReason[] = [];
  const s = p.rest;
  if (p.unc) r.push(/^(?:[a-z]\$|admin\$)$/.test(p.unc.share) ? 'admin-share' : 'network-share');
  if (/\\(?:\$recycle\.bin|recycler|recycled)\\/.test(s)) r.push('recycle-bin');
  if (WINDOWS_WRITABLE.some((d) => s.startsWith(d))) r.push('windows-writable');
  if (/\\(?:temp|tmp)\\/.test(s) && !r.includes('windows-writable')) r.push('temp');
  if (s.startsWith('\\users\\public\\')) r.push('users-public');
  if (s.startsWith('\\perflogs\\')) r.push('perflogs');
  if (/^\\programdata\\[^\\]+$/.test(s)) r.push('programdata-root');
  else if (s.startsWith('\\programdata\\') && !PROGRAMDATA_VENDOR.some((d) => s.startsWith(d))) r.push('programdata');
  if (/^\\users\\[^\\]+\\appdata\\(?:local|roaming|locallow)\\[^\\]+$/.test(s)) r.push('appdata-root');
  if (/^\\users\\[^\\]+\\downloads\\/.test(s)) r.push('downloads');
  if (/^\\[^\\]+$/.test(s) && !p.unc) r.push('volume-root');
  return r;
}

/** Windows' own binaries and the folders they belong in (anything else is masquerading). */
const SYSTEM_DIRS = [
  '\\windows\\system32\\',
  '\\windows\\syswow64\\',
  '\\windows\\winsxs\\',
  '\\windows\\servicing\\',
  '\\$windows.~bt\\',
  '\\windows\\softwaredistribution\\',
];
export const SYSTEM_BINARIES: Record<string, string[]> = {
  'svchost.exe': SYSTEM_DIRS,
  'lsass.exe': SYSTEM_DIRS,
  'csrss.exe': SYSTEM_DIRS,
  'smss.exe': SYSTEM_DIRS,
  'services.exe': SYSTEM_DIRS,
  'wininit.exe': SYSTEM_DIRS,
  'winlogon.exe': SYSTEM_DIRS,
  'lsm.exe': SYSTEM_DIRS,
  'spoolsv.exe': SYSTEM_DIRS,
  'taskhost.exe': SYSTEM_DIRS,
  'taskhostw.exe': SYSTEM_DIRS,
  'dllhost.exe': SYSTEM_DIRS,
  'conhost.exe': SYSTEM_DIRS,
  'rundll32.exe': SYSTEM_DIRS,
  'regsvr32.exe': SYSTEM_DIRS,
  'cmd.exe': SYSTEM_DIRS,
  'powershell.exe': SYSTEM_DIRS,
  'wmiprvse.exe': SYSTEM_DIRS,
  'mshta.exe': SYSTEM_DIRS,
  'certutil.exe': SYSTEM_DIRS,
  'bitsadmin.exe': SYSTEM_DIRS,
  'schtasks.exe': SYSTEM_DIRS,
  'sc.exe': SYSTEM_DIRS,
  'wmic.exe': SYSTEM_DIRS,
  'msiexec.exe': SYSTEM_DIRS,
  'explorer.exe': [...SYSTEM_DIRS, '\\windows\\'],
};

/** A system binary name in the wrong folder (explorer.exe lives directly in \Windows). */
export function isMasquerading(p: NormalPath): boolean {
  const dirs = SYSTEM_BINARIES[p.name];
  if (!dirs || p.unc) return false;
  const dir = p.rest.slice(0, p.rest.length - p.name.length);
  return !dirs.some((d) => (d === '\\windows\\' ? dir === d : dir.startsWith(d)));
}
