/**
 * Distinct counting with bounded memory: exact for small sets (the cases where "1 host" vs
 * "3 hosts" matters), then a HyperLogLog of 2^10 registers (about 3 % standard error) once a set
 * passes 64 members. Members are small integers (interned ids).
 */
const EXACT_MAX = 64;
const P = 10;
const M = 1 << P;
const ALPHA = 0.7213 / (1 + 1.079 / M);

/** 32-bit integer hash (lowbias32 by Chris Wellons): good avalanche for sequential ids. */
export function hash32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

export class DistinctCounter {
  private small: number[] | undefined = [];
  private regs: Uint8Array | undefined;

  add(id: number): void {
    const s = this.small;
    if (s) {
      for (let i = 0; i < s.length; i++) if (s[i] === id) return;
      if (s.length < EXACT_MAX) {
        s.push(id);
        return;
      }
      this.regs = new Uint8Array(M);
      for (const v of s) this.addHll(v);
      this.small = undefined;
    }
    this.addHll(id);
  }

  private addHll(id: number): void {
    const h = hash32(id);
    const idx = h >>> (32 - P);
    const rest = (h << P) >>> 0;
    const rank = rest === 0 ? 32 - P + 1 : Math.clz32(rest) + 1;
    if (rank > this.regs![idx]) this.regs![idx] = rank;
  }

  has(id: number): boolean | undefined {
    return this.small ? this.small.includes(id) : undefined;
  }

  /** Exact members while the set is small. */
  members(): readonly number[] | undefined {
    return this.small;
  }

  get exact(): boolean {
    return this.small !== undefined;
  }

  count(): number {
    if (this.small) return this.small.length;
    const r = this.regs!;
    let sum = 0;
    let zeros = 0;
    for (let i = 0; i < M; i++) {
      sum += 2 ** -r[i];
      if (r[i] === 0) zeros++;
    }
    const est = (ALPHA * M * M) / sum;
    if (est <= 2.5 * M && zeros > 0) return Math.round(M * Math.log(M / zeros));
    return Math.round(est);
  }
}

/** Strings to dense integer ids. */
export class Interner {
  private readonly ids = new Map<string, number>();
  readonly names: string[] = [];

  id(s: string): number {
    let i = this.ids.get(s);
    if (i === undefined) {
      i = this.names.length;
      this.ids.set(s, i);
      this.names.push(s);
    }
    return i;
  }

  get(s: string): number | undefined {
    return this.ids.get(s);
  }

  name(i: number): string {
    return this.names[i];
  }

  get size(): number {
    return this.names.length;
  }
}
