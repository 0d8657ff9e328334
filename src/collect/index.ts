/**
 * The live-response collectors konseki writes for a suspect host (`konseki collect-script`): a POSIX
 * sh script for Linux and a PowerShell 5.1 script for Windows, standalone (nothing to install),
 * writing only below their output directory. The scripts are kept as files beside this module
 * (linux.sh, windows.ps1, linted as such) and embedded by scripts/embed-collectors.mjs.
 */
import { LINUX_SH, WINDOWS_PS1 } from './scripts.gen.ts';

export type CollectorOs = 'linux' | 'windows';

export function collectorScript(os: CollectorOs, version: string): string {
  const text = os === 'linux' ? LINUX_SH : WINDOWS_PS1;
  const v = version.replace(/[^\w.+-]/g, '');
  const out = text.replaceAll('@KONSEKI_VERSION@', v);
  // PowerShell 5.1 reads a BOM-less script as the ANSI code page: CRLF and a BOM make it read as UTF-8 everywhere
  return os === 'windows' ? `\ufeff${out.replace(/\r?\n/g, '\r\n')}` : out;
}

export function collectorFileName(os: CollectorOs): string {
  return os === 'linux' ? 'konseki-collect.sh' : 'konseki-collect.ps1';
}
