/** Shimcache from a SYSTEM hive: the AppCompatCache value of every ControlSetNNN, plus the computer name. */
import { valueData, values, subkeys, type KeyNode } from './cells.ts';
import type { Hive } from './regf.ts';
import { parseShimcache, type ShimcacheEntry, type ShimcacheLayout } from './shimcache.ts';
import { decodeData, keyAt, rootKey, valueNamed } from './tree.ts';
import { BASE_BLOCK_SIZE } from './regf.ts';

export interface ShimcacheSet {
  /** e.g. ControlSet001 */
  controlSet: string;
  /** is this the control set Select\Current points at? */
  current: boolean;
  keyPath: string;
  /** last write time of the key holding the value (about when the cache was last flushed, at shutdown) */
  keyLastWritten: bigint;
  layout: ShimcacheLayout | undefined;
  entries: ShimcacheEntry[];
}

export interface SystemHiveInfo {
  computerName?: string;
  currentControlSet?: number;
  caches: ShimcacheSet[];
}

const CACHE_LOCATIONS = [
  ['Control\\Session Manager\\AppCompatCache', 'AppCompatCache'],
  ['Control\\Session Manager\\AppCompatibility', 'AppCompatCache'],
] as const;

function dword(hive: Hive, key: KeyNode | undefined, name: string): number | undefined {
  if (!key) return undefined;
  const v = valueNamed(hive, key, name);
  if (!v) return undefined;
  const d = decodeData(v.type, valueData(hive, v));
  return typeof d === 'number' ? d : undefined;
}

function text(hive: Hive, key: KeyNode | undefined, name: string): string | undefined {
  if (!key) return undefined;
  const v = valueNamed(hive, key, name);
  if (!v) return undefined;
  const d = decodeData(v.type, valueData(hive, v));
  return typeof d === 'string' && d ? d : undefined;
}

/** Is this hive a SYSTEM hive (a Select key and at least one ControlSetNNN below the root)? */
export function isSystemHive(hive: Hive): boolean {
  const root = rootKey(hive);
  if (!root) return false;
  const names = subkeys(hive, root).map((k) => k.name.toUpperCase());
  return names.includes('SELECT') && names.some((n) => /^CONTROLSET\d{3}$/.test(n));
}

export function systemHiveShimcache(hive: Hive): SystemHiveInfo {
  const root = rootKey(hive);
  if (!root) return { caches: [] };
  const current = dword(hive, keyAt(hive, 'Select', root), 'Current');
  const sets = subkeys(hive, root).filter((k) => /^ControlSet\d{3}$/i.test(k.name));
  const currentSet = sets.find((k) => Number(k.name.slice(-3)) === current) ?? sets[0];
  const computerName = currentSet
    ? text(hive, keyAt(hive, 'Control\\ComputerName\\ComputerName', currentSet), 'ComputerName')
    : undefined;
  const caches: ShimcacheSet[] = [];
  for (const set of sets) {
    for (const [path, name] of CACHE_LOCATIONS) {
      const key = keyAt(hive, path, set);
      const v = key && values(hive, key).find((x) => x.name.toUpperCase() === name.toUpperCase());
      if (!key || !v) continue;
      const blob = valueData(hive, v);
      const parsed = parseShimcache(blob, (code, params) =>
        hive.problem(code, BASE_BLOCK_SIZE + v.offset, { ...params, value: `${set.name}\\${path}\\${name}` }),
      );
      caches.push({
        controlSet: set.name,
        current: Number(set.name.slice(-3)) === current,
        keyPath: `${set.name}\\${path}`,
        keyLastWritten: key.lastWritten,
        layout: parsed.layout,
        entries: parsed.entries,
      });
      break;
    }
  }
  return { computerName, currentControlSet: current, caches };
}
