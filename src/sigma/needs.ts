/**
 * Necessary literals: for a rule's "provably true" predicate, a set of atoms (field, shape, lower-case
 * literal) at least one of which must hold whenever the rule matches. `all` means no such set is known
 * (the rule is always evaluated), `never` that the predicate is constant false. An AND needs any one of
 * its children's sets (the most selective is kept), an OR needs the union of all of them.
 */
import type { ValueSpec, TypedValue } from './modifiers.ts';
import { ANY } from './pattern.ts';
import { requiredLiteral } from './regex.ts';
import type { Accessor } from './view.ts';

export type Shape = 'eq' | 'sw' | 'ew' | 'ct';
export interface Atom {
  acc: Accessor;
  shape: Shape;
  lit: string;
}
export type Need = Atom[] | 'all' | 'never';

/** Fields the index already pins (their items are true for every candidate): useless as atoms. */
const PINNED = new Set(['EventID', 'Channel']);

/** The pseudo field of keyword atoms: the prefilter scans every field's value for them. */
export const ANY_FIELD_KEY = '\u0000any-field';
const anyField: Accessor = Object.assign(() => undefined, { key: ANY_FIELD_KEY });

export function itemNeed(field: string, acc0: Accessor, spec: ValueSpec, keyword: boolean): Need {
  if (spec.negate || PINNED.has(field)) return 'all';
  const acc = keyword ? anyField : acc0;
  const groupNeed = (g: TypedValue[]): Need => {
    const atoms: Atom[] = [];
    for (const v of g) {
      const a = valueAtom(acc, v);
      if (!a) return 'all';
      atoms.push(a);
    }
    return atoms;
  };
  if (spec.all) return best(spec.groups.map(groupNeed));
  return groupNeed(spec.groups.flat());
}

/** Longer literals are cut to this many characters (a part of a necessary literal is necessary too). */
const MAX_ATOM = 16;

function clip(a: Atom): Atom {
  if (a.lit.length <= MAX_ATOM) return a;
  if (a.shape === 'eq' || a.shape === 'sw') return { ...a, shape: 'sw', lit: a.lit.slice(0, MAX_ATOM) };
  return { ...a, lit: a.lit.slice(-MAX_ATOM) };
}

function valueAtom(acc: Accessor, v: TypedValue): Atom | undefined {
  const a = rawAtom(acc, v);
  return a && clip(a);
}

function rawAtom(acc: Accessor, v: TypedValue): Atom | undefined {
  if (v.t === 're') {
    const lit = requiredLiteral(v.src);
    return lit ? { acc, shape: 'ct', lit: lit.toLowerCase() } : undefined;
  }
  if (v.t !== 'str') return undefined;
  const p = v.s.parts;
  const lit = (x: unknown): x is string => typeof x === 'string';
  if (p.length === 0) return { acc, shape: 'eq', lit: '' };
  if (p.length === 1 && lit(p[0])) return { acc, shape: 'eq', lit: p[0].toLowerCase() };
  if (p.length === 2 && p[0] === ANY && lit(p[1])) return { acc, shape: 'ew', lit: p[1].toLowerCase() };
  if (p.length === 2 && lit(p[0]) && p[1] === ANY) return { acc, shape: 'sw', lit: p[0].toLowerCase() };
  let longest = '';
  for (const x of p) if (lit(x) && x.length > longest.length) longest = x;
  return longest ? { acc, shape: 'ct', lit: longest.toLowerCase() } : undefined;
}

function score(n: Need): number {
  if (n === 'never') return Infinity;
  if (n === 'all') return -1;
  let min = Infinity;
  for (const a of n) min = Math.min(min, a.lit.length + (a.shape === 'eq' ? 4 : a.shape === 'ct' ? 0 : 1));
  return min - n.length / 1000;
}

/** AND: any child's set is necessary; keep the most selective. */
export function best(needs: Need[]): Need {
  let pick: Need = 'all';
  for (const n of needs) {
    if (n === 'never') return 'never';
    if (score(n) > score(pick)) pick = n;
  }
  return pick;
}

/** OR: the union (all when any child is unconstrained). */
export function union(needs: Need[]): Need {
  const out: Atom[] = [];
  for (const n of needs) {
    if (n === 'never') continue;
    if (n === 'all') return 'all';
    out.push(...n);
  }
  return needs.every((n) => n === 'never') ? 'never' : out;
}
