/**
 * Network logs read through konseki's readers into a fresh case store (events and their network view,
 * as triage writes them), for tests and benchmarks of the network analyses without the CLI.
 */
import { gatherTimeEvidence } from '../../src/app/time-evidence.ts';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import {
  NetRows,
  networkContext,
  networkOptions,
  type NetworkOptionsInput,
} from '../../src/analytics/network/index.ts';
import type { Issue } from '../../src/core/issue.ts';
import { newReadStats, type NetworkReader } from '../../src/sources/network/index.ts';
import { BatchWriter } from '../../src/store/batch.ts';
import { CaseStore } from '../../src/store/duckdb.ts';
import { columnsOf } from '../../src/store/schema.ts';
import { eventRow } from '../../src/triage/job.ts';

export interface NetStore {
  store: CaseStore;
  events: number;
  lines: number;
  skipped: number;
  readers: Record<string, string>;
  close(): void;
}

/** Reads `files` (each with the reader `pick` chooses) into a new store in a temporary directory. */
export async function networkStore(
  files: string[],
  pick: (path: string) => NetworkReader | undefined,
  options: NetworkOptionsInput,
  issues: Issue[],
  timeZone = options.timeZone ?? 'UTC',
): Promise<NetStore> {
  const dir = mkdtempSync(join(tmpdir(), 'konseki-netstore-'));
  const store = await CaseStore.open(join(dir, 'case.duckdb'), { fresh: true });
  const rows = new NetRows(networkContext(networkOptions(options)));
  const ev = new BatchWriter(columnsOf('events'), ['fields']);
  const net = new BatchWriter(columnsOf('net'));
  let n = 0;
  const flush = async (): Promise<void> => {
    for (const [table, w] of [
      ['events', ev],
      ['net', net],
    ] as const) {
      if (!w.rows) continue;
      const f = join(dir, `${table}-${n++}.tsv`);
      writeFileSync(f, w.take());
      await store.loadBatch(table, f);
      rmSync(f);
    }
  };
  let events = 0;
  let lines = 0;
  let skipped = 0;
  const readers: Record<string, string> = {};
  // the years of year-less logs from the dated ones, as triage does
  const time = await gatherTimeEvidence(
    files.map((path) => ({
      path,
      display: path,
      reader: pick(path)?.id ?? '',
      mtimeUs: statSync(path).mtimeMs * 1000,
    })),
    false,
  );
  for (const path of files) {
    const reader = pick(path);
    if (!reader) throw new Error(`no reader for ${path}`);
    readers[basename(path)] = reader.id;
    const stats = newReadStats();
    const ctx = {
      issues,
      displayPath: path,
      mtimeUs: statSync(path).mtimeMs * 1000,
      timeZone,
      yearAnchor: time.anchors.get(path),
    };
    let seq = 0;
    for await (const e of reader.readWithStats(path, ctx, stats)) {
      events++;
      ev.add(eventRow(e, seq, false));
      const r = rows.row(e, seq);
      if (r) net.add(r);
      seq++;
      if (ev.rows >= 50_000) await flush();
    }
    lines += stats.lines;
    skipped += stats.skipped;
  }
  await flush();
  return {
    store,
    events,
    lines,
    skipped,
    readers,
    close: () => {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
