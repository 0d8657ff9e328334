// Bundles the CLI and its worker into dist/ with esbuild (DuckDB stays external: native binding), and the
// workspace's browser bundle into dist/web/.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const started = Date.now();
await build({
  entryPoints: { cli: 'src/cli/main.ts', worker: 'src/worker/entry.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  external: ['@duckdb/*'],
  define: { KONSEKI_VERSION: JSON.stringify(pkg.version) },
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
});
// the browser side of `konseki serve` (src/web/client): one script and one stylesheet, no CDN
await build({
  entryPoints: { app: 'src/web/client/main.tsx' },
  outdir: 'dist/web',
  bundle: true,
  platform: 'browser',
  format: 'esm',
  target: 'es2022',
  minify: true,
  sourcemap: false,
  jsx: 'automatic',
  jsxImportSource: 'preact',
  legalComments: 'linked',
  logLevel: 'warning',
});
if (!process.argv.includes('--quiet')) console.error(`built dist/ in ${Date.now() - started} ms`);
