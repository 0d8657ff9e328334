/**
 * Shimcache and Amcache entries as timeline events. Field names follow Sigma where one exists
 * (Image); the rest are named after the artifact (see FIELDS in readers.ts for the list).
 */
import { formatTs, type Event, type Fields } from '../../core/event.ts';
import type { AmcacheEntry } from './amcache.ts';
import { filetimeToUs, formatFiletime } from '../binary.ts';
import type { ShimcacheEntry } from './shimcache.ts';
import type { ShimcacheSet } from './shimcache-hive.ts';

const iso = (us: number | undefined): string | undefined =>
  us === undefined || !Number.isFinite(us) ? undefined : formatTs(us);

function put(f: Fields, k: string, v: string | number | boolean | null | undefined): void {
  if (v !== undefined && v !== '') f[k] = v;
}

export function shimcacheEvent(e: ShimcacheEntry, set: ShimcacheSet, file: string, host: string | undefined): Event {
  const fields: Fields = {
    Image: e.path,
    LastModified: formatFiletime(e.lastModified) || null,
    ExecutedFlag: e.executed,
    CachePosition: e.position,
    ControlSet: set.controlSet,
    CurrentControlSet: set.current,
    Layout: set.layout ?? null,
    KeyLastWrite: formatFiletime(set.keyLastWritten) || null,
  };
  put(fields, 'FileSize', e.fileSize);
  put(fields, 'InsertFlags', e.insertFlags);
  put(fields, 'PackageName', e.packageName);
  return {
    ts: filetimeToUs(e.lastModified),
    source: { format: 'shimcache', file, record: e.position },
    host,
    logsource: { product: 'windows', service: 'shimcache' },
    fields,
  };
}

/** Amcache writes an entry when it first sees a program: the key's last write time is the event time. */
export function amcacheEvent(e: AmcacheEntry, file: string): Event {
  const fields: Fields = {
    EntryType: e.kind,
    KeyPath: e.keyPath,
    KeyLastWrite: formatFiletime(e.keyLastWritten) || null,
  };
  put(fields, 'Image', e.path);
  put(fields, 'Name', e.name);
  put(fields, 'SHA1', e.sha1);
  put(fields, 'Size', e.size);
  put(fields, 'LinkDate', iso(e.linkDate));
  put(fields, 'Publisher', e.publisher);
  put(fields, 'ProductName', e.productName);
  put(fields, 'Version', e.version);
  put(fields, 'OriginalFileName', e.originalFileName);
  put(fields, 'ProgramId', e.programId);
  put(fields, 'BinaryType', e.binaryType);
  if (e.isOsComponent !== undefined) fields.IsOsComponent = e.isOsComponent;
  put(fields, 'LastModified', iso(e.lastModified));
  put(fields, 'Created', iso(e.created));
  put(fields, 'LastModified2', iso(e.lastModified2));
  put(fields, 'VolumeId', e.volumeId);
  put(fields, 'FileReference', e.fileReference);
  put(fields, 'InstallDate', iso(e.installDate));
  put(fields, 'Source', e.source);
  put(fields, 'RootDirPath', e.rootDirPath);
  put(fields, 'UninstallString', e.uninstallString);
  return {
    ts: filetimeToUs(e.keyLastWritten),
    source: { format: 'amcache', file },
    logsource: { product: 'windows', service: 'amcache' },
    fields,
  };
}
