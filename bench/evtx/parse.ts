/**
 * In-process throughput of the EVTX reader, bundled by run.ts with esbuild as dist/ is (so the code runs
 * as shipped) and run in a child process: `node parse.mjs <reps> <file>...`. Stages, each over every
 * record of the files: parse (records resolved into tokens, nothing rendered), parse + JSON (the bytes
 * `konseki dump` writes), parse + events (what triage reads: normalized events with their fields).
 * Prints one JSON line per stage: the least CPU time of `reps` passes after one warm-up pass, and the
 * CPU time of that first (cold) pass.
 */
import { evtxEvents, newStats, readEvtxRecords } from '../../src/sources/evtx/index.ts';
import { ByteSink } from '../../src/sources/evtx/byte-sink.ts';
import { JsonRenderer } from '../../src/sources/evtx/json-tokens.ts';

const reps = Number(process.argv[2]);
const files = process.argv.slice(3);

function parse(): number {
  let n = 0;
  for (const f of files) for (const _ of readEvtxRecords(f, [], newStats())) n++;
  return n;
}

function json(): number {
  const out = new ByteSink(1 << 21);
  const renderer = new JsonRenderer();
  let n = 0;
  for (const f of files)
    for (const r of readEvtxRecords(f, [], newStats())) {
      renderer.write(r, out);
      out.byte(0x0a);
      if (out.pos >= 1 << 20) out.pos = 0;
      n++;
    }
  return n;
}

function events(): number {
  let n = 0;
  for (const f of files) for (const _ of evtxEvents(f, [], newStats())) n++;
  return n;
}

const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

for (const [stage, run] of [
  ['parse', parse],
  ['json', json],
  ['events', events],
] as const) {
  let t = cpu();
  const records = run();
  const cold = cpu() - t;
  let best = Infinity;
  for (let i = 0; i < reps; i++) {
    t = cpu();
    run();
    best = Math.min(best, cpu() - t);
  }
  console.log(JSON.stringify({ stage, records, cold, best }));
}
