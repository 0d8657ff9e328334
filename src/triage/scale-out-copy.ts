/**
 * The rows of a ClickHouse case, for the files read completely, into an embedded store: streamed table
 * by table and loaded in batches (batch.ts), so memory stays bounded whatever the case's size.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClickHouseStore } from '../store/clickhouse/store.ts';
import { clickHouseToBatch } from '../store/clickhouse/tsv.ts';
import { columnsOf, JSON_COLUMNS, type TableName } from '../store/schema.ts';
import type { Store } from '../store/store.ts';

const COPIED: TableName[] = ['events', 'net', 'detections', 'correlation_inputs', 'file_findings', 'issues', 'files'];
const BATCH_BYTES = 16 << 20;

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

/** Copies the case's rows of completely read files; returns the rows copied. */
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
    let lines: string[] = [];
    let bytes = 0;
    const flush = async (): Promise<void> => {
      if (!lines.length) return;
      const file = join(work, `copy-${n++}.tsv`);
      writeFileSync(file, `${lines.join('\n')}\n`);
      lines = [];
      bytes = 0;
      total += await local.loadBatch(table, file, json);
      rmSync(file, { force: true });
    };
    const where = table === 'files' ? `status = 'done'` : table === 'detections' ? `${done} AND seq IS NOT NULL` : done;
    const select = `SELECT ${cols.map(([c]) => `\`${c}\``).join(', ')} FROM ${table} WHERE ${where}`;
    for await (const line of ch.streamTsv(select)) {
      const l = convert(line);
      lines.push(l);
      bytes += l.length;
      if (bytes >= BATCH_BYTES) await flush();
    }
    await flush();
  }
  return total;
}
