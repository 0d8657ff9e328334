/** Worker job: read a chunk range of one EVTX file and post rendered records in batches of UTF-8 bytes. */
import type { Issue } from '../../core/issue.ts';
import { ByteSink } from './byte-sink.ts';
import { JsonRenderer } from './json-tokens.ts';
import { newStats, readEvtxRecords } from './reader.ts';
import { recordToXml } from './render-xml.ts';
import { recordTree } from './tree.ts';

export interface DumpJob {
  kind: 'evtx-dump';
  file: string;
  format: 'jsonl' | 'xml';
  chunkFrom: number;
  chunkTo?: number;
  skipRecovered: boolean;
  /** Int32 count of this job's batches posted but not yet written: flow control (see MAX_IN_FLIGHT) */
  inFlight?: SharedArrayBuffer;
}

export type DumpMessage =
  | { type: 'out'; bytes: Uint8Array; records: number }
  | { type: 'progress'; bytes: number }
  | { type: 'end'; stats: ReturnType<typeof newStats>; issues: Issue[] };

const BATCH_BYTES = 1 << 20;
/** Batches a job may have waiting for the writer; the worker blocks beyond that (memory stays flat on slow output). */
export const MAX_IN_FLIGHT = 4;

/** Blocks while the writer has MAX_IN_FLIGHT of this job's batches, then counts one more. */
function waitForRoom(inFlight: Int32Array): void {
  for (let n = Atomics.load(inFlight, 0); n >= MAX_IN_FLIGHT; n = Atomics.load(inFlight, 0))
    Atomics.wait(inFlight, 0, n, 1000);
  Atomics.add(inFlight, 0, 1);
}

/** One renderer per thread: its scratch is reused from job to job. */
let json: JsonRenderer | undefined;

/**
 * The rendered records of a job, in batches of about BATCH_BYTES. Each batch is a buffer of its own,
 * handed over; with `reuse`, that sink's buffer is written over for every batch (the caller is done with a
 * batch when it asks for the next: blocking writes), and memory does not wait for the collector.
 */
export function* dumpBatches(
  job: DumpJob,
  issues: Issue[],
  stats: ReturnType<typeof newStats>,
  onProgress?: (bytes: number) => void,
  reuse?: ByteSink,
): Generator<{ bytes: Uint8Array; records: number }> {
  const out = reuse ?? new ByteSink(1 << 16); // grows to a batch's size when the records are there
  const take = (): Uint8Array => {
    if (!reuse) return out.detach();
    const bytes = out.buf.subarray(0, out.pos);
    out.pos = 0;
    return bytes;
  };
  json ??= new JsonRenderer();
  const opts = { chunkFrom: job.chunkFrom, chunkTo: job.chunkTo, onProgress };
  let n = 0;
  for (const rec of readEvtxRecords(job.file, issues, stats, opts)) {
    if (job.skipRecovered && rec.recovered) continue;
    if (job.format === 'xml') out.raw(recordToXml(recordTree(rec.tokens)!));
    else json.write(rec, out);
    out.byte(0x0a);
    n++;
    if (out.pos >= BATCH_BYTES) {
      yield { bytes: take(), records: n };
      n = 0;
    }
  }
  if (n) yield { bytes: take(), records: n };
}

/** Runs a dump job in a worker; batches are posted with their buffers transferred, not copied. */
export function dumpJob(job: DumpJob, post: (m: DumpMessage, transfer?: ArrayBuffer[]) => void): void {
  const issues: Issue[] = [];
  const stats = newStats();
  const inFlight = job.inFlight ? new Int32Array(job.inFlight) : undefined;
  let lastBytes = 0;
  const onProgress = (bytes: number): void => {
    post({ type: 'progress', bytes: bytes - lastBytes });
    lastBytes = bytes;
  };
  for (const b of dumpBatches(job, issues, stats, onProgress)) {
    if (inFlight) waitForRoom(inFlight);
    post({ type: 'out', bytes: b.bytes, records: b.records }, [b.bytes.buffer as ArrayBuffer]);
  }
  post({ type: 'end', stats, issues });
}
