/**
 * A recursive-descent parser for STIX 2.1 patterns (the whole grammar's shape: observation
 * expressions with AND/OR/FOLLOWEDBY and qualifiers, comparison expressions with AND/OR/NOT,
 * = != < <= > >= IN LIKE MATCHES ISSUBSET ISSUPERSET EXISTS, typed literals), extracting the
 * comparisons konseki can match: `=`/`IN` on IP, domain, URL and file-hash paths, and ISSUBSET on IP
 * paths. Every indicator value in an observation is taken on its own (as OpenCTI does): a pattern
 * "[a] AND [b]" yields both a and b.
 */
import { canonicalCidr, classify, type Classified } from './values.ts';

export interface Comparison {
  path: string;
  op: string;
  negated: boolean;
  values: string[];
}

export interface PatternResult {
  comparisons: Comparison[];
  /** parse error, when the pattern is not valid STIX patterning */
  error?: string;
}

type Tok = { k: 'punct' | 'op' | 'ident' | 'str' | 'num' | 'typed'; v: string; pos: number };

const MAX_DEPTH = 64;
const MAX_TOKENS = 100_000;

function tokenize(src: string): Tok[] | string {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    if (out.length > MAX_TOKENS) return 'pattern too long';
    const c = src[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if ('[]():,.'.includes(c)) {
      out.push({ k: 'punct', v: c, pos: i });
      i++;
      continue;
    }
    if (c === '!' && src[i + 1] === '=') {
      out.push({ k: 'op', v: '!=', pos: i });
      i += 2;
      continue;
    }
    if (c === '<' || c === '>') {
      const two = src[i + 1] === '=';
      out.push({ k: 'op', v: two ? `${c}=` : c, pos: i });
      i += two ? 2 : 1;
      continue;
    }
    if (c === '=') {
      out.push({ k: 'op', v: '=', pos: i });
      i++;
      continue;
    }
    const typed = /[thb]/.test(c) && src[i + 1] === "'";
    if (c === "'" || typed) {
      let j = typed ? i + 2 : i + 1;
      let v = '';
      for (; j < src.length; j++) {
        if (src[j] === '\\' && j + 1 < src.length) {
          v += src[++j];
          continue;
        }
        if (src[j] === "'") break;
        v += src[j];
      }
      if (j >= src.length) return `unterminated string at ${i}`;
      out.push({ k: typed ? 'typed' : 'str', v: typed ? `${c}'${v}'` : v, pos: i });
      i = j + 1;
      continue;
    }
    const num = /^[-+]?\d+(?:\.\d+)?/.exec(src.slice(i, i + 40));
    if (num) {
      out.push({ k: 'num', v: num[0], pos: i });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(src.slice(i, i + 256));
    if (id) {
      out.push({ k: 'ident', v: id[0], pos: i });
      i += id[0].length;
      continue;
    }
    return `unexpected character "${c}" at ${i}`;
  }
  return out;
}

class Parser {
  private i = 0;
  private depth = 0;
  readonly comparisons: Comparison[] = [];
  constructor(private readonly t: Tok[]) {}

  private peek(): Tok | undefined {
    return this.t[this.i];
  }
  private isKw(v: string): boolean {
    const p = this.peek();
    return !!p && p.k === 'ident' && p.v.toUpperCase() === v;
  }
  private isPunct(v: string): boolean {
    const p = this.peek();
    return !!p && p.k === 'punct' && p.v === v;
  }
  private expectPunct(v: string): void {
    if (!this.isPunct(v)) throw new Error(`expected "${v}" at ${this.peek()?.pos ?? 'end'}`);
    this.i++;
  }
  private enter(): void {
    if (++this.depth > MAX_DEPTH) throw new Error('pattern nested too deeply');
  }

  pattern(): void {
    this.observations();
    if (this.i < this.t.length) throw new Error(`unexpected "${this.peek()?.v}" at ${this.peek()?.pos}`);
  }

  private observations(): void {
    this.enter();
    this.observation();
    while (this.isKw('AND') || this.isKw('OR') || this.isKw('FOLLOWEDBY')) {
      this.i++;
      this.observation();
    }
    this.depth--;
  }

  private observation(): void {
    if (this.isPunct('[')) {
      this.i++;
      this.comparisonOr();
      this.expectPunct(']');
    } else if (this.isPunct('(')) {
      this.i++;
      this.observations();
      this.expectPunct(')');
    } else throw new Error(`expected "[" or "(" at ${this.peek()?.pos ?? 'end'}`);
    this.qualifiers();
  }

  private qualifiers(): void {
    for (let guard = 0; guard < 16; guard++) {
      if (this.isKw('WITHIN')) {
        this.i += 2;
        if (!this.isKw('SECONDS')) throw new Error('WITHIN without SECONDS');
        this.i++;
      } else if (this.isKw('REPEATS')) {
        this.i += 2;
        if (!this.isKw('TIMES')) throw new Error('REPEATS without TIMES');
        this.i++;
      } else if (this.isKw('START')) {
        this.i += 2;
        if (!this.isKw('STOP')) throw new Error('START without STOP');
        this.i += 2;
      } else return;
    }
  }

  private comparisonOr(): void {
    this.enter();
    this.comparisonAnd();
    while (this.isKw('OR')) {
      this.i++;
      this.comparisonAnd();
    }
    this.depth--;
  }

  private comparisonAnd(): void {
    this.propTest();
    while (this.isKw('AND')) {
      this.i++;
      this.propTest();
    }
  }

  private propTest(): void {
    if (this.isPunct('(')) {
      this.i++;
      this.comparisonOr();
      this.expectPunct(')');
      return;
    }
    if (this.isKw('EXISTS')) {
      this.i++;
      this.comparisons.push({ path: this.objectPath(), op: 'EXISTS', negated: false, values: [] });
      return;
    }
    const path = this.objectPath();
    let negated = false;
    if (this.isKw('NOT')) {
      negated = true;
      this.i++;
    }
    const tok = this.peek();
    if (!tok) throw new Error('comparison without operator');
    if (tok.k === 'op') {
      this.i++;
      this.comparisons.push({ path, op: tok.v, negated, values: [this.literal()] });
      return;
    }
    const kw = tok.k === 'ident' ? tok.v.toUpperCase() : '';
    if (kw === 'IN') {
      this.i++;
      this.expectPunct('(');
      const values = [this.literal()];
      while (this.isPunct(',')) {
        this.i++;
        values.push(this.literal());
      }
      this.expectPunct(')');
      this.comparisons.push({ path, op: 'IN', negated, values });
      return;
    }
    if (['LIKE', 'MATCHES', 'ISSUBSET', 'ISSUPERSET'].includes(kw)) {
      this.i++;
      this.comparisons.push({ path, op: kw, negated, values: [this.literal()] });
      return;
    }
    throw new Error(`unknown operator "${tok.v}" at ${tok.pos}`);
  }

  private literal(): string {
    const tok = this.peek();
    if (!tok) throw new Error('missing value');
    if (tok.k === 'str' || tok.k === 'num' || tok.k === 'typed') {
      this.i++;
      return tok.v;
    }
    if (tok.k === 'ident' && /^(?:true|false)$/i.test(tok.v)) {
      this.i++;
      return tok.v.toLowerCase();
    }
    throw new Error(`expected a value at ${tok.pos}`);
  }

  /** "type:prop.sub['key'][0]" → "type:prop.sub.key.0"; quoted keys keep their text. */
  private objectPath(): string {
    const type = this.peek();
    if (type?.k !== 'ident') throw new Error(`expected an object type at ${type?.pos ?? 'end'}`);
    this.i++;
    this.expectPunct(':');
    const parts: string[] = [];
    const first = this.peek();
    if (!first || (first.k !== 'ident' && first.k !== 'str'))
      throw new Error(`expected a property at ${first?.pos ?? 'end'}`);
    parts.push(first.v);
    this.i++;
    for (let guard = 0; guard < 64; guard++) {
      if (this.isPunct('.')) {
        this.i++;
        const p = this.peek();
        if (!p || (p.k !== 'ident' && p.k !== 'str')) throw new Error(`expected a property at ${p?.pos ?? 'end'}`);
        parts.push(p.v);
        this.i++;
      } else if (
        this.isPunct('[') &&
        this.t[this.i + 2]?.v === ']' &&
        (this.t[this.i + 1]?.k === 'num' || this.t[this.i + 1]?.v === '*')
      ) {
        parts.push(this.t[this.i + 1].v);
        this.i += 3;
      } else break;
    }
    return `${type.v}:${parts.join('.')}`;
  }
}

export function parsePattern(pattern: string): PatternResult {
  if (pattern.length > 1_000_000) return { comparisons: [], error: 'pattern too long' };
  const toks = tokenize(pattern);
  if (typeof toks === 'string') return { comparisons: [], error: toks };
  const p = new Parser(toks);
  try {
    p.pattern();
    return { comparisons: p.comparisons };
  } catch (e) {
    return { comparisons: p.comparisons, error: (e as Error).message };
  }
}

const IP_PATHS = new Set([
  'ipv4-addr:value',
  'ipv6-addr:value',
  'network-traffic:dst_ref.value',
  'network-traffic:src_ref.value',
]);
const HASH_NAMES: Record<string, Classified['type']> = {
  MD5: 'md5',
  'MD-5': 'md5',
  SHA1: 'sha1',
  'SHA-1': 'sha1',
  SHA256: 'sha256',
  'SHA-256': 'sha256',
  SHA512: 'sha512',
  'SHA-512': 'sha512',
};

/** The matchable indicator of one comparison, or why it is not used. */
export function indicatorsOf(c: Comparison): { found: Classified[]; skipped?: string } {
  if (c.negated) return { found: [], skipped: `${c.path} NOT ${c.op}` };
  const [type, prop] = [c.path.slice(0, c.path.indexOf(':')), c.path.slice(c.path.indexOf(':') + 1)];
  const found: Classified[] = [];
  if (c.op === 'ISSUBSET' && IP_PATHS.has(c.path)) {
    const cidr = canonicalCidr(c.values[0]);
    return cidr ? { found: [cidr] } : { found: [], skipped: `${c.path} ISSUBSET ${c.values[0]}` };
  }
  if (c.op !== '=' && c.op !== 'IN') return { found: [], skipped: `${c.path} ${c.op}` };
  for (const v of c.values) {
    let cl: Classified | undefined;
    if (IP_PATHS.has(c.path)) {
      cl = classify(v);
      if (cl && cl.type !== 'ip' && cl.type !== 'cidr' && !c.path.startsWith('network-traffic')) cl = undefined;
    } else if (c.path === 'domain-name:value') {
      cl = classify(v);
      if (cl?.type !== 'domain') cl = undefined;
    } else if (c.path === 'url:value') {
      cl = classify(v);
      if (cl?.type !== 'url') cl = undefined;
    } else if (type === 'file' && prop.startsWith('hashes.')) {
      const algo = HASH_NAMES[prop.slice(7).toUpperCase()];
      cl = algo ? classify(v) : undefined;
      if (cl && cl.type !== algo) cl = undefined;
    } else return { found: [], skipped: `${c.path} ${c.op}` };
    if (cl) found.push(cl);
    else return { found, skipped: `${c.path} ${c.op} '${v.slice(0, 80)}'` };
  }
  return { found };
}
