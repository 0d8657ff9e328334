import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsOf } from '../../../test/support/layers.ts';

/** The browser bundle stays a browser bundle: it imports only itself and its three libraries. */
describe('src/web/client imports', () => {
  it('imports nothing of the server or Node, and no library beyond Preact, uPlot and Cytoscape', () => {
    const files: string[] = [];
    const walk = (d: string): void => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(d, e.name));
        else if (/\.tsx?$/.test(e.name) && !e.name.endsWith('.test.ts')) files.push(join(d, e.name));
      }
    };
    walk('src/web/client');
    expect(files.length).toBeGreaterThan(10);
    const bad: string[] = [];
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      for (const spec of importsOf(text)) {
        const depth = f.split('/').length - 'src/web/client'.split('/').length - 1;
        const ups = spec.split('/').filter((p) => p === '..').length;
        if (ups > depth) bad.push(`${f} imports ${spec}`);
      }
      for (const m of text.matchAll(/from '([^.'][^']*)'|import '([^.'][^']*)'/g)) {
        const pkg = m[1] ?? m[2]!;
        if (!/^(preact(\/hooks)?|uplot(\/dist\/uPlot\.min\.css)?|cytoscape)$/.test(pkg))
          bad.push(`${f} imports ${pkg}`);
      }
    }
    expect(bad).toEqual([]);
  });
});
