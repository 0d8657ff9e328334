/**
 * MISP exports: JSON events ({"Event":…}, {"response":[{"Event":…}]}, [{"Event":…}]), attribute
 * lists ({"Attribute":[…]}, {"response":{"Attribute":[…]}}), object attributes included, and the CSV
 * of restSearch (uuid,event_id,category,type,value,comment,to_ids,date,…). Attributes with
 * to_ids = false are context, not detection material: they are skipped and counted.
 */
import { issue, type Issue } from '../core/issue.ts';
import { splitCsv } from '../sources/network/text/csv.ts';
import type { IocSet } from './set.ts';
import type { IocType } from './types.ts';
import { canonicalCidr, classify, type Classified } from './values.ts';

type Obj = Record<string, unknown>;

const IP_TYPES = new Set(['ip-src', 'ip-dst', 'ip-src|port', 'ip-dst|port', 'ip']);
const DOMAIN_TYPES = new Set(['domain', 'hostname', 'hostname|port', 'domain|ip']);
const URL_TYPES = new Set(['url']);
const HASHES: Record<string, IocType> = { md5: 'md5', sha1: 'sha1', sha256: 'sha256', sha512: 'sha512' };

/** The indicators of one MISP attribute (type + value); empty when the type is not matchable. */
export function mispValues(type: string, value: string): Classified[] | undefined {
  const t = type.toLowerCase();
  const parts = value.split('|');
  const want = (v: string | undefined, ok: (c: Classified) => boolean): Classified[] => {
    if (!v) return [];
    const c = v.includes('/') && !v.includes('://') ? (canonicalCidr(v.trim()) ?? classify(v)) : classify(v);
    return c && ok(c) ? [c] : [];
  };
  const isIp = (c: Classified): boolean => c.type === 'ip' || c.type === 'cidr';
  if (IP_TYPES.has(t)) return want(parts[0], isIp);
  if (t === 'domain|ip') return [...want(parts[0], (c) => c.type === 'domain'), ...want(parts[1], isIp)];
  if (DOMAIN_TYPES.has(t)) return want(parts[0], (c) => c.type === 'domain');
  if (URL_TYPES.has(t)) return want(value, (c) => c.type === 'url' || c.type === 'domain' || c.type === 'ip');
  const hashName = t.startsWith('filename|') ? t.slice(9) : t;
  const hashType = HASHES[hashName];
  if (hashType) return want(t.startsWith('filename|') ? parts[1] : parts[0], (c) => c.type === hashType);
  return undefined;
}

function isIds(v: unknown): boolean {
  if (v === undefined || v === null || v === '') return true;
  if (typeof v === 'boolean') return v;
  return /^(?:1|true|t|yes)$/i.test(String(v));
}

export function looksLikeMisp(doc: unknown): boolean {
  if (Array.isArray(doc))
    return doc.some(
      (x) => x && typeof x === 'object' && ('Event' in x || ('type' in x && 'value' in x && 'category' in x)),
    );
  if (!doc || typeof doc !== 'object') return false;
  const o = doc as Obj;
  return 'Event' in o || 'Attribute' in o || 'response' in o;
}

interface Tally {
  notIds: number;
  unsupported: Map<string, number>;
  bad: number;
}

function addAttribute(
  a: Obj,
  eventInfo: string | undefined,
  file: string,
  set: IocSet,
  tally: Tally,
  issues: Issue[],
  line?: number,
): void {
  const type = typeof a.type === 'string' ? a.type : '';
  const value = typeof a.value === 'string' ? a.value : typeof a.value === 'number' ? String(a.value) : '';
  if (!type || !value) return;
  if (!isIds(a.to_ids)) {
    tally.notIds++;
    return;
  }
  const found = mispValues(type, value);
  if (found === undefined) {
    tally.unsupported.set(type, (tally.unsupported.get(type) ?? 0) + 1);
    set.stats.rejected++;
    return;
  }
  if (!found.length) {
    tally.bad++;
    set.stats.rejected++;
    if (tally.bad <= 50)
      issues.push(
        issue('ioc.unrecognized', line ? { file, line } : { file }, { value: `${type}: ${value}`.slice(0, 120) }),
      );
    return;
  }
  const comment = typeof a.comment === 'string' && a.comment ? a.comment : undefined;
  const ev = a.Event && typeof a.Event === 'object' ? (a.Event as Obj) : undefined;
  const info = eventInfo ?? (typeof ev?.info === 'string' ? ev.info : undefined);
  const label = [info, comment].filter(Boolean).join(' — ') || undefined;
  const id = typeof a.uuid === 'string' ? a.uuid : undefined;
  for (const c of found)
    set.add({ value: c.value, type: c.type, source: file, label, id, raw: value, ...(line ? { line } : {}) });
}

function eventsOf(doc: unknown): { events: Obj[]; attributes: Obj[] } {
  const events: Obj[] = [];
  const attributes: Obj[] = [];
  const visit = (x: unknown, depth: number): void => {
    if (!x || typeof x !== 'object' || depth > 4) return;
    if (Array.isArray(x)) {
      for (const y of x) visit(y, depth + 1);
      return;
    }
    const o = x as Obj;
    if (o.Event && typeof o.Event === 'object') events.push(o.Event as Obj);
    else if (Array.isArray(o.Attribute) && !('info' in o)) attributes.push(...(o.Attribute as Obj[]));
    else if ('info' in o && (Array.isArray(o.Attribute) || Array.isArray(o.Object))) events.push(o);
    else if (typeof o.type === 'string' && 'value' in o) attributes.push(o);
    if (o.response) visit(o.response, depth + 1);
  };
  visit(doc, 0);
  return { events, attributes };
}

function finishTally(tally: Tally, file: string, issues: Issue[]): void {
  if (tally.unsupported.size) {
    const list = [...tally.unsupported.entries()].map(([k, v]) => `${k} ×${v}`).join(', ');
    issues.push(
      issue(
        'ioc.misp_unsupported_types',
        { file },
        { types: list.slice(0, 300), count: [...tally.unsupported.values()].reduce((a, b) => a + b, 0) },
        'info',
      ),
    );
  }
  if (tally.notIds) issues.push(issue('ioc.misp_not_ids', { file }, { count: tally.notIds }, 'info'));
}

export function loadMispJson(doc: unknown, file: string, set: IocSet, issues: Issue[]): void {
  const tally: Tally = { notIds: 0, unsupported: new Map(), bad: 0 };
  const { events, attributes } = eventsOf(doc);
  for (const ev of events) {
    const info = typeof ev.info === 'string' ? ev.info : undefined;
    const attrs = Array.isArray(ev.Attribute) ? (ev.Attribute as Obj[]) : [];
    for (const a of attrs) if (a && typeof a === 'object') addAttribute(a, info, file, set, tally, issues);
    const objects = Array.isArray(ev.Object) ? (ev.Object as Obj[]) : [];
    for (const o of objects) {
      const oattrs = o && Array.isArray(o.Attribute) ? (o.Attribute as Obj[]) : [];
      for (const a of oattrs) if (a && typeof a === 'object') addAttribute(a, info, file, set, tally, issues);
    }
  }
  for (const a of attributes) if (a && typeof a === 'object') addAttribute(a, undefined, file, set, tally, issues);
  finishTally(tally, file, issues);
}

export function looksLikeMispCsv(firstLine: string): boolean {
  const h = splitCsv(
    firstLine
      .replace(/^\uFEFF/, '')
      .trim()
      .toLowerCase(),
  );
  return (
    h.includes('type') && h.includes('value') && (h.includes('category') || h.includes('to_ids') || h.includes('uuid'))
  );
}

export function loadMispCsv(text: string, file: string, set: IocSet, issues: Issue[]): void {
  const tally: Tally = { notIds: 0, unsupported: new Map(), bad: 0 };
  const lines = text.split('\n');
  const header = splitCsv(
    lines[0]
      .replace(/^\uFEFF/, '')
      .trim()
      .toLowerCase(),
  );
  const col = (name: string): number => header.indexOf(name);
  const [ti, vi, ci, ii, ui, ei] = [
    col('type'),
    col('value'),
    col('comment'),
    col('to_ids'),
    col('uuid'),
    col('event_info'),
  ];
  for (let n = 1; n < lines.length; n++) {
    const line = lines[n].replace(/\r$/, '');
    if (!line.trim()) continue;
    const c = splitCsv(line);
    if (c.length < header.length - 3) {
      set.stats.rejected++;
      issues.push(issue('ioc.csv_bad_row', { file, line: n + 1 }, { columns: c.length, expected: header.length }));
      continue;
    }
    const a: Obj = {
      type: c[ti],
      value: c[vi],
      comment: ci >= 0 ? c[ci] : undefined,
      to_ids: ii >= 0 ? c[ii] : undefined,
      uuid: ui >= 0 ? c[ui] : undefined,
    };
    addAttribute(a, ei >= 0 ? c[ei] || undefined : undefined, file, set, tally, issues, n + 1);
  }
  finishTally(tally, file, issues);
}
