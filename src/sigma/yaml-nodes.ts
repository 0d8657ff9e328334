/** Small helpers over the `yaml` package's nodes: positions, scalars as Sigma values, plain JS. */
import { isMap, isScalar, isSeq, type LineCounter, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Pos, RawValue } from './types.ts';

export interface NodeCtx {
  lc: LineCounter;
}

export function posOf(ctx: NodeCtx, node: unknown): Pos {
  const range = (node as Node | null)?.range;
  if (!range) return { line: 0, col: 0 };
  return ctx.lc.linePos(range[0]);
}

export function pairs(map: YAMLMap): Pair[] {
  return map.items as Pair[];
}

export function keyText(pair: Pair): string {
  const k = pair.key;
  if (isScalar(k)) return k.value === null ? '' : String(k.value);
  return String(k);
}

export function getPair(map: YAMLMap, key: string): Pair | undefined {
  return pairs(map).find((p) => keyText(p) === key);
}

/**
 * A scalar as a rule value. Numbers whose source text is not their canonical form (`0x10`, `1.0`, `010`)
 * stay text: Sigma compares values as strings.
 */
export function scalarValue(node: unknown): RawValue | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') {
    const src = node.source;
    return src !== undefined && src !== String(v) ? src : v;
  }
  if (typeof v === 'bigint') return node.source ?? String(v);
  if (typeof v === 'boolean' || typeof v === 'string') return v;
  return String(v);
}

/** Plain JS for metadata (no positions needed). Aliases and nesting beyond 32 levels read as null. */
export function toPlain(node: unknown, depth = 0): unknown {
  if (depth > 32) return null;
  if (isMap(node)) {
    const o: Record<string, unknown> = {};
    for (const p of pairs(node)) o[keyText(p)] = toPlain(p.value, depth + 1);
    return o;
  }
  if (isSeq(node)) return node.items.map((n) => toPlain(n, depth + 1));
  if (isScalar(node)) return scalarValue(node);
  return null;
}

export function asString(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

export function asStringList(v: unknown): string[] {
  if (v === null || v === undefined) return [];
  if (Array.isArray(v)) return v.map(asString).filter((s): s is string => s !== undefined);
  const s = asString(v);
  return s === undefined ? [] : [s];
}
