// Proves that a newcomer without ../shared gets a green run: every test file that can use the shared corpus
// (it imports test/corpus.ts) runs once more with KONSEKI_CORPUS pointing at an empty directory, so its corpus
// parts must skip at collection instead of failing. The other test files do not depend on the corpus and ran already.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const files = [];
const walk = (dir) => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (
      e.name.endsWith('.test.ts') &&
      /from '(?:\.\.\/)+corpus\.ts'|from '\.\/corpus\.ts'/.test(readFileSync(p, 'utf8'))
    )
      files.push(p);
  }
};
walk('test');
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
