/**
 * The Details column (and ExtraFieldInfo) of the timeline, in Hayabusa's spirit: a one-line summary
 * per event type, `Label: value ¦ Label: value`, with raw codes turned into words — logon types
 * ("3 - Network"), NTSTATUS and Kerberos codes ("wrong password (0xc000006a)"), `%%NNNN` parameter
 * strings ("%%1833" → "Impersonation"), Defender's numeric IDs — and hex process ids in decimal.
 * Event types without a template show their event data fields. Values can be given in English or
 * Japanese; labels stay the short English abbreviations analysts know from Hayabusa.
 */
import type { Event, FieldValue } from '../../core/event.ts';
import {
  DEFENDER_ACTION,
  DEFENDER_CATEGORY,
  DEFENDER_SEVERITY,
  INTEGRITY_LEVELS,
  LOGON_TYPES,
  PARAMETER_STRINGS,
  PREAUTH_TYPE,
  SERVICE_START_TYPE,
  SERVICE_TYPE,
  STATUS_CODES,
  TICKET_ENCRYPTION,
  TIME_CHANGE_REASON,
  type Words,
} from '../../analytics/windows/codes.ts';
import { taskCommands } from '../../analytics/windows/task-xml.ts';
import { TEMPLATES, type FieldSpec, type Template } from './templates.ts';
import { isSystemFieldName } from '../../sources/evtx/fields.ts';

export type DetailsLang = 'en' | 'ja';
export interface DetailsOptions {
  lang?: DetailsLang;
}

export const SEPARATOR = ' ¦ ';
const MAX_VALUE = 8000;
const MAX_FALLBACK = 4000;

/** System fields: shown in their own timeline columns, never in Details or ExtraFieldInfo. */
const isSystemField = (name: string): boolean => isSystemFieldName(name) || name.startsWith('RenderingInfo_');

type Table = Record<number, Words>;
/** Field name → code table (numbers as decimal or 0x-hex text). */
const FIELD_TABLES: Record<string, Table> = {
  Status: STATUS_CODES,
  SubStatus: STATUS_CODES,
  FailureCode: STATUS_CODES,
  'Severity ID': DEFENDER_SEVERITY,
  SeverityID: DEFENDER_SEVERITY,
  'Category ID': DEFENDER_CATEGORY,
  CategoryID: DEFENDER_CATEGORY,
  'Action ID': DEFENDER_ACTION,
  ActionID: DEFENDER_ACTION,
  TicketEncryptionType: TICKET_ENCRYPTION,
  PreAuthType: PREAUTH_TYPE,
  ServiceStartType: SERVICE_START_TYPE,
};
const HEX_PIDS = new Set([
  'NewProcessId',
  'ProcessId',
  'CallerProcessId',
  'ClientProcessId',
  'SourceProcessId',
  'TargetProcessId',
]);

function first(v: FieldValue | undefined): string | number | boolean | null | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function toNumber(s: string): number | undefined {
  const t = s.trim();
  if (/^\d{1,15}$/.test(t)) return Number(t);
  if (/^0x[0-9a-f]{1,13}$/i.test(t)) return parseInt(t.slice(2), 16);
  return undefined;
}

function oneLine(s: string): string {
  const t = s
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
  return t.length > MAX_VALUE ? `${t.slice(0, MAX_VALUE)}…` : t;
}

/** "%%1833" → "Impersonation"; several codes in one value (AccessList) are each replaced. */
function parameterStrings(s: string, lang: DetailsLang): string {
  if (!s.includes('%%')) return s;
  return s.replace(/%%(\d{1,6})/g, (all, n: string) => PARAMETER_STRINGS[Number(n)]?.[lang] ?? all);
}

function coded(table: Table, raw: string, lang: DetailsLang, withCode: boolean): string | undefined {
  const n = toNumber(raw);
  if (n === undefined) return undefined;
  const w = table[n];
  if (!w) return undefined;
  return withCode ? `${w[lang]} (${raw.trim().toLowerCase()})` : `${w[lang]} (${n})`;
}

/** The readable form of one field value. */
export function translateValue(
  name: string,
  value: FieldValue | undefined,
  e?: Event,
  lang: DetailsLang = 'en',
): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map((v) => translateValue(name, v, e, lang)).join(', ');
  const raw = typeof value === 'string' ? value : String(value);
  if (name === 'LogonType') {
    const n = toNumber(raw);
    const w = n === undefined ? undefined : LOGON_TYPES[n];
    return w ? `${n} - ${w[lang]}` : oneLine(raw);
  }
  const table = FIELD_TABLES[name] ?? (name === 'ServiceType' ? SERVICE_TYPE : undefined);
  if (table) {
    const isStatus = table === STATUS_CODES || table === TICKET_ENCRYPTION || table === SERVICE_TYPE;
    const t = coded(table, raw, lang, isStatus);
    if (t) return t;
  }
  if (name === 'Reason' && e && first(e.fields.Provider_Name) === 'Microsoft-Windows-Kernel-General') {
    const t = coded(TIME_CHANGE_REASON, raw, lang, false);
    if (t) return t;
  }
  if (name === 'MandatoryLabel') {
    const w = INTEGRITY_LEVELS[raw.trim().toUpperCase()];
    if (w) return w[lang];
  }
  if (HEX_PIDS.has(name) && /^0x[0-9a-f]{1,13}$/i.test(raw.trim())) return String(parseInt(raw.trim().slice(2), 16));
  return oneLine(parameterStrings(raw, lang));
}

/** The fields a computed value is made of (left out of ExtraFieldInfo when shown). */
const COMPUTED_SOURCES: Record<string, string[]> = {
  '@taskCommand': ['TaskContent', 'TaskContentNew'],
  '@previousTime': ['PreviousTime', 'PreviousDate'],
  '@newTime': ['NewTime', 'NewDate'],
};

function computed(spec: string, e: Event): string | undefined {
  const f = e.fields;
  const text = (n: string): string | undefined => {
    const v = first(f[n]);
    return v === undefined || v === null || v === '' ? undefined : String(v);
  };
  switch (spec) {
    case '@taskCommand': {
      const cmds = taskCommands(text('TaskContentNew') ?? text('TaskContent'));
      return cmds.length ? cmds.join(' ; ') : undefined;
    }
    case '@clearedLog': {
      const v = f.Channel;
      return Array.isArray(v) && v.length > 1 ? String(v[1]) : undefined;
    }
    case '@previousTime':
    case '@newTime': {
      const p = spec === '@previousTime' ? 'Previous' : 'New';
      const time = text(`${p}Time`);
      const date = text(`${p}Date`);
      return time ? (date ? `${date} ${time}` : time) : undefined;
    }
  }
  return undefined;
}

/** The value and the field it came from, for a template field spec. */
function resolve(spec: FieldSpec, e: Event, lang: DetailsLang): { value: string; field?: string } | undefined {
  const names = typeof spec === 'string' ? [spec] : spec;
  for (const n of names) {
    if (n.startsWith('@')) {
      const v = computed(n, e);
      if (v !== undefined) return { value: oneLine(v) };
      continue;
    }
    const v = e.fields[n];
    if (v === undefined || v === null || v === '') continue;
    return { value: translateValue(n, v, e, lang), field: n };
  }
  return undefined;
}

function eventIdOf(e: Event): string {
  const v = first(e.fields.EventID);
  return v === undefined || v === null ? '' : String(v).trim();
}

/** The template for an event: by provider and event id, else by channel and event id. */
export function templateFor(e: Event): Template | undefined {
  const id = eventIdOf(e);
  const provider = first(e.fields.Provider_Name);
  const channel = first(e.fields.Channel);
  return (
    (typeof provider === 'string' ? TEMPLATES[`${provider}:${id}`] : undefined) ??
    (typeof channel === 'string' ? TEMPLATES[`${channel}:${id}`] : undefined)
  );
}

export interface DetailsResult {
  details: string;
  extra: string;
}

/** Details and ExtraFieldInfo together (the fields shown in Details are left out of the extra ones). */
export function detailsAndExtra(e: Event, o: DetailsOptions = {}): DetailsResult {
  const lang = o.lang ?? 'en';
  const used = new Set<string>();
  const parts: string[] = [];
  const template = templateFor(e);
  if (template) {
    for (const entry of template) {
      if ('text' in entry) {
        parts.push(entry.text[lang]);
        continue;
      }
      const [label, spec] = entry as readonly [string, FieldSpec];
      const r = resolve(spec, e, lang);
      if (!r) continue;
      if (r.field) used.add(r.field);
      for (const n of typeof spec === 'string' ? [spec] : spec)
        for (const src of COMPUTED_SOURCES[n] ?? []) used.add(src);
      parts.push(`${label}: ${r.value}`);
    }
  }
  const details = parts.length ? parts.join(SEPARATOR) : fallback(e, lang, used);
  const extra = Object.keys(e.fields)
    .filter((n) => !isSystemField(n) && !used.has(n))
    .sort()
    .map((n) => `${n}: ${translateValue(n, e.fields[n], e, lang)}`)
    .filter((s) => !s.endsWith(': '))
    .join(SEPARATOR);
  return { details, extra };
}

/** All event data fields, for events without a template (bounded). */
function fallback(e: Event, lang: DetailsLang, used: Set<string>): string {
  const parts: string[] = [];
  let length = 0;
  const names = Object.keys(e.fields);
  for (const n of names) {
    if (isSystemField(n)) continue;
    // the raw log line repeats the parsed fields: it goes to ExtraFieldInfo unless it is all there is
    if (n === 'message' && names.length > 1) continue;
    const v = translateValue(n, e.fields[n], e, lang);
    if (v === '') continue;
    const part = `${n}: ${v}`;
    if (length + part.length > MAX_FALLBACK) {
      parts.push('…');
      break;
    }
    parts.push(part);
    used.add(n);
    length += part.length + SEPARATOR.length;
  }
  return parts.join(SEPARATOR);
}

/** The Details column of one event ('' when it has no event data at all). */
export function detailsFor(e: Event, o: DetailsOptions = {}): string {
  return detailsAndExtra(e, o).details;
}

/** The ExtraFieldInfo column: event data fields not already in Details, sorted by name. */
export function extraFieldsFor(e: Event, o: DetailsOptions = {}): string {
  return detailsAndExtra(e, o).extra;
}

/**
 * A Hayabusa-style template ("Cmd: %CommandLine% ¦ Proc: %Image%", as in a rule's `details:`)
 * filled from the event, codes translated; `%Data[2]%` indexes unnamed Data (1-based); a missing
 * field gives "n/a" as in Hayabusa.
 */
export function renderTemplate(template: string, e: Event, o: DetailsOptions = {}): string {
  const lang = o.lang ?? 'en';
  return template.replace(/%([A-Za-z0-9_.\- ]{1,80}?)(?:\[(\d{1,3})\])?%/g, (_all, name: string, index?: string) => {
    const key = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : name;
    const all = e.fields[key];
    let v: FieldValue | undefined = all;
    if (index !== undefined) v = Array.isArray(all) ? all[Number(index) - 1] : Number(index) === 1 ? all : undefined;
    const text = v === undefined || v === null || v === '' ? '' : translateValue(key, v, e, lang);
    return text === '' ? 'n/a' : text;
  });
}
