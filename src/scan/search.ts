/**
 * `konseki search` matching: keywords (any, or all with --and), a regex, and field filters
 * `Field=value` (`*` wildcards, case-insensitive unless --case-sensitive) over all of an event's fields.
 */
import type { Event, FieldValue } from '../core/event.ts';
import { KonsekiError } from '../core/issue.ts';
import { compileSigmaRegex, type SafeRegex } from '../sigma/regex.ts';
import { isSystemFieldName } from '../sources/evtx/fields.ts';
import './messages.ts';

export interface SearchSpec {
  keywords: string[];
  and: boolean;
  regex?: string;
  ignoreCase: boolean;
  fields: string[];
}

/** Cap on text fed to a user regex per event (hostile content can be huge). */
const MAX_TEXT = 64 * 1024;

function valueText(v: FieldValue): string {
  if (v === null) return '';
  if (Array.isArray(v)) return v.join(' ');
  return String(v);
}

function wildcardRegex(pattern: string, ignoreCase: boolean): RegExp {
  const body = pattern
    .split('*')
    .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`, ignoreCase ? 'is' : 's');
}

/**
 * The user's regex under the Sigma rules' policy (sigma/regex.ts): linear-time engines for risky
 * patterns, look-around and back-references refused. Log content is attacker-controlled either way.
 */
export function searchRegex(source: string, ignoreCase: boolean): SafeRegex {
  const r = compileSigmaRegex(source, ignoreCase ? 'i' : '');
  if ('error' in r)
    throw new KonsekiError('search.bad_regex', { regex: source, code: r.error.code, ...r.error.params });
  return r.re;
}

/** `Field=value` → the field's name and its value pattern; a KonsekiError for anything else. */
export function parseFieldFilter(f: string): { name: string; value: string } {
  const i = f.indexOf('=');
  if (i <= 0) throw new KonsekiError('search.bad_field', { value: f });
  return { name: f.slice(0, i), value: f.slice(i + 1) };
}

export function compileSearch(spec: SearchSpec): (e: Event) => boolean {
  const kws = spec.keywords.map((k) => (spec.ignoreCase ? k.toLowerCase() : k));
  const re = spec.regex ? searchRegex(spec.regex, spec.ignoreCase) : undefined;
  const filters = spec.fields.map((f) => {
    const { name, value } = parseFieldFilter(f);
    return { name: name.toLowerCase(), re: wildcardRegex(value, spec.ignoreCase) };
  });
  return (e) => {
    if (filters.length) {
      for (const flt of filters) {
        let hit = false;
        for (const [k, v] of Object.entries(e.fields)) {
          if (k.toLowerCase() !== flt.name) continue;
          const vals = Array.isArray(v) ? v.map(String) : [valueText(v)];
          if (vals.some((x) => flt.re.test(x))) hit = true;
        }
        if (!hit) return false;
      }
    }
    if (!kws.length && !re) return true;
    let text = Object.values(e.fields).map(valueText).join(' ');
    if (text.length > MAX_TEXT) text = text.slice(0, MAX_TEXT);
    if (re && !re.test(text)) return false;
    if (kws.length) {
      const hay = spec.ignoreCase ? text.toLowerCase() : text;
      return spec.and ? kws.every((k) => hay.includes(k)) : kws.some((k) => hay.includes(k));
    }
    return true;
  };
}

/** Hayabusa's AllFieldInfo: `name: value ¦ name: value` (event data, not the System header). */
export function allFieldInfo(e: Event): string {
  const parts: string[] = [];
  const windows = e.logsource.product === 'windows';
  for (const [k, v] of Object.entries(e.fields)) {
    if (windows && isSystemFieldName(k)) continue; // they have their own columns, as in Hayabusa
    const s = valueText(v);
    if (s !== '') parts.push(`${k}: ${s}`);
  }
  return parts.join(' ¦ ');
}
