/** The table of job kinds a worker can run (worker threads start in entry.ts, a program of its own like the CLI). Each pipeline adds its handler here. */
import { dumpJob } from '../sources/evtx/dump-job.ts';
import { triageJob } from '../triage/job.ts';
import { scanJob } from '../scan/job.ts';

export type Post = (msg: unknown, transfer?: ArrayBuffer[]) => void;
export type JobHandler = (job: never, post: Post) => void | Promise<void>;

export const handlers: Record<string, JobHandler> = {
  'evtx-dump': dumpJob as JobHandler,
  'triage-file': triageJob as JobHandler,
  'scan-file': scanJob as JobHandler,
};
