/** Helpers for the Sigma tests: rules from YAML text, events from plain fields. */
import type { Event, Fields, LogSource } from '../core/event.ts';
import type { Issue } from '../core/issue.ts';
import { loadText } from './loader.ts';
import { loadMapping, mergeMapping } from './mapping.ts';
import { resolveReferences } from './references.ts';
import { compileRuleSet } from './ruleset.ts';
import type { CompileOptions, Mapping, RuleDoc, RuleSet } from './types.ts';

/** Loads rules from YAML text (several documents allowed) the way files are loaded. */
export function docsFromText(text: string, issues: Issue[] = [], file = 'test.yml'): RuleDoc[] {
  const r = loadText(file, text, issues);
  const docs = resolveReferences(r.docs, issues);
  docs.forEach((d, i) => (d.index = i));
  return docs;
}

/** The shipped mapping, plus extra mapping data (e.g. placeholders) when given. */
export function testMapping(extra?: unknown): Mapping {
  const m = loadMapping();
  if (extra) mergeMapping(m, extra, 'test-mapping', []);
  return m;
}

export function ruleSetFromText(
  text: string,
  opts: CompileOptions & { mapping?: unknown } = {},
): { ruleSet: RuleSet; docs: RuleDoc[]; issues: Issue[] } {
  const issues: Issue[] = [];
  const docs = docsFromText(text, issues);
  return { ruleSet: compileRuleSet(docs, testMapping(opts.mapping), opts), docs, issues };
}

let seq = 0;
export function event(fields: Fields, logsource: LogSource = { product: 'test' }, ts = 0): Event {
  return { ts, source: { format: 'test', file: 'test', record: ++seq }, logsource, fields };
}

/** A one-rule set for a detection body over a test logsource: `matches(fields)` says whether it fires. */
export function detectionMatcher(
  detection: string,
  opts: { logsource?: string; mapping?: unknown } = {},
): { matches: (fields: Fields) => boolean; issues: Issue[]; compiled: boolean } {
  const ls = opts.logsource ?? 'product: test';
  const text = `title: t\nlogsource:\n    ${ls.replace(/\n/g, '\n    ')}\ndetection:\n${detection.replace(/^/gm, '    ')}\n`;
  const { ruleSet, issues } = ruleSetFromText(text, { mapping: opts.mapping });
  const product = /product: (\S+)/.exec(ls)?.[1];
  const category = /category: (\S+)/.exec(ls)?.[1];
  const service = /service: (\S+)/.exec(ls)?.[1];
  return {
    matches: (fields) => ruleSet.match(event(fields, { product, category, service })).length > 0,
    issues: [...issues, ...ruleSet.issues],
    compiled: ruleSet.rules.size > 0,
  };
}
