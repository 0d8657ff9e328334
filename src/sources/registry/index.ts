/**
 * Windows registry hives (read-only regf reader), Shimcache (AppCompatCache) and Amcache, and the
 * readers triage uses for them.
 */

export { Hive, parseBaseBlock, hiveFileType, type BaseBlock, type HiveStats } from './regf.ts';
export {
  readKey,
  readValue,
  subkeys,
  values,
  valueData,
  className,
  securityDescriptor,
  ownerSid,
  type KeyNode,
  type ValueNode,
} from './cells.ts';
export {
  rootKey,
  keyAt,
  valueNamed,
  walk,
  decodeData,
  readValueData,
  typeName,
  multiString,
  REG_TYPE_NAMES,
  type DecodedData,
  type WalkEntry,
} from './tree.ts';
export {
  parseShimcache,
  shimcacheLayout,
  type ShimcacheEntry,
  type ShimcacheLayout,
  type ShimcacheParse,
} from './shimcache.ts';
export { systemHiveShimcache, isSystemHive, type ShimcacheSet, type SystemHiveInfo } from './shimcache-hive.ts';
export {
  amcacheEntries,
  isAmcacheHive,
  parseAmcacheDate,
  sha1FromFileId,
  type AmcacheEntry,
  type AmcacheKind,
} from './amcache.ts';
export { amcacheEvent, shimcacheEvent } from './events.ts';
export { amcacheReader, shimcacheReader, sniffHive, type HiveKind } from './readers.ts';
export { filetimeToUs, formatFiletime } from '../binary.ts';
