/**
 * Indicator loading for `--ioc FILE` (repeatable): plain lists, STIX 2.x JSON, MISP JSON and MISP CSV,
 * told apart by content. Problems are issues (file, line, what); nothing here throws for bad input.
 */
import { readFileSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { issue, type Issue } from '../core/issue.ts';
import { loadMispCsv, loadMispJson, looksLikeMisp, looksLikeMispCsv } from './misp.ts';
import { loadPlain } from './plain.ts';
import { IocSet } from './set.ts';
import { loadStix, looksLikeStix } from './stix.ts';
import type { IocFormat } from './types.ts';
import './messages.ts';

export { IocSet } from './set.ts';
export type { Indicator, IocFormat, IocStats, IocType } from './types.ts';
export { classify, refang } from './values.ts';

const MAX_BYTES = 512 * 1024 * 1024;

function readText(path: string): string {
  const size = statSync(path).size;
  if (size > MAX_BYTES) throw new Error(`larger than ${MAX_BYTES / 1024 / 1024} MiB`);
  let buf = readFileSync(path);
  if (buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) buf = gunzipSync(buf, { maxOutputLength: MAX_BYTES });
  return buf.toString('utf8').replace(/^\uFEFF/, '');
}

/** Load one file's indicators into `set`; returns the format it was read as (undefined when unreadable). */
export function loadIocFile(path: string, set: IocSet, issues: Issue[]): IocFormat | undefined {
  let text: string;
  try {
    text = readText(path);
  } catch (e) {
    issues.push(issue('ioc.read_failed', { file: path }, { reason: (e as Error).message }, 'error'));
    return undefined;
  }
  set.stats.files++;
  const start = text.trimStart();
  if (start.startsWith('{') || start.startsWith('[')) {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      issues.push(issue('ioc.bad_json', { file: path }, { reason: (e as Error).message.slice(0, 160) }, 'error'));
      return undefined;
    }
    if (looksLikeStix(doc)) {
      loadStix(doc, path, set, issues);
      return 'stix';
    }
    if (looksLikeMisp(doc)) {
      loadMispJson(doc, path, set, issues);
      return 'misp-json';
    }
    issues.push(issue('ioc.unknown_json', { file: path }, {}, 'error'));
    return undefined;
  }
  const firstLine = start.slice(0, Math.max(0, start.indexOf('\n')) || start.length);
  if (looksLikeMispCsv(firstLine)) {
    loadMispCsv(start, path, set, issues);
    return 'misp-csv';
  }
  loadPlain(text, path, set, issues);
  return 'plain';
}

/** All indicators of the given files in one set (the first file naming a value wins). */
export function loadIocs(paths: string[], issues: Issue[]): IocSet {
  const set = new IocSet();
  for (const p of paths) loadIocFile(p, set, issues);
  return set;
}
