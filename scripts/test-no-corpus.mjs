// Proves that a newcomer without ../shared gets a green run: every test file that can use the shared corpus
// (it imports test/support/corpus.ts) runs once more with KONSEKI_CORPUS pointing at an empty directory, so its corpus
// parts must skip at collection instead of failing. The other test files do not depend on the corpus and ran already.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

// test files that import test/support/corpus.ts, directly or through a helper of their own
const all = [];
const walk = (dir) => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith('.ts')) all.push(p);
  }
};
walk('test');
walk('src');
const importsOf = (p) =>
  [...readFileSync(p, 'utf8').matchAll(/from '(\.[^']+)'/g)].map((m) => resolve(dirname(p), m[1]));
const corpus = resolve('test/support/corpus.ts');
const usesCorpus = new Map([[corpus, true]]);
const uses = (p, seen = new Set()) => {
  if (usesCorpus.has(p)) return usesCorpus.get(p);
  if (seen.has(p) || !p.startsWith(resolve('test'))) return false;
  seen.add(p);
  let r = false;
  try {
    r = importsOf(p).some((q) => uses(q, seen));
  } catch {}
  usesCorpus.set(p, r);
  return r;
};
const files = all.filter((p) => p.endsWith('.test.ts') && importsOf(p).some((q) => uses(q)));
const empty = mkdtempSync(join(tmpdir(), 'konseki-no-corpus-'));
console.log(`[no-corpus] ${files.length} test files that can use the corpus, run with KONSEKI_CORPUS=${empty}`);
const r = spawnSync('npx', ['vitest', 'run', '--reporter=dot', ...files], {
  stdio: 'inherit',
  env: { ...process.env, KONSEKI_CORPUS: empty, KONSEKI_SKIP_BUILD: '1', NO_COLOR: '1' },
});
rmSync(empty, { recursive: true, force: true });
console.log(
  r.status === 0 ? '[no-corpus] every corpus suite skipped cleanly' : '[no-corpus] FAILED without the corpus',
);
process.exit(r.status ?? 1);
