/**
 * The rows of a ClickHouse case, for the files read completely, into an embedded store: streamed table
 * by table and loaded in batches (batch.ts), so memory stays bounded whatever the case's size.
 */
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { ClickHouseStore } from '../store/clickhouse/store.ts';
import { clickHouseToBatch } from '../store/clickhouse/tsv.ts';
import { columnsOf, JSON_COLUMNS, type TableName } from '../store/schema.ts';
import type { Store } from '../store/store.ts';

const COPIED: TableName[] = ['events', 'net', 'detections', 'correlation_inputs', 'file_findings', 'issues', 'files'];
/** a batch file per load: DuckDB's cost per statement is high, one per ~64 MiB keeps it small */
const BATCH_BYTES = 64 << 20;
const CHUNK_BYTES = 1 << 20;

/** Waits for the deletions (mutations) still running on the case's tables, on every shard. */
export async function settle(ch: ClickHouseStore, timeoutMs = 120_000): Promise<void> {
  const from = ch.cluster ? `cluster(${ch.dialect.str(ch.cluster)}, system, mutations)` : 'system.mutations';
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const [r] = await ch.query(
      `SELECT count() AS n FROM ${from} WHERE database = ${ch.dialect.str(ch.database)} AND is_done = 0`,
    );
    if (!Number(r?.n)) return;
    await new Promise((res) => setTimeout(res, 200));
  }
}

/**
 * Copies the case's rows of completely read files; returns the rows copied. Lines go to a batch file
 * (a few MiB of memory at a time); each full file is loaded while the next one is being streamed.
 */
export async function copyCase(ch: ClickHouseStore, local: Store, work: string): Promise<number> {
  await settle(ch);
  let total = 0;
  let n = 0;
  // GLOBAL: the list of done files is gathered once and sent to every shard (no Distributed-in-Distributed)
  const done = `file GLOBAL IN (SELECT file FROM files WHERE status = 'done')`;
  for (const table of COPIED) {
    const cols = columnsOf(table);
    const json = JSON_COLUMNS[table] ?? [];
    const convert = clickHouseToBatch(cols, json);
    const t0 = performance.now();
    let loadMs = 0;
    let loading: Promise<void> = Promise.resolve();
    let file = '';
    let fd = -1;
    let chunk: string[] = [];
    let chunkBytes = 0;
    let fileBytes = 0;
    const writeChunk = (): void => {
      if (!chunk.length) return;
      if (fd < 0) {
        file = join(work, `copy-${n++}.tsv`);
        fd = openSync(file, 'w');
      }
      writeSync(fd, `${chunk.join('\n')}\n`);
      chunk = [];
      chunkBytes = 0;
    };
    const flush = async (): Promise<void> => {
      writeChunk();
      if (fd < 0) return;
      closeSync(fd);
      fd = -1;
      fileBytes = 0;
      const f = file;
      await loading; // one load at a time, overlapping the streaming of the next file
      loading = (async () => {
        const l0 = performance.now();
        total += await local.loadBatch(table, f, json);
        loadMs += performance.now() - l0;
        rmSync(f, { force: true });
      })();
    };
    const where = table === 'files' ? `status = 'done'` : table === 'detections' ? `${done} AND seq IS NOT NULL` : done;
    const select = `SELECT ${cols.map(([c]) => `\`${c}\``).join(', ')} FROM ${table} WHERE ${where}`;
    try {
      for await (const line of ch.streamTsv(select)) {
        const l = convert(line);
        chunk.push(l);
        chunkBytes += l.length;
        fileBytes += l.length;
        if (chunkBytes >= CHUNK_BYTES) writeChunk();
        if (fileBytes >= BATCH_BYTES) await flush();
      }
      await flush();
    } finally {
      if (fd >= 0) closeSync(fd);
      await loading;
    }
    if (process.env.KONSEKI_TIMING)
      process.stderr.write(
        `[timing] copy ${table}: ${((performance.now() - t0) / 1000).toFixed(2)} s (loading ${(loadMs / 1000).toFixed(2)} s)\n`,
      );
  }
  return total;
}
