/**
 * A small worker-thread pool for coarse jobs (a file, or a range of chunks of a file) that stream
 * many messages back. Jobs run in parallel; `onMessage` sees each message as it arrives, with the
 * job's index, so callers can reorder output. Plain worker_threads: per-task overhead is microseconds,
 * and a job may post any number of batches (measured against piscina and tinypool when the pool was chosen:
 * a pool of generic tasks adds per-task overhead and does not stream results back).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

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
}

export function defaultThreads(): number {
  return Math.max(1, Math.min(availableParallelism(), 16));
}

/** The worker script: the bundled dist/worker.mjs, or the TypeScript entry under tsx when run from source. */
export function workerUrl(): { url: URL; execArgv: string[] } {
  const self = import.meta.url;
  if (self.endsWith('.ts')) return { url: new URL('../worker/entry.ts', self), execArgv: ['--import', 'tsx'] };
  return { url: new URL('./worker.mjs', self), execArgv: [] };
}

/** Runs `jobs` (structured-cloneable descriptions handled by src/worker/entry.ts) on `threads` workers. */
export function runPool(jobs: unknown[], opts: PoolOptions): Promise<void> {
  const threads = Math.max(1, Math.min(opts.threads ?? defaultThreads(), jobs.length));
  if (jobs.length === 0) return Promise.resolve();
  const { url, execArgv } = workerUrl();
  let next = 0;
  let running = 0;
  return new Promise((resolve, reject) => {
    const workers: Worker[] = [];
    let failed = false;
    const current = new Map<Worker, number | undefined>();
    const start = (w: Worker): void => {
      if (next >= jobs.length) {
        current.set(w, undefined);
        void w.terminate();
        if (running === 0) resolve();
        return;
      }
      const id = next++;
      running++;
      current.set(w, id);
      w.postMessage({ type: 'job', id, job: jobs[id] });
    };
    for (let i = 0; i < threads; i++) {
      const w = new Worker(url, { execArgv, stdout: false, stderr: false, workerData: { init: opts.init } });
      workers.push(w);
      w.on('message', (m: { type: string; id: number; msg?: unknown; error?: string }) => {
        if (m.type === 'msg') opts.onMessage(m.id, m.msg);
        else if (m.type === 'done') {
          running--;
          opts.onJobDone?.(m.id);
          start(w);
        } else if (m.type === 'fail') {
          fail(new Error(`worker job ${m.id} failed: ${m.error}`));
        }
      });
      w.on('error', (e) => fail(e));
      w.on('exit', (code) => {
        // a worker that dies mid-job (out of memory, native crash) fails the run rather than hanging it
        const id = current.get(w);
        if (id !== undefined && !failed) fail(new Error(`worker exited with code ${code} during job ${id}`));
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
