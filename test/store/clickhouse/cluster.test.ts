/**
 * Scale-out on a real two-shard ClickHouse cluster (deploy/clickhouse/cluster.sh: clickhouse-server
 * 18.16 from Debian and ZooKeeper): parts of the evidence are ingested through each shard, the case is
 * analyzed, and what it writes is compared with embedded triage of the same evidence.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/store/store.ts';
import { ClickHouseStore } from '../../../src/store/clickhouse/store.ts';
import { parseStoreUrl } from '../../../src/store/clickhouse/url.ts';
import type { Dialect } from '../../../src/analytics/sql.ts';
import { CH_PASSWORD, clickhouseMissing, freeBase, TestCluster } from '../../support/clickhouse.ts';
import { konseki, startKonseki } from '../../support/cli.ts';
import { generateScenario } from '../../support/network-scenario/generate.ts';

const missing = clickhouseMissing();
const env = { KONSEKI_CLICKHOUSE_PASSWORD: CH_PASSWORD };

/** Every file under `dir`. */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

function verdicts(caseDir: string): Array<[string, string]> {
  const c = JSON.parse(readFileSync(join(caseDir, 'case.json'), 'utf8')) as {
    hosts?: Array<{ name: string; verdict: string }>;
  };
  return (c.hosts ?? []).map((h) => [h.name, h.verdict]);
}

/** The outputs that must not depend on the store: findings, both timelines, the verdicts. */
function expectSameCase(embedded: string, clustered: string): void {
  for (const f of ['findings.jsonl', 'timeline.csv', 'timeline.jsonl'])
    expect(readFileSync(join(clustered, f), 'utf8'), f).toBe(readFileSync(join(embedded, f), 'utf8'));
  expect(verdicts(clustered)).toEqual(verdicts(embedded));
}

/** No file of the case, no byte of the store, no line printed carries the password. */
function expectNoPassword(caseDir: string, ...printed: string[]): void {
  for (const f of filesUnder(caseDir)) expect(readFileSync(f).includes(CH_PASSWORD), f).toBe(false);
  for (const p of printed) expect(p.includes(CH_PASSWORD)).toBe(false);
}

/** A result value made comparable across engines: records as value lists, booleans and numbers as numbers. */
function norm(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(norm);
  if (v && typeof v === 'object') return Object.values(v).map(norm);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  return v;
}

function dialectQueries(d: Dialect): string[] {
  const order = 'ts, seq';
  const vals = d.values(
    [
      ['v', 'VARCHAR'],
      ['w', 'BIGINT'],
    ],
    [
      ['b.example', 2],
      ["o'brien", null],
    ],
  );
  const empty = d.values([['v', 'VARCHAR']], []);
  return [
    `SELECT src, ${d.list('dest', order)} AS l, ${d.list('dest', order, 2)} AS l2, ${d.firstK('dest', order, 2)} AS f,
      ${d.lastK('dest', order, 2)} AS la, ${d.argMin('dest', order)} AS amin, ${d.argMax('dest', order)} AS amax,
      ${d.countIf('b_out > 10')} AS ci, ${d.sumIf('b_out', 'b_out > 10')} AS si, ${d.countDistinct('dest')} AS cd,
      ${d.bitOr(d.shl('1', 'dst_port % 8'))} AS bo, ${d.every('src_int')} AS ev, ${d.any('src_int')} AS an,
      min(${d.idiv('ts', '7')}) AS idv, ${d.countIf(d.startsWith('dest', d.str('b.')))} AS sw,
      ${d.firstK(d.record({ f: 'file', s: 'seq', t: 'ts' }), order, 2)} AS refs
      FROM net GROUP BY src ORDER BY src`,
    `SELECT src, ${d.distinct('dest', 10)} AS ds FROM net GROUP BY src ORDER BY src`,
    `SELECT src, ${d.bag('dest')} AS bd, ${d.bag('b_out')} AS bb FROM net GROUP BY src ORDER BY src`,
    `SELECT v, w FROM ${vals} x ORDER BY v`,
    `SELECT count(*) AS n FROM net WHERE dest IN (SELECT v FROM ${vals} y)`,
    `SELECT count(*) AS n FROM ${empty} z`,
    `SELECT ${d.str("it's a \\ test")} AS s`,
  ];
}

describe.skipIf(!!missing)(`ClickHouse scale-out on two shards${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let dir = '';
  let cluster: TestCluster;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'konseki-ch-'));
    cluster = new TestCluster(join(dir, 'cluster'), await freeBase());
    cluster.start();
  }, 180_000);
  afterAll(() => {
    cluster?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('each dialect piece gives on ClickHouse 18.16 what it gives on DuckDB', async () => {
    const rows = [
      // ts, file, seq, src, src_int, dest, dst_port, b_out
      [3, 'a.log', 1, 'h1', true, 'b.example', 443, 20],
      [1, 'a.log', 2, 'h1', true, 'c.example', 80, 5],
      [1, 'a.log', 0, 'h1', false, 'b.example', 8443, 30],
      [7, 'b.log', 4, 'h2', null, "o'brien", 22, null],
      [5, 'b.log', 3, 'h2', true, 'x\ty', 3, 11.5],
    ];
    const cols = ['ts', 'file', 'seq', 'src', 'src_int', 'dest', 'dst_port', 'b_out'];
    const netCols = (await import('../../../src/analytics/network/index.ts')).NET_COLUMNS.map(([c]) => c);
    const full = rows.map((r) => netCols.map((c) => (cols.includes(c) ? r[cols.indexOf(c)] : null)));
    const duck = await openStore(join(dir, 'dialect.duckdb'), { fresh: true });
    const ch = await ClickHouseStore.open({
      target: parseStoreUrl(cluster.url(1, 'dialect', true)),
      caseId: 'pieces',
    });
    try {
      await duck.insert('net', full);
      await ch.insert('net', full);
      const dq = dialectQueries(duck.dialect);
      const cq = dialectQueries(ch.dialect);
      for (let i = 0; i < dq.length; i++) {
        let a = norm(await duck.query(dq[i]!)) as unknown[][];
        let b = norm(await ch.query(cq[i]!)) as unknown[][];
        if (i === 1) {
          // distinct values come in no particular order
          const sorted = (x: unknown[][]) => x.map(([k, l]) => [k, [...(l as string[])].sort()]);
          a = sorted(a);
          b = sorted(b);
        }
        if (i === 2) {
          // bags come in no particular order, but zipped they pair each row's values
          const zipped = (x: unknown[][]) =>
            x.map(([k, l, m]) => [k, (l as unknown[]).map((v, j) => JSON.stringify([v, (m as unknown[])[j]])).sort()]);
          a = zipped(a);
          b = zipped(b);
        }
        expect(b, cq[i]).toEqual(a);
      }
    } finally {
      duck.close();
      ch.close();
    }
  });

  it('rows with hostile strings come back from ClickHouse as they went in, by batch and by insert', async () => {
    const nasty = ["it's", 'a\\b', 'tab\there', 'line\nbreak', '\\N', '\u0001x', 'ｘ日本語', "=cmd|' /C calc'!A0"];
    // detections: tags (a list), details (text), seq (BIGINT); one row per awkward string
    const rows = nasty.map((x, i) => [
      i,
      `r${i}`,
      x,
      'high',
      null,
      [x, 'attack.t1059'],
      'f.yml',
      x,
      null,
      '4688',
      i,
      x,
      i,
      x,
      '{}',
    ]);
    const ch = await ClickHouseStore.open({ target: parseStoreUrl(cluster.url(2, 'k', true)), caseId: 'roundtrip' });
    try {
      await ch.insert('detections', rows);
      const { BatchWriter } = await import('../../../src/store/batch.ts');
      const { columnsOf } = await import('../../../src/store/schema.ts');
      const w = new BatchWriter(columnsOf('detections'));
      for (const r of rows) w.add(r.map((v, i) => (i === 0 ? Number(v) + 100 : v)));
      const file = join(dir, 'roundtrip.tsv');
      (await import('node:fs')).writeFileSync(file, w.take());
      expect(await ch.loadBatch('detections', file)).toBe(nasty.length);
      const back = await ch.query('SELECT ts, rule_title, tags, details FROM detections ORDER BY ts');
      const want = [...rows, ...rows.map((r) => [Number(r[0]) + 100, ...r.slice(1)])].map((r) => [
        r[0],
        r[2],
        r[5],
        r[13],
      ]);
      expect(back.map((r) => [Number(r.ts), r.rule_title, r.tags, r.details])).toEqual(want);
      // a case made on one server is not opened as a cluster's (nor the other way round)
      await expect(
        ClickHouseStore.open({
          target: parseStoreUrl(cluster.url(2, 'k', true)),
          caseId: 'roundtrip',
          cluster: 'konseki',
        }),
      ).rejects.toThrow(/clickhouse\.no_cluster/);
    } finally {
      ch.close();
    }
  });

  // hang guards: each command reads a few MiB (seconds of work); minutes only on a loaded 2-core machine
  it('network scenario: ingest through each shard, then analyze, writes what embedded triage writes', {
    timeout: 600_000,
  }, async () => {
    const ev = join(dir, 'net');
    const s = generateScenario(ev, { seed: 'clickhouse', clients: 150, sessionsPerHour: 0.05, days: 2 }).files;
    // the organisation's zone given: an ingest of part of the evidence must read times as triage of all of it
    const common = ['--timezone', 'Asia/Tokyo', '--org-timezone', 'Asia/Tokyo', '--no-builtin-rules', '-t', '2'];
    const lists = ['--ioc', s.iocs, '--policy', s.policy, '--allow', s.allow];
    const emb = join(dir, 'net-embedded');
    const t = konseki(['triage', s.proxy, s.dns, s.eve, s.firewall, '-o', emb, ...common, ...lists]);
    expect(t.code, t.stderr).toBe(0);

    const store = ['--case', 'net-1', '--cluster', 'konseki'];
    // shard 1 with the password from the environment, shard 2 with it in the URL
    const i1 = konseki(['ingest', s.proxy, s.dns, '--store', cluster.url(1, 'k'), ...store, ...common], env);
    expect(i1.code, i1.stderr).toBe(0);
    const i2 = konseki(['ingest', s.eve, s.firewall, '--store', cluster.url(2, 'k', true), ...store, ...common]);
    expect(i2.code, i2.stderr).toBe(0);
    // the same file again: skipped, and said so
    const again = konseki(['ingest', s.dns, '--store', cluster.url(2, 'k'), ...store, ...common], env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/query\.log: already in the case \(SHA-256 [0-9a-f]{64}\), skipped/);
    expect(again.stderr).toMatch(/ingested 0 files/);

    const out = join(dir, 'net-cluster');
    const a = konseki([
      'analyze',
      '--store',
      cluster.url(1, 'k', true),
      ...store,
      '-o',
      out,
      '--timezone',
      'Asia/Tokyo',
      '--no-builtin-rules',
      ...lists,
    ]);
    expect(a.code, a.stderr).toBe(0);
    expect(readFileSync(join(emb, 'findings.jsonl'), 'utf8').split('\n').length).toBeGreaterThan(5);
    expectSameCase(emb, out);
    expectNoPassword(out, i1.stdout, i1.stderr, i2.stdout, i2.stderr, a.stdout, a.stderr);
    const ingests = JSON.parse(readFileSync(join(out, 'ingests.json'), 'utf8')) as {
      done: unknown[];
      incomplete: unknown[];
    };
    expect(ingests.done).toHaveLength(4);
    expect(ingests.incomplete).toHaveLength(0);
    // both shards hold rows, and together each network record once
    const [n1, n2] = await Promise.all([
      cluster.sql(1, 'SELECT count() FROM `k_net-1`.net_local'),
      cluster.sql(2, 'SELECT count() FROM `k_net-1`.net_local'),
    ]);
    expect(Number(n1)).toBeGreaterThan(0);
    expect(Number(n2)).toBeGreaterThan(0);
    const local = await openStore(join(emb, 'case.duckdb'), { readOnly: true });
    try {
      expect(Number(n1) + Number(n2)).toBe(await local.count('net'));
    } finally {
      local.close();
    }
  });

  it('Windows case (the demo evidence): ingest through each shard, then analyze, as embedded triage', {
    timeout: 600_000,
  }, () => {
    const demo = join(dir, 'demo');
    const d = konseki(['demo', '-o', demo, '--no-triage']);
    expect(d.code, d.stderr).toBe(0);
    const evidence = filesUnder(join(demo, 'evidence')).sort();
    const evtx = evidence.filter((f) => f.endsWith('.evtx'));
    const rest = evidence.filter((f) => !f.endsWith('.evtx'));
    expect(evtx.length).toBeGreaterThan(1);
    const common = ['--timezone', 'UTC', '--org-timezone', 'Asia/Tokyo', '-t', '2'];
    const iocs = ['--ioc', join(demo, 'iocs.txt')];
    const emb = join(dir, 'demo-embedded');
    const t = konseki(['triage', ...evtx, ...rest, '-o', emb, ...common, ...iocs]);
    expect([0, 3], t.stderr).toContain(t.code);
    const store = ['--case', 'demo', '--cluster', 'konseki'];
    const i1 = konseki(['ingest', ...evtx, '--store', cluster.url(1, 'k'), ...store, ...common], env);
    expect([0, 3], i1.stderr).toContain(i1.code);
    const i2 = konseki(['ingest', ...rest, '--store', cluster.url(2, 'k'), ...store, ...common], env);
    expect([0, 3], i2.stderr).toContain(i2.code);
    const out = join(dir, 'demo-cluster');
    const a = konseki(
      ['analyze', '--store', cluster.url(2, 'k'), ...store, '-o', out, '--timezone', 'UTC', ...iocs],
      env,
    );
    expect([0, 3], a.stderr).toContain(a.code);
    expect(readFileSync(join(emb, 'timeline.csv'), 'utf8').split('\n').length).toBeGreaterThan(10);
    expect(verdicts(emb).some(([, v]) => v === 'compromised')).toBe(true);
    expectSameCase(emb, out);
    expectNoPassword(out, a.stdout, a.stderr);
  });

  it('a shard killed mid-ingest: the error names it, nothing is reported complete, ingesting again completes', {
    timeout: 600_000,
  }, async () => {
    const ev = join(dir, 'net');
    const eve = join(ev, 'eve.json');
    const store = ['--case', 'fault', '--cluster', 'konseki'];
    const args = ['ingest', eve, '--store', cluster.url(1, 'k'), ...store, '--no-builtin-rules', '-t', '1'];
    const child = startKonseki(args, env);
    let stderr = '';
    child.stderr?.on('data', (b: Buffer) => {
      stderr += b.toString();
    });
    const exited = new Promise<number>((res) => child.on('exit', (code) => res(code ?? -1)));
    // once the ingest has recorded its start, the server it writes to goes away
    for (let i = 0; i < 600; i++) {
      const n = await cluster.sql(
        2,
        "SELECT count() FROM system.tables WHERE database = 'k_fault' AND name = 'ingests'",
      );
      if (Number(n) > 0 && Number(await cluster.sql(2, 'SELECT count() FROM k_fault.ingests'))) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    cluster.kill(1);
    const code = await exited;
    expect(code).not.toBe(0);
    expect(stderr).toContain(`ClickHouse server 127.0.0.1:${cluster.http[0]} does not answer`);
    expect(stderr).not.toContain(CH_PASSWORD);

    cluster.start(); // both shards again, with their data
    const out = join(dir, 'fault-case');
    const a = konseki(['analyze', '--store', cluster.url(2, 'k'), ...store, '-o', out, '--no-builtin-rules'], env);
    expect(a.code, a.stderr).toBe(3);
    expect(a.stderr).toContain('eve.json: its ingest on');
    const ingests = JSON.parse(readFileSync(join(out, 'ingests.json'), 'utf8')) as {
      done: unknown[];
      incomplete: Array<{ file: string }>;
    };
    expect(ingests.done).toHaveLength(0);
    expect(ingests.incomplete.map((x) => x.file)).toEqual([eve]);
    expect(JSON.parse(readFileSync(join(out, 'run-state.json'), 'utf8')).status).not.toBe('completed');
    expect(await cluster.sql(1, "SELECT count() FROM k_fault.files WHERE status = 'done'")).toBe('0');

    // ingested again, the file completes once: what the failed ingest left is gone
    const again = konseki(args, env);
    expect(again.code, again.stderr).toBe(0);
    const events = Number(/ingested 1 files, (\d+) events/.exec(again.stderr)?.[1]);
    expect(events).toBeGreaterThan(1000);
    expect(await cluster.sql(1, 'SELECT count() FROM k_fault.events')).toBe(String(events));
  });
});
