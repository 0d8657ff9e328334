/**
 * Resolved tokens → element tree (RElement): what the XML renderer, the generic JSON renderer and the
 * tests read. The fast paths (JSON output, event fields) read the tokens directly and build no tree.
 */
import { type RAttr, RK, type RElement, type RNode, type RText, RT, type Value, VT } from './model.ts';
import type { RecordTokens } from './tokens.ts';
import { decodeValue } from './values.ts';

/** The value or text of the text token at index `i`. */
export function textNode(r: RecordTokens, i: number): RText {
  const t = r.t;
  const k = i * 4;
  switch ((t[k]! & 0xff) as RK) {
    case RK.Value:
      return valueAt(r.b, t[k + 1]!, t[k + 2]!, t[k + 3]!);
    case RK.Literal:
      return { t: VT.String, v: r.strings.strings[t[k + 1]!]! };
    case RK.CharRef:
      return { t: RT.CharRef, v: t[k + 1]! };
    case RK.EntityRef:
      return { t: RT.EntityRef, v: r.strings.strings[t[k + 1]!]! };
    default:
      return { t: RT.CData, v: r.b.toString('utf16le', t[k + 2]!, t[k + 2]! + t[k + 3]!) };
  }
}

/** A value of a resolved token (its type was checked when the record was resolved). */
export function valueAt(b: Buffer, type: number, off: number, size: number): Value {
  if (type === VT.LiteralString) return { t: VT.String, v: b.toString('utf16le', off, off + size) };
  return decodeValue(type, b, off, size) ?? { t: VT.Binary, v: b.toString('hex', off, off + size).toUpperCase() };
}

/** Text nodes of the token range [from, to), elements (only possible inside attribute values) left out. */
export function textNodes(r: RecordTokens, from: number, to: number): RText[] {
  const out: RText[] = [];
  const t = r.t;
  for (let i = from; i < to; ) {
    const kind = t[i * 4]! & 0xff;
    if (kind === RK.Open || kind === RK.Attr) {
      i = t[i * 4 + 2]!;
      continue;
    }
    out.push(textNode(r, i));
    i++;
  }
  return out;
}

/** The element at token `i`, with everything under it. */
export function elementAt(r: RecordTokens, i: number): RElement {
  const t = r.t;
  const names = r.strings.strings;
  const attrs: RAttr[] = [];
  const children: RNode[] = [];
  const end = t[i * 4 + 2]!;
  for (let j = i + 1; j < end; ) {
    const k = j * 4;
    switch ((t[k]! & 0xff) as RK) {
      case RK.Attr:
        attrs.push({ name: names[t[k + 1]!]!, value: textNodes(r, j + 1, t[k + 2]!) });
        j = t[k + 2]!;
        break;
      case RK.Open:
        children.push(elementAt(r, j));
        j = t[k + 2]!;
        break;
      default:
        children.push(textNode(r, j));
        j++;
    }
  }
  return { name: names[t[i * 4 + 1]!]!, attrs, children };
}

/** The record's root element as a tree, or undefined if it has none. */
export function recordTree(r: RecordTokens): RElement | undefined {
  return r.root < 0 ? undefined : elementAt(r, r.root);
}
