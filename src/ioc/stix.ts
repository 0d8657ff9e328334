/**
 * STIX 2.1 (and 2.0) JSON: a bundle, a bare array of objects, or one object. Indicators with
 * pattern_type "stix" (or none, as in 2.0) are parsed; other pattern languages (snort, yara, sigma, …)
 * and comparisons konseki cannot match are reported as unsupported, with the pattern.
 */
import type { MessageKey } from '../i18n/index.ts';
import { issue, type Issue } from '../core/issue.ts';
import type { IocSet } from './set.ts';
import { indicatorsOf, parsePattern } from './stix-pattern.ts';

type Obj = Record<string, unknown>;
const MAX_REPORTS = 50;

export function looksLikeStix(doc: unknown): boolean {
  const o = doc as Obj | undefined;
  if (Array.isArray(doc))
    return doc.some((x) => typeof (x as Obj)?.type === 'string' && typeof (x as Obj)?.pattern === 'string');
  if (!o || typeof o !== 'object') return false;
  return o.type === 'bundle' || (o.type === 'indicator' && typeof o.pattern === 'string');
}

function objectsOf(doc: unknown): unknown[] {
  if (Array.isArray(doc)) return doc;
  const o = doc as Obj;
  if (o.type === 'bundle') return Array.isArray(o.objects) ? o.objects : [];
  return [doc];
}

function labelOf(o: Obj): string | undefined {
  const parts: string[] = [];
  if (typeof o.name === 'string' && o.name) parts.push(o.name);
  else if (typeof o.description === 'string' && o.description) parts.push(o.description.slice(0, 200));
  const types = Array.isArray(o.indicator_types) ? o.indicator_types : Array.isArray(o.labels) ? o.labels : [];
  const t = types.filter((x): x is string => typeof x === 'string');
  if (t.length) parts.push(`(${t.join(', ')})`);
  return parts.length ? parts.join(' ') : undefined;
}

export function loadStix(doc: unknown, file: string, set: IocSet, issues: Issue[]): void {
  let reported = 0;
  const report = (code: MessageKey, params: Record<string, string | number>): void => {
    set.stats.rejected++;
    if (reported++ < MAX_REPORTS) issues.push(issue(code, { file }, params));
  };
  const objects = objectsOf(doc);
  for (let n = 0; n < objects.length; n++) {
    const o = objects[n] as Obj;
    if (!o || typeof o !== 'object' || o.type !== 'indicator') continue;
    const id = typeof o.id === 'string' ? o.id : `#${n}`;
    const pattern = typeof o.pattern === 'string' ? o.pattern : undefined;
    const ptype = typeof o.pattern_type === 'string' ? o.pattern_type : 'stix';
    if (!pattern) {
      report('ioc.stix_no_pattern', { id });
      continue;
    }
    if (ptype !== 'stix') {
      report('ioc.stix_pattern_type', { id, type: ptype.slice(0, 40) });
      continue;
    }
    const parsed = parsePattern(pattern);
    if (parsed.error) {
      report('ioc.stix_bad_pattern', { id, reason: parsed.error.slice(0, 120), pattern: pattern.slice(0, 200) });
      continue;
    }
    const label = labelOf(o);
    const skipped: string[] = [];
    let found = 0;
    for (const c of parsed.comparisons) {
      const r = indicatorsOf(c);
      for (const cl of r.found) {
        found++;
        set.add({
          value: cl.value,
          type: cl.type,
          source: file,
          id,
          label,
          raw: c.values.length === 1 ? c.values[0] : undefined,
        });
      }
      if (r.skipped) skipped.push(r.skipped);
    }
    if (!found)
      report('ioc.stix_unsupported', { id, pattern: pattern.slice(0, 200), what: skipped.join('; ').slice(0, 200) });
  }
  if (reported > MAX_REPORTS) issues.push(issue('ioc.more_unsupported', { file }, { count: reported - MAX_REPORTS }));
}
