/**
 * The layers of src/ (README "How it is built"): every import goes down, modules of one layer do not
 * import each other, and no two files import each other through any path. Fails with the file, the import
 * and the reason, so whoever breaks the order sees where.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkImports, importsOf, LAYERS, moduleOf } from './support/layers.ts';

function sources(dir: string, out = new Map<string, string>()): Map<string, string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) sources(p, out);
    else if (/\.tsx?$/.test(e.name)) out.set(p, readFileSync(p, 'utf8'));
  }
  return out;
}

describe('layers of src/', () => {
  const files = sources('src');

  it('every top-level directory of src/ is in the layer table', () => {
    const dirs = readdirSync('src', { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    expect(dirs.filter((d) => !LAYERS.some((l) => l.includes(d)))).toEqual([]);
  });

  it('imports only go down the layers, and no file is part of an import cycle', () => {
    const { violations, cycles } = checkImports(files);
    expect(violations.map((v) => `${v.file} imports ${v.imports}: ${v.why}`)).toEqual([]);
    expect(cycles.map((c) => c.join(' <-> '))).toEqual([]);
  });

  it('finds the imports of every form the code uses', () => {
    const text = [
      "import { a } from '../core/a.ts';",
      "import type { B } from './b.ts';",
      "export { c } from '../c.ts';",
      "import './messages.ts';",
      "const m = await import('../sigma/engine.ts');",
      "import { x } from 'node:fs';",
    ].join('\n');
    expect(importsOf(text)).toEqual(['../core/a.ts', './b.ts', '../c.ts', './messages.ts', '../sigma/engine.ts']);
  });

  it('fails on a wrong import and on a cycle (fixtures)', () => {
    const wrong = new Map([
      ['src/core/clock.ts', "import { runTriage } from '../triage/run.ts';"],
      ['src/triage/run.ts', "import { now } from '../core/clock.ts';"],
      ['src/sources/evtx/a.ts', "import { b } from '../linux/b.ts';"],
      ['src/sources/linux/b.ts', "import type { T } from '../types.ts';"],
      ['src/sources/types.ts', ''],
      ['src/sigma/x.ts', "import { y } from '../analytics/y.ts';"],
      ['src/analytics/y.ts', ''],
      ['src/nowhere/z.ts', "import { t } from '../core/clock.ts';"],
    ]);
    const { violations, cycles } = checkImports(wrong);
    expect(violations.map((v) => [v.file, v.why.split(':')[0]])).toEqual([
      ['src/core/clock.ts', 'upwards'],
      [
        'src/sources/evtx/a.ts',
        'sources/evtx and sources/linux are separate modules (share code through sources/*.ts)',
      ],
      ['src/sigma/x.ts', 'sideways'],
      ['src/nowhere/z.ts', 'nowhere is not in the layer table (test/support/layers.ts)'],
    ]);
    expect(cycles).toEqual([['src/core/clock.ts', 'src/triage/run.ts']]);
    expect(moduleOf('src/sources/types.ts')).toBe('sources');
    expect(moduleOf('src/analytics/network/beacon.ts')).toBe('analytics/network');
  });
});
