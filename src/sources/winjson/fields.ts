/**
 * The field names and values of a Windows event, as the EVTX reader gives them
 * (src/sources/evtx/fields.ts: System children by name, their attributes as Element_Attribute,
 * EventData by Data Name, unnamed Data gathered in `Data`, UserData leaves by name, a data field named
 * like a System field kept as EventData_<name> / UserData_<name>), built from what a JSON export
 * holds: an element tree (XML) or text values (Winlogbeat, Splunk). Text is turned back into the
 * EVTX reader's values: a canonical decimal ("4624", "3", not "03" or "-1") becomes a number, as the
 * reader's typed integers are (measured on the 8,248 records of EVTX-ATTACK-SAMPLES rendered as XML:
 * 81% of records then have exactly the reader's fields, 25% without; the rest differ only where
 * the .evtx kept digits as text, e.g. IpPort "0", which rules compare as text anyway), and Windows'
 * 7-digit FILETIME text is cut to the reader's microseconds.
 */
import type { FieldValue, Fields } from '../../core/event.ts';

/** Same as SYSTEM_FIELD of src/sources/evtx/fields.ts (modules of sources/ do not import each other; a test keeps them equal). */
export const SYSTEM_FIELD =
  /^(Provider_\w+|EventID(_Qualifiers)?|Version|Level|Task|Opcode|Keywords|TimeCreated_\w+|EventRecordID|Correlation_\w+|Execution_\w+|Channel|Computer|Security_\w+)$/;

/** System fields the EVTX reader gives as numbers (their BinXML types are integers). */
const SYSTEM_NUMBERS = new Set([
  'EventID',
  'EventID_Qualifiers',
  'Version',
  'Level',
  'Task',
  'Opcode',
  'EventRecordID',
  'Execution_ProcessID',
  'Execution_ThreadID',
  'Execution_ProcessorID',
  'Execution_SessionID',
  'Execution_KernelTime',
  'Execution_UserTime',
  'Execution_ProcessorTime',
]);

const LONG_TIME = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6})\d{1,3}Z$/;
const DECIMAL = /^(?:0|[1-9]\d{0,14})$/;

/** A text value as the EVTX reader would hold it: `name` is a System field name, or '' for event data. */
export function textValue(name: string, text: string): string | number {
  if ((name === '' || SYSTEM_NUMBERS.has(name)) && DECIMAL.test(text)) return Number(text);
  const t = LONG_TIME.exec(text);
  return t ? `${t[1]}Z` : text;
}

/** A data name that a System field already holds (System comes first in a record). */
export function dataKey(f: Fields, key: string, section: string): string {
  return key in f && SYSTEM_FIELD.test(key) ? `${section}_${key}` : key;
}

/** f[key] = value, a repeated name joining the first as a list (the EVTX reader's `add`). */
export function addField(f: Fields, key: string, value: FieldValue): void {
  const prev = f[key];
  if (prev === undefined || prev === '' || prev === null) {
    setField(f, key, value);
    return;
  }
  const list = Array.isArray(prev) ? prev : [prev as string | number];
  if (Array.isArray(value)) list.push(...value);
  else if (value !== null && typeof value !== 'boolean') list.push(value);
  setField(f, key, list);
}

/** Also for a key named "__proto__" (names come from the evidence). */
export function setField(f: Fields, key: string, value: FieldValue): void {
  if (key === '__proto__')
    Object.defineProperty(f, key, { value, enumerable: true, writable: true, configurable: true });
  else f[key] = value;
}

// ---- element trees (event XML)

export interface XElement {
  name: string;
  attrs: Array<[string, string]>;
  children: Array<XElement | string>;
}

const isEl = (n: XElement | string): n is XElement => typeof n !== 'string';
const textOf = (nodes: Array<XElement | string>): string => nodes.filter((n) => !isEl(n)).join('');
const hasText = (nodes: Array<XElement | string>): boolean => nodes.some((n) => !isEl(n) && n !== '');

function flatText(el: XElement): string {
  let s = '';
  for (const c of el.children) s += isEl(c) ? flatText(c) : c;
  return s;
}

/** Fields of an `<Event>` element tree, as the EVTX reader flattens a record. */
export function treeFields(root: XElement): Fields {
  const f: Fields = {};
  for (const section of root.children) {
    if (!isEl(section)) continue;
    switch (section.name) {
      case 'System':
        for (const c of section.children) {
          if (!isEl(c)) continue;
          if (hasText(c.children)) setField(f, c.name, textValue(c.name, textOf(c.children)));
          for (const [a, v] of c.attrs) if (v !== '') setField(f, `${c.name}_${a}`, textValue(`${c.name}_${a}`, v));
        }
        break;
      case 'EventData': {
        const unnamed: Array<string | number> = [];
        for (const c of section.children) {
          if (!isEl(c)) continue;
          if (c.name === 'Data') {
            const name = c.attrs.find(([a]) => a === 'Name')?.[1];
            const value = textValue('', c.children.some(isEl) ? flatText(c) : textOf(c.children));
            if (name) addField(f, dataKey(f, name, 'EventData'), value);
            else unnamed.push(value);
          } else treeLeaves(c, f, 0, 'EventData');
        }
        if (unnamed.length) addField(f, 'Data', unnamed.length === 1 ? unnamed[0]! : unnamed);
        break;
      }
      case 'UserData':
        for (const c of section.children) if (isEl(c)) treeLeaves(c, f, 0, 'UserData');
        break;
      case 'RenderingInfo':
        for (const c of section.children)
          if (isEl(c) && hasText(c.children)) setField(f, `RenderingInfo_${c.name}`, textOf(c.children));
        break;
      default:
        treeLeaves(section, f, 0, section.name);
    }
  }
  return f;
}

function treeLeaves(el: XElement, f: Fields, depth: number, section: string): void {
  if (depth > 16) return;
  const elements = el.children.filter(isEl);
  if (elements.length === 0) {
    const key = dataKey(f, el.name, section);
    if (hasText(el.children)) addField(f, key, textValue('', textOf(el.children)));
    else if (!(key in f)) setField(f, key, '');
    return;
  }
  for (const c of elements) treeLeaves(c, f, depth + 1, section);
}
