/**
 * `evtx_dump -o jsonl` (the Rust evtx crate; also `konseki dump --format jsonl`, Chainsaw's and
 * Hayabusa's JSON input): `{"Event": {"System": {...}, "EventData": {...}}}` with `#attributes` and
 * `#text`, repeated names as `Name_1`, `Name_2`, EventData Data flattened by Name (unnamed ones under
 * `Data.#text`). Values keep their JSON types, which are the reader's: integers are numbers, the rest
 * text (reals and integers beyond 2^53 come back as text of the number JSON gave).
 */
import type { FieldValue, Fields } from '../../core/event.ts';
import { addField, dataKey, setField } from './fields.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

/** A JSON value as a field value (the EVTX reader's fieldScalar on the typed value). */
function scalar(v: unknown): FieldValue {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isSafeInteger(v) ? v : String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'number' && Number.isSafeInteger(x) ? x : String(x)));
  return '';
}

/** Keys of a JSON element in order, with `Name_1`, `Name_2` (repeats of `Name`) put back under `Name`. */
function entries(o: Obj): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  for (const [k, v] of Object.entries(o)) {
    if (k === '#attributes' || k === '#text') continue;
    const m = /^(.+)_(\d+)$/.exec(k);
    out.push([m && Object.hasOwn(o, m[1]!) ? m[1]! : k, v]);
  }
  return out;
}

const hasText = (v: unknown): boolean => v !== null && v !== undefined && v !== '';

/** Fields of one record's JSON (the value of its "Event" key); undefined when it has no System. */
export function evtxJsonFields(event: Obj): Fields | undefined {
  if (!isObj(event.System)) return undefined;
  const f: Fields = {};
  for (const [section, value] of entries(event)) {
    switch (section) {
      case 'System':
        if (isObj(value)) system(value, f);
        break;
      case 'EventData':
        if (isObj(value)) eventData(value, f);
        break;
      case 'UserData':
        if (isObj(value)) for (const [name, c] of entries(value)) leaves(name, c, f, 0, 'UserData');
        break;
      case 'RenderingInfo':
        if (isObj(value))
          for (const [name, c] of entries(value)) {
            const t = isObj(c) ? c['#text'] : c;
            if (hasText(t) && !isObj(t)) setField(f, `RenderingInfo_${name}`, String(t));
          }
        break;
      default:
        leaves(section, value, f, 0, section);
    }
  }
  return f;
}

function system(sys: Obj, f: Fields): void {
  for (const [name, v] of entries(sys)) {
    if (isObj(v)) {
      if (hasText(v['#text'])) setField(f, name, scalar(v['#text']));
      const attrs = v['#attributes'];
      if (isObj(attrs))
        for (const [a, av] of Object.entries(attrs)) if (hasText(av)) setField(f, `${name}_${a}`, scalar(av));
    } else if (hasText(v)) setField(f, name, scalar(v));
  }
}

function eventData(ed: Obj, f: Fields): void {
  const unnamed: Array<string | number> = [];
  for (const [name, v] of entries(ed)) {
    if (name === 'Data' && isObj(v) && '#text' in v) {
      // unnamed Data elements, gathered by the dumper (the reader adds them after the other data)
      const t = v['#text'];
      unnamed.push(...(Array.isArray(t) ? t.map((x) => scalar(x) as string | number) : [scalar(t) as string | number]));
      continue;
    }
    if (isObj(v)) {
      // a Data with child elements (its text is what the reader keeps), or a non-Data element
      leaves(name, v, f, 0, 'EventData');
      continue;
    }
    addField(f, dataKey(f, name, 'EventData'), scalar(v));
  }
  if (unnamed.length) addField(f, 'Data', unnamed.length === 1 ? unnamed[0]! : unnamed);
}

/** Leaf elements by name; an element with children contributes its children's leaves. */
function leaves(name: string, v: unknown, f: Fields, depth: number, section: string): void {
  if (depth > 16) return;
  if (isObj(v)) {
    const children = entries(v);
    if (children.length) {
      for (const [n, c] of children) leaves(n, c, f, depth + 1, section);
      return;
    }
    v = v['#text'];
  }
  const key = dataKey(f, name, section);
  if (hasText(v)) addField(f, key, scalar(v));
  else if (!(key in f)) setField(f, key, '');
}

/**
 * The line with integers beyond 2^53 turned into strings, so JSON.parse keeps every digit (the EVTX
 * reader holds such 64-bit values as text). Only numbers outside strings are touched.
 */
export function quoteBigIntegers(text: string): string {
  if (!/\d{16}/.test(text)) return text;
  let out = '';
  let last = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) {
      inString = true;
      continue;
    }
    if (c === 45 || (c >= 48 && c <= 57)) {
      let j = i + 1;
      while (j < text.length && /[0-9eE.+-]/.test(text[j]!)) j++;
      const token = text.slice(i, j);
      if (/^-?\d{16,}$/.test(token) && !Number.isSafeInteger(Number(token))) {
        out += `${text.slice(last, i)}"${token}"`;
        last = j;
      }
      i = j - 1;
    }
  }
  return out + text.slice(last);
}
