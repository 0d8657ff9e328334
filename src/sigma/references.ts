/**
 * Cross-document references: correlations name rules or other correlations by id or `name`; filters name
 * rules. A correlation whose references cannot all be resolved (or that is part of a cycle) is rejected;
 * a filter naming rules that are not loaded is kept (they may be loaded another time) with a warning.
 */
import { issue, type Issue } from '../core/issue.ts';
import type { CorrelationDoc, RuleDoc } from './types.ts';

export function referenceIndex(docs: RuleDoc[]): Map<string, RuleDoc> {
  const byRef = new Map<string, RuleDoc>();
  for (const d of docs) {
    if (d.kind === 'filter') continue;
    if (d.id && !byRef.has(d.id)) byRef.set(d.id, d);
    if (d.name && !byRef.has(d.name)) byRef.set(d.name, d);
  }
  return byRef;
}

export function resolveReferences(docs: RuleDoc[], issues: Issue[]): RuleDoc[] {
  const seenIds = new Map<string, RuleDoc>();
  for (const d of docs) {
    if (!d.id) continue;
    const first = seenIds.get(d.id);
    if (first)
      issues.push(
        issue(
          'sigma.duplicate_id',
          { file: d.file, ...d.pos },
          { id: d.id, other: `${first.file}:${first.pos.line}` },
          'warning',
        ),
      );
    else seenIds.set(d.id, d);
  }
  let current = docs;
  for (let round = 0; round < 64; round++) {
    const byRef = referenceIndex(current);
    const bad = new Set<RuleDoc>();
    for (const d of current) {
      if (d.kind !== 'correlation') continue;
      const missing = d.rules.filter((r) => !byRef.has(r));
      if (missing.length) {
        issues.push(
          issue('sigma.correlation_unknown_rule', { file: d.file, ...d.pos }, { rules: missing.join(', ') }, 'error'),
        );
        bad.add(d);
      } else if (inCycle(d, byRef)) {
        issues.push(issue('sigma.correlation_cycle', { file: d.file, ...d.pos }, {}, 'error'));
        bad.add(d);
      }
    }
    if (!bad.size) break;
    current = current.filter((d) => !bad.has(d));
  }
  const byRef = referenceIndex(current);
  for (const d of current) {
    if (d.kind !== 'filter') continue;
    const missing = d.rules.filter((r) => !byRef.has(r));
    if (missing.length)
      issues.push(
        issue('sigma.filter_unknown_rule', { file: d.file, ...d.pos }, { rules: missing.join(', ') }, 'warning'),
      );
  }
  return current;
}

function inCycle(start: CorrelationDoc, byRef: Map<string, RuleDoc>): boolean {
  const stack: Array<{ doc: CorrelationDoc; depth: number }> = [{ doc: start, depth: 0 }];
  let steps = 0;
  while (stack.length) {
    const { doc, depth } = stack.pop()!;
    if (++steps > 10_000 || depth > 64) return true;
    for (const r of doc.rules) {
      const t = byRef.get(r);
      if (t === start) return true;
      if (t?.kind === 'correlation') stack.push({ doc: t, depth: depth + 1 });
    }
  }
  return false;
}
