import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BatchWriter, cleanJson } from './batch.ts';
import { CaseStore } from './duckdb.ts';
import { columnsOf } from './schema.ts';

describe('CaseStore (DuckDB)', () => {
  it('loads batches of tab-separated rows and answers SQL over them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'konseki-store-'));
    const store = await CaseStore.open(join(dir, 'case.duckdb'), { fresh: true, memoryLimit: '256MB' });
    const w = new BatchWriter(columnsOf('events'), ['fields']);
    const ev = (ts: number, host: string, file: string, seq: number, eid: number, fields: object): unknown[] => [
      ts,
      host,
      'evtx',
      file,
      seq,
      seq + 1,
      null,
      null,
      'windows',
      null,
      'security',
      'Security',
      eid,
      true,
      cleanJson(fields),
    ];
    w.add(ev(1_600_000_000_000_000, 'PC1', "a'b.evtx", 0, 4625, { IpAddress: '10.0.0.5' }));
    w.add(ev(1_600_000_001_000_000, 'PC1', "a'b.evtx", 1, 4625, { IpAddress: '10.0.0.5', Note: 'tab\there\nnewline' }));
    // hostile strings: control characters, the NULL marker itself, the escape marker, a lone surrogate
    w.add(ev(1_600_000_002_000_000, 'PC\t2\r\n', '\\N', 2, 4624, { IpAddress: '10.0.0.6', Odd: '\ud800x' }));
    w.add(ev(1_600_000_003_000_000, '\x01{"x"}', 'big.evtx', 3, 4104, { ScriptBlockText: 'A'.repeat(3 << 20) }));
    const file = join(dir, "events'.tsv");
    writeFileSync(file, w.take());
    expect(await store.loadBatch('events', file)).toBe(4);
    const byHost = await store.query(
      `SELECT host, file, count(*) AS n, max(fields->>'IpAddress') AS ip, max(length(fields->>'ScriptBlockText')) AS big
         FROM events GROUP BY host, file ORDER BY host`,
    );
    expect(byHost).toEqual([
      { host: '\x01{"x"}', file: 'big.evtx', n: '1', ip: null, big: String(3 << 20) },
      // byte order: the tab sorts before '1'
      { host: 'PC\t2\r\n', file: '\\N', n: '1', ip: '10.0.0.6', big: null },
      { host: 'PC1', file: "a'b.evtx", n: '2', ip: '10.0.0.5', big: null },
    ]);
    const odd = await store.query(
      `SELECT fields->>'Odd' AS o, fields->>'Note' AS n FROM events WHERE seq IN (1, 2) ORDER BY seq`,
    );
    expect(odd).toEqual([
      { o: null, n: 'tab\there\nnewline' },
      { o: '\ufffdx', n: null },
    ]);
    const t = await store.query(`SELECT strftime(time, '%Y-%m-%d') AS d FROM events_t LIMIT 1`);
    expect(t[0]!.d).toBe('2020-09-13');
    await store.insert('detections', [
      [1, 'r1', 'Rule', 'high', null, ['attack.t1110', 'x'], 'r.yml', 'PC1', 'Security', '4625', 2, 'f', 0, 'd', null],
    ]);
    expect(await store.query(`SELECT tags, record_id FROM detections`)).toEqual([
      { tags: ['attack.t1110', 'x'], record_id: '2' },
    ]);
    store.close();
  });
});
