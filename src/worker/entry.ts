/**
 * Worker thread entry: receives jobs from pool.ts and dispatches them by `kind` to the handlers
 * registered in jobs.ts. A handler posts any number of messages and returns when done; with `postAcked`
 * it waits while too many of its messages are not yet answered by the main thread (backpressure).
 */
import '../core/regex-safety.ts';
import { parentPort } from 'node:worker_threads';
import { handlers } from './jobs.ts';

interface JobEnvelope {
  type: 'job';
  id: number;
  job: { kind: string };
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

if (port) {
  port.on('message', async (m: JobEnvelope | { type: 'ack' }) => {
    if (m.type === 'ack') {
      unanswered--;
      for (const w of waiting.splice(0)) w();
      return;
    }
    if (m.type !== 'job') return;
    const job = m as JobEnvelope;
    const post = (msg: unknown, transfer?: ArrayBuffer[]): void =>
      port.postMessage({ type: 'msg', id: job.id, msg }, transfer ?? []);
    /** posts a message the main thread will answer, then waits while `limit` are unanswered */
    const postAcked = async (msg: unknown, limit: number): Promise<void> => {
      unanswered++;
      post(msg);
      await credit(limit);
    };
    try {
      const h = handlers[job.job.kind];
      if (!h) throw new Error(`unknown job kind ${job.job.kind}`);
      await (h as (job: unknown, post: unknown, postAcked: unknown) => unknown)(job.job, post, postAcked);
      port.postMessage({ type: 'done', id: job.id });
    } catch (e) {
      port.postMessage({ type: 'fail', id: job.id, error: (e as Error)?.stack ?? String(e) });
    }
  });
}
