/** Runs scan jobs over evidence paths in the worker pool (side commands share this). */
import type { Event } from '../core/event.ts';
import type { Issue } from '../core/issue.ts';
import { KonsekiError } from '../core/issue.ts';
import { runPool } from '../app/pool.ts';
import { walkInputs } from '../core/walk.ts';
import { sniff } from '../app/readers.ts';
import { statSync } from 'node:fs';
import type { ScanJob, ScanMessage } from './job.ts';
import { Metrics } from './metrics.ts';

export interface ScanRequest extends Omit<ScanJob, 'kind' | 'path' | 'display' | 'reader' | 'mtimeUs'> {}

export interface ScanResult {
  events: Event[];
  metrics: Metrics;
  files: number;
  read: number;
  issues: Issue[];
}

export async function runScan(inputs: string[], req: ScanRequest, threads?: number): Promise<ScanResult> {
  const issues: Issue[] = [];
  const jobs: ScanJob[] = [];
  for (const path of walkInputs(inputs, issues)) {
    const reader = sniff(path);
    if (reader)
      jobs.push({
        kind: 'scan-file',
        path,
        display: path,
        reader: reader.id,
        mtimeUs: statSync(path).mtimeMs * 1000,
        ...req,
      });
  }
  if (!jobs.length) throw new KonsekiError('cli.no_inputs', { paths: inputs.join(', ') });
  const perJob: Event[][] = jobs.map(() => []);
  const metrics = new Metrics();
  let read = 0;
  await runPool(jobs, {
    threads,
    onMessage(job, msg) {
      const m = msg as ScanMessage;
      if (m.type === 'events') perJob[job]!.push(...m.events);
      else if (m.type === 'metrics') metrics.merge(m.rows);
      else {
        read += m.events;
        issues.push(...m.issues);
      }
    },
  });
  const events = perJob.flat().sort((a, b) => (a.ts || 0) - (b.ts || 0));
  return { events, metrics, files: jobs.length, read, issues };
}
