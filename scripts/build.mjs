// Bundles the CLI and its worker into dist/ with esbuild; DuckDB stays external (native binding).
// Split into chunks: the entry holds the CLI wiring only, each command's code loads when it runs
// (src/cli/main.ts imports command modules on demand), so start-up does not compile the whole tool.
// The workspace's browser bundle goes into dist/web/.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
/**
 * commander requires node:child_process at load, for executable subcommands konseki does not have;
 * loading it costs every start-up a dozen built-in modules. Inside commander it is loaded on first use.
 */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (args) =>
      /[\\/]commander[\\/]/.test(args.importer)
        ? { path: 'child_process', namespace: 'lazy-child-process' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-child-process' }, () => ({
      contents:
        "let real; module.exports = new Proxy({}, { get: (_, k) => (real ??= require('node:child_process'))[k] });",
      loader: 'js',
    }));
  },
};

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
  plugins: [lazyChildProcess],
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
