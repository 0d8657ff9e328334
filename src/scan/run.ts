/** Runs scan jobs over evidence paths in the worker pool (side commands share this). */
import type { Event } from '../core/event.ts';
import type { Issue } from '../core/issue.ts';
import { KonsekiError } from '../core/issue.ts';
import { runPool } from '../app/pool.ts';
import { walkFiles } from '../core/walk.ts';
import { sniff } from '../app/readers.ts';
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
  const sizes: number[] = [];
  for (const f of walkFiles(inputs, issues)) {
    const reader = sniff(f.path);
    if (!reader) continue;
    sizes.push(f.size);
    jobs.push({
      kind: 'scan-file',
      path: f.path,
      display: f.path,
      reader: reader.id,
      mtimeUs: f.mtimeMs * 1000,
      ...req,
    });
  }
  if (!jobs.length) throw new KonsekiError('cli.no_inputs', { paths: inputs.join(', ') });
  const perJob: Event[][] = jobs.map(() => []);
  const metrics = new Metrics();
  let read = 0;
  const weights = new Map<unknown, number>(jobs.map((j, i) => [j, sizes[i]!]));
  await runPool(jobs, {
    threads,
    weightOf: (j) => weights.get(j) ?? 0,
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
