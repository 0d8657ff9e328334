/**
 * Worker thread entry: receives jobs from pool.ts and dispatches them by `kind` to the handlers
 * registered in jobs.ts. A handler posts any number of messages and returns when done.
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
if (port) {
  port.on('message', async (m: JobEnvelope) => {
    if (m.type !== 'job') return;
    const post = (msg: unknown, transfer?: ArrayBuffer[]): void =>
      port.postMessage({ type: 'msg', id: m.id, msg }, transfer ?? []);
    try {
      const h = handlers[m.job.kind];
      if (!h) throw new Error(`unknown job kind ${m.job.kind}`);
      await (h as (job: unknown, post: unknown) => unknown)(m.job, post);
      port.postMessage({ type: 'done', id: m.id });
    } catch (e) {
      port.postMessage({ type: 'fail', id: m.id, error: (e as Error)?.stack ?? String(e) });
    }
  });
}
