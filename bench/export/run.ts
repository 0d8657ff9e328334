/**
 * bench/export: `konseki export` of a case made from the EVTX corpus (all its events, Hayabusa rules),
 * each format and content, against `konseki dump --format jsonl` (parse + JSON of the same records)
 * and against reading the same Windows events back from Winlogbeat NDJSON (`konseki triage` of the
 * ECS export vs of the .evtx), in the same run. Prints seconds, rows/s, peak RSS (from /usr/bin/time
 * when installed) and the ratios. Run: npx tsx bench/export/run.ts
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { corpusDir } from '../../test/support/corpus.ts';

const evtx = corpusDir('evtx');
const hayabusa = corpusDir('rules', 'hayabusa-rules', 'hayabusa');
if (!evtx || !hayabusa) {
  console.log('bench/export: corpus not found (run ../shared/data/unpack .corpus)');
  process.exit(0);
}
spawnSync(process.execPath, ['scripts/build.mjs', '--quiet'], { stdio: 'inherit' });
const cli = resolve('dist/cli.mjs');
const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const work = mkdtempSync(join(tmpdir(), 'kb-export-'));

function run(args: string[]): { s: number; rssMb: number; cpu: number } {
  const t0 = process.hrtime.bigint();
  const r = timeBin
    ? spawnSync(timeBin, ['-v', process.execPath, cli, ...args], {
        encoding: 'utf8',
        stdio: ['ignore', 'ignore', 'pipe'],
      })
    : spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`konseki ${args.join(' ')} failed: ${r.stderr.slice(-2000)}`);
  const kb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1] ?? NaN);
  const user = Number(/User time \(seconds\): ([\d.]+)/.exec(r.stderr)?.[1] ?? NaN);
  const sys = Number(/System time \(seconds\): ([\d.]+)/.exec(r.stderr)?.[1] ?? NaN);
  return { s, rssMb: kb / 1024, cpu: user + sys };
}

const caseDir = join(work, 'case');
const triage = run(['-q', 'triage', evtx, '-o', caseDir, '-r', hayabusa, '--timezone', 'UTC']);
const dump = run(['dump', evtx, '--format', 'jsonl', '--output', join(work, 'dump.jsonl')]);
const lines = (f: string): number => readFileSync(f, 'utf8').split('\n').filter(Boolean).length;
const events = lines(join(work, 'dump.jsonl'));
console.log(
  `corpus EVTX: ${events} records; triage with Hayabusa rules ${triage.s.toFixed(1)} s; dump --format jsonl ${dump.s.toFixed(1)} s, CPU ${dump.cpu.toFixed(1)} s (${Math.round(events / dump.s)} records/s, ${dump.rssMb.toFixed(0)} MB)`,
);
const cases: Array<[string, string, string]> = [
  ['ecs', 'events', 'ndjson'],
  ['timesketch', 'events', 'jsonl'],
  ['timesketch-csv', 'events', 'csv'],
  ['ecs', 'timeline', 'ndjson'],
  ['hayabusa-jsonl', 'timeline', 'jsonl'],
  ['ocsf', 'timeline', 'jsonl'],
  ['stix', 'indicators', 'json'],
];
for (const [format, what, ext] of cases) {
  const out = join(work, `${format}-${what}.${ext}`);
  const r = run(['-q', 'export', '--case', caseDir, '--format', format, '--what', what, '-o', out]);
  // CSV cells may hold line breaks: its rows are those of the JSONL form of the same contents
  const rows = format === 'stix' ? 1 : ext === 'csv' ? lines(join(work, `timesketch-${what}.jsonl`)) : lines(out);
  console.log(
    `export ${format} --what ${what}: ${rows} rows, ${r.s.toFixed(1)} s, CPU ${r.cpu.toFixed(1)} s (${Math.round(rows / r.s)} rows/s), ${(statSync(out).size / 1e6).toFixed(0)} MB, peak RSS ${r.rssMb.toFixed(0)} MB; ${(r.s / dump.s).toFixed(2)}× the dump time`,
  );
}
// reading Windows events back from a SIEM export vs from the .evtx
const back = run([
  '-q',
  'triage',
  join(work, 'ecs-events.ndjson'),
  '-o',
  join(work, 'case-ecs'),
  '-r',
  hayabusa,
  '--timezone',
  'UTC',
]);
console.log(
  `triage of the Winlogbeat-layout ECS export: ${back.s.toFixed(1)} s, CPU ${back.cpu.toFixed(1)} s, peak RSS ${back.rssMb.toFixed(0)} MB; ${(back.s / triage.s).toFixed(2)}× triage of the .evtx (${triage.s.toFixed(1)} s, CPU ${triage.cpu.toFixed(1)} s, ${triage.rssMb.toFixed(0)} MB)`,
);
rmSync(work, { recursive: true, force: true });
