/** Worker job: read a chunk range of one EVTX file and post rendered records in batches. */
import type { Issue } from '../../core/issue.ts';
import { newStats, readEvtx, recordToJson, recordToXml } from './index.ts';

export interface DumpJob {
  kind: 'evtx-dump';
  file: string;
  format: 'jsonl' | 'xml';
  chunkFrom: number;
  chunkTo?: number;
  skipRecovered: boolean;
}

export type DumpMessage =
  | { type: 'out'; text: string; records: number }
  | { type: 'progress'; bytes: number }
  | { type: 'end'; stats: ReturnType<typeof newStats>; issues: Issue[] };

const BATCH_BYTES = 1 << 20;

export function dumpJob(job: DumpJob, post: (m: DumpMessage) => void): void {
  const issues: Issue[] = [];
  const stats = newStats();
  let parts: string[] = [];
  let size = 0;
  let n = 0;
  let lastBytes = 0;
  const flush = (): void => {
    if (n) post({ type: 'out', text: parts.join(''), records: n });
    parts = [];
    size = 0;
    n = 0;
  };
  const onProgress = (bytes: number): void => {
    post({ type: 'progress', bytes: bytes - lastBytes });
    lastBytes = bytes;
  };
  for (const rec of readEvtx(job.file, issues, stats, { chunkFrom: job.chunkFrom, chunkTo: job.chunkTo, onProgress })) {
    if (job.skipRecovered && rec.recovered) continue;
    const text = job.format === 'xml' ? `${recordToXml(rec.root)}\n` : `${JSON.stringify(recordToJson(rec.root))}\n`;
    parts.push(text);
    size += text.length;
    n++;
    if (size >= BATCH_BYTES) flush();
  }
  flush();
  post({ type: 'end', stats, issues });
}
