/**
 * Prefetch as timeline events: one event per recorded run time (up to eight), the most recent first.
 * Fields: Image (full path of the executable among the referenced files, else its name),
 * ExecutableName, PrefetchHash, PrefetchVersion, RunCount, LastRun (most recent run), RunIndex
 * (1 = most recent), Volumes, VolumeSerials, FileCount, and on the RunIndex 1 event ReferencedFiles.
 */
import type { Event, Fields } from '../../core/event.ts';
import { filetimeToUs, formatFiletime } from '../binary.ts';
import type { SourceReader } from '../types.ts';
import { isMam, readPrefetchFile } from './file.ts';
import { executablePath, SUPPORTED_VERSIONS, type PrefetchInfo } from './parse.ts';

/** Referenced files kept on an event; the CLI shows them all. */
const MAX_REFERENCED = 2048;

export function prefetchEvents(info: PrefetchInfo, file: string): Event[] {
  const image = executablePath(info) ?? info.executable;
  const base: Fields = {
    Image: image,
    ExecutableName: info.executable,
    PrefetchHash: info.hash.toString(16).toUpperCase().padStart(8, '0'),
    PrefetchVersion: info.version,
    RunCount: info.runCount,
    LastRun: info.lastRuns.length ? formatFiletime(info.lastRuns[0]!) : null,
    Volumes: info.volumes.map((v) => v.devicePath),
    VolumeSerials: info.volumes.map((v) => v.serial.toString(16).toUpperCase().padStart(8, '0')),
    FileCount: info.filenames.length,
  };
  const runs = info.lastRuns.length ? info.lastRuns : [0n];
  return runs.map((ft, i) => {
    const fields: Fields = { ...base, RunIndex: i + 1 };
    if (i === 0) fields.ReferencedFiles = info.filenames.slice(0, MAX_REFERENCED);
    return {
      ts: filetimeToUs(ft),
      source: { format: 'prefetch', file, record: i + 1 },
      logsource: { product: 'windows', service: 'prefetch' },
      fields,
    };
  });
}

export const prefetchReader: SourceReader = {
  id: 'prefetch',
  sniff(head, name) {
    const pf = /\.pf$/i.test(name);
    if (head.length >= 8 && head.toString('latin1', 4, 8) === 'SCCA') {
      return (SUPPORTED_VERSIONS as readonly number[]).includes(head.readUInt32LE(0)) ? 1 : 0.6;
    }
    // MAM is also used for other SuperFetch files: the .pf name makes it likely a Prefetch file
    if (isMam(head)) return pf ? 0.95 : 0.6;
    return 0;
  },
  *read(path, ctx) {
    const r = readPrefetchFile(path, ctx.issues, ctx.displayPath);
    if (!r) return;
    yield* prefetchEvents(r.info, ctx.displayPath);
    ctx.onProgress?.(r.info.declaredSize);
  },
};
