/** Two independent views of a rendered page: python's html.parser (no browser needed) and headless Chromium's DOM. */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Tokens {
  tags: Array<[string, Array<[string, string | null]>]>;
  text: string;
  styles: string[];
}

export const PYTHON = spawnSync('python3', ['--version']).status === 0;

/** Every start tag with its attributes, all text (entities decoded) and the contents of style elements. */
export function tokenize(html: string): Tokens {
  const code = `
import json, sys
from html.parser import HTMLParser
class P(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.text, self.styles, self.in_style = [], [], [], False
    def handle_starttag(self, tag, attrs):
        self.tags.append([tag, attrs]); self.in_style = tag == 'style'
    def handle_startendtag(self, tag, attrs):
        self.tags.append([tag, attrs])
    def handle_endtag(self, tag):
        self.in_style = False
    def handle_data(self, data):
        (self.styles if self.in_style else self.text).append(data)
p = P(); p.feed(sys.stdin.read()); p.close()
print(json.dumps({'tags': p.tags, 'text': ''.join(p.text), 'styles': p.styles}))
`;
  const r = spawnSync('python3', ['-c', code], { input: html, encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as Tokens;
}

export const CHROMIUM = (() => {
  for (const bin of ['chromium', 'chromium-browser', 'google-chrome']) {
    if (spawnSync(bin, ['--version'], { encoding: 'utf8' }).status === 0) return bin;
  }
  console.warn(
    '[konseki tests] headless Chromium not found: skipping the browser checks of report.html (apt-get install -y chromium)',
  );
  return undefined;
})();

/** The DOM after Chromium loaded the page and ran whatever it would run (scripts, event handlers, timers). */
export function chromiumDom(dir: string, name: string, html: string): string {
  const file = join(dir, name);
  writeFileSync(file, html);
  const r = spawnSync(
    CHROMIUM!,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-extensions',
      `--user-data-dir=${join(dir, `profile-${name}`)}`,
      '--virtual-time-budget=3000',
      '--dump-dom',
      `file://${file}`,
    ],
    { encoding: 'utf8', maxBuffer: 256 << 20, timeout: 90_000 },
  );
  if (r.status !== 0 && !r.stdout) throw new Error(r.stderr);
  return r.stdout;
}
