/**
 * `konseki serve --case DIR`: the investigation workspace in the browser (src/web/). One local process,
 * no external network. The first line on stdout is the URL to open, with its access token.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { isIP } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { Command } from '@commander-js/extra-typings';
import { KonsekiError } from '../../core/issue.ts';
import { defineMessages, getLang, type KeysOf, setLang, t, type Lang } from '../../i18n/index.ts';
import { loadAssets } from '../../web/page.ts';
import { createApp } from '../../web/server.ts';
import { Workspace } from '../../web/workspace.ts';
import { msg, say, tell } from '../output.ts';
import { VERSION } from '../version.ts';

/** Loopback names and addresses: the only places the workspace listens without an explicit token. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

/** dist/web beside the bundled CLI (dist/cli.mjs); from the sources, the repository's dist/web. */
function assetsDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const d of [join(here, 'web'), join(here, '..', '..', '..', 'dist', 'web')]) if (existsSync(d)) return d;
  return join(here, 'web');
}

export function serveCommand() {
  return new Command('serve')
    .description(t('serve.description'))
    .requiredOption('--case <dir>', t('serve.opt.case'))
    .option('--port <n>', t('serve.opt.port'), '8421')
    .option('--host <addr>', t('serve.opt.host'), '127.0.0.1')
    .option('--token <token>', t('serve.opt.token'))
    .action(async (o, cmd) => {
      const g = cmd.optsWithGlobals() as { quiet?: boolean; lang?: string };
      const dir = resolve(o.case);
      if (!existsSync(join(dir, 'case.duckdb'))) throw new KonsekiError('serve.no_case', { path: dir });
      const port = Number(o.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new KonsekiError('serve.bad_port', { port: o.port });
      if (!isLoopback(o.host) && !o.token) throw new KonsekiError('serve.need_token', { host: o.host });
      if (o.token !== undefined && o.token.length < 16) throw new KonsekiError('serve.short_token');
      const token = o.token ?? randomBytes(24).toString('base64url');
      const lang: Lang = setLang(g.lang) ?? getLang();
      const assets = loadAssets(assetsDir());
      if (!assets.has('app.js')) tell(msg('serve.no_assets'));

      const ws = await Workspace.open(dir, { tool: `konseki ${VERSION}`, version: VERSION });
      let bound = 0;
      const app = createApp(ws, { token, lang, host: o.host, port: () => bound, assets });
      const server = serve({ fetch: app.fetch, port, hostname: o.host }) as Server;
      // idle connections stay open longer than clients keep them (a client must never reuse one being closed)
      server.keepAliveTimeout = 65_000;
      server.headersTimeout = 66_000;
      await new Promise<void>((ok, fail) => {
        server.once('listening', () => ok());
        server.once('error', (e) => fail(e));
      }).catch((e: NodeJS.ErrnoException) => {
        void ws.close();
        throw new KonsekiError('serve.listen_failed', { host: o.host, port, message: e.message });
      });
      const address = server.address();
      bound = typeof address === 'object' && address ? address.port : port;
      const shown = o.host.includes(':') && !o.host.startsWith('[') ? `[${o.host}]` : o.host;
      say(`http://${shown}:${bound}/?token=${token}`);
      if (!g.quiet) {
        tell(msg('serve.indexing', { dir }));
        ws.ready.then(
          () =>
            tell(
              msg('serve.ready', {
                detections: ws.indexCounts.detections,
                events: ws.indexCounts.events,
                seconds: ((Date.now() - ws.indexing.started) / 1000).toFixed(1),
              }),
            ),
          (e: Error) => tell(msg('serve.index_failed', { message: e.message })),
        );
      }

      await new Promise<void>((done) => {
        const stop = (): void => {
          server.close();
          void ws.close().finally(done);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}

const SERVE_MESSAGES = defineMessages(
  {
    'serve.description': 'open a case in the browser: timeline, hosts, graphs, network charts, review, containment',
    'serve.opt.case': 'the case directory (written by konseki triage)',
    'serve.opt.port': 'port to listen on (0: any free port)',
    'serve.opt.host': 'address to listen on (other than loopback only with --token)',
    'serve.opt.token': 'access token (default: a new random one each start)',
    'serve.no_case': 'not a case directory (no case.duckdb): {path}',
    'serve.bad_port': 'not a port number: {port}',
    'serve.need_token':
      '--host {host} would let other machines reach the case: give --token explicitly (and share it only with the team)',
    'serve.short_token': '--token must be at least 16 characters',
    'serve.no_assets': 'the browser bundle (dist/web) is missing: run npm run build',
    'serve.listen_failed': 'cannot listen on {host}:{port}: {message}',
    'serve.indexing': 'Serving {dir}: open the URL above (Ctrl+C stops). Indexing the case…',
    'serve.ready': 'Indexed {detections} detections and {events} events in {seconds} s.',
    'serve.index_failed': 'Indexing the case failed: {message}',
  },
  {
    'serve.description': 'ケースをブラウザで開く: タイムライン、ホスト、グラフ、通信のグラフ、レビュー、封じ込め',
    'serve.opt.case': 'ケースのディレクトリ (konseki triage の出力)',
    'serve.opt.port': '待ち受けるポート (0: 空いている任意のポート)',
    'serve.opt.host': '待ち受けるアドレス (ループバック以外は --token が必要)',
    'serve.opt.token': 'アクセストークン (既定: 起動ごとに新しい乱数)',
    'serve.no_case': 'ケースのディレクトリではありません (case.duckdb がない): {path}',
    'serve.bad_port': 'ポート番号ではありません: {port}',
    'serve.need_token':
      '--host {host} では他のマシンからケースに接続できてしまいます: --token を明示してください (共有はチーム内だけに)',
    'serve.short_token': '--token は 16 文字以上にしてください',
    'serve.no_assets': 'ブラウザ用のファイル (dist/web) がありません: npm run build を実行してください',
    'serve.listen_failed': '{host}:{port} で待ち受けできません: {message}',
    'serve.indexing':
      '{dir} を公開しています: 上の URL を開いてください (Ctrl+C で終了)。ケースの索引を作成しています…',
    'serve.ready': '検知 {detections} 件、イベント {events} 件の索引を {seconds} 秒で作成しました。',
    'serve.index_failed': 'ケースの索引を作成できませんでした: {message}',
  },
);

declare module '../../i18n/index.ts' {
  interface MessageKeys extends KeysOf<typeof SERVE_MESSAGES> {}
}
