/**
 * The condition grammar (Sigma rules specification, "Condition"), binding from weakest to strongest:
 * `or`, `and`, `not`, `x of …`, parentheses. `1 of them`/`all of them` cover identifiers not starting
 * with `_`; `N of pattern` matches identifiers with `*` wildcards. A list of conditions is ORed.
 * The obsolete `| count(f) by g > N` aggregation is parsed too (Hayabusa's rules still carry it).
 */
import type { MessageKey } from '../i18n/index.ts';
import type { AggregationDoc, CompareOp, CondNode } from './types.ts';

export class ConditionError extends Error {
  constructor(
    readonly code: MessageKey,
    readonly params: Record<string, string | number>,
    readonly offset: number,
  ) {
    super(code);
  }
}

interface Token {
  v: string;
  at: number;
}

const MAX_DEPTH = 64;

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  const re = /\s*(\(|\)|[^\s()]+)/y;
  let end = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push({ v: m[1]!, at: m.index + m[0].length - m[1]!.length });
    end = re.lastIndex;
  }
  if (text.slice(end).trim())
    throw new ConditionError('sigma.condition_syntax', { near: text.slice(end, end + 20) }, end);
  return out;
}

const KEYWORDS = new Set(['and', 'or', 'not', 'of', '(', ')']);

/** Parses one condition string; identifiers are resolved against `names` (the detection's search identifiers). */
export function parseCondition(
  text: string,
  names: string[],
): { node: CondNode; aggregation?: Omit<AggregationDoc, 'timespan'> } {
  const pipe = text.indexOf('|');
  const expr = pipe < 0 ? text : text.slice(0, pipe);
  const tokens = tokenize(expr);
  let i = 0;
  const peek = (): string | undefined => tokens[i]?.v.toLowerCase();
  const fail = (code: MessageKey, params: Record<string, string | number> = {}): never => {
    throw new ConditionError(code, params, tokens[i]?.at ?? expr.length);
  };
  const parseOr = (depth: number): CondNode => {
    if (depth > MAX_DEPTH) fail('sigma.condition_too_deep');
    const args = [parseAnd(depth)];
    while (peek() === 'or') {
      i++;
      args.push(parseAnd(depth));
    }
    return args.length === 1 ? args[0]! : { op: 'or', args };
  };
  const parseAnd = (depth: number): CondNode => {
    const args = [parseNot(depth)];
    while (peek() === 'and') {
      i++;
      args.push(parseNot(depth));
    }
    return args.length === 1 ? args[0]! : { op: 'and', args };
  };
  const parseNot = (depth: number): CondNode => {
    if (depth > MAX_DEPTH) fail('sigma.condition_too_deep');
    if (peek() === 'not') {
      i++;
      return { op: 'not', arg: parseNot(depth + 1) };
    }
    return parsePrimary(depth);
  };
  const parsePrimary = (depth: number): CondNode => {
    const t = tokens[i];
    if (!t) return fail('sigma.condition_incomplete');
    const v = t.v.toLowerCase();
    if (v === '(') {
      i++;
      const inner = parseOr(depth + 1);
      if (peek() !== ')') fail('sigma.condition_unbalanced');
      i++;
      return inner;
    }
    if ((v === 'all' || v === 'any' || /^\d+$/.test(v)) && tokens[i + 1]?.v.toLowerCase() === 'of') {
      i += 2;
      const target = tokens[i];
      if (!target || KEYWORDS.has(target.v.toLowerCase())) return fail('sigma.condition_incomplete');
      i++;
      const quant = v === 'all' ? 'all' : v === 'any' ? 1 : Number(v);
      if (quant === 0) fail('sigma.condition_syntax', { near: t.v });
      const matched = resolvePattern(target.v, names);
      if (!matched.length) throw new ConditionError('sigma.condition_no_match', { pattern: target.v }, target.at);
      return { op: 'of', quant, names: matched, pattern: target.v };
    }
    if (KEYWORDS.has(v)) return fail('sigma.condition_syntax', { near: t.v });
    if (!names.includes(t.v)) throw new ConditionError('sigma.condition_unknown_id', { name: t.v }, t.at);
    i++;
    return { op: 'id', name: t.v };
  };
  const node = parseOr(0);
  if (i < tokens.length) fail('sigma.condition_syntax', { near: tokens[i]!.v });
  if (pipe < 0) return { node };
  return { node, aggregation: parseAggregation(text.slice(pipe + 1), pipe + 1) };
}

export function resolvePattern(pattern: string, names: string[]): string[] {
  if (pattern.toLowerCase() === 'them') return names.filter((n) => !n.startsWith('_'));
  if (!pattern.includes('*')) return names.filter((n) => n === pattern);
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return names.filter((n) => re.test(n));
}

const AGG_OPS: Record<string, CompareOp> = {
  '>': 'gt',
  '>=': 'gte',
  '<': 'lt',
  '<=': 'lte',
  '==': 'eq',
  '=': 'eq',
  '!=': 'neq',
};

function parseAggregation(text: string, offset: number): Omit<AggregationDoc, 'timespan'> {
  const m =
    /^\s*(count|sum|avg|min|max)\s*\(\s*([^\s()]*)\s*\)\s*(?:by\s+([^<>=!]+?))?\s*(>=|<=|==|!=|>|<|=)\s*(-?\d+(?:\.\d+)?)\s*$/i.exec(
      text,
    );
  if (!m) {
    if (/\bnear\b/i.test(text)) throw new ConditionError('sigma.aggregation_near', {}, offset);
    throw new ConditionError('sigma.aggregation_syntax', { text: text.trim() }, offset);
  }
  const func = m[1]!.toLowerCase() as AggregationDoc['func'];
  if (func !== 'count' && !m[2]) throw new ConditionError('sigma.aggregation_syntax', { text: text.trim() }, offset);
  const groupBy = m[3]
    ? m[3]
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
  return { func, field: m[2] || undefined, groupBy, compare: { op: AGG_OPS[m[4]!]!, value: Number(m[5]) } };
}
