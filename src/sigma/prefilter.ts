/**
 * The candidates of one source key (e.g. Sysmon/1) with their necessary literals: per field, one
 * Aho-Corasick scan of the event's value finds every literal present, and only the rules whose atoms
 * fired (plus those without atoms) are evaluated. A rule with atoms cannot match without one firing,
 * so this changes cost, never results.
 */
import { AhoCorasick } from './aho.ts';
import type { Pred } from './matchers.ts';
import { ANY_FIELD_KEY, type Atom, type Need, type Shape } from './needs.ts';
import type { Accessor, EventView } from './view.ts';

export interface Entry {
  rule: number;
  src: number;
  pred: Pred;
  need: Need;
  provider?: Set<string>;
  emit: boolean;
  correlate: boolean;
}

interface Pattern {
  shape: Shape;
  len: number;
  entries: number[];
}

class FieldScan {
  readonly ac: AhoCorasick;
  readonly patterns: Pattern[];
  readonly eqEmpty: number[];
  /** texts shorter than every pattern cannot hold one */
  private readonly minLen: number;
  /** some pattern could occur in a number's or boolean's text */
  private readonly numeric: boolean;
  private textLen = 0;
  private owner!: Bucket;
  private readonly onHit = (pid: number, end: number): void => {
    const p = this.patterns[pid]!;
    switch (p.shape) {
      case 'ct':
        break;
      case 'sw':
        if (end !== p.len) return;
        break;
      case 'ew':
        if (end !== this.textLen) return;
        break;
      case 'eq':
        if (end !== this.textLen || p.len !== this.textLen) return;
        break;
    }
    for (const e of p.entries) this.owner.mark(e);
  };

  constructor(
    readonly acc: Accessor,
    atoms: Array<{ atom: Atom; entry: number }>,
  ) {
    const byKey = new Map<string, Pattern & { lit: string }>();
    const eqEmpty: number[] = [];
    for (const { atom, entry } of atoms) {
      if (atom.lit === '') {
        if (atom.shape === 'eq') eqEmpty.push(entry);
        continue;
      }
      const k = `${atom.shape}\u0000${atom.lit}`;
      let p = byKey.get(k);
      if (!p) byKey.set(k, (p = { shape: atom.shape, len: atom.lit.length, entries: [], lit: atom.lit }));
      if (!p.entries.includes(entry)) p.entries.push(entry);
    }
    this.patterns = [...byKey.values()];
    this.ac = new AhoCorasick([...byKey.values()].map((p) => p.lit));
    this.eqEmpty = eqEmpty;
    this.minLen = eqEmpty.length ? 0 : Math.min(...this.patterns.map((p) => p.len));
    this.numeric =
      eqEmpty.length > 0 ||
      [...byKey.values()].some((p) => /^[0-9.+\-e]+$/.test(p.lit) || /^(true|false)$/.test(p.lit));
  }

  scan(owner: Bucket, view: EventView): void {
    this.owner = owner;
    if (this.acc.key === ANY_FIELD_KEY) {
      const fields = view.fields;
      for (const k in fields) {
        const x = fields[k];
        if (typeof x === 'string') {
          if (x.length >= this.minLen) this.scanText(view, k, x);
        } else if (Array.isArray(x)) {
          for (let i = 0; i < x.length; i++) this.scanText(view, `${k}\u0000${i}`, String(x[i]));
        } else if (x !== null && x !== undefined && this.numeric) this.scanText(view, k, String(x));
      }
      return;
    }
    const x = this.acc(view);
    if (x === undefined || x === null) return;
    this.owner = owner;
    if (Array.isArray(x)) {
      for (let i = 0; i < x.length; i++) this.scanText(view, `${this.acc.key}\u0000${i}`, String(x[i]));
    } else this.scanText(view, this.acc.key, typeof x === 'string' ? x : String(x));
  }

  private scanText(view: EventView, key: string, text: string): void {
    if (text === '') {
      for (const e of this.eqEmpty) this.owner.mark(e);
      return;
    }
    this.textLen = text.length;
    if (this.ac.scanFolded(text, this.onHit)) return;
    const lower = view.lower(key, text);
    this.textLen = lower.length;
    this.ac.scan(lower, this.onHit);
  }
}

/** Atoms whose literals are shorter than this are not worth a scan: such rules are always evaluated. */
const MIN_LITERAL = 1;

export class Bucket {
  readonly entries: Entry[];
  readonly always: number[];
  private readonly fields: FieldScan[];
  private readonly stamps: Uint32Array;
  private stamp = 0;
  readonly marked: number[] = [];

  constructor(entries: Entry[], prefilter = true) {
    this.entries = entries;
    const always: number[] = [];
    const byField = new Map<string, { acc: Accessor; atoms: Array<{ atom: Atom; entry: number }> }>();
    entries.forEach((e, i) => {
      const need = e.need;
      if (need === 'never') return;
      if (!prefilter || need === 'all' || need.some((a) => a.lit.length < MIN_LITERAL && a.shape !== 'eq')) {
        always.push(i);
        return;
      }
      for (const atom of need) {
        let f = byField.get(atom.acc.key);
        if (!f) byField.set(atom.acc.key, (f = { acc: atom.acc, atoms: [] }));
        f.atoms.push({ atom, entry: i });
      }
    });
    this.always = always;
    this.fields = [...byField.values()].map((f) => new FieldScan(f.acc, f.atoms));
    this.stamps = new Uint32Array(entries.length);
  }

  mark(i: number): void {
    if (this.stamps[i] === this.stamp) return;
    this.stamps[i] = this.stamp;
    this.marked.push(i);
  }

  /** The entries to evaluate for this event: those without atoms, then those whose atoms fired. */
  candidates(view: EventView): { always: number[]; marked: number[] } {
    this.marked.length = 0;
    if (this.fields.length) {
      this.stamp = (this.stamp + 1) >>> 0 || 1;
      for (const f of this.fields) f.scan(this, view);
    }
    return this;
  }

  /** How many rules have literals (the rest are always evaluated), for reports. */
  get prefiltered(): number {
    return this.entries.length - this.always.length;
  }
}
