/** Every message table of src/ loaded (each area's messages file registers its table when imported), and the glossary. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The files of src/ that define a message table (src/i18n itself excluded). */
export function tableFiles(dir = 'src', out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) tableFiles(p, out);
    else if (
      e.name.endsWith('.ts') &&
      !e.name.endsWith('.test.ts') &&
      !p.startsWith(join('src', 'i18n')) &&
      readFileSync(p, 'utf8').includes('defineMessages(')
    )
      out.push(p);
  }
  return out;
}

export async function loadAllTables(): Promise<string[]> {
  const files = tableFiles();
  for (const f of files) await import(pathToFileURL(resolve(f)).href);
  return files;
}

export interface Glossary {
  /** every Japanese term of the 日本語 column */
  preferred: string[];
  /** terms not to use, with the row they belong to */
  avoid: Array<{ term: string; concept: string }>;
  /** contexts in which an avoided term is the right word (Windows' own words) */
  allowed: string[];
}

/** docs/glossary.md: the terms table (English | 日本語 | avoid | source) and the allowed contexts. */
export function readGlossary(file = 'docs/glossary.md'): Glossary {
  const text = readFileSync(file, 'utf8');
  const g: Glossary = { preferred: [], avoid: [], allowed: [] };
  const section = text.slice(text.indexOf('## Terms'), text.indexOf('## Attack stages'));
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 6 || cells[1] === 'English' || /^-+$/.test(cells[1]!)) continue;
    const [, concept, ja, avoid] = cells;
    for (const t of ja!.split(/[,/、()=]/).map((x) => x.trim()))
      if (t && /[\u3040-\u30ff\u4e00-\u9fff]/.test(t)) g.preferred.push(t);
    for (const a of avoid!.split(',').map((x) => x.replace(/\s*\(.*$/, '').trim()))
      if (a && a !== '—') g.avoid.push({ term: a, concept: concept! });
  }
  const rules = text.slice(text.indexOf('## Writing rules'));
  const contexts = rules.slice(rules.indexOf('contexts'));
  for (const m of contexts.matchAll(/`([^`]+)`/g)) g.allowed.push(m[1]!);
  return g;
}

/** The avoided terms a Japanese text uses (outside the preferred terms that contain them and the allowed contexts). */
export function avoidedTerms(text: string, g: Glossary): string[] {
  const found: string[] = [];
  for (const { term } of g.avoid) {
    if (!text.includes(term)) continue;
    let t = text;
    const keep = [...g.allowed, ...g.preferred.filter((p) => p !== term && p.includes(term))].sort(
      (a, b) => b.length - a.length,
    );
    for (const k of keep) t = t.split(k).join(' ');
    if (t.includes(term)) found.push(term);
  }
  return found;
}
