/**
 * The worker pool with real workers (started from the TypeScript sources): small jobs travel in
 * batches and each still reports exactly once, and an error a job throws keeps its code across the
 * thread boundary (so the CLI prints a message, not "unexpected error").
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPool } from '../../src/app/pool.ts';
import { KonsekiError } from '../../src/core/issue.ts';
import type { ScanJob, ScanMessage } from '../../src/scan/job.ts';

function logs(n: number): string[] {
  const d = mkdtempSync(join(tmpdir(), 'konseki-pool-'));
  return Array.from({ length: n }, (_, i) => {
    const p = join(d, `auth${i}.log`);
    writeFileSync(p, `Oct 14 10:00:00 web01 sshd[${i}]: Failed password for u${i} from 10.0.0.9 port 22 ssh2\n`);
    return p;
  });
}

const job = (path: string, search: ScanJob['search']): ScanJob => ({
  kind: 'scan-file',
  path,
  display: path,
  reader: 'syslog',
  mtimeUs: Date.UTC(2026, 11, 1) * 1000,
  mode: 'search',
  search,
});

describe('worker pool', () => {
  it('runs 300 small jobs in batches; every job ends once and its messages carry its index', async () => {
    const files = logs(300);
    const jobs = files.map((p) => job(p, { keywords: [], and: false, ignoreCase: true, fields: [] }));
    const ends = new Array(jobs.length).fill(0);
    const hits: string[] = [];
    const batches: number[] = [];
    await runPool(jobs, {
      threads: 2,
      weightOf: () => 100,
      onMessage(i, msg) {
        const m = msg as ScanMessage;
        if (m.type === 'end') ends[i]++;
        else if (m.type === 'events') for (const e of m.events) hits.push(`${i}:${e.source.file}`);
      },
      onJobDone: (i) => batches.push(i),
    });
    expect(ends.every((n) => n === 1)).toBe(true);
    expect(hits.sort()).toEqual(files.map((f, i) => `${i}:${f}`).sort());
    expect(batches.sort((a, b) => a - b)).toEqual(jobs.map((_, i) => i));
  });

  it('rejects with the KonsekiError a job threw in its worker', async () => {
    const [file] = logs(1);
    const bad = job(file!, { keywords: [], and: false, ignoreCase: true, fields: ['foo'] });
    const err = await runPool([bad], { threads: 1, onMessage() {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KonsekiError);
    expect((err as KonsekiError).code).toBe('search.bad_field');
    expect((err as KonsekiError).params).toEqual({ value: 'foo' });
  });
});
