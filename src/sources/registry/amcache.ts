/**
 * Amcache.hve: Root\InventoryApplicationFile (Windows 10 1607 and later), Root\InventoryApplication,
 * and the older Root\File\{volume}\{file reference} layout (Windows 8 to 10 1511). Value meanings
 * after AmcacheParser, regipy and the Amcache research of Blanche Lagny (ANSSI, 2019).
 */
import { filetimeToUs } from '../binary.ts';
import { subkeys, valueData, values, type KeyNode } from './cells.ts';
import type { Hive } from './regf.ts';
import { decodeData, keyAt, rootKey, type DecodedData } from './tree.ts';

export type AmcacheKind = 'InventoryApplicationFile' | 'InventoryApplication' | 'File';

export interface AmcacheEntry {
  kind: AmcacheKind;
  /** key path below the root key */
  keyPath: string;
  keyLastWritten: bigint;
  path?: string;
  name?: string;
  sha1?: string;
  size?: number;
  /** PE link (compile) time, epoch µs */
  linkDate?: number;
  publisher?: string;
  productName?: string;
  version?: string;
  originalFileName?: string;
  programId?: string;
  binaryType?: string;
  isOsComponent?: boolean;
  /** File layout: the file's $SI times from the values 11/12/17, epoch µs */
  lastModified?: number;
  created?: number;
  lastModified2?: number;
  volumeId?: string;
  fileReference?: string;
  /** InventoryApplication */
  installDate?: number;
  source?: string;
  rootDirPath?: string;
  uninstallString?: string;
}

export interface AmcacheInfo {
  layouts: AmcacheKind[];
  entries: AmcacheEntry[];
}

type Vals = Map<string, DecodedData>;

function readValues(hive: Hive, key: KeyNode): Vals {
  const m: Vals = new Map();
  for (const v of values(hive, key)) m.set(v.name.toLowerCase(), decodeData(v.type, valueData(hive, v)));
  return m;
}

const str = (m: Vals, k: string): string | undefined => {
  const v = m.get(k.toLowerCase());
  return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;
};
const num = (m: Vals, k: string): number | undefined => {
  const v = m.get(k.toLowerCase());
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return undefined;
};

/** FileId / value 101: "0000" + 40 hex digits of SHA-1. */
export function sha1FromFileId(s: string | undefined): string | undefined {
  if (!s) return undefined;
  const m = /^(?:0000)?([0-9a-fA-F]{40})$/.exec(s.trim());
  return m ? m[1]!.toLowerCase() : undefined;
}

/** "MM/DD/YYYY HH:MM:SS" (UTC) as Amcache writes LinkDate and InstallDate → epoch µs. */
export function parseAmcacheDate(s: string | undefined): number | undefined {
  if (!s) return undefined;
  const m = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2}):(\d{2})$/.exec(s.trim());
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[3]), Number(m[1]) - 1, Number(m[2]), Number(m[4]), Number(m[5]), Number(m[6]));
  return Number.isNaN(ms) ? undefined : ms * 1000;
}

function filetimeValue(m: Vals, k: string): number | undefined {
  const v = m.get(k);
  if (typeof v === 'number' || (typeof v === 'string' && /^\d+$/.test(v))) {
    const us = filetimeToUs(BigInt(v));
    return Number.isFinite(us) ? us : undefined;
  }
  return undefined;
}

function inventoryFile(key: KeyNode, path: string, m: Vals): AmcacheEntry {
  const isOs = num(m, 'IsOsComponent');
  return {
    kind: 'InventoryApplicationFile',
    keyPath: path,
    keyLastWritten: key.lastWritten,
    path: str(m, 'LowerCaseLongPath'),
    name: str(m, 'Name'),
    sha1: sha1FromFileId(str(m, 'FileId')),
    size: num(m, 'Size'),
    linkDate: parseAmcacheDate(str(m, 'LinkDate')),
    publisher: str(m, 'Publisher'),
    productName: str(m, 'ProductName'),
    version: str(m, 'Version'),
    originalFileName: str(m, 'OriginalFileName'),
    programId: str(m, 'ProgramId'),
    binaryType: str(m, 'BinaryType'),
    isOsComponent: isOs === undefined ? undefined : isOs !== 0,
  };
}

function inventoryApplication(key: KeyNode, path: string, m: Vals): AmcacheEntry {
  return {
    kind: 'InventoryApplication',
    keyPath: path,
    keyLastWritten: key.lastWritten,
    name: str(m, 'Name'),
    version: str(m, 'Version'),
    publisher: str(m, 'Publisher'),
    programId: key.name,
    installDate: parseAmcacheDate(str(m, 'InstallDate')),
    source: str(m, 'Source'),
    rootDirPath: str(m, 'RootDirPath'),
    uninstallString: str(m, 'UninstallString'),
  };
}

function oldFile(key: KeyNode, volume: string, path: string, m: Vals): AmcacheEntry {
  const link = num(m, 'f');
  const full = str(m, '15');
  return {
    kind: 'File',
    keyPath: path,
    keyLastWritten: key.lastWritten,
    path: full,
    name: full?.split('\\').pop(),
    sha1: sha1FromFileId(str(m, '101')),
    size: num(m, '6'),
    linkDate: link ? link * 1_000_000 : undefined,
    publisher: str(m, '1'),
    productName: str(m, '0'),
    version: str(m, '5'),
    programId: str(m, '100'),
    lastModified: filetimeValue(m, '11'),
    created: filetimeValue(m, '12'),
    lastModified2: filetimeValue(m, '17'),
    volumeId: volume,
    fileReference: key.name,
  };
}

export function isAmcacheHive(hive: Hive): boolean {
  const root = keyAt(hive, 'Root');
  if (!root) return false;
  const names = new Set(subkeys(hive, root).map((k) => k.name.toUpperCase()));
  return names.has('INVENTORYAPPLICATIONFILE') || names.has('FILE') || names.has('INVENTORYAPPLICATION');
}

/** Every execution-related entry of an Amcache.hve, key by key (keys that cannot be read are skipped and reported). */
export function* amcacheEntries(hive: Hive, layouts: AmcacheKind[] = []): Generator<AmcacheEntry> {
  const root = rootKey(hive);
  const r = root && keyAt(hive, 'Root', root);
  if (!r) return;
  for (const sub of subkeys(hive, r)) {
    const kind = sub.name.toUpperCase();
    if (kind === 'INVENTORYAPPLICATIONFILE') {
      layouts.push('InventoryApplicationFile');
      for (const k of subkeys(hive, sub)) yield inventoryFile(k, `Root\\${sub.name}\\${k.name}`, readValues(hive, k));
    } else if (kind === 'INVENTORYAPPLICATION') {
      layouts.push('InventoryApplication');
      for (const k of subkeys(hive, sub))
        yield inventoryApplication(k, `Root\\${sub.name}\\${k.name}`, readValues(hive, k));
    } else if (kind === 'FILE') {
      layouts.push('File');
      for (const vol of subkeys(hive, sub)) {
        for (const k of subkeys(hive, vol))
          yield oldFile(k, vol.name, `Root\\${sub.name}\\${vol.name}\\${k.name}`, readValues(hive, k));
      }
    }
  }
}
