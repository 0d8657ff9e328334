/**
 * Record shapes: what a record's output depends on besides its values. Windows writes almost every record
 * as one template instance whose body is one BinXML value holding another instance; such a record's
 * element structure is fixed by its templates and by which values are null. Those make its shape key.
 * The first record of a shape in a chunk is resolved into tokens as any record; renderers then compile
 * the shape (json-shape.ts, fields-shape.ts): static output plus holes for values. Later records of the
 * shape skip resolving: their instance headers are read (values stay bytes) and the compiled shape is
 * filled in. Anything else (raw elements, several instances, damage) takes the general path.
 */
import type { ChunkContext, Template } from './binxml.ts';
import { type Shape, Tok, VT } from './model.ts';
import { valueWeight } from './values.ts';

/** Instances nested in BinXML values that a shape may have (Windows uses one). */
const MAX_LEVELS = 4;

/** Symbols of a shape key besides template offsets (open) and value states. */
const NULL = 0;
const VALUE = 1;
const CLOSE = -1;

/** Reads records' instance headers into the chunk's frame stack and finds their shape. */
export class ShapeReader {
  /** the root instance's template of the record read last */
  root: Template | undefined;
  /** pairs [offset of the BinXML value an instance came from (-1: the record), its frame] */
  table = new Int32Array(32);
  tableLen = 0;
  /** the key of the record read last: per value NULL or VALUE, or a nested instance (its template) … CLOSE */
  private key = new Int32Array(256);
  private keyLen = 0;
  private hash = 0;
  /** every template of the record read last has a shared program (binxml.ts canonical) */
  private allShared = true;

  /**
   * Reads the instances of the record fragment [start, end), their values left on ctx's frame stack
   * from 0 (and listed in `table`); false when the record is not one instance (nested in values).
   * Throws on bad input like the parser (callers then take the general path).
   */
  read(ctx: ChunkContext, start: number, end: number): boolean {
    ctx.fsp = 0;
    ctx.forgetInstances();
    this.tableLen = 0;
    this.keyLen = 0;
    this.hash = 0x811c9dc5;
    this.root = undefined;
    this.allShared = true;
    return this.instance(ctx, start, end, -1, 0);
  }

  /**
   * Where the record read last keeps its shapes: with the shared program of its root template when all
   * its templates are shared (the shape then serves every chunk of the read), else with the template.
   */
  private registry(): { shapes?: Map<number, Array<{ key: Int32Array; shape: Shape }>> } {
    return this.allShared ? this.root!.canon! : this.root!;
  }

  /** The shape of the record read last (it read true), or undefined if none was registered yet. */
  find(): Shape | undefined {
    const bucket = this.registry().shapes?.get(this.hash);
    if (!bucket) return undefined;
    for (const entry of bucket) if (this.sameKey(entry.key)) return entry.shape;
    return undefined;
  }

  /** Registers `shape` as the shape of the record read last. */
  add(shape: Shape): void {
    const registry = this.registry();
    const shapes = (registry.shapes ??= new Map());
    let bucket = shapes.get(this.hash);
    if (!bucket) shapes.set(this.hash, (bucket = []));
    bucket.push({ key: this.key.slice(0, this.keyLen), shape });
  }

  private sameKey(k: Int32Array): boolean {
    if (k.length !== this.keyLen) return false;
    const key = this.key;
    for (let i = 0; i < k.length; i++) if (k[i] !== key[i]) return false;
    return true;
  }

  private sym(v: number): void {
    if (this.keyLen === this.key.length) {
      const next = new Int32Array(this.key.length * 2);
      next.set(this.key);
      this.key = next;
    }
    this.key[this.keyLen++] = v;
    this.hash = Math.imul(this.hash ^ v, 0x01000193);
  }

  private instance(ctx: ChunkContext, pos: number, end: number, from: number, level: number): boolean {
    if (level > MAX_LEVELS) return false;
    const b = ctx.b;
    if (pos < end && b[pos] === Tok.FragmentHeader) pos += 4;
    if (pos >= end || (b[pos]! & ~Tok.MoreFlag) !== Tok.TemplateInstance) return false;
    const template = ctx.readInstance(pos, end);
    ctx.keepInstance(pos, template);
    const frame = ctx.instFrame;
    const count = ctx.instCount;
    const after = ctx.instEnd;
    // the parser reads on after an instance unless the fragment ends there
    if (after < end && b[after] !== Tok.EOF) return false;
    if (!template.canon) this.allShared = false;
    if (level === 0) this.root = template;
    // a nested template by its shared program (even) or, when it has none, its offset in the chunk (odd)
    else this.sym(template.canon ? 2 + 2 * template.canon.id : 3 + 2 * template.offset);
    if (this.tableLen + 2 > this.table.length) {
      const next = new Int32Array(this.table.length * 2);
      next.set(this.table);
      this.table = next;
    }
    this.table[this.tableLen++] = from;
    this.table[this.tableLen++] = frame;
    for (let i = 0; i < count; i++) {
      const k = frame + i * 3;
      const type = ctx.frames[k]!;
      if (type === VT.Null) this.sym(NULL);
      else if (type === VT.BinXml) {
        const off = ctx.frames[k + 1]!;
        if (!this.instance(ctx, off, off + ctx.frames[k + 2]!, off, level + 1)) return false;
      } else this.sym(VALUE);
    }
    if (level > 0) this.sym(CLOSE);
    return true;
  }

  /** The frame of the instance read from the BinXML value at `offset`, or -1. */
  frameOf(offset: number): number {
    const t = this.table;
    for (let i = 0; i < this.tableLen; i += 2) if (t[i] === offset) return t[i + 1]!;
    return -1;
  }
}

/** Nodes a record of `shape` counts, its values (on `frames`) weighed. */
export function shapeNodes(shape: Shape, frames: Int32Array): number {
  let n = shape.baseNodes;
  const refs = shape.refs;
  for (let i = 0; i < refs.length; i++) {
    const k = refs[i]!;
    n += valueWeight(frames[k]!, frames[k + 2]!);
  }
  return n;
}
