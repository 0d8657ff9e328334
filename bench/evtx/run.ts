/**
 * EVTX throughput: `konseki dump` (the built dist/cli.mjs, --threads 1, JSONL, one process for the whole
 * set) against the Rust `evtx` crate's `evtx_dump` 0.8.1 (JSONL, one process per file, as it is used),
 * Debian's `evtxexport` (libevtx, text, one process per file) and python-evtx (`evtx_dump.py`, XML), on the
 * same files in the same run; start-up (`konseki --version` against `node -e 0`); and the reader in
 * process (bench/evtx/parse.ts: parse alone, parse + JSON, parse + events).
 *
 *   npx tsx bench/evtx/run.ts [--reps 3] [--synthetic-mb 200] [--no-python] [--no-build] [--cli dist/cli.mjs]
 *
 * Sets: the corpus files with at least 1000 records (record_counts.tsv), and one writer-made file of
 * --synthetic-mb MB (0 to skip; python-evtx is not run on it: it needs minutes per 10 MB). Each tool runs
 * --reps times (python-evtx once); the best run counts (least wall time; least CPU time, user + sys with
 * children, from /usr/bin/time when present): on a shared machine the best run is the one least disturbed.
 * The Rust baseline is ../shared/tools/evtx_dump-0.8.1 (KONSEKI_EVTX_DUMP to point elsewhere).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { newStats, readEvtxRecords } from '../../src/sources/evtx/index.ts';
import { EvtxWriter } from '../../src/sources/evtx/writer.ts';
import { generateEvents } from '../../test/support/evtx/generate.ts';

const args = process.argv.slice(2);
const opt = (name: string, def: string): string => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1]! : def;
};
const REPS = Number(opt('--reps', '3'));
const SYNTHETIC_MB = Number(opt('--synthetic-mb', '200'));
const PYTHON = !args.includes('--no-python');
const CLI = resolve(opt('--cli', 'dist/cli.mjs'));
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const CORPUS = resolve(process.env.KONSEKI_CORPUS ?? '.corpus');
const RUST = resolve(process.env.KONSEKI_EVTX_DUMP ?? '../shared/tools/evtx_dump-0.8.1');
const TMP = mkdtempSync(join(tmpdir(), 'konseki-bench-evtx-'));

interface Run {
  wall: number;
  cpu?: number;
}
interface Measure extends Run {
  tool: string;
}

/** Runs `cmd args` with its output discarded; wall seconds and, with /usr/bin/time, CPU seconds. */
function timed(cmd: string, argv: string[]): Run {
  const timeFile = join(TMP, 'time');
  const started = performance.now();
  const [run, ...pre] = [...(TIME ? [TIME, '-o', timeFile, '-f', '%U %S'] : []), cmd, ...argv];
  spawnSync(run!, pre, { stdio: 'ignore' });
  const wall = (performance.now() - started) / 1000;
  if (!TIME) return { wall };
  const m = /([\d.]+) ([\d.]+)\s*$/.exec(readFileSync(timeFile, 'utf8'));
  return { wall, cpu: m ? Number(m[1]) + Number(m[2]) : undefined };
}

/** Runs `once` `reps` times: the least wall time and the least CPU time. */
function best(tool: string, once: () => Run, reps = REPS): Measure {
  const runs = Array.from({ length: reps }, once);
  const cpus = runs.map((r) => r.cpu).filter((c): c is number => c !== undefined);
  return { tool, wall: Math.min(...runs.map((r) => r.wall)), cpu: cpus.length ? Math.min(...cpus) : undefined };
}

/** One process of `cmd` per file, run from one shell (as a script over a log directory would). */
function perFile(files: string[], cmd: string, pre: string[]): Run {
  const loop = `for f in "$@"; do ${[cmd, ...pre].map(quote).join(' ')} "$f" >/dev/null 2>&1; done`;
  return timed('/bin/sh', ['-c', loop, 'sh', ...files]);
}

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

function countRecords(files: string[]): { records: number; bytes: number; chunkBytes: number } {
  let records = 0;
  let bytes = 0;
  let chunkBytes = 0;
  for (const f of files) {
    const s = newStats();
    for (const _ of readEvtxRecords(f, [], s));
    records += s.records;
    bytes += s.bytes;
    chunkBytes += s.chunks * 65536;
  }
  return { records, bytes, chunkBytes };
}

interface Stage {
  stage: string;
  records: number;
  cold: number;
  best: number;
}

/** bench/evtx/parse.ts bundled as dist/ is, so that it measures the shipped code. */
async function bundleParse(): Promise<string> {
  const out = join(TMP, 'parse.mjs');
  await build({
    entryPoints: [resolve('bench/evtx/parse.ts')],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  return out;
}

function inProcess(script: string, files: string[]): Stage[] {
  const r = spawnSync(process.execPath, [script, String(REPS), ...files], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`parse bench failed: ${r.stderr}`);
  return r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Stage);
}

const STAGES: Record<string, string> = {
  parse: 'parse alone (records resolved, nothing rendered)',
  json: 'parse + JSON (the bytes dump writes)',
  events: "parse + events (triage's read: normalized events)",
};

function report(title: string, files: string[], withPython: boolean, parseScript: string): void {
  const { records, bytes, chunkBytes } = countRecords(files);
  const mb = bytes / 1048576;
  const chunkMb = chunkBytes / 1048576;
  console.log(
    `\n## ${title}: ${files.length} files, ${mb.toFixed(1)} MB (${chunkMb.toFixed(1)} MB in chunks with records), ${records} records`,
  );
  const measures: Measure[] = [];
  measures.push(
    best('konseki dump --threads 1 (JSONL, one process)', () =>
      timed(process.execPath, [CLI, 'dump', '--threads', '1', '-q', '-o', '/dev/null', ...files]),
    ),
  );
  const rust = existsSync(RUST)
    ? best('Rust evtx_dump 0.8.1 -t 1 -o jsonl (one process per file)', () =>
        perFile(files, RUST, ['-t', '1', '-o', 'jsonl']),
      )
    : undefined;
  if (rust) measures.push(rust);
  else console.log(`Rust evtx_dump not found at ${RUST}: its row is left out`);
  const evtxexport = best('evtxexport (text, one process per file)', () => perFile(files, 'evtxexport', []));
  measures.push(evtxexport);
  // python-evtx runs once: it is two orders of magnitude slower, the ratio needs no precision
  if (withPython)
    measures.push(
      best(
        'python-evtx evtx_dump.py (XML, one process per file, 1 run)',
        () => perFile(files, '/usr/bin/python3', ['/usr/bin/evtx_dump.py']),
        1,
      ),
    );
  const ratio = (base: Run | undefined, m: Run, k: 'wall' | 'cpu'): string => {
    const a = base?.[k];
    const b = m[k];
    return a && b ? `${(a / b).toFixed(2)}x` : '-';
  };
  console.log(
    '| tool | wall s | cpu s | records/s (wall) | MB/s (wall) | vs Rust (wall) | vs Rust (cpu) | vs evtxexport (wall) |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const m of measures)
    console.log(
      `| ${m.tool} | ${m.wall.toFixed(2)} | ${m.cpu?.toFixed(2) ?? '-'} | ${Math.round(records / m.wall)} | ${(mb / m.wall).toFixed(1)} | ${ratio(rust, m, 'wall')} | ${ratio(rust, m, 'cpu')} | ${ratio(evtxexport, m, 'wall')} |`,
    );
  console.log(
    '\nkonseki reader in process (bundled as shipped; CPU seconds of all threads, best of the passes after the first):',
  );
  console.log(
    '| stage | records | cpu s | records/s per cpu s | MB/s per cpu s (file) | MB/s per cpu s (chunks) | first pass cpu s |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const s of inProcess(parseScript, files))
    console.log(
      `| ${STAGES[s.stage] ?? s.stage} | ${s.records} | ${s.best.toFixed(3)} | ${Math.round(s.records / s.best)} | ${(mb / s.best).toFixed(1)} | ${(chunkMb / s.best).toFixed(1)} | ${s.cold.toFixed(3)} |`,
    );
}

function startup(): void {
  const node = best('node -e 0', () => timed(process.execPath, ['-e', '0']), REPS * 3);
  const version = best('konseki --version', () => timed(process.execPath, [CLI, '--version']), REPS * 3);
  console.log('\n## start-up');
  console.log('| command | wall s | cpu s |');
  console.log('|---|---|---|');
  for (const m of [node, version]) console.log(`| ${m.tool} | ${m.wall.toFixed(3)} | ${m.cpu?.toFixed(3) ?? '-'} |`);
  console.log(`konseki start-up over bare Node: ${(version.wall - node.wall).toFixed(3)} s wall`);
}

async function main(): Promise<void> {
  if (!args.includes('--no-build')) {
    const b = spawnSync(process.execPath, ['scripts/build.mjs', '--quiet'], { stdio: 'inherit' });
    if (b.status !== 0) throw new Error('build failed');
  }
  if (spawnSync('evtxexport', ['-h']).error) throw new Error('evtxexport not found: apt-get install libevtx-utils');
  console.log(`# EVTX benchmark (${new Date().toISOString()}, node ${process.version}, best of ${REPS})`);
  console.log(`konseki: ${CLI}`);
  const parseScript = await bundleParse();
  startup();

  const tsv = join(CORPUS, 'evtx-oracle', 'record_counts.tsv');
  if (existsSync(tsv)) {
    const lines = readFileSync(tsv, 'utf8')
      .split('\n')
      .slice(1)
      .map((l) => l.split('\t'));
    const files = lines
      .filter((c) => c[3] === '' && Number(c[5]) >= 1000)
      .map((c) => join(CORPUS, 'evtx', c[0]!))
      .filter((f) => existsSync(f));
    report('real corpus files with at least 1000 records', files, PYTHON, parseScript);
  } else {
    console.log(`corpus not found at ${CORPUS}: real files skipped`);
  }

  if (SYNTHETIC_MB > 0) {
    const file = join(TMP, 'synthetic.evtx');
    const w = new EvtxWriter(file);
    let n = 0;
    for (const g of generateEvents(Number.MAX_SAFE_INTEGER, 99)) {
      w.add(g.event);
      if (++n % 1000 === 0 && statSync(file).size >= SYNTHETIC_MB * 1048576) break;
    }
    w.close();
    report(`writer-made file (${SYNTHETIC_MB} MB)`, [file], false, parseScript);
  }
}

try {
  await main();
} finally {
  rmSync(TMP, { recursive: true, force: true });
}
