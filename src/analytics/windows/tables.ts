/**
 * Names and markers the execution analyses look for (data, lower case). Command-line markers are
 * plain substrings: no regular expressions run over attacker-controlled command lines here.
 */

/** Shells, script hosts and LOLBins that a document, a server or a service should not start. */
export const SHELLS_AND_LOLBINS = new Set([
  'cmd.exe',
  'powershell.exe',
  'pwsh.exe',
  'powershell_ise.exe',
  'wscript.exe',
  'cscript.exe',
  'mshta.exe',
  'rundll32.exe',
  'regsvr32.exe',
  'certutil.exe',
  'bitsadmin.exe',
  'schtasks.exe',
  'at.exe',
  'wmic.exe',
  'msbuild.exe',
  'installutil.exe',
  'regasm.exe',
  'regsvcs.exe',
  'cmstp.exe',
  'hh.exe',
  'forfiles.exe',
  'curl.exe',
  'ftp.exe',
  'bash.exe',
  'wsl.exe',
  'net.exe',
  'net1.exe',
  'whoami.exe',
  'sc.exe',
  'reg.exe',
  'nltest.exe',
  'vssadmin.exe',
  'wevtutil.exe',
  'bcdedit.exe',
  'wbadmin.exe',
  'ntdsutil.exe',
  'csc.exe',
  'systeminfo.exe',
  'tasklist.exe',
  'ipconfig.exe',
  'netsh.exe',
  'quser.exe',
  'qwinsta.exe',
  'nslookup.exe',
  'arp.exe',
  'route.exe',
  'dsquery.exe',
  'adfind.exe',
  'ping.exe',
  'tscon.exe',
]);

export const OFFICE_APPS = new Set([
  'winword.exe',
  'excel.exe',
  'powerpnt.exe',
  'outlook.exe',
  'msaccess.exe',
  'mspub.exe',
  'onenote.exe',
  'onenotem.exe',
  'visio.exe',
  'eqnedt32.exe',
  'fltldr.exe',
  'wordpad.exe',
  'acrord32.exe',
  'acrobat.exe',
  'hwp.exe',
  'ichitaro.exe',
]);

/** Web, database and mail servers: a shell under them is a web shell or an exploited service. */
export const SERVER_APPS = new Set([
  'w3wp.exe',
  'sqlservr.exe',
  'httpd.exe',
  'nginx.exe',
  'php-cgi.exe',
  'php.exe',
  'tomcat.exe',
  'tomcat7.exe',
  'tomcat8.exe',
  'tomcat9.exe',
  'umworkerprocess.exe',
  'oracle.exe',
  'postgres.exe',
  'mysqld.exe',
  'httpd64.exe',
]);

/** Children of wmiprvse.exe / wsmprovhost.exe that are part of normal operation. */
export const BENIGN_HOST_CHILDREN = new Set([
  'conhost.exe',
  'werfault.exe',
  'wmiprvse.exe',
  'wmiadap.exe',
  'wmiapsrv.exe',
  'mofcomp.exe',
]);

/** Remote-execution services (PsExec and its clones, smbexec, winexe). */
export const PSEXEC_SERVICES = [
  'psexesvc',
  'paexec',
  'remcomsvc',
  'csexecsvc',
  'winexesvc',
  'btobto',
  'remcom_communicaton',
];

/** Offensive tools and drivers recognisable by name. */
export const HACKTOOL_MARKERS = [
  'mimikatz',
  'mimidrv',
  'mimilib',
  'gsecdump',
  'wce.exe',
  'pwdump',
  'procdump',
  'nanodump',
  'cobaltstrike',
  'meterpreter',
  'rubeus',
  'sharphound',
  'lazagne',
];

/** Command-line and image-path markers of abuse (substring, lower case). */
export const SUSPICIOUS_MARKERS = [
  ' -enc',
  ' -e ',
  '-encodedcommand',
  'frombase64string',
  'downloadstring',
  'downloadfile',
  'invoke-webrequest',
  'invoke-expression',
  'iwr ',
  'http://',
  'https://',
  'net.webclient',
  'start-bitstransfer',
  '%comspec%',
  'cmd /c',
  'cmd.exe /c',
  'cmd /k',
  'cmd.exe /k',
  '/c echo',
  'powershell',
  'pwsh',
  'mshta',
  'rundll32',
  'regsvr32',
  'certutil',
  'bitsadmin',
  'wscript',
  'cscript',
  'whoami',
  '\\appdata\\',
  '\\temp\\',
  '\\tmp\\',
  '\\users\\public\\',
  '\\perflogs\\',
  '\\windows\\tasks\\',
  '\\recycle',
  'admin$',
  'c$\\',
  '\\\\127.0.0.1\\',
  '\\\\localhost\\',
  'lsass',
  'comsvcs',
  'minidump',
  'vssadmin',
  'shadowcopy',
  'wevtutil',
  'tscon ',
  '-nop',
  '-noprofile',
  '-w hidden',
  '-windowstyle hidden',
  'bypass',
  '.ps1',
  '.vbs',
  '.js ',
  '.hta',
  '.bat',
  ' /transfer ',
];

/** The markers found in a text (at most `max`). */
export function markersIn(
  text: string | undefined,
  markers: readonly string[] = SUSPICIOUS_MARKERS,
  max = 5,
): string[] {
  if (!text) return [];
  const t = text.toLowerCase();
  const out: string[] = [];
  for (const m of markers) {
    if (t.includes(m)) {
      out.push(m.trim());
      if (out.length >= max) break;
    }
  }
  return out;
}
