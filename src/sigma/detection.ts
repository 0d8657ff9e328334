/**
 * The `detection` section: search identifiers (maps are ANDed, lists ORed, lists of plain values are
 * keywords), the condition, the obsolete `timeframe`. Every item is checked now (modifiers, regexes,
 * CIDRs) so that a bad rule is reported with its line and column when loading, not when matching.
 */
import type { MessageKey } from '../i18n/index.ts';
import { isMap, isScalar, isSeq, type YAMLMap } from 'yaml';
import { issue, type Issue } from '../core/issue.ts';
import { ConditionError, parseCondition } from './condition.ts';
import { applyModifiers } from './modifiers.ts';
import { compileSigmaRegex } from './regex.ts';
import type { AggregationDoc, CondNode, DetectionDoc, ItemDoc, RawValue, SearchDoc } from './types.ts';
import { keyText, pairs, posOf, scalarValue, type NodeCtx } from './yaml-nodes.ts';

export interface DetectionCtx extends NodeCtx {
  file: string;
  issues: Issue[];
}

const RESERVED = new Set(['condition', 'timeframe']);

class Reject extends Error {}

function fail(ctx: DetectionCtx, code: MessageKey, node: unknown, params?: Record<string, string | number>): never {
  ctx.issues.push(issue(code, { file: ctx.file, ...posOf(ctx, node) }, params, 'error'));
  throw new Reject(code);
}

/** Parses a detection (or a filter body); undefined when it is rejected (the reasons are in ctx.issues). */
export function parseDetection(
  ctx: DetectionCtx,
  node: unknown,
  timeframeNode?: unknown,
): { detection: DetectionDoc; aggregation?: AggregationDoc } | undefined {
  try {
    if (!isMap(node)) fail(ctx, 'sigma.detection_not_map', node);
    const searches: Record<string, SearchDoc> = {};
    let conditionNode: unknown;
    let timeframe: unknown = timeframeNode;
    for (const p of pairs(node)) {
      const key = keyText(p);
      if (key === 'condition') conditionNode = p.value;
      else if (key === 'timeframe') timeframe = p.value;
      else searches[key] = parseSearch(ctx, p.value, key);
    }
    if (conditionNode === undefined || conditionNode === null) fail(ctx, 'sigma.missing_condition', node);
    const names = Object.keys(searches).filter((n) => !RESERVED.has(n));
    const { node: condition, aggregation } = parseConditions(ctx, conditionNode, names);
    const detection: DetectionDoc = { searches, condition };
    if (!aggregation) return { detection };
    const span = timeframe === undefined ? Infinity : parseTimespan(isScalar(timeframe) ? String(timeframe.value) : '');
    if (Number.isNaN(span))
      fail(ctx, 'sigma.bad_timespan', timeframe, { value: String(isScalar(timeframe) ? timeframe.value : '') });
    return { detection, aggregation: { ...aggregation, timespan: span } };
  } catch (e) {
    if (e instanceof Reject) return undefined;
    throw e;
  }
}

function parseConditions(
  ctx: DetectionCtx,
  node: unknown,
  names: string[],
): { node: CondNode; aggregation?: Omit<AggregationDoc, 'timespan'> } {
  const list = isSeq(node) ? node.items : [node];
  if (!list.length) fail(ctx, 'sigma.missing_condition', node);
  const out: CondNode[] = [];
  let aggregation: Omit<AggregationDoc, 'timespan'> | undefined;
  for (const c of list) {
    if (!isScalar(c) || typeof c.value !== 'string') fail(ctx, 'sigma.condition_not_string', c);
    try {
      const r = parseCondition(c.value, names);
      out.push(r.node);
      if (r.aggregation) {
        if (list.length > 1) fail(ctx, 'sigma.aggregation_in_list', c);
        aggregation = r.aggregation;
      }
    } catch (e) {
      if (!(e instanceof ConditionError)) throw e;
      const pos = posOf(ctx, c);
      const quoted = c.type === 'QUOTE_SINGLE' || c.type === 'QUOTE_DOUBLE' ? 1 : 0;
      const single = !c.value.includes('\n');
      ctx.issues.push(
        issue(
          e.code,
          { file: ctx.file, line: pos.line, col: single ? pos.col + quoted + e.offset : pos.col },
          { ...e.params, condition: c.value.slice(0, 120) },
          'error',
        ),
      );
      throw new Reject(e.code);
    }
  }
  return { node: out.length === 1 ? out[0]! : { op: 'or', args: out }, aggregation };
}

function parseSearch(ctx: DetectionCtx, node: unknown, name: string): SearchDoc {
  if (isMap(node)) return { t: 'and', items: parseMapItems(ctx, node) };
  if (isSeq(node)) {
    if (!node.items.length) fail(ctx, 'sigma.empty_search', node, { name });
    const scalars = node.items.filter((n) => isScalar(n));
    if (scalars.length === node.items.length) {
      return {
        t: 'and',
        items: [
          checkItem(
            ctx,
            { field: '', mods: [], values: scalars.map((n) => scalarValue(n)!), list: true, pos: posOf(ctx, node) },
            node,
          ),
        ],
      };
    }
    const alts: SearchDoc[] = node.items.map((n) => {
      if (isMap(n)) return { t: 'and', items: parseMapItems(ctx, n) };
      if (isScalar(n))
        return {
          t: 'and',
          items: [
            checkItem(ctx, { field: '', mods: [], values: [scalarValue(n)!], list: false, pos: posOf(ctx, n) }, n),
          ],
        };
      return fail(ctx, 'sigma.bad_search', n, { name });
    });
    return { t: 'or', alts };
  }
  if (isScalar(node) && node.value !== null) {
    return {
      t: 'and',
      items: [
        checkItem(ctx, { field: '', mods: [], values: [scalarValue(node)!], list: false, pos: posOf(ctx, node) }, node),
      ],
    };
  }
  return fail(ctx, 'sigma.bad_search', node, { name });
}

function parseMapItems(ctx: DetectionCtx, map: YAMLMap): ItemDoc[] {
  const items: ItemDoc[] = [];
  if (!pairs(map).length) fail(ctx, 'sigma.empty_search', map, { name: '' });
  for (const p of pairs(map)) {
    const key = keyText(p);
    const [field, ...mods] = key.split('|');
    const v = p.value;
    let values: RawValue[];
    let list = false;
    if (isSeq(v)) {
      list = true;
      values = v.items.map((n) => {
        const s = scalarValue(n);
        if (s === undefined) fail(ctx, 'sigma.bad_value', n, { field: key });
        return s;
      });
    } else {
      const s = scalarValue(v);
      if (s === undefined) fail(ctx, v === null ? 'sigma.empty_values' : 'sigma.bad_value', v ?? p.key, { field: key });
      values = [s];
    }
    items.push(
      checkItem(
        ctx,
        { field: field!, mods: mods.map((m) => m.toLowerCase()), values, list, pos: posOf(ctx, p.key) },
        p.key,
      ),
    );
  }
  return items;
}

/** Runs the modifiers once to validate the item; regexes and CIDRs are compiled too. */
function checkItem(ctx: DetectionCtx, item: ItemDoc, node: unknown): ItemDoc {
  const at = { file: ctx.file, ...item.pos };
  const r = applyModifiers(item.field, item.mods, item.values, item.list);
  if ('error' in r) {
    ctx.issues.push(issue(r.error.code, at, { field: item.field, ...r.error.params }, 'error'));
    throw new Reject(r.error.code);
  }
  for (const w of r.warnings) ctx.issues.push(issue(w.code, at, w.params, 'warning'));
  for (const g of r.spec.groups) {
    for (const v of g) {
      if (v.t !== 're') continue;
      const re = compileSigmaRegex(v.src, v.flags);
      if ('error' in re) {
        ctx.issues.push(issue(re.error.code, at, re.error.params, 'error'));
        throw new Reject(re.error.code);
      }
      if (re.re.engine === 're2js')
        ctx.issues.push(
          issue('sigma.regex_re2js', at, { regex: v.src.slice(0, 120), reason: re.re.reason ?? '' }, 'info'),
        );
    }
  }
  void node;
  return item;
}

/** `Ns`, `Nm`, `Nh`, `Nd` (and `Nw`) → seconds; NaN when malformed. */
export function parseTimespan(text: string): number {
  const m = /^\s*(\d+)\s*([smhdw])\s*$/.exec(text);
  if (!m) return NaN;
  const unit = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 }[m[2] as 's'];
  return Number(m[1]) * unit;
}
