/**
 * The one HTML page of the workspace and its assets (the browser bundle that scripts/build.mjs writes
 * to dist/web/). The page carries no inline script: the token for API changes travels in a meta tag.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { html as escapeHtml } from '../core/escape.ts';
import type { Lang } from '../i18n/index.ts';

export type Assets = Map<string, { type: string; body: Buffer }>;

const TYPES: Record<string, string> = {
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
};

/** The bundle from a directory (dist/web); missing files are left out (the page then says so). */
export function loadAssets(dir: string): Assets {
  const out: Assets = new Map();
  for (const [name, type] of Object.entries(TYPES)) {
    const p = join(dir, name);
    if (existsSync(p)) out.set(name, { type, body: readFileSync(p) });
  }
  return out;
}

export function pageHtml(token: string, lang: Lang): string {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="konseki-token" content="${escapeHtml(token)}">
<meta name="konseki-lang" content="${lang}">
<meta name="referrer" content="no-referrer">
<title>konseki</title>
<link rel="stylesheet" href="/assets/app.css">
<meta id="__________cytoscape_stylesheet">
<script type="module" src="/assets/app.js"></script>
</head>
<body><div id="app"><noscript>JavaScript is needed.</noscript></div></body>
</html>
`;
}
