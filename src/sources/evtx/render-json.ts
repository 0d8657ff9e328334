/**
 * JSON in the layout of the Rust `evtx` crate's `evtx_dump -o jsonl`: element names as keys,
 * `#attributes` and `#text`, `_1`, `_2` suffixes for repeated names, EventData/UserData `Data`
 * elements flattened by their Name attribute (or gathered under `Data.#text` when unnamed).
 *
 * Built as plain objects and serialized by V8's native JSON.stringify (measured faster than
 * writing text piece by piece). 64-bit integers beyond 2^53 keep every digit in `recordJson`:
 * they travel through JSON.stringify as marker strings that are replaced afterwards.
 */
import { isElement, type RElement, type RNode, type RText } from './model.ts';
import { hasElementChild, hasText, jsonScalar, singleValue, type Scalar } from './text.ts';
import type { ByteSink } from './byte-sink.ts';
import { VT } from './model.ts';

type Json = Scalar | null | { [k: string]: Json } | Json[];

/** Big integers of the record being rendered for `recordJson`; undefined: render them as numbers. */
let bigs: bigint[] | undefined;
/** Unknown to whoever wrote the log (random per process; not a secret beyond that, so no crypto start-up cost). */
const NONCE = `\u0000big${Math.random().toString(16).slice(2, 10)}${Math.random().toString(16).slice(2, 10)}`;
const MARKER = new RegExp(`"\\\\u0000big${NONCE.slice(4)}(\\d+)"`, 'g');

/** One record as a JSON value (integers beyond 2^53 become the nearest double). */
export function recordToJson(root: RElement): Record<string, Json> {
  bigs = undefined;
  return { [root.name]: elementValue(root, false) };
}

/** One record as JSON text, every digit of 64-bit integers kept. */
export function recordJson(root: RElement): string {
  bigs = [];
  try {
    const text = JSON.stringify({ [root.name]: elementValue(root, false) });
    return bigs.length ? text.replace(MARKER, (_, i: string) => bigs![Number(i)]!.toString()) : text;
  } finally {
    bigs = undefined;
  }
}

/** Appends one record's JSON (without a line end) to `out`. */
export function writeRecordJson(root: RElement, out: ByteSink): void {
  out.raw(recordJson(root));
}

const isContainer = (name: string): boolean => name === 'EventData' || name === 'UserData';

/** obj[key] = value, also for a key named "__proto__" (hostile names must not touch prototypes). */
function set(obj: Record<string, Json>, key: string, value: Json): void {
  if (key === '__proto__')
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/**
 * The JSON value of a content list: jsonScalar (text.ts), except that one string value stays as it is
 * and one 64-bit integer stays a bigint (written with every digit).
 */
export function scalarJson(nodes: RNode[]): Json | bigint {
  const one = singleValue(nodes);
  if (one && one.t >= 0) {
    const x = one.v;
    if (typeof x === 'string' && one.t !== VT.Real32 && one.t !== VT.Real64) return x;
    if (typeof x === 'bigint') return x;
  }
  return jsonScalar(nodes);
}

/** scalarJson with big integers kept exact (as markers) while `recordJson` renders, else as the nearest double. */
function scalar(nodes: RNode[]): Json {
  const v = scalarJson(nodes);
  if (typeof v !== 'bigint') return v;
  if (!bigs) return jsonScalar(nodes);
  bigs.push(v);
  return `${NONCE}${bigs.length - 1}`;
}

function attrsObject(el: RElement): Record<string, Json> | undefined {
  let out: Record<string, Json> | undefined;
  for (const a of el.attrs) {
    if (!hasText(a.value)) continue;
    set((out ??= {}), a.name, scalar(a.value));
  }
  return out;
}

const TEXT = 1;
const ELEMENTS = 2;

/** What a content list holds: TEXT (a non-null text node) and/or ELEMENTS, in one pass. */
function contentKinds(nodes: RNode[]): number {
  let k = 0;
  for (let i = 0; i < nodes.length && k !== 3; i++) {
    const n = nodes[i]!;
    if (isElement(n)) k |= ELEMENTS;
    else if (!(n.t >= 0 && n.v === null)) k |= TEXT;
  }
  return k;
}

function elementValue(el: RElement, container: boolean): Json {
  const kinds = contentKinds(el.children);
  const text = (kinds & TEXT) !== 0;
  const attrs = el.attrs.length ? attrsObject(el) : undefined;
  const elements = (kinds & ELEMENTS) !== 0;
  if (!elements && !text && !attrs) return null;
  if (!elements && !attrs) return scalar(el.children);
  return body(el, container, attrs, text);
}

function dataValue(el: RElement): Json {
  const kinds = contentKinds(el.children);
  const elements = (kinds & ELEMENTS) !== 0;
  const text = (kinds & TEXT) !== 0;
  if (!elements && !text) return null;
  if (elements) return body(el, false, el.attrs.length ? attrsObject(el) : undefined, text);
  return scalar(el.children);
}

function nameAttr(el: RElement): RText[] | undefined {
  for (const a of el.attrs) if (a.name === 'Name') return a.value;
  return undefined;
}

function keyText(nodes: RNode[]): string {
  const v = jsonScalar(nodes);
  return typeof v === 'string' ? v : String(v);
}

/**
 * out[key] = value; a repeated name gets `_1`, `_2` (counted in `counts`, made on the first
 * repeat) and a key is never overwritten (hostile names like "#text" or "X_1").
 */
function put(
  out: Record<string, Json>,
  key: string,
  value: Json,
  counts: Map<string, number> | undefined,
): Map<string, number> | undefined {
  if (!Object.hasOwn(out, key)) {
    set(out, key, value);
    return counts;
  }
  counts ??= new Map();
  let n = counts.get(key) ?? 1;
  while (Object.hasOwn(out, `${key}_${n}`)) n++;
  set(out, `${key}_${n}`, value);
  counts.set(key, n + 1);
  return counts;
}

function body(el: RElement, container: boolean, attrs: Record<string, Json> | undefined, text: boolean): Json {
  const out: Record<string, Json> = {};
  if (attrs) out['#attributes'] = attrs;
  if (text) out['#text'] = scalar(el.children.filter((n) => !isElement(n)));
  if (container) return containerBody(el, out);
  let counts: Map<string, number> | undefined;
  const children = el.children;
  for (let i = 0; i < children.length; i++) {
    const c = children[i]!;
    if (isElement(c)) counts = put(out, c.name, elementValue(c, isContainer(c.name)), counts);
  }
  return out;
}

/** EventData/UserData: Data elements by their Name, or gathered under Data.#text when none has one. */
function containerBody(el: RElement, out: Record<string, Json>): Json {
  let counts: Map<string, number> | undefined;
  let flatten = false;
  let positional: RElement[] = [];
  for (const c of el.children) {
    if (!isElement(c) || c.name !== 'Data') continue;
    const name = nameAttr(c);
    if (name && hasText(name)) flatten = true;
    positional.push(c);
  }
  if (flatten) positional = [];
  let positionalDone = false;
  for (const c of el.children) {
    if (!isElement(c)) continue;
    if (c.name === 'Data') {
      if (flatten) {
        const name = nameAttr(c);
        if (!name || !hasText(name)) continue;
        counts = put(out, keyText(name), dataValue(c), counts);
      } else if (!positionalDone) {
        positionalDone = true;
        // 0.8.1 gathers the text of the Data elements that have any; empty ones leave no trace
        const texts = positional.filter((d) => hasText(d.children) || hasElementChild(d.children)).map(dataValue);
        counts = put(out, 'Data', { '#text': positional.length === 1 ? dataValue(c) : texts }, counts);
      }
      continue;
    }
    counts = put(out, c.name, elementValue(c, isContainer(c.name)), counts);
  }
  return out;
}
