/**
 * Template instances + substitution values → one resolved element tree per record.
 * Budgets on depth and node count (per record, and per chunk by the reader) keep hostile files
 * (self-referencing or exponentially nested templates) from hanging the reader.
 */
import { BinXmlError, type Attr, type Node, type Template } from './binxml.ts';
import { VT, type Value } from './values.ts';

export const enum RT {
  CharRef = -1,
  EntityRef = -2,
  CData = -3,
}
/** Text content: a value, or a char/entity reference or CDATA with a negative type tag. */
export type RText = Value | { t: RT; v: string | number };
export interface RElement {
  name: string;
  attrs: RAttr[];
  children: RNode[];
}
export interface RAttr {
  name: string;
  value: RText[];
}
export type RNode = RElement | RText;

export const isElement = (n: RNode): n is RElement => (n as RElement).attrs !== undefined;

/** Resolved nodes one record may have; real records have a few hundred. */
export const MAX_RECORD_NODES = 50_000;
const MAX_DEPTH = 64;

/** Work allowance for resolving: `nodes` counts up as nodes are produced, up to `max`. */
export interface Budget {
  nodes: number;
  max: number;
}

/** The root element of a record (the first element of its fragment), or undefined if it has none. */
export function resolveRecord(
  nodes: Node[],
  budget: Budget = { nodes: 0, max: MAX_RECORD_NODES },
): RElement | undefined {
  const out: RNode[] = [];
  resolveInto(nodes, [], out, budget, 0);
  for (const n of out) if (isElement(n)) return n;
  return undefined;
}

/**
 * Nodes a template expands to (substitution values aside), memoized on the template. Templates
 * that instantiate templates can expand exponentially from a few bytes; knowing the size first
 * lets such an instance be refused before any work. A template that contains itself costs Infinity.
 */
export function templateCost(t: Template): number {
  if (t.cost !== undefined) return t.cost;
  t.cost = Infinity;
  t.cost = nodesCost(t.nodes, 0);
  return t.cost;
}

/**
 * Long text counts as more than one node (one per 32 characters), so that a short value or
 * literal repeated by many references cannot blow up the rendered text either.
 */
function weight(v: unknown): number {
  return typeof v === 'string' ? 1 + (v.length >> 5) : Array.isArray(v) ? 1 + v.length : 1;
}

function nodesCost(nodes: Node[], depth: number): number {
  if (depth > MAX_DEPTH) return Infinity;
  let c = 0;
  for (const n of nodes) {
    c += n.k === 1 ? weight(n.value.v) : n.k === 5 ? weight(n.text) : 1;
    if (n.k === 0) {
      for (const a of n.attrs) c += nodesCost(a.value, depth + 1);
      c += nodesCost(n.children, depth + 1);
    } else if (n.k === 7) {
      c += templateCost(n.template);
    }
    if (c === Infinity) return c;
  }
  return c;
}

/** Shared by every element without attributes or children: resolved trees are never modified. */
const NO_ATTRS: RAttr[] = Object.freeze([]) as unknown as RAttr[];
const NO_CHILDREN: RNode[] = Object.freeze([]) as unknown as RNode[];
const NO_TEXT: RText[] = Object.freeze([]) as unknown as RText[];

const isLiteral = (n: Node): boolean => n.k === 1 || n.k === 3 || n.k === 4 || n.k === 5;

/** An attribute's text nodes; a literal one (most Name="..." attributes) is resolved once and shared. */
function resolveAttr(a: Attr, values: Value[], budget: Budget, depth: number): RAttr {
  if (a.literal) {
    budget.nodes += a.value.length;
    return a.literal;
  }
  const only = a.value.length === 1 ? a.value[0]! : undefined;
  if (only?.k === 2) {
    // the common case: the attribute is one substitution (Name="%1")
    const v = values[only.index];
    if (!v || v.t === VT.Null || v.v === null) return { name: a.name, value: NO_TEXT };
    if (v.t !== VT.BinXml) {
      budget.nodes += weight(v.v);
      return { name: a.name, value: [v] };
    }
  }
  const value: RNode[] = [];
  resolveInto(a.value, values, value, budget, depth);
  const attr: RAttr = { name: a.name, value: value.filter((v): v is RText => !isElement(v)) };
  if (a.literal === undefined) a.literal = a.value.every(isLiteral) ? Object.freeze(attr) : null;
  return attr;
}

/** An element's content; the usual one substituted value (<EventID>%1</EventID>) takes a short way. */
function resolveChildren(nodes: Node[], values: Value[], budget: Budget, depth: number): RNode[] {
  if (nodes.length === 0) return NO_CHILDREN;
  const only = nodes.length === 1 ? nodes[0]! : undefined;
  if (only?.k === 2) {
    const v = values[only.index];
    if (!v || v.t === VT.Null || v.v === null) {
      budget.nodes++;
      return NO_CHILDREN;
    }
    if (v.t !== VT.BinXml) {
      budget.nodes += weight(v.v);
      if (budget.nodes > budget.max) throw new BinXmlError('record_too_large', 0);
      return [v];
    }
  }
  const out: RNode[] = [];
  resolveInto(nodes, values, out, budget, depth);
  return out;
}

function resolveInto(nodes: Node[], values: Value[], out: RNode[], budget: Budget, depth: number): void {
  if (depth > MAX_DEPTH) throw new BinXmlError('template_nesting_too_deep', 0);
  for (const node of nodes) {
    if (++budget.nodes > budget.max) throw new BinXmlError('record_too_large', 0);
    switch (node.k) {
      case 0: {
        let attrs = NO_ATTRS;
        if (node.attrs.length) {
          attrs = [];
          for (const a of node.attrs) attrs.push(resolveAttr(a, values, budget, depth + 1));
        }
        out.push({ name: node.name, attrs, children: resolveChildren(node.children, values, budget, depth + 1) });
        break;
      }
      case 1:
        budget.nodes += weight(node.value.v) - 1;
        out.push(node.value);
        break;
      case 2: {
        const v = values[node.index];
        if (!v || v.t === VT.Null || v.v === null) break;
        if (v.t === VT.BinXml) {
          resolveInto(v.v as Node[], [], out, budget, depth + 1);
        } else {
          budget.nodes += weight(v.v) - 1;
          if (budget.nodes > budget.max) throw new BinXmlError('record_too_large', 0);
          out.push(v);
        }
        break;
      }
      case 3:
        out.push({ t: RT.CharRef, v: node.ch });
        break;
      case 4:
        out.push({ t: RT.EntityRef, v: node.name });
        break;
      case 5:
        budget.nodes += weight(node.text) - 1;
        out.push({ t: RT.CData, v: node.text });
        break;
      case 6:
        break;
      case 7:
        if (budget.nodes + templateCost(node.template) > budget.max) throw new BinXmlError('record_too_large', 0);
        resolveInto(node.template.nodes, node.values, out, budget, depth + 1);
        break;
    }
  }
}
