/**
 * Value modifiers (Sigma 2.1 appendix), applied in the order written to each value of a detection item.
 * A value may expand into several (windash, base64offset, placeholders): an expansion is always ORed, even
 * under `all`, which links the item's original values with AND (pySigma's SigmaExpansion semantics).
 */
import type { MessageKey } from '../i18n/index.ts';
import type { CompareOp, RawValue } from './types.ts';
import {
  hasSpecial,
  parseSigmaString,
  plainText,
  withLeadingAny,
  withTrailingAny,
  type Part,
  type SigmaStr,
} from './pattern.ts';
import { parseCidr } from './cidr.ts';

export type TimePart = 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';

export type TypedValue =
  | { t: 'str'; s: SigmaStr; cased: boolean; num?: number }
  | { t: 're'; src: string; flags: string }
  | { t: 'null' }
  | { t: 'cidr'; cidr: string }
  | { t: 'cmp'; op: CompareOp; n: number }
  | { t: 'exists'; b: boolean }
  | { t: 'ref'; field: string; sw: boolean; ew: boolean; cased: boolean }
  | { t: 'time'; part: TimePart; n: number };

export interface ValueSpec {
  /** one group per original value; a group's members are ORed */
  groups: TypedValue[][];
  /** `all`: the groups are ANDed (else ORed) */
  all: boolean;
  /** `neq`: the field exists and matches none of the values */
  negate: boolean;
}

export interface ModError {
  code: MessageKey;
  params: Record<string, string | number>;
}

export const KNOWN_MODIFIERS = new Set([
  'contains',
  'startswith',
  'endswith',
  'all',
  'base64',
  'base64offset',
  'wide',
  'utf16le',
  'utf16be',
  'utf16',
  'windash',
  're',
  'i',
  'm',
  's',
  'ignorecase',
  'multiline',
  'dotall',
  'cased',
  'cidr',
  'exists',
  'lt',
  'lte',
  'gt',
  'gte',
  'neq',
  'fieldref',
  'expand',
  'minute',
  'hour',
  'day',
  'week',
  'month',
  'year',
]);

const RE_FLAG: Record<string, string> = { i: 'i', ignorecase: 'i', m: 'm', multiline: 'm', s: 's', dotall: 's' };
const TIME_PARTS = new Set<string>(['minute', 'hour', 'day', 'week', 'month', 'year']);
const WINDASH_CHARS = ['-', '/', '\u2013', '\u2014', '\u2015'];
/** Above this many windash variants per value, dash positions become character classes instead. */
const WINDASH_EXPAND_MAX = 125;

type Work = TypedValue | { t: 'raw'; v: RawValue };

class Fail extends Error {
  constructor(
    readonly code: MessageKey,
    readonly params: Record<string, string | number> = {},
  ) {
    super(code);
  }
}

/** Applies the modifiers of one item to its values; an error rejects the rule. */
export function applyModifiers(
  field: string,
  mods: string[],
  values: RawValue[],
  list: boolean,
): { spec: ValueSpec; warnings: ModError[] } | { error: ModError } {
  const warnings: ModError[] = [];
  try {
    for (const m of mods) if (!KNOWN_MODIFIERS.has(m)) throw new Fail('sigma.unknown_modifier', { modifier: m });
    const expand = mods.includes('expand');
    let all = false;
    let negate = false;
    if (!values.length) throw new Fail('sigma.empty_values', { field });
    if (values.length > 1 && values.includes(null)) throw new Fail('sigma.null_in_list', { field });
    const groups: TypedValue[][] = values.map((raw) => {
      let cur: Work[] = [{ t: 'raw', v: raw }];
      mods.forEach((m, i) => {
        if (m === 'all') {
          all = true;
          return;
        }
        if (m === 'neq') {
          negate = true;
          return;
        }
        if (m === 'expand') return;
        cur = cur.flatMap((w) => apply(m, i, w, field, expand));
      });
      return cur.map((w) => finish(w, expand));
    });
    if (all && (!list || values.length < 2)) warnings.push({ code: 'sigma.all_single', params: { field } });
    if (negate && groups.some((g) => g.some((v) => v.t === 'exists' || v.t === 'null')))
      throw new Fail('sigma.bad_modifier_combo', { modifier: 'neq' });
    return { spec: { groups, all, negate }, warnings };
  } catch (e) {
    if (e instanceof Fail) return { error: { code: e.code, params: e.params } };
    throw e;
  }
}

function toStr(w: Work, expand: boolean): Extract<TypedValue, { t: 'str' }> {
  if (w.t === 'str') return w;
  if (w.t !== 'raw') throw new Fail('sigma.modifier_type', { type: w.t });
  const v = w.v;
  if (v === null) throw new Fail('sigma.null_with_modifier');
  if (typeof v === 'string') return { t: 'str', s: { parts: parseSigmaString(v, expand) }, cased: false };
  if (typeof v === 'number') return { t: 'str', s: { parts: [String(v)] }, cased: false, num: v };
  return { t: 'str', s: { parts: [String(v)] }, cased: false };
}

function finish(w: Work, expand: boolean): TypedValue {
  if (w.t !== 'raw') return w;
  if (w.v === null) return { t: 'null' };
  return toStr(w, expand);
}

function rawString(w: Work, what: string): string {
  if (w.t !== 'raw' || (typeof w.v !== 'string' && typeof w.v !== 'number'))
    throw new Fail('sigma.modifier_first', { modifier: what });
  return String(w.v);
}

function numberOf(w: Work, what: string): number {
  const v = w.t === 'raw' ? w.v : w.t === 'str' ? (w.num ?? plainText(w.s)) : undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v) ? Number(v) : NaN;
  if (!Number.isFinite(n)) throw new Fail('sigma.not_a_number', { modifier: what, value: String(v) });
  return n;
}

function apply(m: string, index: number, w: Work, field: string, expand: boolean): Work[] {
  switch (m) {
    case 'contains':
    case 'startswith':
    case 'endswith':
      return [affix(m, w, expand)];
    case 're':
      if (index !== 0) throw new Fail('sigma.modifier_first', { modifier: 're' });
      return [{ t: 're', src: rawString(w, 're'), flags: '' }];
    case 'i':
    case 'm':
    case 's':
    case 'ignorecase':
    case 'multiline':
    case 'dotall':
      if (w.t !== 're') throw new Fail('sigma.modifier_needs', { modifier: m, needs: 're' });
      return [{ ...w, flags: w.flags.includes(RE_FLAG[m]!) ? w.flags : w.flags + RE_FLAG[m]! }];
    case 'cased': {
      const s = toStr(w, expand);
      return [{ ...s, cased: true }];
    }
    case 'cidr': {
      if (index !== 0) throw new Fail('sigma.modifier_first', { modifier: 'cidr' });
      const text = rawString(w, 'cidr');
      if (!parseCidr(text)) throw new Fail('sigma.bad_cidr', { value: text });
      return [{ t: 'cidr', cidr: text }];
    }
    case 'exists':
      if (index !== 0) throw new Fail('sigma.modifier_first', { modifier: 'exists' });
      if (!field) throw new Fail('sigma.exists_needs_field');
      if (w.t !== 'raw' || typeof w.v !== 'boolean')
        throw new Fail('sigma.exists_not_bool', { value: String(w.t === 'raw' ? w.v : w.t) });
      return [{ t: 'exists', b: w.v }];
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte':
      return [{ t: 'cmp', op: m, n: numberOf(w, m) }];
    case 'fieldref': {
      if (!field) throw new Fail('sigma.fieldref_needs_field');
      const s = toStr(w, false);
      const name = plainText(s.s);
      if (name === undefined || !name) throw new Fail('sigma.fieldref_wildcard');
      return [{ t: 'ref', field: name, sw: false, ew: false, cased: false }];
    }
    case 'base64':
    case 'base64offset': {
      const s = toStr(w, expand);
      if (hasSpecial(s.s)) throw new Fail('sigma.base64_wildcard');
      const bytes = strBytes(s.s);
      const encoded = m === 'base64' ? [Buffer.from(bytes).toString('base64')] : base64Offsets(bytes);
      return encoded.map((e) => ({ t: 'str', s: { parts: [e] }, cased: s.cased }));
    }
    case 'wide':
    case 'utf16le':
    case 'utf16be':
    case 'utf16': {
      const s = toStr(w, expand);
      if (s.s.bin) throw new Fail('sigma.bad_modifier_combo', { modifier: m });
      const enc = m === 'utf16be' ? 'be' : 'le';
      const parts = s.s.parts.map((p) => (typeof p === 'string' ? utf16(p, enc) : p));
      if (m === 'utf16') parts.unshift('\xff\xfe');
      return [{ ...s, s: { parts, bin: true } }];
    }
    case 'windash':
      return windash(toStr(w, expand));
    case 'minute':
    case 'hour':
    case 'day':
    case 'week':
    case 'month':
    case 'year':
      if (!TIME_PARTS.has(m)) break;
      return [{ t: 'time', part: m, n: numberOf(w, m) }];
  }
  throw new Fail('sigma.unknown_modifier', { modifier: m });
}

function affix(m: 'contains' | 'startswith' | 'endswith', w: Work, expand: boolean): Work {
  if (w.t === 're') {
    let src = w.src;
    if (m !== 'startswith' && !src.startsWith('.*') && !src.startsWith('^')) src = '.*' + src;
    if (m !== 'endswith' && !src.endsWith('.*') && !src.endsWith('$')) src = src + '.*';
    return { ...w, src };
  }
  if (w.t === 'ref') return { ...w, sw: w.sw || m !== 'endswith', ew: w.ew || m !== 'startswith' };
  const s = toStr(w, expand);
  let str = s.s;
  if (m !== 'startswith') str = withLeadingAny(str);
  if (m !== 'endswith') str = withTrailingAny(str);
  return { ...s, s: str };
}

/** Bytes of a wildcard-free string: its bytes when binary (after wide), else UTF-8. */
function strBytes(s: SigmaStr): Uint8Array {
  const text = plainText(s) ?? '';
  return s.bin ? Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff) : new TextEncoder().encode(text);
}

function utf16(text: string, enc: 'le' | 'be'): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out += enc === 'le' ? String.fromCharCode(c & 0xff, c >> 8) : String.fromCharCode(c >> 8, c & 0xff);
  }
  return out;
}

/** The three base64 forms of `bytes` at offsets 0, 1, 2 with the unstable edge characters cut (pySigma's table). */
export function base64Offsets(bytes: Uint8Array): string[] {
  const start = [0, 2, 3];
  const end = [undefined, -3, -2];
  const out: string[] = [];
  for (let i = 0; i < 3; i++) {
    const shifted = new Uint8Array(i + bytes.length);
    shifted.fill(0x20, 0, i);
    shifted.set(bytes, i);
    const enc = Buffer.from(shifted).toString('base64');
    out.push(enc.slice(start[i], end[(bytes.length + i) % 3]));
  }
  return out;
}

/** `-` or `/` after a non-word character and before a word character is a switch: any dash form may stand there. */
function windash(s: Extract<TypedValue, { t: 'str' }>): TypedValue[] {
  const positions: Array<[number, number]> = [];
  s.s.parts.forEach((p, pi) => {
    if (typeof p !== 'string') return;
    const prev = pi > 0 ? s.s.parts[pi - 1] : undefined;
    const next = pi + 1 < s.s.parts.length ? s.s.parts[pi + 1] : undefined;
    const before = typeof prev === 'string' ? prev.slice(-1) : ' ';
    const after = typeof next === 'string' ? (next[0] ?? ' ') : ' ';
    const text = before + p + after;
    const re = /\B[-/]\b/g;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const at = m.index - 1;
      if (at >= 0 && at < p.length) positions.push([pi, at]);
    }
  });
  if (!positions.length) return [s];
  if (WINDASH_CHARS.length ** positions.length > WINDASH_EXPAND_MAX) {
    return [{ ...s, s: { ...s.s, parts: splitAt(s.s.parts, positions, () => ({ cls: WINDASH_CHARS })) } }];
  }
  let variants: Part[][] = [s.s.parts];
  positions.forEach((_, k) => {
    variants = variants.flatMap((parts) => WINDASH_CHARS.map((ch) => replaceNth(parts, positions, k, ch)));
  });
  return variants.map((parts) => ({ ...s, s: { ...s.s, parts } }));
}

function replaceNth(parts: Part[], positions: Array<[number, number]>, k: number, ch: string): Part[] {
  const [pi, at] = positions[k]!;
  const out = parts.slice();
  const p = out[pi] as string;
  out[pi] = p.slice(0, at) + ch + p.slice(at + 1);
  return out;
}

function splitAt(parts: Part[], positions: Array<[number, number]>, make: () => Part): Part[] {
  const out: Part[] = [];
  parts.forEach((p, pi) => {
    if (typeof p !== 'string') {
      out.push(p);
      return;
    }
    let last = 0;
    for (const [qi, at] of positions) {
      if (qi !== pi) continue;
      if (at > last) out.push(p.slice(last, at));
      out.push(make());
      last = at + 1;
    }
    if (last < p.length) out.push(p.slice(last));
  });
  return out;
}
