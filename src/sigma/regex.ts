/**
 * The `re` modifier, made safe. Sigma's flavour is a PCRE subset; log content is attacker-controlled.
 * - A leading `(?i)`/`(?s)`/`(?m)` becomes a JS flag; flags anywhere else (or `(?i:…)`) need re2js.
 * - Patterns with nested quantifiers (`(a+)+`) or quantified alternations (`(a|ab)*`), and case-insensitive
 *   ones (V8's linear engine does not take the `i` flag), are run by re2js (linear time); everything else by
 *   V8, whose backtracking falls back to its linear engine after 50 000 backtracks (core/regex-safety.ts).
 * - PCRE escapes JS would silently read as letters (`\A`, `\z`, `\Q…\E`, `\p{…}`) go to re2js too.
 * - Look-around, back-references, atomic groups and possessive quantifiers are outside Sigma's flavour
 *   and cannot run in linear time: such rules are rejected.
 */
import type { MessageKey } from '../i18n/index.ts';
import '../core/regex-safety.ts';
import { RE2JS } from 're2js';

export interface SafeRegex {
  test(s: string): boolean;
  engine: 'native' | 're2js';
  /** why re2js was chosen */
  reason?: string;
}

export type RegexResult = { re: SafeRegex } | { error: { code: MessageKey; params: Record<string, string | number> } };

interface Scan {
  inlineFlags: boolean;
  pcreEscape: boolean;
  unsupported?: string;
  risky?: string;
}

const cache = new Map<string, RegexResult>();

export function compileSigmaRegex(source: string, flags: string): RegexResult {
  const key = `${flags}\u0000${source}`;
  let r = cache.get(key);
  if (!r) {
    r = build(source, flags);
    cache.set(key, r);
  }
  return r;
}

function build(source: string, flagsIn: string): RegexResult {
  let src = source;
  let flags = flagsIn;
  for (let m = /^\(\?([imsx]+)\)/.exec(src); m; m = /^\(\?([imsx]+)\)/.exec(src)) {
    if (m[1]!.includes('x')) break;
    for (const f of m[1]!) if (!flags.includes(f)) flags += f;
    src = src.slice(m[0].length);
  }
  const scan = scanPattern(src);
  if (scan.unsupported)
    return { error: { code: 'sigma.regex_unsupported', params: { construct: scan.unsupported, regex: source } } };
  // V8's linear-time fallback does not take case-insensitive patterns, so those run on re2js too
  const needRe2 = scan.inlineFlags
    ? 'inline flags'
    : scan.pcreEscape
      ? 'PCRE escape'
      : (scan.risky ?? (flags.includes('i') ? 'case-insensitive' : undefined));
  if (needRe2) {
    const re2 = tryRe2(src, flags, needRe2);
    if (re2) return { re: re2 };
    if (scan.inlineFlags || scan.pcreEscape)
      return { error: { code: 'sigma.regex_invalid', params: { regex: source, reason: 're2js cannot compile it' } } };
  }
  try {
    const re = new RegExp(src, flags);
    return { re: { test: (s) => re.test(s), engine: 'native' } };
  } catch (e) {
    const re2 = tryRe2(src, flags, 'not a JavaScript regex');
    if (re2) return { re: re2 };
    return { error: { code: 'sigma.regex_invalid', params: { regex: source, reason: (e as Error).message } } };
  }
}

function tryRe2(src: string, flags: string, reason: string): SafeRegex | undefined {
  let f = 0;
  if (flags.includes('i')) f |= RE2JS.CASE_INSENSITIVE;
  if (flags.includes('s')) f |= RE2JS.DOTALL;
  if (flags.includes('m')) f |= RE2JS.MULTILINE;
  try {
    const re = RE2JS.compile(src, f);
    return { test: (s) => re.test(s), engine: 're2js', reason };
  } catch {
    return undefined;
  }
}

interface Group {
  hasQuant: boolean;
  hasAlt: boolean;
}

/** One pass over the pattern: constructs we must route or refuse, and the nested-quantifier check. */
export function scanPattern(src: string): Scan {
  const out: Scan = { inlineFlags: false, pcreEscape: false };
  const stack: Group[] = [{ hasQuant: false, hasAlt: false }];
  let lastGroup: Group | undefined;
  let i = 0;
  const quantAt = (j: number): number => {
    const c = src[j];
    if (c === '*' || c === '+') return 1;
    if (c === '?') return 0;
    if (c === '{') {
      const m = /^\{(\d*)(,?)(\d*)\}/.exec(src.slice(j));
      if (m && (m[1] || m[3])) return m[2] && m[3] !== '1' && m[3] !== '0' ? 1 : Number(m[1] || 0) > 1 ? 1 : 0;
    }
    return -1;
  };
  const afterAtom = (j: number, group?: Group): number => {
    const q = quantAt(j);
    if (q < 0) return j;
    let k = j + (src[j] === '{' ? src.slice(j).indexOf('}') + 1 : 1);
    if (src[k] === '+') out.unsupported ??= 'possessive quantifier';
    if (src[k] === '?' || src[k] === '+') k++;
    if (q === 1) {
      if (group && (group.hasQuant || group.hasAlt))
        out.risky ??= group.hasQuant ? 'nested quantifier' : 'quantified alternation';
      stack[stack.length - 1]!.hasQuant = true;
    }
    return k;
  };
  while (i < src.length) {
    const c = src[i]!;
    if (c === '\\') {
      const n = src[i + 1] ?? '';
      if (/[1-9]/.test(n)) out.unsupported ??= 'back-reference';
      else if (n === 'k') out.unsupported ??= 'back-reference';
      else if ('AZzGQEhHRKXpPN'.includes(n)) out.pcreEscape = true;
      i = afterAtom(i + 2);
      continue;
    }
    if (c === '[') {
      let j = i + 1;
      if (src[j] === '^') j++;
      if (src[j] === ']') j++;
      for (; j < src.length && src[j] !== ']'; j++) {
        if (src[j] === '\\') {
          if ('pPhH'.includes(src[j + 1] ?? '')) out.pcreEscape = true;
          j++;
        } else if (src[j] === '[' && src[j + 1] === ':') out.pcreEscape = true;
      }
      i = afterAtom(j + 1);
      continue;
    }
    if (c === '(') {
      if (src[i + 1] === '?') {
        const rest = src.slice(i + 2);
        if (/^(=|!|<=|<!)/.test(rest)) out.unsupported ??= 'look-around';
        else if (rest.startsWith('>')) out.unsupported ??= 'atomic group';
        else if (/^P?<[A-Za-z]/.test(rest)) {
          if (rest.startsWith('P')) out.pcreEscape = true;
        } else if (/^[imsx-]+[):]/.test(rest)) out.inlineFlags = true;
      }
      stack.push({ hasQuant: false, hasAlt: false });
      i++;
      continue;
    }
    if (c === ')') {
      lastGroup = stack.length > 1 ? stack.pop()! : undefined;
      const parent = stack[stack.length - 1]!;
      if (lastGroup?.hasQuant) parent.hasQuant = true;
      i = afterAtom(i + 1, lastGroup);
      continue;
    }
    if (c === '|') {
      stack[stack.length - 1]!.hasAlt = true;
      i++;
      continue;
    }
    i = afterAtom(i + 1);
  }
  return out;
}

/**
 * The longest literal run every match of the pattern must contain (top level only: a top-level `|`, or
 * anything inside groups, classes or optional repeats, breaks runs). Used as a prefilter atom; undefined
 * when there is none of at least `min` characters.
 */
export function requiredLiteral(source: string, min = 3): string | undefined {
  const src = source.replace(/^\(\?[imsx]+\)/, '');
  let depth = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') i++;
    else if (c === '[') {
      for (i++; i < src.length && src[i] !== ']'; i++) if (src[i] === '\\') i++;
    } else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return undefined;
  }
  const runs: string[] = [];
  let run = '';
  const end = (): void => {
    if (run) runs.push(run);
    run = '';
  };
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    let lit: string | undefined;
    let next = i + 1;
    if (c === '\\') {
      const n = src[i + 1] ?? '';
      if (/[^A-Za-z0-9]/.test(n) && n !== '') lit = n;
      next = i + 2;
    } else if (c === '[') {
      let j = i + 1;
      for (; j < src.length && src[j] !== ']'; j++) if (src[j] === '\\') j++;
      next = j + 1;
    } else if (c === '(') {
      let d = 0;
      let j = i;
      for (; j < src.length; j++) {
        if (src[j] === '\\') j++;
        else if (src[j] === '[') {
          for (j++; j < src.length && src[j] !== ']'; j++) if (src[j] === '\\') j++;
        } else if (src[j] === '(') d++;
        else if (src[j] === ')' && --d === 0) break;
      }
      next = j + 1;
    } else if (!'.^$|*+?{}'.includes(c)) lit = c;
    const q = src[next];
    const optional = q === '?' || q === '*' || (q === '{' && /^\{0[,}]/.test(src.slice(next)));
    const repeated = q === '+' || q === '{';
    if (lit !== undefined && !optional) {
      run += lit;
      if (repeated) end();
    } else end();
    if (q === '?' || q === '*' || q === '+') next++;
    else if (q === '{') {
      const close = src.indexOf('}', next);
      next = close < 0 ? next : close + 1;
      if (src[next] === '?') next++;
    }
    if (src[next] === '?' && (q === '*' || q === '+' || q === '?')) next++;
    i = next - 1;
  }
  end();
  let best = '';
  for (const r of runs) if (r.length > best.length) best = r;
  return best.length >= min ? best : undefined;
}
