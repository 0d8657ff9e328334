/**
 * bench/triage: `konseki triage` over the EVTX corpus with all SigmaHQ + Hayabusa rules and konseki's own,
 * threads 1 and 2, against `konseki dump` (parse + JSON, no rules) on the same files in the same run.
 * Prints events/s and MB/s, then the same on the corpus copied N times. Run: npx tsx bench/triage/run.ts [--reps N] [--copies N]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { corpusDir } from '../../test/support/corpus.ts';

const evtx = corpusDir('evtx');
const rules = [corpusDir('rules', 'sigma', 'rules'), corpusDir('rules', 'hayabusa-rules', 'hayabusa')];
if (!evtx || rules.some((r) => !r)) {
  console.log('bench/triage: corpus not found (run ../shared/data/unpack .corpus)');
  process.exit(0);
}
const reps = Number(process.argv[process.argv.indexOf('--reps') + 1]) || 1;
spawnSync(process.execPath, ['scripts/build.mjs', '--quiet'], { stdio: 'inherit' });
const cli = resolve('dist/cli.mjs');

let bytes = 0;
const walk = (d: string): void => {
  for (const n of readdirSync(d)) {
    const p = join(d, n);
    const st = statSync(p);
    if (st.isDirectory()) walk(p);
    else bytes += st.size;
  }
};
walk(evtx);

function time(args: string[]): { s: number; out: string } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  if (r.status !== 0) throw new Error(`konseki ${args.join(' ')} failed: ${r.stderr}`);
  return { s: Number(process.hrtime.bigint() - t0) / 1e9, out: r.stderr };
}

const best = (f: () => { s: number; out: string }): { s: number; out: string } => {
  let b = f();
  for (let i = 1; i < reps; i++) {
    const x = f();
    if (x.s < b.s) b = x;
  }
  return b;
};

const events = Number(
  /\((\d+) events\)/.exec(
    time(['triage', evtx, '-o', mkdtempSync(join(tmpdir(), 'kb-')), '--no-builtin-rules']).out,
  )?.[1] ?? NaN,
);
// warm the rule parse cache so that both thread counts measure the same work
time(['-q', 'triage', evtx, '-o', mkdtempSync(join(tmpdir(), 'kb-')), ...rules.flatMap((r) => ['-r', r!])]);
console.log(
  `EVTX corpus: ${(bytes / 1e6).toFixed(1)} MB, ${events} events; rules: SigmaHQ rules/ + Hayabusa hayabusa/ + konseki's own`,
);
const rows: Array<[string, number]> = [];
for (const threads of [1, 2]) {
  const dump = best(() => time(['-q', 'dump', evtx, '-t', String(threads), '-o', '/dev/null']));
  rows.push([`dump (parse + JSON)      -t ${threads}`, dump.s]);
  const out = mkdtempSync(join(tmpdir(), 'kb-'));
  const tri = best(() =>
    time(['-q', 'triage', evtx, '-o', out, '-t', String(threads), ...rules.flatMap((r) => ['-r', r!])]),
  );
  rows.push([`triage (all rules)       -t ${threads}`, tri.s]);
  rmSync(out, { recursive: true, force: true });
}
for (const [name, s] of rows)
  console.log(
    `${name}: ${s.toFixed(2)} s, ${(events / s / 1000).toFixed(1)}k events/s, ${(bytes / 1e6 / s).toFixed(1)} MB/s`,
  );
const [d1, t1, d2, t2] = rows.map((r) => r[1]);
console.log(
  `triage/dump time ratio: ${(t1! / d1!).toFixed(2)} (1 thread), ${(t2! / d2!).toFixed(2)} (2 threads); triage speed-up 1→2 threads: ${(t1! / t2!).toFixed(2)}×`,
);

// Fixed costs (compiling ~3,300 rules per worker, building the store and the report) dominate a 49k-event corpus;
// the corpus copied N times shows the rate on a larger case (copies are hard links: the same bytes, other paths).
const copies = Number(process.argv[process.argv.indexOf('--copies') + 1]) || 8;
const big = mkdtempSync(join(tmpdir(), 'kb-big-'));
for (let i = 0; i < copies; i++) spawnSync('cp', ['-al', evtx, join(big, `copy${i}`)]);
console.log(
  `\nlarger case: the corpus ${copies} times (${((bytes * copies) / 1e6).toFixed(0)} MB, ${events * copies} events)`,
);
for (const threads of [1, 2]) {
  const out = mkdtempSync(join(tmpdir(), 'kb-'));
  const tri = best(() =>
    time(['-q', 'triage', big, '-o', out, '-t', String(threads), ...rules.flatMap((r) => ['-r', r!])]),
  );
  console.log(
    `triage (all rules)       -t ${threads}: ${tri.s.toFixed(2)} s, ${((events * copies) / tri.s / 1000).toFixed(1)}k events/s, ${((bytes * copies) / 1e6 / tri.s).toFixed(1)} MB/s`,
  );
  rmSync(out, { recursive: true, force: true });
}
rmSync(big, { recursive: true, force: true });
