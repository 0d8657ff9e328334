/**
 * Worker thread entry: receives batches of jobs from pool.ts and dispatches each by `kind` to the
 * handlers registered in jobs.ts, a few at a time. A handler posts any number of messages and returns
 * when done; an error it throws is reported with its code (KonsekiError) so the CLI can print it.
 * With `postAcked` a handler waits while too many messages of this worker are not yet answered by
 * the main thread (backpressure: the readers slow down instead of filling memory).
 */
import '../core/regex-safety.ts';
import { parentPort } from 'node:worker_threads';
import { KonsekiError } from '../core/issue.ts';
import { BATCH_CONCURRENCY } from '../app/pool.ts';
import { handlers } from './jobs.ts';

interface JobBatch {
  type: 'jobs';
  items: Array<{ id: number; job: { kind: string } }>;
}

const port = parentPort;
/** messages posted and not yet answered by the main thread (`ack`), and who waits for an answer */
let unanswered = 0;
const waiting: Array<() => void> = [];

/** Resolves once fewer than `limit` posted messages are unanswered. */
function credit(limit: number): Promise<void> {
  return new Promise((resolve) => {
    const check = (): void => {
      if (unanswered < limit) resolve();
      else waiting.push(check);
    };
    check();
  });
}

async function run(id: number, job: { kind: string }): Promise<void> {
  if (!port) return;
  const post = (msg: unknown, transfer?: ArrayBuffer[]): void =>
    port.postMessage({ type: 'msg', id, msg }, transfer ?? []);
  /** posts a message the main thread will answer, then waits while `limit` are unanswered */
  const postAcked = async (msg: unknown, limit: number): Promise<void> => {
    unanswered++;
    post(msg);
    await credit(limit);
  };
  try {
    const h = handlers[job.kind];
    if (!h) throw new Error(`unknown job kind ${job.kind}`);
    await (h as (job: unknown, post: unknown, postAcked: unknown) => unknown)(job, post, postAcked);
    port.postMessage({ type: 'done', id });
  } catch (e) {
    // a KonsekiError keeps its code and parameters across the thread boundary (the CLI prints it localized)
    const k = e instanceof KonsekiError ? { code: e.code, params: e.params } : {};
    port.postMessage({ type: 'fail', id, error: (e as Error)?.stack ?? String(e), ...k });
  }
}

if (port) {
  port.on('message', async (m: JobBatch | { type: 'ack' }) => {
    if (m.type === 'ack') {
      unanswered--;
      for (const w of waiting.splice(0)) w();
      return;
    }
    if (m.type !== 'jobs') return;
    const batch = m as JobBatch;
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < batch.items.length) {
        const { id, job } = batch.items[next++]!;
        await run(id, job);
      }
    };
    await Promise.all(Array.from({ length: Math.min(BATCH_CONCURRENCY, batch.items.length) }, lane));
  });
}
