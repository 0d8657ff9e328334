/**
 * EVTX throughput: `konseki dump` (the built dist/cli.mjs, --threads 1, JSONL) against Debian's
 * `evtxexport` (libevtx, its default text export) and python-evtx (`evtx_dump.py`, XML) on the same
 * files in the same run, plus our parse alone (records resolved, no output) in this process.
 *
 *   npx tsx bench/evtx/run.ts [--reps 3] [--synthetic-mb 200] [--no-python] [--no-build]
 *
 * Sets: the corpus files with at least 1000 records (record_counts.tsv), and one writer-made file
 * of --synthetic-mb MB (0 to skip; python-evtx is not run on it: it needs minutes per 10 MB).
 * Each tool runs --reps times (python-evtx once); the median wall time counts. CPU time (user+sys, children included)
 * comes from /usr/bin/time when present: on a shared machine it is the steadier figure.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { newStats, readEvtx } from '../../src/sources/evtx/index.ts';
import { EvtxWriter } from '../../src/sources/evtx/writer.ts';
import { generateEvents } from '../../test/support/evtx/generate.ts';

const args = process.argv.slice(2);
const opt = (name: string, def: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const REPS = opt('--reps', 3);
const SYNTHETIC_MB = opt('--synthetic-mb', 200);
const PYTHON = !args.includes('--no-python');
const CLI = resolve('dist/cli.mjs');
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const CORPUS = resolve(process.env.KONSEKI_CORPUS ?? '.corpus');

interface Run {
  wall: number;
  cpu?: number;
}
interface Measure {
  tool: string;
  wall: number;
  cpu?: number;
}

/** Runs `cmd args` with stdout discarded; wall seconds and, with /usr/bin/time, CPU seconds. */
function timed(cmd: string, argv: string[]): Run {
  const started = performance.now();
  const r = TIME
    ? spawnSync(TIME, ['-f', 'konseki-bench-cpu %U %S', cmd, ...argv], {
        stdio: ['ignore', 'ignore', 'pipe'],
        encoding: 'utf8',
        maxBuffer: 1 << 26,
      })
    : spawnSync(cmd, argv, { stdio: ['ignore', 'ignore', 'ignore'] });
  const wall = (performance.now() - started) / 1000;
  const m = TIME ? /konseki-bench-cpu ([\d.]+) ([\d.]+)/.exec(String(r.stderr ?? '')) : null;
  return { wall, cpu: m ? Number(m[1]) + Number(m[2]) : undefined };
}

/** Runs `once` `reps` times; the median run by wall time. */
function median(tool: string, once: () => Run, reps = REPS): Measure {
  const runs = Array.from({ length: reps }, once).sort((a, b) => a.wall - b.wall);
  const m = runs[Math.floor(runs.length / 2)]!;
  return { tool, wall: m.wall, cpu: m.cpu };
}

function perFile(files: string[], cmd: string, pre: string[]): Run {
  let wall = 0;
  let cpu: number | undefined = 0;
  for (const f of files) {
    const r = timed(cmd, [...pre, f]);
    wall += r.wall;
    cpu = r.cpu === undefined || cpu === undefined ? undefined : cpu + r.cpu;
  }
  return { wall, cpu };
}

/** Our reader alone: every record parsed and resolved, nothing rendered; CPU time of this thread. */
function parseOnly(files: string[]): Run {
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  for (const f of files) for (const r of readEvtx(f, [], newStats())) void r;
  const cpu = process.cpuUsage(cpu0);
  return { wall: (performance.now() - started) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
}

function countRecords(files: string[]): { records: number; bytes: number; chunkBytes: number } {
  let records = 0;
  let bytes = 0;
  let chunkBytes = 0;
  for (const f of files) {
    const s = newStats();
    for (const r of readEvtx(f, [], s)) void r;
    records += s.records;
    bytes += s.bytes;
    chunkBytes += s.chunks * 65536;
  }
  return { records, bytes, chunkBytes };
}

function report(title: string, files: string[], withPython: boolean): void {
  const { records, bytes, chunkBytes } = countRecords(files);
  const mb = bytes / 1048576;
  console.log(
    `\n## ${title}: ${files.length} files, ${mb.toFixed(1)} MB (${(chunkBytes / 1048576).toFixed(1)} MB in chunks with records), ${records} records`,
  );
  const measures: Measure[] = [];
  measures.push(
    median('konseki dump --threads 1 (JSONL)', () =>
      timed(process.execPath, [CLI, 'dump', '--threads', '1', '-q', '-o', '/dev/null', ...files]),
    ),
  );
  measures.push(median('evtxexport (text)', () => perFile(files, 'evtxexport', [])));
  // python-evtx runs once: it is two orders of magnitude slower, the ratio needs no precision
  if (withPython)
    measures.push(
      median(
        'python-evtx evtx_dump.py (XML, 1 run)',
        () => perFile(files, '/usr/bin/python3', ['/usr/bin/evtx_dump.py']),
        1,
      ),
    );
  // per-core throughput of the reader: one warm-up pass, then the run with the least CPU time
  parseOnly(files);
  const parseRuns = Array.from({ length: REPS }, () => parseOnly(files)).sort((a, b) => a.cpu! - b.cpu!);
  const parse: Measure = { tool: 'konseki parse only (in process, no output; warm, least cpu)', ...parseRuns[0]! };
  const base = measures.find((m) => m.tool.startsWith('evtxexport'))!;
  const rows = [...measures, parse].map((m) => {
    const ratioWall = base.wall / m.wall;
    const ratioCpu = base.cpu && m.cpu ? base.cpu / m.cpu : undefined;
    return `| ${m.tool} | ${m.wall.toFixed(2)} | ${m.cpu?.toFixed(2) ?? '-'} | ${Math.round(records / m.wall)} | ${(mb / m.wall).toFixed(1)} | ${m.cpu ? (mb / m.cpu).toFixed(1) : '-'} | ${ratioWall.toFixed(2)}x | ${ratioCpu ? `${ratioCpu.toFixed(2)}x` : '-'} |`;
  });
  console.log(
    '| tool | wall s | cpu s | records/s (wall) | MB/s (wall) | MB/s per cpu s | vs evtxexport (wall) | vs evtxexport (cpu) |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
  console.log(`parse only over chunk bytes: ${(chunkBytes / 1048576 / parse.cpu!).toFixed(1)} MB/s per cpu second`);
}

function main(): void {
  if (!args.includes('--no-build')) {
    const b = spawnSync(process.execPath, ['scripts/build.mjs', '--quiet'], { stdio: 'inherit' });
    if (b.status !== 0) throw new Error('build failed');
  }
  if (spawnSync('evtxexport', ['-h']).error) throw new Error('evtxexport not found: apt-get install libevtx-utils');
  const startup = median('konseki startup', () => timed(process.execPath, [CLI, '--version']));
  console.log(`# EVTX benchmark (${new Date().toISOString()}, node ${process.version}, ${REPS} reps, median)`);
  console.log(
    `konseki CLI start-up alone (\`konseki --version\`): ${startup.wall.toFixed(2)} s wall, ${startup.cpu?.toFixed(2) ?? '-'} s cpu`,
  );

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
    report('real corpus files with at least 1000 records', files, PYTHON);
  } else {
    console.log(`corpus not found at ${CORPUS}: real files skipped`);
  }

  if (SYNTHETIC_MB > 0) {
    const dir = mkdtempSync(join(tmpdir(), 'konseki-bench-'));
    try {
      const file = join(dir, 'synthetic.evtx');
      const w = new EvtxWriter(file);
      let n = 0;
      for (const g of generateEvents(Number.MAX_SAFE_INTEGER, 99)) {
        w.add(g.event);
        if (++n % 1000 === 0 && statSync(file).size >= SYNTHETIC_MB * 1048576) break;
      }
      w.close();
      report(`writer-made file (${SYNTHETIC_MB} MB)`, [file], false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

main();
