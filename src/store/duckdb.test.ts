import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaseStore } from './duckdb.ts';

describe('CaseStore (DuckDB)', () => {
  it('bulk-loads NDJSON rows and answers SQL over them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'konseki-store-'));
    const store = await CaseStore.open(join(dir, 'case.duckdb'), true);
    const rows = [
      {
        ts: 1_600_000_000_000_000,
        host: 'PC1',
        format: 'evtx',
        file: "a'b.evtx",
        record: 1,
        event_id: 4625,
        channel: 'Security',
        fields: { IpAddress: '10.0.0.5' },
      },
      {
        ts: 1_600_000_001_000_000,
        host: 'PC1',
        format: 'evtx',
        file: "a'b.evtx",
        record: 2,
        event_id: 4625,
        channel: 'Security',
        fields: { IpAddress: '10.0.0.5' },
      },
      {
        ts: 1_600_000_002_000_000,
        host: 'PC2',
        format: 'evtx',
        file: 'c.evtx',
        record: 3,
        event_id: 4624,
        channel: 'Security',
        fields: { IpAddress: '10.0.0.6' },
      },
    ];
    const file = join(dir, "events'.ndjson");
    writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    expect(await store.loadNdjson('events', file)).toBe(3);
    const byHost = await store.query(
      `SELECT host, count(*) AS n, max(fields->>'IpAddress') AS ip FROM events GROUP BY host ORDER BY host`,
    );
    expect(byHost).toEqual([
      { host: 'PC1', n: '2', ip: '10.0.0.5' },
      { host: 'PC2', n: '1', ip: '10.0.0.6' },
    ]);
    const t = await store.query(`SELECT strftime(time, '%Y-%m-%d') AS d FROM events_t LIMIT 1`);
    expect(t[0]!.d).toBe('2020-09-13');
    store.close();
  });
});
