/**
 * Leaf predicates: one detection item on one source. Strings compare case-insensitively unless `cased`;
 * numbers and booleans in events compare as their text; an array field matches when any element does.
 * Plain values become a Set lookup, `*x`/`x*`/`*x*` become string tests, other wildcards a regex.
 */
import type { FieldValue } from '../core/event.ts';
import { AhoCorasick } from './aho.ts';
import { addressBytes, inNetwork, parseCidr, type Network } from './cidr.ts';
import type { TypedValue, ValueSpec } from './modifiers.ts';
import { ANY, ONE, type Part } from './pattern.ts';
import { compileSigmaRegex } from './regex.ts';
import type { Accessor, EventView } from './view.ts';

export type Pred = (v: EventView) => boolean;
type Scalar = string | number;
/** A test on one scalar value: its text, and the view and cache key to get its lower-case text. */
type ValueTest = (text: string, key: string, v: EventView) => boolean;

/** Builds the predicate of one item; `ref` reads another field (for fieldref) on the same source. */
export function itemPredicate(
  acc: Accessor,
  spec: ValueSpec,
  ref: (field: string) => Accessor,
  keyword: boolean,
): Pred {
  const groups = spec.groups;
  if (groups.length === 1 && groups[0]!.length === 1) {
    const only = groups[0]![0]!;
    if (only.t === 'exists') return only.b ? (v) => acc(v) !== undefined : (v) => acc(v) === undefined;
    if (only.t === 'null')
      return (v) => {
        const x = acc(v);
        return x === undefined || x === null;
      };
  }
  const tests = spec.all ? groups.map((g) => groupTest(g, ref)) : [groupTest(groups.flat(), ref)];
  const positive: Pred = keyword ? keywordPred(tests) : fieldPred(acc, tests);
  if (!spec.negate) return positive;
  return (v) => {
    const x = acc(v);
    return x !== undefined && x !== null && !positive(v);
  };
}

interface GroupTest {
  test: (x: Scalar, key: string, v: EventView) => boolean;
  nullOk: boolean;
}

function fieldPred(acc: Accessor, tests: GroupTest[]): Pred {
  return (v) => {
    const x = acc(v);
    if (x === undefined) return false;
    for (const t of tests) if (!valueMatches(x, acc.key, t, v)) return false;
    return true;
  };
}

function valueMatches(x: FieldValue, key: string, t: GroupTest, v: EventView): boolean {
  if (x === null) return t.nullOk;
  if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) if (t.test(x[i]!, `${key}\u0000${i}`, v)) return true;
    return false;
  }
  return t.test(typeof x === 'boolean' ? String(x) : x, key, v);
}

/** Keywords: each test must hold for some value of some field. */
function keywordPred(tests: GroupTest[]): Pred {
  return (v) => {
    for (const t of tests) {
      let hit = false;
      for (const k in v.fields) {
        const x = v.fields[k]!;
        if (x !== null && valueMatches(x, k, t, v)) {
          hit = true;
          break;
        }
      }
      if (!hit) return false;
    }
    return true;
  };
}

function groupTest(values: TypedValue[], ref: (field: string) => Accessor): GroupTest {
  const strs = values.filter((x): x is Extract<TypedValue, { t: 'str' }> => x.t === 'str');
  const others = values.filter((x) => x.t !== 'str');
  const tests: Array<(x: Scalar, key: string, v: EventView) => boolean> = [];
  if (strs.length) {
    const st = stringTest(strs);
    tests.push((x, key, v) => st(typeof x === 'string' ? x : String(x), key, v));
  }
  let nullOk = false;
  for (const o of others) {
    if (o.t === 'null') nullOk = true;
    else tests.push(otherTest(o, ref));
  }
  return {
    nullOk,
    test:
      tests.length === 1
        ? tests[0]!
        : (x, key, v) => {
            for (const t of tests) if (t(x, key, v)) return true;
            return false;
          },
  };
}

/** One test for all the string values of a group (ORed); built on first use (most never run). */
export function stringTest(values: Array<{ s: { parts: Part[] }; cased: boolean }>): ValueTest {
  let test: ValueTest | undefined;
  return (text, key, v) => (test ??= buildStringTest(values))(text, key, v);
}

function buildStringTest(values: Array<{ s: { parts: Part[] }; cased: boolean }>): ValueTest {
  const eq = new Set<string>();
  const eqCased = new Set<string>();
  const starts: string[] = [];
  const ends: string[] = [];
  const contains: string[] = [];
  const cased: Array<(text: string) => boolean> = [];
  const globs: Array<(text: string, lower: () => string) => boolean> = [];
  let anyValue = false;
  for (const { s, cased: isCased } of values) {
    const p = s.parts;
    const lit = (x: Part | undefined): x is string => typeof x === 'string';
    if (p.length === 0) (isCased ? eqCased : eq).add('');
    else if (p.length === 1 && p[0] === ANY) anyValue = true;
    else if (p.length === 1 && lit(p[0])) (isCased ? eqCased : eq).add(isCased ? p[0] : p[0].toLowerCase());
    else if (p.length === 2 && p[0] === ANY && lit(p[1])) addShape(isCased, ends, cased, p[1], (t, l) => t.endsWith(l));
    else if (p.length === 2 && lit(p[0]) && p[1] === ANY)
      addShape(isCased, starts, cased, p[0], (t, l) => t.startsWith(l));
    else if (p.length === 3 && p[0] === ANY && lit(p[1]) && p[2] === ANY)
      addShape(isCased, contains, cased, p[1], (t, l) => t.includes(l));
    else globs.push(globMatcher(p, isCased));
  }
  const needLower = eq.size > 0 || starts.length > 0 || ends.length > 0 || contains.length > 0;
  if (starts.length + ends.length + contains.length > AC_MIN) {
    const shapes = [...starts.map(() => 1), ...ends.map(() => 2), ...contains.map(() => 3)];
    const ac = new AhoCorasick([...starts, ...ends, ...contains]);
    let len = 0;
    const accept = (pid: number, end: number): boolean => {
      const sh = shapes[pid]!;
      return sh === 3 || (sh === 1 ? end === ac.lengths[pid] : end === len);
    };
    return (text, key, v) => {
      if (anyValue) return true;
      if (eqCased.size && eqCased.has(text)) return true;
      for (const c of cased) if (c(text)) return true;
      const l = v.lower(key, text);
      if (eq.has(l)) return true;
      len = l.length;
      if (ac.some(l, accept)) return true;
      for (const g of globs) if (g(text, () => v.lower(key, text))) return true;
      return false;
    };
  }
  return (text, key, v) => {
    if (anyValue) return true;
    if (eqCased.size && eqCased.has(text)) return true;
    for (const c of cased) if (c(text)) return true;
    if (needLower) {
      const l = v.lower(key, text);
      if (eq.has(l)) return true;
      for (const e of ends) if (l.endsWith(e)) return true;
      for (const s of starts) if (l.startsWith(s)) return true;
      for (const c of contains) if (l.includes(c)) return true;
    }
    for (const g of globs) if (g(text, () => v.lower(key, text))) return true;
    return false;
  };
}

/**
 * Wildcards in the middle of a value: the greedy matcher that backtracks only to the last `*`, so at
 * most O(text × pattern) steps on any input (a regex with the `i` flag would have no linear fallback).
 */
export function globMatcher(parts: Part[], cased: boolean): (text: string, lower: () => string) => boolean {
  const ANYTOK = -2;
  const ONETOK = -1;
  const toks: Array<number | Set<number>> = [];
  for (const p of parts) {
    if (typeof p === 'string')
      for (const ch of cased ? p : p.toLowerCase()) for (let k = 0; k < ch.length; k++) toks.push(ch.charCodeAt(k));
    else if (p === ANY) {
      if (toks[toks.length - 1] !== ANYTOK) toks.push(ANYTOK);
    } else if (p === ONE) toks.push(ONETOK);
    else if ('cls' in p) toks.push(new Set(p.cls.map((c) => (cased ? c : c.toLowerCase()).charCodeAt(0))));
  }
  return (text, lower) => {
    const s = cased ? text : lower();
    let i = 0;
    let j = 0;
    let starJ = -1;
    let starI = 0;
    while (i < s.length) {
      const t = toks[j];
      const c = s.charCodeAt(i);
      if (t !== undefined && t !== ANYTOK && (t === ONETOK || (typeof t === 'number' ? t === c : t.has(c)))) {
        i++;
        j++;
      } else if (t === ANYTOK) {
        starJ = j++;
        starI = i;
      } else if (starJ >= 0) {
        j = starJ + 1;
        i = ++starI;
      } else return false;
    }
    while (toks[j] === ANYTOK) j++;
    return j === toks.length;
  };
}

/** Above this many literals, one Aho-Corasick scan replaces the loops of string tests. */
const AC_MIN = 12;

function addShape(
  isCased: boolean,
  list: string[],
  cased: Array<(t: string) => boolean>,
  lit: string,
  f: (t: string, l: string) => boolean,
): void {
  if (isCased) cased.push((t) => f(t, lit));
  else list.push(lit.toLowerCase());
}

function otherTest(
  o: Exclude<TypedValue, { t: 'str' } | { t: 'null' }>,
  ref: (field: string) => Accessor,
): (x: Scalar, key: string, v: EventView) => boolean {
  switch (o.t) {
    case 're': {
      const r = compileSigmaRegex(o.src, o.flags);
      if ('error' in r) return () => false;
      const re = r.re;
      return (x) => re.test(typeof x === 'string' ? x : String(x));
    }
    case 'cidr': {
      const net = parseCidr(o.cidr) as Network;
      return (x) => {
        const a = typeof x === 'string' ? addressBytes(x) : undefined;
        return a !== undefined && inNetwork(a, net);
      };
    }
    case 'cmp': {
      const n = o.n;
      const op = o.op;
      return (x) => {
        const num = toNumber(x);
        if (num === undefined) return false;
        switch (op) {
          case 'lt':
            return num < n;
          case 'lte':
            return num <= n;
          case 'gt':
            return num > n;
          case 'gte':
            return num >= n;
          case 'eq':
            return num === n;
          default:
            return num !== n;
        }
      };
    }
    case 'ref': {
      const other = ref(o.field);
      return (x, _key, v) => {
        const y = other(v);
        if (y === undefined || y === null) return false;
        const ys = Array.isArray(y) ? y.map(String) : [String(y)];
        const a = o.cased ? String(x) : String(x).toLowerCase();
        return ys.some((s) => {
          const b = o.cased ? s : s.toLowerCase();
          if (o.sw && o.ew) return a.includes(b);
          if (o.sw) return a.startsWith(b);
          if (o.ew) return a.endsWith(b);
          return a === b;
        });
      };
    }
    case 'time':
      return (x) => timePart(x, o.part) === o.n;
    case 'exists':
      return () => o.b;
  }
}

export function toNumber(x: Scalar): number | undefined {
  if (typeof x === 'number') return x;
  const t = x.trim();
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  if (/^0x[0-9a-f]+$/i.test(t)) return parseInt(t, 16);
  return undefined;
}

/** A part of a date-time as written (no time-zone conversion, as the specification warns). */
export function timePart(x: Scalar, part: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/.exec(String(x).trim());
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  switch (part) {
    case 'year':
      return y;
    case 'month':
      return mo;
    case 'day':
      return d;
    case 'hour':
      return m[4] === undefined ? undefined : Number(m[4]);
    case 'minute':
      return m[5] === undefined ? undefined : Number(m[5]);
    case 'week':
      return isoWeek(y, mo, d);
  }
  return undefined;
}

function isoWeek(y: number, m: number, d: number): number {
  const date = new Date(Date.UTC(y, m - 1, d));
  const day = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
  return Math.ceil(((date.getTime() - yearStart) / 86400000 + 1) / 7);
}
