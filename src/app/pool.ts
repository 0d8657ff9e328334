/**
 * A small worker-thread pool for coarse jobs (a file, or a range of chunks of a file) that stream
 * many messages back. Jobs run in parallel; `onMessage` sees each message as it arrives, with the
 * job's index, so callers can reorder output. Plain worker_threads: per-task overhead is microseconds,
 * and a job may post any number of batches (measured against piscina and tinypool when the pool was chosen:
 * a pool of generic tasks adds per-task overhead and does not stream results back).
 *
 * Small jobs travel in batches: a worker gets up to BATCH_JOBS consecutive jobs whose weights (e.g.
 * file sizes, `weightOf`) stay under BATCH_WEIGHT in one message and runs a few of them at a time, so
 * an archive of 100 000 small logs costs neither 100 000 round trips nor 100 000 waits for a read.
 * An error a job throws reaches the caller with its code when it is a KonsekiError.
 */
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { KonsekiError } from '../core/issue.ts';
import { dynamicKey } from '../i18n/index.ts';

export interface JobMessage {
  job: number;
  msg: unknown;
}
export interface PoolOptions {
  threads?: number;
  onMessage: (job: number, msg: unknown) => void;
  /** called when a job ends (its last message has been delivered) */
  onJobDone?: (job: number) => void;
  /** data every worker receives once at start (e.g. parsed rules), read with workerInit() */
  init?: unknown;
  /** the size of a job (bytes of its file); jobs without a weight are sent one at a time */
  weightOf?: (job: unknown) => number;
}

/** At most this many jobs in one batch, of at most this total weight; jobs heavier than SMALL_JOB go alone. */
export const BATCH_JOBS = 64;
export const BATCH_WEIGHT = 4 << 20;
const SMALL_JOB = 256 << 10;

/** Jobs of a batch a worker runs at the same time (small jobs mostly wait for their file). */
export const BATCH_CONCURRENCY = 4;

export function defaultThreads(): number {
  return Math.max(1, Math.min(availableParallelism(), 16));
}

/**
 * The worker script: the bundled dist/worker.mjs; from source (tests, tsx), a bootstrap that registers
 * tsx in the worker and then loads the TypeScript entry (`--import tsx` in a worker's execArgv is not
 * applied to its entry by Node 20).
 */
export function workerUrl(): { url: URL | string; execArgv: string[]; eval?: boolean } {
  const self = import.meta.url;
  if (!self.endsWith('.ts')) return { url: new URL('./worker.mjs', self), execArgv: [] };
  const entry = new URL('../worker/entry.ts', self).href;
  const api =
    typeof import.meta.resolve === 'function'
      ? import.meta.resolve('tsx/esm/api')
      : pathToFileURL(
          createRequire(self)
            .resolve('tsx/esm/api')
            .replace(/\.cjs$/, '.mjs'),
        ).href;
  const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return { url: boot, execArgv: [], eval: true };
}

interface WorkerReply {
  type: string;
  id: number;
  msg?: unknown;
  error?: string;
  code?: string;
  params?: Record<string, string | number>;
}

/** Runs `jobs` (structured-cloneable descriptions handled by src/worker/entry.ts) on `threads` workers. */
export function runPool(jobs: unknown[], opts: PoolOptions): Promise<void> {
  const threads = Math.max(1, Math.min(opts.threads ?? defaultThreads(), jobs.length));
  if (jobs.length === 0) return Promise.resolve();
  const { url, execArgv, eval: isEval } = workerUrl();
  const weight = (i: number): number => (opts.weightOf ? opts.weightOf(jobs[i]) : Number.POSITIVE_INFINITY);
  let next = 0;
  let running = 0;
  /** the next batch: one job, or consecutive small ones */
  const take = (): number[] => {
    const ids = [next++];
    let total = weight(ids[0]!);
    if (total > SMALL_JOB) return ids;
    while (next < jobs.length && ids.length < BATCH_JOBS) {
      const w = weight(next);
      if (w > SMALL_JOB || total + w > BATCH_WEIGHT) break;
      total += w;
      ids.push(next++);
    }
    return ids;
  };
  return new Promise((resolve, reject) => {
    const workers: Worker[] = [];
    let failed = false;
    /** the jobs a worker has not finished */
    const pending = new Map<Worker, Set<number>>();
    const start = (w: Worker): void => {
      if (next >= jobs.length) {
        pending.delete(w);
        void w.terminate();
        if (running === 0) resolve();
        return;
      }
      const ids = take();
      running += ids.length;
      pending.set(w, new Set(ids));
      w.postMessage({ type: 'jobs', items: ids.map((id) => ({ id, job: jobs[id] })) });
    };
    for (let i = 0; i < threads; i++) {
      const w = new Worker(url, {
        execArgv,
        eval: isEval,
        stdout: false,
        stderr: false,
        workerData: { init: opts.init },
      });
      workers.push(w);
      w.on('message', (m: WorkerReply) => {
        if (m.type === 'msg') opts.onMessage(m.id, m.msg);
        else if (m.type === 'done') {
          running--;
          opts.onJobDone?.(m.id);
          const left = pending.get(w);
          left?.delete(m.id);
          if (!left?.size) start(w);
        } else if (m.type === 'fail') {
          fail(
            m.code
              ? new KonsekiError(dynamicKey(m.code), m.params ?? {})
              : new Error(`worker job ${m.id} failed: ${m.error}`),
          );
        }
      });
      w.on('error', (e) => fail(e));
      w.on('exit', (code) => {
        // a worker that dies mid-job (out of memory, native crash) fails the run rather than hanging it
        const left = pending.get(w);
        if (left?.size && !failed) fail(new Error(`worker exited with code ${code} during job ${[...left][0]}`));
      });
      start(w);
    }
    function fail(e: Error): void {
      if (failed) return;
      failed = true;
      for (const w of workers) void w.terminate();
      reject(e);
    }
  });
}
