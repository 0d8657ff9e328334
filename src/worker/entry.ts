/**
 * Worker thread entry: receives batches of jobs from pool.ts and dispatches each by `kind` to the
 * handlers registered in jobs.ts, a few at a time. A handler posts any number of messages and returns
 * when done; an error it throws is reported with its code (KonsekiError) so the CLI can print it.
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

async function run(id: number, job: { kind: string }): Promise<void> {
  if (!port) return;
  const post = (msg: unknown, transfer?: ArrayBuffer[]): void =>
    port.postMessage({ type: 'msg', id, msg }, transfer ?? []);
  try {
    const h = handlers[job.kind];
    if (!h) throw new Error(`unknown job kind ${job.kind}`);
    await (h as (job: unknown, post: unknown) => unknown)(job, post);
    port.postMessage({ type: 'done', id });
  } catch (e) {
    // a KonsekiError keeps its code and parameters across the thread boundary (the CLI prints it localized)
    const k = e instanceof KonsekiError ? { code: e.code, params: e.params } : {};
    port.postMessage({ type: 'fail', id, error: (e as Error)?.stack ?? String(e), ...k });
  }
}

if (port) {
  port.on('message', async (m: JobBatch) => {
    if (m.type !== 'jobs') return;
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < m.items.length) {
        const { id, job } = m.items[next++]!;
        await run(id, job);
      }
    };
    await Promise.all(Array.from({ length: Math.min(BATCH_CONCURRENCY, m.items.length) }, lane));
  });
}
