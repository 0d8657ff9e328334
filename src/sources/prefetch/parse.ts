/**
 * Windows Prefetch (SCCA) files, versions 17 (XP/2003), 23 (Vista/7), 26 (8/8.1), 30 (10) and 31
 * (11), after libyal's "Windows Prefetch File (PF) format" notes; 30 and 31 usually arrive
 * MAM-compressed (mam.ts). Everything is bounds-checked; problems are reported, not thrown.
 */
import type { MessageKey } from '../../i18n/index.ts';
import { readFiletime, utf16, utf16z } from '../binary.ts';

export interface PrefetchVolume {
  devicePath: string;
  /** FILETIME */
  created: bigint;
  serial: number;
  directories: string[];
}

export interface PrefetchInfo {
  version: number;
  executable: string;
  hash: number;
  /** the size the header declares */
  declaredSize: number;
  runCount: number;
  /** non-zero last run times, most recent first (FILETIME) */
  lastRuns: bigint[];
  /** the last run time slots as stored (1 before version 26, 8 from 26 on; 0n = not set) */
  runSlots: bigint[];
  /** files referenced (loaded) while the program started, in file order */
  filenames: string[];
  volumes: PrefetchVolume[];
}

export type PrefetchProblem = (code: MessageKey, params: Record<string, string | number>, offset?: number) => void;

export const SUPPORTED_VERSIONS = [17, 23, 26, 30, 31] as const;
const MAX_METRICS = 200_000;
const MAX_VOLUMES = 4096;
const MAX_DIRECTORIES = 200_000;

export function isScca(b: Buffer): boolean {
  return b.length >= 8 && b.toString('latin1', 4, 8) === 'SCCA';
}

function u32(b: Buffer, o: number): number {
  return o >= 0 && o + 4 <= b.length ? b.readUInt32LE(o) : 0;
}

/** Where the run count and last run times live: they moved between versions (and within 30). */
function runLayout(version: number, metricsOffset: number): { runsAt: number; runs: number; countAt: number } {
  if (version === 17) return { runsAt: 120, runs: 1, countAt: 144 };
  if (version === 23) return { runsAt: 128, runs: 1, countAt: 152 };
  if (version === 26) return { runsAt: 128, runs: 8, countAt: 208 };
  // 30 and 31: the file information is 224 bytes (metrics at 0x130) or, since Windows 10 1903, 216 (0x128)
  return { runsAt: 128, runs: 8, countAt: metricsOffset === 0x128 ? 200 : 208 };
}

export function parsePrefetch(b: Buffer, problem: PrefetchProblem = () => {}): PrefetchInfo | undefined {
  if (!isScca(b) || b.length < 84) {
    problem('prefetch.not_prefetch', {}, 0);
    return undefined;
  }
  const version = b.readUInt32LE(0);
  if (!(SUPPORTED_VERSIONS as readonly number[]).includes(version)) {
    problem('prefetch.unsupported_version', { version }, 0);
    return undefined;
  }
  const info: PrefetchInfo = {
    version,
    executable: utf16z(b, 16, 60),
    hash: b.readUInt32LE(76),
    declaredSize: b.readUInt32LE(12),
    runCount: 0,
    lastRuns: [],
    runSlots: [],
    filenames: [],
    volumes: [],
  };
  if (info.declaredSize !== b.length)
    problem('prefetch.size_mismatch', { declared: info.declaredSize, actual: b.length }, 12);
  const metricsOffset = u32(b, 84);
  const { runsAt, runs, countAt } = runLayout(version, metricsOffset);
  if (countAt + 4 > b.length) {
    problem('prefetch.truncated', { what: 'file information' }, 84);
    return info;
  }
  info.runCount = b.readUInt32LE(countAt);
  for (let i = 0; i < runs; i++) {
    const ft = readFiletime(b, runsAt + i * 8);
    info.runSlots.push(ft);
    if (ft !== 0n) info.lastRuns.push(ft);
  }
  info.filenames = readFilenames(b, version, problem);
  info.volumes = readVolumes(b, version, problem);
  return info;
}

function readFilenames(b: Buffer, version: number, problem: PrefetchProblem): string[] {
  const metricsOffset = u32(b, 84);
  const count = u32(b, 88);
  const stringsOffset = u32(b, 100);
  const stringsSize = u32(b, 104);
  const entrySize = version === 17 ? 20 : 32;
  const nameAt = version === 17 ? 8 : 12;
  if (count > MAX_METRICS || metricsOffset + count * entrySize > b.length) {
    problem('prefetch.bad_section', { what: 'metrics array', count }, 84);
    return [];
  }
  if (stringsOffset + stringsSize > b.length) {
    problem('prefetch.bad_section', { what: 'filename strings', count: stringsSize }, 100);
    return [];
  }
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const e = metricsOffset + i * entrySize;
    const off = b.readUInt32LE(e + nameAt);
    const chars = b.readUInt32LE(e + nameAt + 4);
    if (off + chars * 2 > stringsSize) {
      problem('prefetch.bad_entry', { what: 'filename', index: i }, e);
      continue;
    }
    out.push(utf16(b, stringsOffset + off, chars * 2));
  }
  return out;
}

function readVolumes(b: Buffer, version: number, problem: PrefetchProblem): PrefetchVolume[] {
  const base = u32(b, 108);
  const count = u32(b, 112);
  const size = u32(b, 116);
  const entrySize = version === 17 ? 40 : version <= 26 ? 104 : 96;
  if (count === 0) return [];
  if (count > MAX_VOLUMES || base + count * entrySize > b.length || base + size > b.length) {
    problem('prefetch.bad_section', { what: 'volumes information', count }, 108);
    return [];
  }
  const end = base + size;
  const out: PrefetchVolume[] = [];
  for (let i = 0; i < count; i++) {
    const e = base + i * entrySize;
    const pathOff = base + b.readUInt32LE(e);
    const pathChars = b.readUInt32LE(e + 4);
    const vol: PrefetchVolume = {
      devicePath: pathOff + pathChars * 2 <= end ? utf16(b, pathOff, pathChars * 2) : '',
      created: readFiletime(b, e + 8),
      serial: b.readUInt32LE(e + 16),
      directories: [],
    };
    if (!vol.devicePath) problem('prefetch.bad_entry', { what: 'volume device path', index: i }, e);
    let d = base + b.readUInt32LE(e + 28);
    const dirs = Math.min(b.readUInt32LE(e + 32), MAX_DIRECTORIES);
    for (let k = 0; k < dirs; k++) {
      if (d + 2 > end) {
        problem('prefetch.bad_entry', { what: 'directory string', index: k }, d);
        break;
      }
      const chars = b.readUInt16LE(d);
      if (d + 2 + chars * 2 > end) {
        problem('prefetch.bad_entry', { what: 'directory string', index: k }, d);
        break;
      }
      vol.directories.push(utf16(b, d + 2, chars * 2));
      d += 2 + (chars + 1) * 2;
    }
    out.push(vol);
  }
  return out;
}

/** The executable's full path among the referenced files (the header name is cut to 29 characters). */
export function executablePath(info: PrefetchInfo): string | undefined {
  const exe = info.executable.toUpperCase();
  if (!exe) return undefined;
  const base = (p: string): string => p.slice(p.lastIndexOf('\\') + 1).toUpperCase();
  return (
    info.filenames.find((f) => base(f) === exe) ??
    (exe.length >= 29 ? info.filenames.find((f) => base(f).startsWith(exe)) : undefined)
  );
}
