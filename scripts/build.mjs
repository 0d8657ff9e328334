// Bundles the CLI and its worker into dist/ with esbuild; DuckDB stays external (native binding).
// Split into chunks: the entry holds the CLI wiring only, each command's code loads when it runs
// (src/cli/main.ts imports command modules on demand), so start-up does not compile the whole tool.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const started = Date.now();
rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: { cli: 'src/cli/main.ts', worker: 'src/worker/entry.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  chunkNames: 'chunk-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  external: ['@duckdb/*'],
  define: { KONSEKI_VERSION: JSON.stringify(pkg.version) },
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
});
if (!process.argv.includes('--quiet')) console.error(`built dist/ in ${Date.now() - started} ms`);
