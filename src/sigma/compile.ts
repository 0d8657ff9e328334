/**
 * Rule → predicates, one per source the rule's logsource covers. Conditions are compiled with Kleene
 * (three-valued) logic: an item on a field the source never has (mapping `missing`) is unknown, and a rule
 * fires only when its condition is provably true. Identical items are compiled once and memoized per event.
 */
import type { MessageKey } from '../i18n/index.ts';
import { issue, type Issue } from '../core/issue.ts';
import { aliasFor } from './mapping.ts';
import { itemPredicate, type Pred } from './matchers.ts';
import { applyModifiers, type TypedValue, type ValueSpec } from './modifiers.ts';
import { best, itemNeed, union, type Need } from './needs.ts';
import { ANY, expandPlaceholders, placeholdersOf } from './pattern.ts';
import type { CondNode, DetectionDoc, ItemDoc, Mapping, SearchDoc, SourceTarget } from './types.ts';
import { accessorFor, type Accessor, type EventView } from './view.ts';

/** A compiled predicate, or a constant. */
type P = Pred | boolean;

export class PlaceholderUnset extends Error {
  constructor(readonly placeholder: string) {
    super(placeholder);
  }
}

interface Leaf {
  fn: Pred;
  epoch: number;
  val: boolean;
}

/** Shared state of one compilation: memoized leaves and accessors. */
export class Compiler {
  private leaves = new Map<string, Pred>();
  leafCount = 0;
  constructor(readonly mapping: Mapping) {}

  /** Item specs with placeholders expanded; throws PlaceholderUnset. */
  spec(item: ItemDoc): ValueSpec {
    const r = applyModifiers(item.field, item.mods, item.values, item.list);
    if ('error' in r) throw new Error(r.error.code);
    const spec = r.spec;
    const keyword =
      item.field === '' &&
      !item.mods.some((m) => m === 'contains' || m === 'startswith' || m === 'endswith' || m === 're');
    const groups = spec.groups.map((g) =>
      g.flatMap((v): TypedValue[] => {
        if (v.t !== 'str') return [v];
        let vals = [v];
        const phs = placeholdersOf(v.s);
        if (phs.length) {
          for (const ph of phs) if (!this.mapping.placeholders[ph]?.length) throw new PlaceholderUnset(ph);
          vals = expandPlaceholders(v.s, this.mapping.placeholders).map((s) => ({ ...v, s }));
        }
        if (keyword) vals = vals.map((x) => ({ ...x, s: { ...x.s, parts: wrapAny(x.s.parts) } }));
        return vals;
      }),
    );
    return { ...spec, groups };
  }

  /**
   * The predicate of a detection on a source in one polarity (true: provably true; false: provably
   * false), and for that predicate the literals it needs (see needs.ts).
   */
  detection(
    det: DetectionDoc,
    target: SourceTarget | undefined,
    product: string | undefined,
    pol: boolean,
  ): { pred: P; need: Need } {
    const alias = (f: string): string => aliasFor(f, product, this.mapping);
    const acc = (f: string): Accessor => accessorFor(f, target, alias);
    const missing = new Set(target?.missing ?? []);
    type R = [P, Need];
    const item = (it: ItemDoc, p: boolean): R => {
      if (missing.has(it.field)) return [false, 'never'];
      const spec = this.spec(it);
      const refs = spec.groups
        .flat()
        .filter((v) => v.t === 'ref')
        .map((v) => (v as { field: string }).field);
      if (refs.some((r) => missing.has(r))) return [false, 'never'];
      const a = acc(it.field);
      const key = `${a.key}\u0001${refs.length ? (target?.name ?? '') : ''}\u0001${it.field}\u0001${it.mods.join('|')}\u0001${JSON.stringify(it.values)}`;
      let fn = this.leaves.get(key);
      if (!fn) {
        fn = memo(itemPredicate(a, spec, acc, it.field === ''));
        this.leaves.set(key, fn);
        this.leafCount++;
      }
      if (p) return [fn, itemNeed(it.field, a, spec, it.field === '')];
      const f = fn;
      return [(v) => !f(v), 'all'];
    };
    const combine = (rs: R[], conj: boolean): R =>
      conj
        ? [and(rs.map((r) => r[0])), best(rs.map((r) => r[1]))]
        : [or(rs.map((r) => r[0])), union(rs.map((r) => r[1]))];
    const searchP = (s: SearchDoc, p: boolean): R => {
      if (s.t === 'or')
        return combine(
          s.alts.map((a) => searchP(a, p)),
          !p,
        );
      return combine(
        s.items.map((it) => item(it, p)),
        p,
      );
    };
    const condP = (n: CondNode, p: boolean, depth: number): R => {
      if (depth > 128) return [false, 'never'];
      switch (n.op) {
        case 'id':
          return searchP(det.searches[n.name]!, p);
        case 'not':
          return condP(n.arg, !p, depth + 1);
        case 'and':
          return combine(
            n.args.map((a) => condP(a, p, depth + 1)),
            p,
          );
        case 'or':
          return combine(
            n.args.map((a) => condP(a, p, depth + 1)),
            !p,
          );
        case 'of': {
          const parts = n.names.map((name) => searchP(det.searches[name]!, p));
          const total = parts.length;
          const need = n.quant === 'all' ? total : Math.min(n.quant, total);
          // "at least `need` true" is proven by `need` true parts, disproven by total-need+1 false parts
          const k = p ? need : total - need + 1;
          const preds = parts.map((r) => r[0]);
          if (k >= total) return combine(parts, true);
          if (k <= 1) return combine(parts, false);
          return [atLeast(preds, k), union(parts.map((r) => r[1]))];
        }
      }
    };
    const [pred, need] = condP(det.condition, pol, 0);
    return { pred, need: pred === false ? 'never' : pred === true ? 'all' : need };
  }
}

function wrapAny<T>(parts: T[]): Array<T | typeof ANY> {
  const out: Array<T | typeof ANY> = [...parts];
  if (out[0] !== ANY) out.unshift(ANY);
  if (out[out.length - 1] !== ANY) out.push(ANY);
  return out;
}

function memo(fn: Pred): Pred {
  const leaf: Leaf = { fn, epoch: -1, val: false };
  return (v: EventView) => {
    if (leaf.epoch === v.epoch) return leaf.val;
    leaf.epoch = v.epoch;
    return (leaf.val = leaf.fn(v));
  };
}

export function and(parts: P[]): P {
  const fns: Pred[] = [];
  for (const p of parts) {
    if (p === false) return false;
    if (p !== true) fns.push(p);
  }
  if (!fns.length) return true;
  if (fns.length === 1) return fns[0]!;
  if (fns.length === 2) {
    const [a, b] = fns as [Pred, Pred];
    return (v) => a(v) && b(v);
  }
  return (v) => {
    for (let i = 0; i < fns.length; i++) if (!fns[i]!(v)) return false;
    return true;
  };
}

export function or(parts: P[]): P {
  const fns: Pred[] = [];
  for (const p of parts) {
    if (p === true) return true;
    if (p !== false) fns.push(p);
  }
  if (!fns.length) return false;
  if (fns.length === 1) return fns[0]!;
  if (fns.length === 2) {
    const [a, b] = fns as [Pred, Pred];
    return (v) => a(v) || b(v);
  }
  return (v) => {
    for (let i = 0; i < fns.length; i++) if (fns[i]!(v)) return true;
    return false;
  };
}

function atLeast(parts: P[], need: number): P {
  if (need <= 0) return true;
  if (need === 1) return or(parts);
  if (need === parts.length) return and(parts);
  let constTrue = 0;
  const fns: Pred[] = [];
  for (const p of parts) {
    if (p === true) constTrue++;
    else if (p !== false) fns.push(p);
  }
  const rest = need - constTrue;
  if (rest <= 0) return true;
  if (rest > fns.length) return false;
  return (v) => {
    let n = 0;
    for (let i = 0; i < fns.length; i++) if (fns[i]!(v) && ++n >= rest) return true;
    return false;
  };
}

export function compileIssue(
  code: MessageKey,
  file: string,
  line: number,
  params: Record<string, string | number>,
  severity: Issue['severity'],
): Issue {
  return issue(code, { file, line }, params, severity);
}
