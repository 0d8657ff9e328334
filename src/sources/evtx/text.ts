/** Text and scalar views of resolved content, shared by the JSON, XML and field renderers. */
import { RT, isElement, type RNode, type RText } from './model.ts';
import { VT, type Value } from './model.ts';
import { isJsonScalarType, valueText } from './values.ts';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Text of one node, references resolved to the characters they stand for. */
export function textOf(n: RText): string {
  switch (n.t) {
    case RT.CharRef:
      return String.fromCharCode(n.v as number);
    case RT.EntityRef:
      return ENTITIES[n.v as string] ?? `&${n.v};`;
    case RT.CData:
      return String(n.v);
    default:
      return valueText(n as Value);
  }
}

/** Concatenated text of the non-element nodes. */
export function joinText(nodes: RNode[]): string {
  let s = '';
  for (const n of nodes) if (!isElement(n)) s += textOf(n);
  return s;
}

export function hasText(nodes: RNode[]): boolean {
  for (const n of nodes) {
    if (isElement(n)) continue;
    if (n.t >= 0 && n.v === null) continue;
    return true;
  }
  return false;
}

export function hasElementChild(nodes: RNode[]): boolean {
  for (const n of nodes) if (isElement(n)) return true;
  return false;
}

/** The single non-empty text node, if the content is exactly one. */
export function singleValue(nodes: RNode[]): RText | undefined {
  let one: RText | undefined;
  for (const n of nodes) {
    if (isElement(n)) continue;
    if (n.t >= 0 && n.v === null) continue;
    if (one) return undefined;
    one = n;
  }
  return one;
}

export type Scalar = string | number | boolean | Array<string | number | boolean>;

/** JSON form of a content list: a typed value when it is one number/bool/real/array, else its text. */
export function jsonScalar(nodes: RNode[]): Scalar {
  const one = singleValue(nodes);
  if (one && one.t >= 0) {
    const v = one as Value;
    if (isJsonScalarType(v.t)) return typeof v.v === 'bigint' ? Number(v.v) : (v.v as number | boolean);
    if (v.t === VT.Real32 || v.t === VT.Real64) {
      const n = Number(valueText(v));
      return Number.isFinite(n) ? n : valueText(v);
    }
    if (Array.isArray(v.v))
      return (v.v as Array<string | number | bigint | boolean>).map((x) => (typeof x === 'bigint' ? Number(x) : x));
  }
  return joinText(nodes);
}

/** Field value for rule matching: numbers stay numbers (bigints become text), arrays stay arrays. */
export function fieldScalar(nodes: RNode[]): string | number | Array<string | number> {
  const one = singleValue(nodes);
  if (one && one.t >= 0) {
    const v = one as Value;
    if (typeof v.v === 'number' && v.t !== VT.Real32 && v.t !== VT.Real64) return v.v;
    if (typeof v.v === 'boolean') return v.v ? 'true' : 'false';
    if (Array.isArray(v.v)) return (v.v as unknown[]).map((x) => (typeof x === 'number' ? x : String(x)));
  }
  return joinText(nodes);
}
