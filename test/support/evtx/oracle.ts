/**
 * Differential comparison of our EVTX reader with the reference output of the Rust `evtx` crate
 * (`evtx_dump -o jsonl`, 0.8.1). Documented normalization, applied to both sides:
 * - object key order is ignored (0.8.1 sorts keys);
 * - hex strings (`0x...`) compare case-insensitively;
 * - GUIDs compare case-insensitively and without braces;
 * - timestamps compare at microsecond precision (some values carry 7 or 9 fractional digits);
 * - an unnamed Data element's text is compared joined (0.8.1 splits it at entity references);
 * - repeated sibling elements: 0.8.1 merges those that carry attributes into one object (the last
 *   one's attributes win, children accumulate) and, for those without, moves the earlier value to the
 *   next free `_N` key; we keep every element, numbered in document order, so our side is rewritten
 *   the 0.8.1 way before comparing (emulate081);
 * - attribute values compare without the characters & < > " ' (0.8.1 moves entity references from
 *   attribute values into the element's #text; a #text made only of those characters is dropped);
 * - where the reference read a name wrongly as "" (its string cache: `security_bad_string_cache`,
 *   a VSS copy), that object is compared by its values only.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Issue } from '../../../src/core/issue.ts';
import { newStats, readEvtx, recordToJson, type EvtxStats } from '../../../src/sources/evtx/index.ts';

const GUID = /^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$/;
const HEX = /^0x[0-9a-fA-F]+$/;
const TS = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Our JSON (every repeated element kept, `_N` in document order) rewritten as 0.8.1 would store it. */
export function emulate081(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(emulate081);
  if (!isObj(v)) return v;
  const out: Obj = {};
  const seen = new Set<string>();
  for (const [key, value] of Object.entries(v)) {
    const m = /^(.*)_(\d+)$/.exec(key);
    const base = m && seen.has(m[1]!) ? m[1]! : key;
    seen.add(key);
    if (key === '#attributes' || key === '#text') out[key] = value;
    else insert081(out, base, emulate081(value));
  }
  return out;
}

function insert081(out: Obj, key: string, v: unknown): void {
  if (!(key in out)) {
    out[key] = v;
  } else if (isObj(v) && '#attributes' in v && isObj(out[key])) {
    const target = out[key] as Obj;
    for (const [k, cv] of Object.entries(v)) {
      if (k === '#text' && k in target)
        target[k] = [...(Array.isArray(target[k]) ? (target[k] as unknown[]) : [target[k]]), cv];
      else if (k === '#attributes' || k === '#text') target[k] = cv;
      else insert081(target, k, cv);
    }
  } else {
    let n = 1;
    while (`${key}_${n}` in out) n++;
    out[`${key}_${n}`] = out[key];
    out[key] = v;
  }
}

export function normalize(v: unknown, key = ''): unknown {
  if (typeof v === 'string') {
    let m = GUID.exec(v);
    if (m) return m[1]!.toUpperCase();
    if (HEX.test(v)) return v.toLowerCase();
    m = TS.exec(v);
    if (m) return `${m[1]}.${(m[2] ?? '').padEnd(6, '0').slice(0, 6)}Z`;
    return v;
  }
  if (Array.isArray(v)) {
    if (key === '#text' && v.every((x) => typeof x === 'string')) return v.join('');
    return v.map((x) => normalize(x));
  }
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = normalize((v as Record<string, unknown>)[k], k);
      if (k === '#text' && typeof x === 'string' && /^["&<>']+$/.test(x)) continue;
      out[k] = x;
    }
    if (key === '#attributes') {
      for (const [k, x] of Object.entries(out)) if (typeof x === 'string') out[k] = x.replace(/[&<>"']/g, '');
    }
    return out;
  }
  return v;
}

function leaves(v: unknown, out: string[] = []): string[] {
  if (v !== null && typeof v === 'object') for (const x of Object.values(v)) leaves(x, out);
  else out.push(JSON.stringify(v));
  return out;
}

/** First path where a and b differ, or undefined when equal. */
export function firstDiff(a: unknown, b: unknown, path = ''): string | undefined {
  if (a === b) return undefined;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') {
    return `${path || '/'}: ours ${JSON.stringify(a)?.slice(0, 200)} vs reference ${JSON.stringify(b)?.slice(0, 200)}`;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return `${path}: array vs object`;
  const ka = Object.keys(a as object),
    kb = Object.keys(b as object);
  if (!Array.isArray(b) && kb.some((k) => k === '' || /^_\d+$/.test(k))) {
    // the reference lost element names here: compare the values only
    const va = leaves(a).sort();
    const vb = leaves(b).sort();
    return JSON.stringify(va) === JSON.stringify(vb)
      ? undefined
      : `${path}: values ${JSON.stringify(va).slice(0, 200)} vs reference ${JSON.stringify(vb).slice(0, 200)}`;
  }
  for (const k of new Set([...ka, ...kb])) {
    const d = firstDiff((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}/${k}`);
    if (d) return d;
  }
  return undefined;
}

export interface FileComparison {
  file: string;
  ours: number;
  /** records found after damage in their chunk, left out of `ours` */
  recovered: number;
  reference: number;
  /** reference records without a usable EventRecordID (absent, null or 0: read from garbage) */
  referenceInvalid: number;
  /** reference records (with a valid id) that ours has but renders differently */
  mismatched: number;
  /** valid EventRecordIDs of reference records that ours does not have at all */
  missing: number[];
  firstMismatch?: string;
  stats: EvtxStats;
  issues: Issue[];
}

function recordIdOf(j: unknown): number | undefined {
  const sys = (j as { Event?: { System?: { EventRecordID?: unknown } } })?.Event?.System;
  const id = sys?.EventRecordID;
  const n = typeof id === 'number' ? id : typeof id === 'string' && /^\d+$/.test(id) ? Number(id) : undefined;
  return n !== undefined && n > 0 ? n : undefined;
}

/** Compares one file; reference records are matched to ours by EventRecordID. */
export function compareFile(evtxPath: string, oraclePath: string): FileComparison {
  const issues: Issue[] = [];
  const stats = newStats();
  const byId = new Map<number, unknown[]>();
  let ours = 0;
  let recovered = 0;
  for (const rec of readEvtx(evtxPath, issues, stats)) {
    if (rec.recovered) {
      recovered++;
      continue;
    }
    ours++;
    const o = normalize(emulate081(JSON.parse(JSON.stringify(recordToJson(rec.root)))));
    const id = recordIdOf(o);
    if (id === undefined) continue;
    const list = byId.get(id) ?? [];
    list.push(o);
    byId.set(id, list);
  }
  const refLines = existsSync(oraclePath)
    ? readFileSync(oraclePath, 'utf8')
        .split('\n')
        .filter((l) => l.trim())
    : [];
  let mismatched = 0;
  let referenceInvalid = 0;
  const missing: number[] = [];
  let firstMismatch: string | undefined;
  for (const line of refLines) {
    const r = normalize(JSON.parse(line));
    const id = recordIdOf(r);
    if (id === undefined) {
      referenceInvalid++;
      continue;
    }
    const candidates = byId.get(id);
    if (!candidates) {
      missing.push(id);
      continue;
    }
    let best: string | undefined;
    for (const c of candidates) {
      best = firstDiff(c, r);
      if (!best) break;
    }
    if (best) {
      mismatched++;
      firstMismatch ??= `record ${id}: ${best}`;
    }
  }
  return {
    file: evtxPath,
    ours,
    recovered,
    reference: refLines.length,
    referenceInvalid,
    mismatched,
    missing,
    firstMismatch,
    stats,
    issues,
  };
}
