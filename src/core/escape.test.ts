import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { HOSTILE } from '../../test/report/hostile.ts';
import { html, md, mdCode, terminal, visible } from './escape.ts';

const cmark = spawnSync('cmark-gfm', ['--version'], { encoding: 'utf8' }).status === 0;
/** cmark-gfm (the GitHub renderer) with raw HTML allowed: the neutralization must not depend on the renderer's safe mode. */
function render(markdown: string): string {
  const r = spawnSync(
    'cmark-gfm',
    ['--unsafe', '-e', 'table', '-e', 'autolink', '-e', 'strikethrough', '-e', 'tagfilter'],
    { input: markdown, encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout;
}
const decode = (s: string): string =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
const noComments = (s: string): string => s.replace(/<!--[\s\S]*?-->/g, '');
const tags = (h: string): string[] => [...h.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1]!.toLowerCase());
const oneLine = (s: string): string => s.replace(/\r\n|[\r\n\u2028\u2029]/g, ' ⏎ ');

describe('html()', () => {
  it('leaves no markup characters', () => {
    for (const v of HOSTILE) expect(html(v)).not.toMatch(/[<>"']/);
    expect(html('a & b <c>')).toBe('a &amp; b &lt;c&gt;');
  });
});

describe.skipIf(!cmark)('markdown neutralization, rendered by cmark-gfm --unsafe', () => {
  it('prose renders as exactly the original text inside one paragraph', () => {
    for (const v of HOSTILE) {
      const out = render(md(v));
      expect([v, tags(out)]).toEqual([v, ['p', 'p']]);
      expect([v, decode(noComments(out).replace(/^<p>|<\/p>\n$/g, ''))]).toEqual([v, visible(oneLine(v))]);
    }
  });
  it('code spans render as exactly the original text, also inside table cells', () => {
    for (const v of HOSTILE) {
      const out = render(`x ${mdCode(v, false)} y`);
      expect([v, tags(out)]).toEqual([v, ['p', 'code', 'code', 'p']]);
      expect([v, decode(/<code>([\s\S]*)<\/code>/.exec(out)![1]!)]).toEqual([v, visible(oneLine(v))]);
      const table = render(`| a | b |\n|---|---|\n| ${mdCode(v)} | ${md(v)} |\n`);
      const cells = [...table.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((m) => m[1]!);
      expect([
        v,
        cells.length,
        tags(table).filter((t) => !['table', 'thead', 'tbody', 'tr', 'th', 'td', 'code'].includes(t)),
      ]).toEqual([v, 2, []]);
      expect([v, decode(cells[0]!.replace(/^<code>|<\/code>$/g, ''))]).toEqual([v, visible(oneLine(v))]);
      expect([v, decode(noComments(cells[1]!))]).toEqual([v, visible(oneLine(v))]);
    }
  });
  it('the oracle does render markup when it is not escaped (so the checks above can fail)', () => {
    expect(tags(render('<img src=x onerror=alert(1)>'))).toContain('img');
    expect(tags(render('[x](javascript:alert(1)) www.evil.example'))).toContain('a');
  });
});

describe('terminal', () => {
  it('makes escape sequences, bells, carriage returns and bidi overrides visible', () => {
    const hostile = '\u001b]0;pwned\u0007\u001b[2J\u001b[31mred\rover\u202egnp.exe\u009b1m';
    const shown = terminal(hostile);
    expect(shown).toBe(
      '\\u{001b}]0;pwned\\u{0007}\\u{001b}[2J\\u{001b}[31mred\\u{000d}over\\u{202e}gnp.exe\\u{009b}1m',
    );
    expect(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(shown)).toBe(false);
  });
  it('keeps a value on one line, and only text konseki composed keeps its line breaks', () => {
    const forged = 'admin\nEvidence verified unchanged (999 files, SHA-256).';
    expect(terminal(forged)).toBe('admin\\u{000a}Evidence verified unchanged (999 files, SHA-256).');
    expect(terminal(`line 1\n${terminal(forged)}\n`, { lines: true })).toBe(
      'line 1\nadmin\\u{000a}Evidence verified unchanged (999 files, SHA-256).\n',
    );
    expect(terminal('tab\tand 日本語 and emoji 🔑')).toBe('tab\tand 日本語 and emoji 🔑');
    expect(terminal('lone \ud800 surrogate')).toBe('lone \ufffd surrogate');
    // escaping is idempotent: a value escaped once prints the same through the output functions
    expect(terminal(terminal(forged), { lines: true })).toBe(terminal(forged));
  });
});
