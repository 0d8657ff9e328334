/**
 * Flattens a resolved record into the field names Sigma and Hayabusa rules use:
 * System children by name (EventID, Channel, Computer, ...), their attributes as
 * `<Element>_<Attribute>` (Provider_Name, TimeCreated_SystemTime, Security_UserID, ...),
 * EventData `Data` by its Name attribute (unnamed ones gathered in `Data`), and the leaf
 * elements of UserData by their own names. A data field named like a System field (UserData of
 * event 104 carries its own `Channel`) is kept as `UserData_Channel` / `EventData_Channel`, so the
 * System value, which rules select on, stays a single value.
 */
import type { FieldValue, Fields } from '../../core/event.ts';
import { isElement, type RElement } from './model.ts';
import { fieldScalar, hasText, joinText } from './text.ts';

/** Field names that come from the System element (the timeline shows them in their own columns). */
export const SYSTEM_FIELD =
  /^(Provider_\w+|EventID(_Qualifiers)?|Version|Level|Task|Opcode|Keywords|TimeCreated_\w+|EventRecordID|Correlation_\w+|Execution_\w+|Channel|Computer|Security_\w+)$/;
export const isSystemFieldName = (name: string): boolean => SYSTEM_FIELD.test(name);

export function recordFields(root: RElement): Fields {
  const f: Fields = {};
  const sys = { has: (k: string): boolean => k in f && SYSTEM_FIELD.test(k) };
  for (const section of root.children) {
    if (!isElement(section)) continue;
    switch (section.name) {
      case 'System':
        system(section, f);
        break;
      case 'EventData':
        eventData(section, f, sys);
        break;
      case 'UserData':
        for (const c of section.children) if (isElement(c)) leaves(c, f, 0, sys, 'UserData');
        break;
      case 'RenderingInfo':
        rendering(section, f);
        break;
      default:
        leaves(section, f, 0, sys, section.name);
    }
  }
  return f;
}

function system(sysEl: RElement, f: Fields): void {
  for (const c of sysEl.children) {
    if (!isElement(c)) continue;
    if (hasText(c.children)) f[c.name] = fieldScalar(c.children);
    for (const a of c.attrs) if (hasText(a.value)) f[attrKey(c.name, a.name)] = fieldScalar(a.value);
  }
}

/** `Element_Attribute` names, interned: the same few strings for every record. */
const attrKeys = new Map<string, Map<string, string>>();
export function attrKey(el: string, attr: string): string {
  let m = attrKeys.get(el);
  if (!m) attrKeys.set(el, (m = new Map()));
  let k = m.get(attr);
  if (k === undefined) {
    k = `${el}_${attr}`;
    if (m.size < 1000) m.set(attr, k);
  }
  return k;
}

/** A data name that System already filled (System comes first in a record). */
interface SystemKeys {
  has(key: string): boolean;
}
const dataKey = (key: string, sys: SystemKeys, section: string): string => (sys.has(key) ? `${section}_${key}` : key);

function eventData(ed: RElement, f: Fields, sys: SystemKeys): void {
  const unnamed: Array<string | number> = [];
  for (const c of ed.children) {
    if (!isElement(c)) continue;
    if (c.name === 'Data') {
      const name = c.attrs.find((a) => a.name === 'Name');
      const value = c.children.some(isElement) ? flatText(c) : fieldScalar(c.children);
      if (name && hasText(name.value)) addField(f, dataKey(joinText(name.value), sys, 'EventData'), value);
      else unnamed.push(...(Array.isArray(value) ? value : [value]));
    } else {
      leaves(c, f, 0, sys, 'EventData');
    }
  }
  if (unnamed.length) addField(f, 'Data', unnamed.length === 1 ? unnamed[0]! : unnamed);
}

function rendering(ri: RElement, f: Fields): void {
  for (const c of ri.children) {
    if (isElement(c) && hasText(c.children)) f[`RenderingInfo_${c.name}`] = joinText(c.children);
  }
}

/** Leaf elements by name; the first occurrence of a name wins, later ones join it as an array. */
function leaves(el: RElement, f: Fields, depth: number, sys: SystemKeys, section: string): void {
  if (depth > 16) return;
  const elements = el.children.filter(isElement);
  if (elements.length === 0) {
    const key = dataKey(el.name, sys, section);
    if (hasText(el.children)) addField(f, key, fieldScalar(el.children));
    else if (!(key in f)) f[key] = '';
    return;
  }
  for (const c of elements) leaves(c, f, depth + 1, sys, section);
}

export function addField(f: Fields, key: string, value: FieldValue): void {
  const prev = f[key];
  if (prev === undefined || prev === '' || prev === null) {
    f[key] = value;
    return;
  }
  const list = Array.isArray(prev) ? prev : [prev as string | number];
  if (Array.isArray(value)) list.push(...value);
  else if (value !== null && typeof value !== 'boolean') list.push(value);
  f[key] = list;
}

function flatText(el: RElement): string {
  let s = '';
  for (const c of el.children) s += isElement(c) ? flatText(c) : joinText([c]);
  return s;
}
