/**
 * Template instances + substitution values → one resolved element tree per record.
 * Budgets on depth and node count keep hostile files (self-referencing or exponentially
 * nested templates) from hanging the reader.
 */
import { BinXmlError, type Node } from './binxml.ts';
import { VT, type Value } from './values.ts';

export const enum RT { CharRef = -1, EntityRef = -2, CData = -3 }
/** Text content: a value, or a char/entity reference or CDATA with a negative type tag. */
export type RText = Value | { t: RT; v: string | number };
export interface RElement { name: string; attrs: RAttr[]; children: RNode[] }
export interface RAttr { name: string; value: RText[] }
export type RNode = RElement | RText;

export const isElement = (n: RNode): n is RElement => (n as RElement).attrs !== undefined;

const MAX_NODES = 200_000;
const MAX_DEPTH = 64;

interface Budget { nodes: number }

/** The root element of a record (the first element of its fragment), or undefined if it has none. */
export function resolveRecord(nodes: Node[]): RElement | undefined {
  const out: RNode[] = [];
  resolveInto(nodes, [], out, { nodes: 0 }, 0);
  for (const n of out) if (isElement(n)) return n;
  return undefined;
}

function resolveInto(nodes: Node[], values: Value[], out: RNode[], budget: Budget, depth: number): void {
  if (depth > MAX_DEPTH) throw new BinXmlError('template_nesting_too_deep', 0);
  for (const node of nodes) {
    if (++budget.nodes > MAX_NODES) throw new BinXmlError('record_too_large', 0);
    switch (node.k) {
      case 0: {
        const el: RElement = { name: node.name, attrs: [], children: [] };
        for (const a of node.attrs) {
          const value: RNode[] = [];
          resolveInto(a.value, values, value, budget, depth + 1);
          el.attrs.push({ name: a.name, value: value.filter((v): v is RText => !isElement(v)) });
        }
        resolveInto(node.children, values, el.children, budget, depth + 1);
        out.push(el);
        break;
      }
      case 1:
        out.push(node.value);
        break;
      case 2: {
        const v = values[node.index];
        if (!v || v.t === VT.Null || v.v === null) break;
        if (v.t === VT.BinXml) resolveInto(v.v as Node[], [], out, budget, depth + 1);
        else out.push(v);
        break;
      }
      case 3:
        out.push({ t: RT.CharRef, v: node.ch });
        break;
      case 4:
        out.push({ t: RT.EntityRef, v: node.name });
        break;
      case 5:
        out.push({ t: RT.CData, v: node.text });
        break;
      case 6:
        break;
      case 7:
        resolveInto(node.template.nodes, node.values, out, budget, depth + 1);
        break;
    }
  }
}
