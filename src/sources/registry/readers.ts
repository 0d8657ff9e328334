/**
 * SourceReaders for SYSTEM hives (Shimcache) and Amcache.hve, sniffed by content: the "regf" base
 * block, its file name field, and the root key's subkeys when they lie in the first 64 KiB; the
 * file name only breaks ties.
 *
 * Event fields — shimcache: Image, LastModified, ExecutedFlag (null where the layout has no flag),
 * CachePosition (0 = most recent), ControlSet, CurrentControlSet, Layout, KeyLastWrite, FileSize,
 * InsertFlags, PackageName; host = ComputerName. amcache: EntryType, KeyPath, KeyLastWrite, Image,
 * Name, SHA1, Size, LinkDate, Publisher, ProductName, Version, OriginalFileName, ProgramId,
 * BinaryType, IsOsComponent, LastModified, Created, LastModified2, VolumeId, FileReference,
 * InstallDate, Source, RootDirPath, UninstallString.
 */
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import type { Event } from '../../core/event.ts';
import { issue, type Issue } from '../../core/issue.ts';
import { displayBase } from '../display-path.ts';
import type { SourceReader } from '../types.ts';
import { amcacheEntries, isAmcacheHive } from './amcache.ts';
import { readKey, subkeys } from './cells.ts';
import { amcacheEvent, shimcacheEvent } from './events.ts';
import { Hive, hiveFileType, parseBaseBlock } from './regf.ts';
import { isSystemHive, systemHiveShimcache } from './shimcache-hive.ts';

export type HiveKind = 'system' | 'amcache' | 'other';

const AMCACHE_ROOT = '{11517B7C-E79D-4E20-961B-75A811715ADD}';

/** What kind of hive the first bytes show, with a confidence 0..1; undefined when not a primary hive. */
export function sniffHive(head: Buffer, name: string): { kind: HiveKind; confidence: number } | undefined {
  const base = parseBaseBlock(head);
  if (!base || hiveFileType(base) !== 'primary') return undefined;
  const fileName = base.fileName.toLowerCase();
  if (/(^|\\)system$/.test(fileName)) return { kind: 'system', confidence: 0.95 };
  if (/(^|\\)amcache\.hve$/.test(fileName)) return { kind: 'amcache', confidence: 0.95 };
  const h = Hive.fromBuffer(head, [], name);
  const root = h && readKey(h, base.rootCellOffset);
  if (h && root) {
    if (root.name.toUpperCase() === AMCACHE_ROOT) return { kind: 'amcache', confidence: 0.9 };
    const names = subkeys(h, root).map((k) => k.name.toUpperCase());
    if (names.includes('SELECT') && names.some((n) => /^CONTROLSET\d{3}$/.test(n)))
      return { kind: 'system', confidence: 0.9 };
    // every top-level key was readable and none says SYSTEM or Amcache: the content decides, not the name
    if (root.subkeyCount > 0 && names.length === root.subkeyCount) return { kind: 'other', confidence: 0.3 };
  }
  // `name` is a display path (`dir/SYSTEM`, `C:\…\SYSTEM`, `bundle.zip!Windows/…/SYSTEM`): its last component counts
  const last = displayBase(name);
  if (/^system$/i.test(last)) return { kind: 'system', confidence: 0.7 };
  if (/^amcache\.hve$/i.test(last)) return { kind: 'amcache', confidence: 0.7 };
  return { kind: 'other', confidence: 0.3 };
}

function reportDirty(hive: Hive, path: string, issues: Issue[]): void {
  if (!hive.dirty) return;
  const logs = ['.LOG', '.LOG1', '.LOG2'].filter((s) => existsSync(path + s)).map((s) => basename(path) + s);
  issues.push(
    issue(
      'reg.dirty',
      { file: hive.file, offset: 4 },
      {
        primary: hive.base.primarySequence,
        secondary: hive.base.secondarySequence,
        logs: logs.length ? ` (${logs.join(', ')})` : '',
      },
      'warning',
    ),
  );
}

export const shimcacheReader: SourceReader = {
  id: 'shimcache',
  sniff(head, name) {
    const s = sniffHive(head, name);
    return s?.kind === 'system' ? s.confidence : 0;
  },
  *read(path, ctx): Generator<Event> {
    const hive = Hive.open(path, ctx.issues, ctx.displayPath);
    if (!hive) return;
    try {
      reportDirty(hive, path, ctx.issues);
      if (!isSystemHive(hive)) return;
      const info = systemHiveShimcache(hive);
      if (!info.caches.length)
        ctx.issues.push(issue('shimcache.no_cache', { file: ctx.displayPath }, undefined, 'info'));
      for (const set of info.caches)
        for (const e of set.entries) yield shimcacheEvent(e, set, ctx.displayPath, info.computerName);
    } finally {
      hive.finish();
      hive.close();
    }
  },
};

export const amcacheReader: SourceReader = {
  id: 'amcache',
  sniff(head, name) {
    const s = sniffHive(head, name);
    return s?.kind === 'amcache' ? s.confidence : 0;
  },
  *read(path, ctx): Generator<Event> {
    const hive = Hive.open(path, ctx.issues, ctx.displayPath);
    if (!hive) return;
    try {
      reportDirty(hive, path, ctx.issues);
      if (!isAmcacheHive(hive)) {
        ctx.issues.push(issue('amcache.unknown_layout', { file: ctx.displayPath }, undefined, 'warning'));
        return;
      }
      let n = 0;
      for (const e of amcacheEntries(hive)) {
        yield amcacheEvent(e, ctx.displayPath);
        if (++n % 5000 === 0) ctx.onProgress?.(0);
      }
    } finally {
      hive.finish();
      hive.close();
    }
  },
};
