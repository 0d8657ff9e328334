// Scale-out against the embedded store on the same evidence, in the same run: `konseki triage` (DuckDB)
// versus `konseki ingest` into a two-shard ClickHouse cluster (half the files through each shard, one
// after the other) followed by `konseki analyze`. Prints events/s of triage and of ingest, the analyze
// time, and the ratios. Starts its own cluster (deploy/clickhouse/cluster.sh) in a temp directory.
//   npm run build && npx tsx bench/clickhouse/run.ts [--dir DIR] [--clients 150] [--sessions 0.3] [--threads 2]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CH_PASSWORD, clickhouseMissing, freeBase, TestCluster } from '../../test/support/clickhouse.ts';

const args = process.argv.slice(2);
const opt = (flag: string, def: string): string => {
  const i = args.indexOf(flag);
  return i >= 0 && args[i + 1] ? args[i + 1]! : def;
};
const dir = resolve(opt('--dir', join(tmpdir(), 'konseki-ch-bench')));
const clients = opt('--clients', '150');
const sessions = opt('--sessions', '0.3');
const threads = opt('--threads', '2');
const cli = resolve('dist/cli.mjs');

const missing = clickhouseMissing();
if (missing) {
  console.log(`bench/clickhouse: ${missing}`);
  process.exit(0);
}

const evidence = join(dir, `scenario-${clients}-${sessions}`);
if (!existsSync(join(evidence, 'labels.json'))) {
  mkdirSync(evidence, { recursive: true });
  const gen = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'test/support/network-scenario/generate.ts',
      evidence,
      '--clients',
      clients,
      '--sessions',
      sessions,
    ],
    { stdio: 'inherit' },
  );
  if (gen.status !== 0) throw new Error('generation failed');
}
const counts = JSON.parse(readFileSync(join(evidence, 'labels.json'), 'utf8')).counts as Record<string, number>;
const lines = Object.values(counts).reduce((a, b) => a + b, 0);
const files = ['access.log', 'query.log', 'eve.json', 'filterlog.log'].map((f) => join(evidence, f));
const lists = ['--ioc', 'iocs.txt', '--policy', 'policy.csv', '--allow', 'allowlist.txt'].map((x, i) =>
  i % 2 ? join(evidence, x) : x,
);
const common = ['--timezone', 'Asia/Tokyo', '--org-timezone', 'Asia/Tokyo', '--no-builtin-rules'];

function run(what: string, argv: string[]): { seconds: number; cpu: number; rssMiB: number } {
  const started = performance.now();
  const r = spawnSync('/usr/bin/time', ['-v', process.execPath, cli, '-q', ...argv], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    env: { ...process.env, KONSEKI_CLICKHOUSE_PASSWORD: CH_PASSWORD },
  });
  const seconds = (performance.now() - started) / 1000;
  if (![0, 3].includes(r.status ?? -1)) throw new Error(`${what} failed: ${r.stderr.slice(-2000)}`);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  const cpu = ['User', 'System'].reduce(
    (s, k) => s + Number(new RegExp(`${k} time \\(seconds\\): ([\\d.]+)`).exec(r.stderr)?.[1] ?? NaN),
    0,
  );
  const out = { seconds, cpu, rssMiB: rss ? Number(rss[1]) / 1024 : NaN };
  console.log(`${what}: ${seconds.toFixed(1)} s (CPU ${cpu.toFixed(1)} s, peak RSS ${out.rssMiB.toFixed(0)} MiB)`);
  return out;
}

const cluster = new TestCluster(join(dir, 'cluster'), await freeBase());
rmSync(cluster.dir, { recursive: true, force: true });
cluster.start();
try {
  const caseId = `bench${Date.now()}`;
  const store = (shard: 1 | 2) => ['--store', cluster.url(shard, 'k'), '--case', caseId, '--cluster', 'konseki'];
  const emb = join(dir, 'embedded');
  rmSync(emb, { recursive: true, force: true });
  const t = run('triage (embedded DuckDB)', ['triage', ...files, '-o', emb, '-t', threads, ...common, ...lists]);
  const i1 = run('ingest shard 1 (access.log, query.log)', [
    'ingest',
    ...files.slice(0, 2),
    ...store(1),
    '-t',
    threads,
    ...common,
  ]);
  const i2 = run('ingest shard 2 (eve.json, filterlog.log)', [
    'ingest',
    ...files.slice(2),
    ...store(2),
    '-t',
    threads,
    ...common,
  ]);
  const out = join(dir, 'clustered');
  rmSync(out, { recursive: true, force: true });
  const a = run('analyze (cluster → case directory)', ['analyze', ...store(1), '-o', out, ...common, ...lists]);
  const ingest = i1.seconds + i2.seconds;
  const same = readFileSync(join(emb, 'findings.jsonl'), 'utf8') === readFileSync(join(out, 'findings.jsonl'), 'utf8');
  console.log(`input: ${lines} lines ${JSON.stringify(counts)}`);
  console.log(`triage: ${Math.round(lines / t.seconds)} lines/s; ingest: ${Math.round(lines / ingest)} lines/s`);
  console.log(
    `ingest / triage time ×${(ingest / t.seconds).toFixed(2)}; ingest + analyze / triage ×${((ingest + a.seconds) / t.seconds).toFixed(2)}; findings identical: ${same}`,
  );
} finally {
  cluster.stop();
}
