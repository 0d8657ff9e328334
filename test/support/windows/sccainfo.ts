/**
 * Renders what konseki read from a Prefetch file in the text layout of Debian's `sccainfo`
 * (libscca-utils 20200717), so the corpus' stored sccainfo output and live runs compare as text.
 */
import { spawnSync } from 'node:child_process';
import type { PrefetchInfo } from '../../../src/sources/prefetch/parse.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** libfdatetime's FILETIME text: "Jan 11, 2016 22:08:20.985330400 UTC", or "Not set (0)". */
export function libfdatetime(ft: bigint): string {
  if (ft === 0n) return 'Not set (0)';
  const ms = Number(ft / 10_000n - 11_644_473_600_000n);
  const d = new Date(ms);
  const p2 = (n: number): string => String(n).padStart(2, '0');
  const frac = (ft % 10_000_000n).toString().padStart(7, '0');
  return `${MONTHS[d.getUTCMonth()]} ${p2(d.getUTCDate())}, ${d.getUTCFullYear()} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${frac}00 UTC`;
}

const hex8 = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;

/** The runs as the file stores them: 1 slot before version 26, 8 from 26 on (zeros included). */
export function renderSccainfo(info: PrefetchInfo, runSlots: bigint[]): string {
  let s = 'Windows Prefetch File (PF) information:\n';
  s += `\tFormat version\t\t\t: ${info.version}\n`;
  s += `\tPrefetch hash\t\t\t: ${hex8(info.hash)}\n`;
  s += `\tExecutable filename\t\t: ${info.executable}\n`;
  s += `\tRun count\t\t\t: ${info.runCount}\n`;
  if (info.version < 26) s += `\tLast run time:\t\t\t: ${libfdatetime(runSlots[0] ?? 0n)}\n`;
  else runSlots.forEach((ft, i) => (s += `\tLast run time: ${i + 1}\t\t: ${libfdatetime(ft)}\n`));
  s += '\nFilenames:\n';
  s += `\tNumber of filenames\t\t: ${info.filenames.length}\n`;
  info.filenames.forEach((f, i) => (s += `\tFilename: ${i + 1}\t\t\t: ${f}\n`));
  s += '\nVolumes:\n';
  s += `\tNumber of volumes\t\t: ${info.volumes.length}\n\n`;
  info.volumes.forEach((v, i) => {
    s += `Volume: ${i + 1} information:\n`;
    s += `\tDevice path\t\t\t: ${v.devicePath}\n`;
    s += `\tCreation time\t\t\t: ${libfdatetime(v.created)}\n`;
    s += `\tSerial number\t\t\t: ${hex8(v.serial)}\n\n`;
  });
  return s;
}

export function sccainfoAvailable(): boolean {
  return spawnSync('sccainfo', ['-V'], { encoding: 'utf8' }).status === 0;
}

export function runSccainfo(path: string): { text: string; ok: boolean } {
  const r = spawnSync('sccainfo', [path], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return { text: stripSccaBanner(r.stdout ?? ''), ok: r.status === 0 };
}

export function stripSccaBanner(text: string): string {
  return text.replace(/^sccainfo \d+\n\n/, '');
}
