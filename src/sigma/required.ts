/**
 * Static analysis for the index: the values a field must have for the condition to hold, when plain
 * equality items pin it (EventID: [4624, 4625], Channel: Security). Used to index Hayabusa-style rules
 * and logsource-less rules by channel and event id, and to drop sources a rule can never match.
 */
import type { CondNode, DetectionDoc, SearchDoc } from './types.ts';

/** Lower-cased values per constrained field; a field absent from the map is unconstrained. */
export type Required = Map<string, Set<string>>;

export function requiredValues(det: DetectionDoc, fields: string[]): Required {
  return cond(det.condition, det, new Set(fields), 0);
}

function cond(n: CondNode, det: DetectionDoc, fields: Set<string>, depth: number): Required {
  if (depth > 64) return new Map();
  switch (n.op) {
    case 'id':
      return search(det.searches[n.name]!, fields);
    case 'not':
      return new Map();
    case 'and':
      return n.args.map((a) => cond(a, det, fields, depth + 1)).reduce(intersect, new Map());
    case 'or':
      return n.args.map((a) => cond(a, det, fields, depth + 1)).reduce((a, b) => union(a, b));
    case 'of': {
      const parts = n.names.map((name) => search(det.searches[name]!, fields));
      return n.quant === 'all' ? parts.reduce(intersect, new Map()) : parts.reduce((a, b) => union(a, b));
    }
  }
}

function search(s: SearchDoc, fields: Set<string>): Required {
  if (s.t === 'or') return s.alts.map((a) => search(a, fields)).reduce((a, b) => union(a, b));
  const out: Required = new Map();
  for (const it of s.items) {
    if (!fields.has(it.field) || it.mods.length) continue;
    if (it.values.some((v) => v === null || (typeof v === 'string' && /[*?\\]/.test(v)))) continue;
    const vals = new Set(it.values.map((v) => String(v).toLowerCase()));
    const prev = out.get(it.field);
    out.set(it.field, prev ? new Set([...prev].filter((x) => vals.has(x))) : vals);
  }
  return out;
}

/** AND: both constraints hold. */
function intersect(a: Required, b: Required): Required {
  const out: Required = new Map(a);
  for (const [k, v] of b) {
    const p = out.get(k);
    out.set(k, p ? new Set([...p].filter((x) => v.has(x))) : v);
  }
  return out;
}

/** OR: a field stays constrained only when every alternative constrains it. */
function union(a: Required, b: Required): Required {
  const out: Required = new Map();
  for (const [k, v] of a) {
    const w = b.get(k);
    if (w) out.set(k, new Set([...v, ...w]));
  }
  return out;
}
