/**
 * One YAML document → a validated RuleDoc (detection rule, correlation or filter), or issues saying why
 * not. Sigma 1 collections (`action: global | reset | repeat`) are merged before this step (loader.ts).
 */
import type { MessageKey } from '../i18n/index.ts';
import { isMap, type Document, type YAMLMap } from 'yaml';
import { issue, type Issue } from '../core/issue.ts';
import { normalizeLevel } from '../core/finding.ts';
import { parseDetection, parseTimespan } from './detection.ts';
import type {
  CompareDoc,
  CompareOp,
  CorrelationDoc,
  CorrelationType,
  DetectionRuleDoc,
  FilterDoc,
  Pos,
  RuleDoc,
} from './types.ts';
import { asString, asStringList, getPair, posOf, toPlain, type NodeCtx } from './yaml-nodes.ts';
import type { LogSource } from '../core/event.ts';

export interface DocCtx extends NodeCtx {
  file: string;
  issues: Issue[];
}

const CORRELATION_TYPES = new Set<CorrelationType>([
  'event_count',
  'value_count',
  'temporal',
  'temporal_ordered',
  'value_sum',
  'value_avg',
  'value_percentile',
]);
const NEEDS_FIELD = new Set<CorrelationType>(['value_count', 'value_sum', 'value_avg', 'value_percentile']);
const NEEDS_CONDITION = new Set<CorrelationType>([
  'event_count',
  'value_count',
  'value_sum',
  'value_avg',
  'value_percentile',
]);
const COMPARE_OPS = new Set<CompareOp>(['gt', 'gte', 'lt', 'lte', 'eq', 'neq']);

/** Returns the rule, or undefined (rejected: an error issue says why; or not a rule at all). */
export function documentToRule(ctx: DocCtx, doc: Document.Parsed, index: number): RuleDoc | undefined {
  const root = doc.contents;
  const at = (node: unknown): { file: string } & Pos => ({ file: ctx.file, ...posOf(ctx, node) });
  if (!isMap(root)) {
    ctx.issues.push(issue('sigma.not_a_rule', at(root), {}, 'error'));
    return undefined;
  }
  const plain = toPlain(root) as Record<string, unknown>;
  const kind = getPair(root, 'correlation')
    ? 'correlation'
    : getPair(root, 'detection')
      ? 'rule'
      : isMap(getPair(root, 'filter')?.value)
        ? 'filter'
        : undefined;
  if (!kind) {
    ctx.issues.push(issue('sigma.not_a_rule', at(root), {}, 'error'));
    return undefined;
  }
  const title = asString(plain.title);
  if (!title) {
    ctx.issues.push(issue('sigma.missing_field', at(root), { field: 'title' }, 'error'));
    return undefined;
  }
  const author = Array.isArray(plain.author) ? asStringList(plain.author).join(', ') : asString(plain.author);
  const base = {
    index,
    id: asString(plain.id),
    name: asString(plain.name),
    title,
    status: asString(plain.status)?.toLowerCase(),
    level: normalizeLevel(asString(plain.level) ?? 'informational'),
    author,
    tags: asStringList(plain.tags),
    description: asString(plain.description),
    date: asString(plain.date),
    modified: asString(plain.modified),
    falsepositives: asStringList(plain.falsepositives),
    references: asStringList(plain.references),
    fields: plain.fields === undefined ? undefined : asStringList(plain.fields),
    details: asString(plain.details),
    ruletype: asString(plain.ruletype),
    file: ctx.file,
    pos: posOf(ctx, root),
  };
  const level = asString(plain.level);
  if (
    level &&
    !['informational', 'low', 'medium', 'high', 'critical', 'info', 'med', 'crit'].includes(level.toLowerCase())
  ) {
    ctx.issues.push(issue('sigma.bad_level', at(getPair(root, 'level')?.value), { level }, 'warning'));
  }
  if (kind === 'rule') return detectionRule(ctx, root, base);
  if (kind === 'filter') return filterRule(ctx, root, base);
  return correlationRule(ctx, root, plain, base);
}

type Base = Omit<DetectionRuleDoc, 'kind' | 'logsource' | 'detection' | 'aggregation'>;

function logsourceOf(ctx: DocCtx, root: YAMLMap): LogSource | undefined {
  const p = getPair(root, 'logsource');
  if (!p || !isMap(p.value)) {
    ctx.issues.push(
      issue(
        'sigma.missing_field',
        { file: ctx.file, ...posOf(ctx, p?.value ?? root) },
        { field: 'logsource' },
        'error',
      ),
    );
    return undefined;
  }
  const ls = toPlain(p.value) as Record<string, unknown>;
  const out: LogSource = {};
  for (const k of ['product', 'category', 'service'] as const) {
    const v = asString(ls[k]);
    if (v) out[k] = v.toLowerCase();
  }
  return out;
}

function detectionRule(ctx: DocCtx, root: YAMLMap, base: Base): DetectionRuleDoc | undefined {
  const logsource = logsourceOf(ctx, root);
  if (!logsource) return undefined;
  const det = parseDetection(ctx, getPair(root, 'detection')!.value, getPair(root, 'timeframe')?.value);
  if (!det) return undefined;
  return { ...base, kind: 'rule', logsource, detection: det.detection, aggregation: det.aggregation };
}

function filterRule(ctx: DocCtx, root: YAMLMap, base: Base): FilterDoc | undefined {
  const logsource = logsourceOf(ctx, root);
  if (!logsource) return undefined;
  const body = getPair(root, 'filter')!.value as YAMLMap;
  const rulesPair = getPair(body, 'rules');
  const rules = asStringList(toPlain(rulesPair?.value));
  if (!rules.length) {
    ctx.issues.push(
      issue(
        'sigma.missing_field',
        { file: ctx.file, ...posOf(ctx, rulesPair?.value ?? body) },
        { field: 'filter.rules' },
        'error',
      ),
    );
    return undefined;
  }
  const searchOnly = body.clone() as YAMLMap;
  searchOnly.delete('rules');
  const det = parseDetection(ctx, searchOnly);
  if (!det) return undefined;
  const cond = det.detection.condition;
  if (cond.op === 'not')
    ctx.issues.push(
      issue('sigma.filter_negated', { file: ctx.file, ...posOf(ctx, getPair(body, 'condition')?.value) }, {}, 'info'),
    );
  return { ...base, kind: 'filter', logsource, rules, detection: det.detection };
}

function correlationRule(
  ctx: DocCtx,
  root: YAMLMap,
  plain: Record<string, unknown>,
  base: Base,
): CorrelationDoc | undefined {
  const node = getPair(root, 'correlation')!.value;
  const at = (n: unknown): { file: string } & Pos => ({ file: ctx.file, ...posOf(ctx, n ?? node) });
  const reject = (code: MessageKey, n: unknown, params: Record<string, string | number> = {}): undefined => {
    ctx.issues.push(issue(code, at(n), params, 'error'));
    return undefined;
  };
  if (!isMap(node)) return reject('sigma.correlation_not_map', node);
  const c = toPlain(node) as Record<string, unknown>;
  const type = asString(c.type) as CorrelationType | undefined;
  if (!type || !CORRELATION_TYPES.has(type))
    return reject('sigma.correlation_type', getPair(node, 'type')?.value, { type: String(c.type) });
  const rules = asStringList(c.rules);
  if (!rules.length) return reject('sigma.missing_field', node, { field: 'correlation.rules' });
  const timespan = parseTimespan(asString(c.timespan) ?? '');
  if (Number.isNaN(timespan))
    return reject('sigma.bad_timespan', getPair(node, 'timespan')?.value, { value: String(c.timespan) });
  const groupBy = asStringList(c['group-by']);
  const condNode = getPair(node, 'condition')?.value;
  const compare: CompareDoc[] = [];
  let field: string[] | undefined;
  if (c.condition !== undefined && c.condition !== null) {
    if (typeof c.condition !== 'object' || Array.isArray(c.condition))
      return reject('sigma.correlation_condition', condNode);
    for (const [k, v] of Object.entries(c.condition as Record<string, unknown>)) {
      if (k === 'field') {
        field = asStringList(v);
        continue;
      }
      if (!COMPARE_OPS.has(k as CompareOp) || typeof v !== 'number')
        return reject('sigma.correlation_condition', condNode, { key: k });
      compare.push({ op: k as CompareOp, value: v });
    }
  }
  if (NEEDS_CONDITION.has(type) && !compare.length)
    return reject('sigma.correlation_condition', condNode ?? node, { key: '' });
  if (NEEDS_FIELD.has(type) && !field?.length)
    return reject('sigma.missing_field', condNode ?? node, { field: 'condition.field' });
  const aliases: Record<string, Record<string, string>> = {};
  if (c.aliases && typeof c.aliases === 'object') {
    for (const [alias, m] of Object.entries(c.aliases as Record<string, unknown>)) {
      if (!m || typeof m !== 'object')
        return reject('sigma.correlation_alias', getPair(node, 'aliases')?.value, { alias });
      aliases[alias] = Object.fromEntries(
        Object.entries(m as Record<string, unknown>).map(([k, v]) => [k, asString(v) ?? '']),
      );
    }
  }
  const generate = c.generate === true || plain.generate === true;
  return { ...base, kind: 'correlation', type, rules, groupBy, timespan, compare, field, aliases, generate };
}
