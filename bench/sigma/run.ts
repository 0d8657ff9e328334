/**
 * Sigma matching cost against EVTX parsing cost, in the same run, single thread:
 *   npx tsx bench/sigma/run.ts [evtx dir] [rule dirs...]
 * Defaults: the corpus' EVTX files and SigmaHQ's rules/, rules-emerging-threats/, rules-threat-hunting/,
 * of which the Windows rules are compiled. Prints events/s for parsing only, for parsing + matching, and
 * for matching alone over events already in memory.
 */
import { join } from 'node:path';
import type { Event } from '../../src/core/event.ts';
import { walkInputs } from '../../src/core/walk.ts';
import { loadRuleSet } from '../../src/sigma/loader.ts';
import { loadMapping } from '../../src/sigma/mapping.ts';
import { compileRuleSet } from '../../src/sigma/ruleset.ts';
import { evtxEvents } from '../../src/sources/evtx/index.ts';

const corpus = process.env.KONSEKI_CORPUS ?? '.corpus';
const [evtxDir = join(corpus, 'evtx'), ...ruleArgs] = process.argv.slice(2);
const ruleDirs = ruleArgs.length
  ? ruleArgs
  : ['rules', 'rules-emerging-threats', 'rules-threat-hunting'].map((d) => join(corpus, 'rules/sigma', d));

const files = walkInputs([evtxDir], [], (p) => /\.evtx$/i.test(p));
const t0 = performance.now();
const { docs, report } = loadRuleSet(ruleDirs);
const windowsDocs = docs.filter(
  (d) => d.kind !== 'rule' || d.logsource.product === 'windows' || d.logsource.category === 'antivirus',
);
windowsDocs.forEach((d, i) => (d.index = i));
const t1 = performance.now();
const ruleSet = compileRuleSet(windowsDocs, loadMapping());
const t2 = performance.now();
console.log(
  `rules: ${report.loaded.rules} loaded in ${((t1 - t0) / 1000).toFixed(2)} s; ${ruleSet.rules.size} Windows rules compiled in ${((t2 - t1) / 1000).toFixed(2)} s (${ruleSet.predicates} predicates, ${ruleSet.leaves} distinct items)`,
);

/** Wall time, and CPU time of this process (fairer when other processes share the cores). */
function timed<T>(fn: () => T): T & { ms: number; cpu: number } {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  const r = fn();
  const c = process.cpuUsage(cpu);
  return { ...r, ms: performance.now() - wall, cpu: (c.user + c.system) / 1000 };
}

function pass(match: boolean) {
  return timed(() => {
    let events = 0;
    let hits = 0;
    for (const f of files) {
      for (const e of evtxEvents(f, [])) {
        events++;
        if (match) hits += ruleSet.match(e).length;
      }
    }
    return { events, hits };
  });
}

const rate = (n: number, ms: number): string => `${Math.round(n / (ms / 1000)).toLocaleString('en-US')} events/s`;
pass(false); // warm-up: file cache and JIT
const tw = performance.now();
pass(true); // warm-up: builds each source key's prefilter once (a per-process cost, printed below)
const warmMs = performance.now() - tw;
const parse = pass(false);
const both = pass(true);
const inMemory: Event[] = [];
for (const f of files) for (const e of evtxEvents(f, [])) inMemory.push(e);
for (const e of inMemory) ruleSet.match(e); // warm-up
const only = timed(() => {
  let hits = 0;
  for (const e of inMemory) hits += ruleSet.match(e).length;
  return { hits };
});

console.log(`corpus: ${files.length} EVTX files, ${parse.events} events`);
const line = (label: string, r: { ms: number; cpu: number }, n: number, extra = ''): void =>
  console.log(
    `${label.padEnd(16)} wall ${(r.ms / 1000).toFixed(2)} s (${rate(n, r.ms)}), cpu ${(r.cpu / 1000).toFixed(2)} s (${rate(n, r.cpu)})${extra}`,
  );
line('parse only', parse, parse.events);
line('parse + match', both, both.events, `  ${both.hits} hits`);
line('match only', only, inMemory.length, `  ${only.hits} hits`);
console.log(`first parse + match (JIT, prefilter building): ${(warmMs / 1000).toFixed(2)} s`);
console.log(
  `matching (match only) costs ${((only.cpu / parse.cpu) * 100).toFixed(0)}% of parsing in CPU time, ${((only.ms / parse.ms) * 100).toFixed(0)}% in wall time; parse + match costs ${(((both.cpu - parse.cpu) / parse.cpu) * 100).toFixed(0)}% more CPU than parsing alone`,
);
