/**
 * report.html and report.md rendered from a model full of hostile log strings: nothing may run, load or
 * become markup. Checked three ways: python's html.parser (structure, no browser), headless Chromium
 * (what a browser really does, with and without the CSP), cmark-gfm --unsafe for the Markdown.
 */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html.ts';
import { renderMarkdown } from '../../src/report/markdown.ts';
import { visible } from '../../src/core/escape.ts';
import { chromiumDom, CHROMIUM, PYTHON, tokenize } from './dom.ts';
import { hostileModel } from './fixture.ts';
import { HOSTILE } from './hostile.ts';

const ALLOWED_TAGS = new Set([
  'html',
  'head',
  'meta',
  'title',
  'style',
  'body',
  'header',
  'h1',
  'h2',
  'h3',
  'p',
  'nav',
  'ol',
  'ul',
  'li',
  'a',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'span',
  'pre',
  'code',
  'div',
  'svg',
  'defs',
  'marker',
  'path',
  'g',
  'rect',
  'text',
  'footer',
]);
const ALLOWED_ATTRS = new Set([
  'lang',
  'charset',
  'http-equiv',
  'content',
  'name',
  'id',
  'href',
  'class',
  'xmlns',
  'viewbox',
  'width',
  'height',
  'role',
  'aria-labelledby',
  'refx',
  'refy',
  'markerwidth',
  'markerheight',
  'orient',
  'd',
  'marker-end',
  'x',
  'y',
  'rx',
  'text-anchor',
]);
const oneLine = (s: string): string => s.replace(/\r\n|[\r\n\u2028\u2029]/g, ' ⏎ ');
const tmp = mkdtempSync(join(tmpdir(), 'konseki-report-'));

describe.each(['ja', 'en'] as const)('report.html (%s)', (lang) => {
  const html = renderHtml(hostileModel(lang));

  it.skipIf(!PYTHON)(
    'has only the elements and attributes konseki writes, and the hostile strings only as text',
    () => {
      const t = tokenize(html);
      for (const [tag, attrs] of t.tags) {
        expect([tag, ALLOWED_TAGS.has(tag)]).toEqual([tag, true]);
        for (const [name, value] of attrs) {
          expect([tag, name, ALLOWED_ATTRS.has(name)]).toEqual([tag, name, true]);
          if (name === 'href') expect(value).toMatch(/^#[a-z]+$/);
          if (name === 'marker-end') expect(value).toMatch(/^url\(#arrow-[a-z0-9]+\)$/);
          expect(value ?? '').not.toMatch(/javascript:|<|>/i);
        }
      }
      expect(t.tags.filter(([tag]) => tag === 'style').length).toBe(1);
      for (const v of HOSTILE) expect([v, t.text.includes(visible(v.replace(/\r\n?/g, '\n')))]).toEqual([v, true]);
    },
  );

  it.skipIf(!PYTHON)('has a strict CSP that allows exactly its own style sheet', () => {
    const t = tokenize(html);
    const csp = t.tags.find(
      ([tag, attrs]) => tag === 'meta' && attrs.some(([n, v]) => n === 'http-equiv' && v === 'Content-Security-Policy'),
    )!;
    const policy = csp[1].find(([n]) => n === 'content')![1]!;
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("script-src 'none'");
    const hash = createHash('sha256').update(t.styles.join(''), 'utf8').digest('base64');
    expect(policy).toContain(`style-src 'sha256-${hash}'`);
  });

  it.skipIf(!CHROMIUM || !PYTHON)('in Chromium nothing runs, with or without the CSP', () => {
    for (const [name, page] of [
      ['with-csp.html', html],
      ['without-csp.html', html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '')],
    ] as const) {
      expect(page.includes('Content-Security-Policy')).toBe(name === 'with-csp.html');
      const dom = chromiumDom(tmp, `${lang}-${name}`, page);
      expect(/<title>([\s\S]*?)<\/title>/.exec(dom)![1]).not.toContain('PWNED');
      const t = tokenize(dom);
      for (const [tag, attrs] of t.tags) {
        expect([name, tag, ALLOWED_TAGS.has(tag) || tag === 'tbody']).toEqual([name, tag, true]);
        for (const [attr] of attrs) expect([name, tag, attr, ALLOWED_ATTRS.has(attr)]).toEqual([name, tag, attr, true]);
      }
      for (const v of HOSTILE)
        expect([name, v, t.text.includes(visible(v.replace(/\r\n?/g, '\n')))]).toEqual([name, v, true]);
    }
  });

  it.skipIf(!CHROMIUM || !PYTHON)('Chromium does run injected markup here (so the check above can fail)', () => {
    const injected = html
      .replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '')
      .replace('<body>', `<body>${HOSTILE[24]}<img src=x onerror="document.body.setAttribute('data-pwned','1')">`);
    const dom = chromiumDom(tmp, `${lang}-injected.html`, injected);
    expect(/<title>([\s\S]*?)<\/title>/.exec(dom)![1]).toContain('PWNED');
    expect(tokenize(dom).tags.find(([tag]) => tag === 'body')![1]).toContainEqual(['data-pwned', '1']);
  });
});

const cmark = spawnSync('cmark-gfm', ['--version']).status === 0;
describe.each(['ja', 'en'] as const)('report.md (%s)', (lang) => {
  const md = renderMarkdown(hostileModel(lang));
  it.skipIf(!cmark || !PYTHON)(
    'renders (cmark-gfm --unsafe) to tables, lists and code only, with every hostile string as text',
    () => {
      const r = spawnSync('cmark-gfm', ['--unsafe', '-e', 'table', '-e', 'autolink', '-e', 'strikethrough'], {
        input: md,
        encoding: 'utf8',
        maxBuffer: 64 << 20,
      });
      expect(r.status).toBe(0);
      const t = tokenize(r.stdout);
      const allowed = new Set([
        'h1',
        'h2',
        'h3',
        'p',
        'ul',
        'li',
        'table',
        'thead',
        'tbody',
        'tr',
        'th',
        'td',
        'code',
        'em',
        'strong',
        'hr',
        'br',
        'blockquote',
      ]);
      for (const [tag, attrs] of t.tags) {
        expect([tag, allowed.has(tag)]).toEqual([tag, true]);
        for (const [a, v] of attrs) expect([tag, a, v]).toEqual([tag, 'align', v]);
      }
      for (const v of HOSTILE) expect([v, t.text.includes(visible(oneLine(v)))]).toEqual([v, true]);
    },
  );
  it("keeps every table row on one line with the header's number of cells", () => {
    const lines = md.split('\n');
    let cols = 0;
    for (const l of lines) {
      if (!l.startsWith('|')) {
        cols = 0;
        continue;
      }
      const n = l.replace(/\\\|/g, '').split('|').length - 2;
      if (!cols) cols = n;
      expect([l.slice(0, 80), n]).toEqual([l.slice(0, 80), cols]);
    }
  });
});
