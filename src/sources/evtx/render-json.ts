/**
 * JSON in the layout of the Rust `evtx` crate's `evtx_dump -o jsonl`: element names as keys,
 * `#attributes` and `#text`, `_1`, `_2` suffixes for repeated names, EventData/UserData `Data`
 * elements flattened by their Name attribute (or gathered under `Data.#text` when unnamed).
 */
import { isElement, type RElement, type RNode } from './resolve.ts';
import { hasElementChild, hasText, jsonScalar, type Scalar } from './text.ts';

type Json = Scalar | null | { [k: string]: Json };

export function recordToJson(root: RElement): Record<string, Json> {
  return { [root.name]: elementValue(root, false) };
}

const isContainer = (name: string): boolean => name === 'EventData' || name === 'UserData';

function attrsObject(el: RElement): Record<string, Json> | undefined {
  let out: Record<string, Json> | undefined;
  for (const a of el.attrs) {
    if (!hasText(a.value)) continue;
    (out ??= {})[a.name] = jsonScalar(a.value);
  }
  return out;
}

function elementValue(el: RElement, container: boolean): Json {
  const text = hasText(el.children);
  const attrs = attrsObject(el);
  const elements = hasElementChild(el.children);
  if (!elements && !text && !attrs) return null;
  if (!elements && !attrs) return jsonScalar(el.children);
  return body(el, container, attrs);
}

function dataValue(el: RElement): Json {
  const elements = hasElementChild(el.children);
  if (!elements && !hasText(el.children)) return null;
  if (elements) return body(el, false, attrsObject(el));
  return jsonScalar(el.children);
}

function nameAttr(el: RElement): RNode[] | undefined {
  for (const a of el.attrs) if (a.name === 'Name') return a.value;
  return undefined;
}

function body(el: RElement, container: boolean, attrs: Record<string, Json> | undefined): Json {
  const out: Record<string, Json> = {};
  if (attrs) out['#attributes'] = attrs;
  if (hasText(el.children)) out['#text'] = jsonScalar(el.children.filter((n) => !isElement(n)));
  const counts = new Map<string, number>();
  const put = (key: string, value: Json): void => {
    const n = counts.get(key) ?? 0;
    counts.set(key, n + 1);
    out[n === 0 ? key : `${key}_${n}`] = value;
  };
  let flatten = false;
  let positional: RElement[] = [];
  if (container) {
    for (const c of el.children) {
      if (!isElement(c) || c.name !== 'Data') continue;
      const name = nameAttr(c);
      if (name && hasText(name)) flatten = true;
      positional.push(c);
    }
    if (flatten) positional = [];
  }
  let positionalDone = false;
  for (const c of el.children) {
    if (!isElement(c)) continue;
    if (container && c.name === 'Data') {
      if (flatten) {
        const name = nameAttr(c);
        if (!name || !hasText(name)) continue;
        put(jsonText(name), dataValue(c));
      } else if (!positionalDone) {
        positionalDone = true;
        // 0.8.1 gathers the text of the Data elements that have any; empty ones leave no trace
        const texts = positional.filter((d) => hasText(d.children) || hasElementChild(d.children)).map(dataValue);
        put('Data', { '#text': positional.length === 1 ? dataValue(c) : (texts as Scalar) });
      }
      continue;
    }
    put(c.name, elementValue(c, isContainer(c.name)));
  }
  return out;
}

function jsonText(nodes: RNode[]): string {
  const v = jsonScalar(nodes);
  return typeof v === 'string' ? v : String(v);
}
