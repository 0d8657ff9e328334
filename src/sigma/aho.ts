/**
 * Aho-Corasick over UTF-16 code units: every occurrence of every pattern in one linear pass. The
 * prefilter uses it per field, so thousands of rule literals cost one scan of the field's text.
 * After construction the automaton is flattened into a DFA over the patterns' alphabet (characters in no
 * pattern share one class that leads back to the root), so a step is a few typed-array reads.
 */

/** Per-code-unit lower-case folding; 0xffff marks the few units whose lower case is not one unit. */
let FOLD: Uint16Array | undefined;
export function foldTable(): Uint16Array {
  if (FOLD) return FOLD;
  FOLD = new Uint16Array(65536);
  for (let c = 0; c < 65536; c++) {
    if (c >= 0xd800 && c <= 0xdfff) {
      FOLD[c] = c;
      continue;
    }
    const l = String.fromCharCode(c).toLowerCase();
    FOLD[c] = l.length === 1 ? l.charCodeAt(0) : 0xffff;
  }
  return FOLD;
}

/** DFA tables above this many cells (states × alphabet) are not built; the goto/fail form is used. */
const MAX_DFA_CELLS = 4 << 20;

export class AhoCorasick {
  readonly lengths: number[] = [];
  private states = 1;
  /** alphabet class of ASCII units, and of the others */
  private ascii = new Uint16Array(128);
  private other = new Map<number, number>();
  private width = 1;
  private delta: Int32Array | undefined;
  /** goto/fail form, kept when the DFA would be too large */
  private next: Array<Map<number, number>> | undefined;
  private fail: number[] | undefined;
  /** flattened outputs: patterns ending at state s are outList[outStart[s] .. outStart[s+1]) */
  private outStart!: Int32Array;
  private outList!: Int32Array;

  constructor(patterns: string[]) {
    const next: Array<Map<number, number>> = [new Map()];
    const out: number[][] = [[]];
    patterns.forEach((p, id) => {
      this.lengths.push(p.length);
      let s = 0;
      for (let i = 0; i < p.length; i++) {
        const c = p.charCodeAt(i);
        if (c < 128) {
          if (!this.ascii[c]) this.ascii[c] = this.width++;
        } else if (!this.other.has(c)) this.other.set(c, this.width++);
        let t = next[s]!.get(c);
        if (t === undefined) {
          t = next.length;
          next.push(new Map());
          out.push([]);
          next[s]!.set(c, t);
        }
        s = t;
      }
      out[s]!.push(id);
    });
    this.states = next.length;
    const fail = new Array<number>(this.states).fill(0);
    const order: number[] = [];
    for (const t of next[0]!.values()) order.push(t);
    for (let qi = 0; qi < order.length; qi++) {
      const s = order[qi]!;
      for (const [c, t] of next[s]!) {
        order.push(t);
        let f = fail[s]!;
        while (f !== 0 && !next[f]!.has(c)) f = fail[f]!;
        const ft = next[f]!.get(c);
        fail[t] = ft !== undefined && ft !== t ? ft : 0;
        const inherited = out[fail[t]!]!;
        if (inherited.length) out[t] = out[t]!.concat(inherited);
      }
    }
    this.outStart = new Int32Array(this.states + 1);
    let total = 0;
    for (let s = 0; s < this.states; s++) {
      this.outStart[s] = total;
      total += out[s]!.length;
    }
    this.outStart[this.states] = total;
    this.outList = new Int32Array(total);
    for (let s = 0, k = 0; s < this.states; s++) for (const id of out[s]!) this.outList[k++] = id;
    if (this.states * this.width > MAX_DFA_CELLS) {
      this.next = next;
      this.fail = fail;
      return;
    }
    const w = this.width;
    const delta = new Int32Array(this.states * w);
    const cls = (c: number): number => (c < 128 ? this.ascii[c]! : (this.other.get(c) ?? 0));
    for (const [c, t] of next[0]!) delta[cls(c)] = t;
    for (const s of order) {
      const f = fail[s]!;
      for (let k = 0; k < w; k++) delta[s * w + k] = delta[f * w + k]!;
      for (const [c, t] of next[s]!) delta[s * w + cls(c)] = t;
    }
    this.delta = delta;
  }

  private step(s: number, c: number): number {
    if (this.delta) {
      const k = c < 128 ? this.ascii[c]! : (this.other.get(c) ?? 0);
      return this.delta[s * this.width + k]!;
    }
    const next = this.next!;
    let t = next[s]!.get(c);
    while (t === undefined && s !== 0) {
      s = this.fail![s]!;
      t = next[s]!.get(c);
    }
    return t ?? 0;
  }

  /** Calls `hit(pattern, end)` for each occurrence (end = index after the last character). */
  scan(text: string, hit: (pattern: number, end: number) => unknown): void {
    this.run(text, undefined, hit, false);
  }

  /** True as soon as `accept(pattern, end)` accepts an occurrence. */
  some(text: string, accept: (pattern: number, end: number) => boolean): boolean {
    return this.run(text, undefined, accept, true) === 1;
  }

  /**
   * Like scan, over the text lower-cased one code unit at a time (patterns must be lower case). Returns
   * false when the text has a unit whose lower case is longer: then lower-case the whole text and use
   * scan (occurrences reported before that point are real ones).
   */
  scanFolded(text: string, hit: (pattern: number, end: number) => unknown): boolean {
    return this.run(text, foldTable(), hit, false) !== -1;
  }

  /** 1: accepted (when `stop`), 0: scanned, -1: met a unit that does not fold to one unit. */
  private run(
    text: string,
    fold: Uint16Array | undefined,
    accept: (pattern: number, end: number) => unknown,
    stop: boolean,
  ): number {
    const outStart = this.outStart;
    const outList = this.outList;
    const delta = this.delta;
    const ascii = this.ascii;
    const w = this.width;
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      let c = text.charCodeAt(i);
      if (fold) {
        c = fold[c]!;
        if (c === 0xffff) return -1;
      }
      if (delta) {
        const k = c < 128 ? ascii[c]! : (this.other.get(c) ?? 0);
        s = delta[s * w + k]!;
      } else s = this.step(s, c);
      const end = outStart[s + 1]!;
      for (let k = outStart[s]!; k < end; k++) if (accept(outList[k]!, i + 1) && stop) return 1;
    }
    return 0;
  }
}
