/** Windows Prefetch: MAM/LZXPRESS Huffman, SCCA versions 17–31, and the timeline reader. */
export { decompressLzxpressHuffman, buildDecodeTable, type DecompressResult } from './lzxpress-huffman.ts';
export {
  isMam,
  parsePrefetchBuffer,
  readPrefetchFile,
  sccaBytes,
  MAX_PREFETCH_BYTES,
  type PrefetchFile,
} from './file.ts';
export {
  executablePath,
  isScca,
  parsePrefetch,
  SUPPORTED_VERSIONS,
  type PrefetchInfo,
  type PrefetchVolume,
} from './parse.ts';
export { prefetchEvents, prefetchReader } from './reader.ts';
