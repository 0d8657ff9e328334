/** Worker job for the side commands: read one file and search it or count it. */
import type { Event } from '../core/event.ts';
import { issue, type Issue } from '../core/issue.ts';
import { TimeCheck } from '../core/event-time.ts';
import { readerById } from '../app/readers.ts';
import { Metrics, metricKey, type MetricRow, type MetricsBy } from './metrics.ts';
import { compileSearch, type SearchSpec } from './search.ts';

export interface ScanJob {
  kind: 'scan-file';
  path: string;
  display: string;
  reader: string;
  mtimeUs: number;
  mode: 'search' | 'metrics' | 'events';
  search?: SearchSpec;
  metricsBy?: MetricsBy;
  /** for mode 'events': only events whose EventID is in this list (all when absent) */
  eventIds?: number[];
}

export type ScanMessage =
  | { type: 'events'; events: Event[] }
  | { type: 'metrics'; rows: MetricRow[] }
  | { type: 'end'; events: number; issues: Issue[] };

export async function scanJob(job: ScanJob, post: (m: ScanMessage) => void): Promise<void> {
  const issues: Issue[] = [];
  const reader = readerById(job.reader);
  if (!reader) {
    post({
      type: 'end',
      events: 0,
      issues: [issue('triage.read_failed', { file: job.display }, { reason: `no reader ${job.reader}` }, 'error')],
    });
    return;
  }
  const match = job.mode === 'search' && job.search ? compileSearch(job.search) : undefined;
  const ids = job.eventIds ? new Set(job.eventIds) : undefined;
  const metrics = new Metrics();
  let batch: Event[] = [];
  let n = 0;
  const times = new TimeCheck(job.display, issues);
  try {
    for await (const e of reader.read(job.path, { issues, displayPath: job.display, mtimeUs: job.mtimeUs })) {
      e.source.file = job.display;
      times.check(e);
      n++;
      if (job.mode === 'metrics') metrics.add(metricKey(e, job.metricsBy ?? 'eid'), e.ts);
      else if (match ? match(e) : !ids || ids.has(Number(e.fields.EventID))) {
        batch.push(e);
        if (batch.length >= 1000) {
          post({ type: 'events', events: batch });
          batch = [];
        }
      }
    }
  } catch (e) {
    issues.push(issue('triage.read_failed', { file: job.display }, { reason: (e as Error).message }, 'error'));
  }
  times.finish();
  if (batch.length) post({ type: 'events', events: batch });
  if (job.mode === 'metrics') post({ type: 'metrics', rows: [...metrics.rows.values()] });
  post({ type: 'end', events: n, issues });
}
