/**
 * Every evidence reader konseki has, and content sniffing: the reader most confident about a file's
 * first bytes reads it. Imported by the main thread and by workers.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { evtxEvents, newStats } from '../sources/evtx/index.ts';
import type { SourceReader } from '../sources/types.ts';
import { linuxReaders } from '../sources/linux/index.ts';
import { liveReaders } from '../sources/live/index.ts';
import { networkReaders } from '../sources/network/index.ts';
import { prefetchReader } from '../sources/prefetch/reader.ts';
import { amcacheReader, shimcacheReader } from '../sources/registry/index.ts';
import { windowsJsonReaders } from '../sources/winjson/index.ts';

const SNIFF_BYTES = 64 * 1024;

export const evtxReader: SourceReader = {
  id: 'evtx',
  sniff(head, name) {
    if (head.length >= 8 && head.toString('latin1', 0, 8) === 'ElfFile\0') return 1;
    if (head.length >= 4104 && head.toString('latin1', 4096, 4104) === 'ElfChnk\0') return 0.9;
    if (/\.evtx$/i.test(name) && head.length < 8) return 0.5; // empty or tiny: the reader says what is wrong
    return 0;
  },
  *read(path, ctx) {
    const stats = newStats();
    for (const e of evtxEvents(path, ctx.issues, stats, { onProgress: ctx.onProgress })) {
      e.source.file = ctx.displayPath;
      yield e;
    }
  },
};

/** The Windows execution-artifact readers: SYSTEM (Shimcache), Amcache.hve, Prefetch. */
export const windowsArtifactReaders: SourceReader[] = [shimcacheReader, amcacheReader, prefetchReader];

let registry: SourceReader[] | undefined;

/** All readers konseki has, Windows event logs first. */
export function allReaders(): SourceReader[] {
  registry ??= [
    evtxReader,
    ...windowsArtifactReaders,
    ...liveReaders,
    ...windowsJsonReaders,
    ...linuxReaders,
    ...networkReaders,
  ];
  return registry;
}

export function readerById(id: string): SourceReader | undefined {
  return allReaders().find((r) => r.id === id);
}

export function readHead(path: string, bytes = SNIFF_BYTES): Buffer {
  const fd = openSync(path, 'r');
  try {
    const b = Buffer.alloc(bytes);
    const n = readSync(fd, b, 0, bytes, 0);
    return b.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** The reader for a file, by content (the name only breaks ties), or undefined. */
export function sniff(path: string, displayName = basename(path)): SourceReader | undefined {
  let head: Buffer;
  try {
    head = readHead(path);
  } catch {
    return undefined;
  }
  let best: SourceReader | undefined;
  let score = 0;
  for (const r of allReaders()) {
    let s = 0;
    try {
      s = r.sniff(head, displayName);
    } catch {
      s = 0;
    }
    if (s > score) {
      score = s;
      best = r;
      if (s >= 1) break; // certain (a magic number): no need to ask the text readers
    }
  }
  return score >= 0.5 ? best : undefined;
}
