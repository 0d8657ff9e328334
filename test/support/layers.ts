/**
 * The import rules of src/, checked from the source text (test/layers.test.ts): modules in layers, each
 * importing only from lower layers, and no import cycle between files. Kept apart from the test so that
 * the test can prove the checker fails on a wrong import.
 */
import { dirname, join, normalize } from 'node:path';

/**
 * Lower layers first. A module may import from modules of lower layers and from itself; never sideways
 * (another module of its own layer) or upwards. `sources/<format>` and `analytics/<area>` are modules of
 * their own: they share code only through the files at the root of their group (sources/*.ts, analytics/*.ts).
 */
export const LAYERS: readonly (readonly string[])[] = [
  ['i18n'], // message tables and t(): everything speaks through them
  ['core'], // the event, finding and issue shapes; time, hashing, escaping, walking files
  ['sources'], // one reader per evidence format, each yielding normalized events
  ['ioc'], // indicator lists (plain, STIX, MISP) and their matching
  ['sigma', 'analytics'], // rules and statistical analyses over events: detections and findings
  ['store'], // the case store (DuckDB)
  ['case'], // the case directory, composite verdicts, custody
  ['timeline', 'respond', 'collect'], // outputs computed from a case: timelines, containment artifacts; live-response collectors
  ['report', 'export'], // the report shows everything below it; exports write the case for other tools
  ['app'], // what pipelines share: reader registry, rule+analyzer engine, inputs and archives, worker pool
  ['triage', 'scan', 'demo', 'web'], // the pipelines behind commands; web: the workspace of `konseki serve`
  ['cli', 'worker'], // programs: the command line, and the worker-thread entry with its job table
];

/** Groups whose sub-directories are separate modules. */
const GROUPS = new Set(['sources', 'analytics']);

export interface Violation {
  file: string;
  imports: string;
  why: string;
}

const IMPORT =
  /(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;(])import\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;

/** Relative import specifiers of a source text (bare package imports are not ours). */
export function importsOf(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (spec?.startsWith('.')) out.push(spec);
  }
  return out;
}

/** The module of a path under src/: `core`, `sources/evtx`, `sources` (a root file of the group). */
export function moduleOf(path: string): string {
  const parts = normalize(path).split('/');
  const i = parts.indexOf('src');
  const rest = parts.slice(i + 1);
  if (rest.length === 1) return '(src root)';
  const top = rest[0]!;
  if (GROUPS.has(top) && rest.length > 2) return `${top}/${rest[1]}`;
  return top;
}

function rankOf(module: string): number {
  const top = module.split('/')[0]!;
  return LAYERS.findIndex((l) => l.includes(top));
}

/** Why an import from module `a` to module `b` breaks the layers, or undefined when it is allowed. */
export function layerViolation(a: string, b: string): string | undefined {
  if (a === b) return undefined;
  const ra = rankOf(a);
  const rb = rankOf(b);
  if (ra < 0) return `${a} is not in the layer table (test/support/layers.ts)`;
  if (rb < 0) return `${b} is not in the layer table (test/support/layers.ts)`;
  const [ga, sa] = a.split('/');
  const [gb, sb] = b.split('/');
  if (ga === gb) {
    // within a group: a sub-module may use the group's root files, nothing else
    if (sa && !sb) return undefined;
    return sa && sb
      ? `${a} and ${b} are separate modules (share code through ${ga}/*.ts)`
      : `${ga}/*.ts must not depend on ${b}`;
  }
  if (rb < ra) return undefined;
  return rb === ra ? `sideways: ${a} and ${b} are in the same layer` : `upwards: ${b} is above ${a}`;
}

/** Every layer violation and every import cycle in `files` (path → source text; test files are left out). */
export function checkImports(files: Map<string, string>): { violations: Violation[]; cycles: string[][] } {
  const violations: Violation[] = [];
  const graph = new Map<string, string[]>();
  for (const [file, text] of files) {
    if (file.endsWith('.test.ts')) continue;
    const targets: string[] = [];
    for (const spec of importsOf(text)) {
      const target = normalize(join(dirname(file), spec));
      targets.push(target);
      if (!target.includes('/src/') && !target.startsWith('src/')) {
        violations.push({ file, imports: spec, why: 'imports from outside src/' });
        continue;
      }
      const why = layerViolation(moduleOf(file), moduleOf(target));
      if (why) violations.push({ file, imports: spec, why });
    }
    graph.set(file, targets);
  }
  return { violations, cycles: cyclesOf(graph) };
}

/** Strongly connected components with more than one file (Tarjan), or a file importing itself. */
function cyclesOf(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1 || graph.get(v)?.includes(v)) out.push(comp.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}
