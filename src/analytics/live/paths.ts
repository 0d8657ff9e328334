/**
 * Where an executable or file lives, as a responder ranks it: world-writable temporary places
 * (/tmp, /dev/shm, %TEMP%), places any user writes (home directories, web roots, AppData, Public,
 * ProgramData), and anonymous memory (memfd). Linux and Windows paths alike.
 */
export type Place = 'temp' | 'user' | 'memfd';

const LINUX_TEMP = /^\/(?:tmp|var\/tmp|dev\/shm|run\/shm|run\/lock|var\/lock)(?:\/|$)/;
const LINUX_USER = /^\/(?:home|run\/user|var\/www|srv|var\/spool\/(?:cron|mail))(?:\/|$)/;
const WIN_TEMP =
  /\\(?:windows\\)?temp\\|\\appdata\\local\\temp\\|\\\$recycle\.bin\\|\\windows\\tasks\\|\\windows\\tracing\\/i;
const WIN_USER =
  /^(?:[a-z]:)?\\(?:users\\[^\\]+\\(?:appdata|downloads|desktop|documents|music|pictures|videos|favorites)\\|users\\public\\|programdata\\|perflogs\\)/i;

export function placeOf(path: string): Place | undefined {
  if (!path) return undefined;
  if (path.startsWith('/memfd:')) return 'memfd';
  if (path.startsWith('/')) return LINUX_TEMP.test(path) ? 'temp' : LINUX_USER.test(path) ? 'user' : undefined;
  const p = path.replace(/\//g, '\\').replace(/^\\\\\?\\/, '');
  if (WIN_TEMP.test(p)) return 'temp';
  if (WIN_USER.test(p)) return 'user';
  return undefined;
}

/** The program name of a path or command (lower case, no directory, no .exe). */
export function programName(path: string): string {
  const b = path.replace(/^.*[/\\]/, '').toLowerCase();
  return b.replace(/\.exe$/, '');
}

const NETCAT = new Set(['nc', 'ncat', 'netcat', 'nc.traditional', 'nc.openbsd', 'socat', 'cryptcat', 'pwncat']);
const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh', 'mksh', 'csh', 'tcsh', 'ash', 'busybox', 'cmd']);
const INTERPRETERS =
  /^(?:python[0-9.]*|perl[0-9.]*|ruby[0-9.]*|php[0-9.]*(?:-cgi|-fpm)?|lua[0-9.]*|tclsh[0-9.]*|node|nodejs|powershell|pwsh|wscript|cscript|mshta)$/;

/** What kind of program owns a socket: a netcat-like relay, a shell, a script interpreter, or something else. */
export function programKind(name: string): 'netcat' | 'shell' | 'interpreter' | undefined {
  if (NETCAT.has(name)) return 'netcat';
  if (SHELLS.has(name)) return 'shell';
  if (INTERPRETERS.test(name)) return 'interpreter';
  return undefined;
}

export function isLoopback(ip: string): boolean {
  return /^127\./.test(ip) || ip === '::1';
}

export function isInternal(ip: string): boolean {
  return /^(?:10\.|192\.168\.|172\.(?:1[6-9]|2\d|3[01])\.|127\.|169\.254\.|f[cd][0-9a-f]{2}:|fe80:|::1$)/i.test(ip);
}
