/**
 * Loads Sigma rules from directories (SigmaHQ, Hayabusa, the user's own): every `.yml`/`.yaml` file, every
 * YAML document in it, Sigma 1 collections (`action: global|reset|repeat`), then the references between
 * correlations, filters and rules. Returns plain, structured-cloneable docs and a report in which every
 * document that was not loaded has an error issue with file, line and column.
 */
import { readFileSync, type Stats, statSync } from 'node:fs';
import { LineCounter, YAMLMap, isMap, parseAllDocuments, type Document } from 'yaml';
import { issue, type Issue } from '../core/issue.ts';
import { walkInputs } from '../core/walk.ts';
import { openCache, type ParseCache } from './cache.ts';
import { documentToRule } from './model.ts';
import { resolveReferences } from './references.ts';
import type { FileResult, LoadOptions, LoadReport, RuleDoc } from './types.ts';

export type { FileResult } from './types.ts';
import { getPair, keyText, pairs, posOf } from './yaml-nodes.ts';
import './messages.ts';

const MAX_FILE_BYTES = 4 << 20;
const MAX_DOCS_PER_FILE = 1000;

export function isRuleFile(path: string): boolean {
  return /\.ya?ml$/i.test(path);
}

export function loadRuleSet(dirs: string[], opts: LoadOptions = {}): { docs: RuleDoc[]; report: LoadReport } {
  const started = Date.now();
  const issues: Issue[] = [];
  const files = walkInputs(dirs, issues, (p) => isRuleFile(p) || dirs.includes(p), { followLinks: true });
  const cache: ParseCache | undefined = opts.cacheDir ? openCache(opts.cacheDir) : undefined;
  const all: RuleDoc[] = [];
  let documents = 0;
  let skipped = 0;
  let cached = 0;
  for (const file of files) {
    let st: Stats;
    try {
      st = statSync(file);
    } catch (e) {
      issues.push(issue('sigma.read_failed', { file }, { reason: (e as Error).message }, 'error'));
      continue;
    }
    let r = cache?.get(file, st.size, st.mtimeMs);
    if (r) cached++;
    else {
      r = loadFile(file, st.size);
      cache?.set(file, st.size, st.mtimeMs, r);
    }
    documents += r.docs.length + r.rejected;
    issues.push(...r.issues);
    for (const d of r.docs) {
      if (d.status && opts.excludeStatus?.includes(d.status)) {
        skipped++;
        issues.push(issue('sigma.skipped_status', { file: d.file, ...d.pos }, { status: d.status }, 'info'));
        continue;
      }
      all.push(d);
    }
  }
  cache?.save();
  const docs = resolveReferences(all, issues);
  docs.forEach((d, i) => (d.index = i));
  const count = (k: RuleDoc['kind']): number => docs.filter((d) => d.kind === k).length;
  return {
    docs,
    report: {
      files: files.length,
      documents,
      loaded: { rules: count('rule'), correlations: count('correlation'), filters: count('filter') },
      skipped,
      issues,
      seconds: (Date.now() - started) / 1000,
      cached,
    },
  };
}

/** Parses one file: all its documents, collections merged. Never throws. */
export function loadFile(file: string, size: number): FileResult {
  const issues: Issue[] = [];
  if (size > MAX_FILE_BYTES)
    return { docs: [], issues: [issue('sigma.file_too_large', { file }, { bytes: size }, 'error')], rejected: 1 };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return {
      docs: [],
      issues: [issue('sigma.read_failed', { file }, { reason: (e as Error).message }, 'error')],
      rejected: 1,
    };
  }
  return loadText(file, text, issues);
}

export function loadText(file: string, text: string, issues: Issue[] = []): FileResult {
  try {
    return parseText(file, text, issues);
  } catch (e) {
    // the YAML library or a pathological document (e.g. nesting deep enough to exhaust the stack)
    issues.push(issue('sigma.yaml_error', { file }, { reason: (e as Error).message.slice(0, 200) }, 'error'));
    return { docs: [], issues, rejected: 1 };
  }
}

function parseText(file: string, text: string, issues: Issue[]): FileResult {
  const lc = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter: lc, uniqueKeys: true, prettyErrors: false });
  const list = (Array.isArray(parsed) ? parsed : []) as Document.Parsed[];
  const ctx = { lc, file, issues };
  const docs: RuleDoc[] = [];
  let global: YAMLMap | undefined;
  let previous: YAMLMap | undefined;
  let rejected = 0;
  for (const doc of list.slice(0, MAX_DOCS_PER_FILE)) {
    if (doc.errors.length) {
      const e = doc.errors[0]!;
      const pos = e.linePos?.[0] ?? lc.linePos(e.pos[0]);
      issues.push(
        issue(
          'sigma.yaml_error',
          { file, line: pos.line, col: pos.col },
          { reason: e.message.split('\n')[0]!.slice(0, 200) },
          'error',
        ),
      );
      rejected++;
      continue;
    }
    if (doc.contents === null) continue;
    if (isMap(doc.contents)) {
      const action = getPair(doc.contents, 'action')?.value;
      const act =
        action && typeof (action as { value?: unknown }).value === 'string'
          ? String((action as { value: string }).value)
          : undefined;
      if (act === 'global') {
        global = withoutKey(doc.contents, 'action');
        continue;
      }
      if (act === 'reset') {
        global = undefined;
        continue;
      }
      let merged = withoutKey(doc.contents, 'action');
      if (act === 'repeat' && previous) merged = mergeMaps(previous, merged);
      else if (act && act !== 'repeat')
        issues.push(issue('sigma.unknown_action', { file, ...posOf(ctx, action) }, { action: act }, 'warning'));
      if (global) merged = mergeMaps(global, merged);
      previous = merged;
      (doc as { contents: unknown }).contents = merged;
    }
    const rule = documentToRule(ctx, doc, 0);
    if (rule) docs.push(rule);
    else rejected++;
  }
  if (list.length > MAX_DOCS_PER_FILE)
    issues.push(issue('sigma.too_many_documents', { file }, { count: list.length }, 'warning'));
  return { docs, issues, rejected };
}

function withoutKey(map: YAMLMap, key: string): YAMLMap {
  const m = new YAMLMap();
  m.range = map.range;
  for (const p of pairs(map)) if (keyText(p) !== key) m.items.push(p);
  return m;
}

/** `over` wins; maps are merged recursively (the Sigma 1 collection semantics). */
function mergeMaps(base: YAMLMap, over: YAMLMap, depth = 0): YAMLMap {
  const m = new YAMLMap();
  m.range = over.range ?? base.range;
  const overKeys = new Map(pairs(over).map((p) => [keyText(p), p]));
  for (const p of pairs(base)) {
    const k = keyText(p);
    const o = overKeys.get(k);
    if (!o) m.items.push(p);
    else if (depth < 16 && isMap(p.value) && isMap(o.value)) {
      m.items.push(new (Object.getPrototypeOf(o).constructor)(o.key, mergeMaps(p.value, o.value, depth + 1)));
      overKeys.delete(k);
    }
  }
  for (const p of pairs(over)) if (overKeys.has(keyText(p))) m.items.push(p);
  return m;
}
