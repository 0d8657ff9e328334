/**
 * A record resolved into flat tokens: template instances replayed with their substitution values,
 * nested BinXML values expanded in place, null values left out. No object is made per node: tokens are
 * four ints in one reused Int32Array (model.ts RK), values stay bytes in the chunk until a renderer
 * reads them. Budgets on nodes (per record, and per chunk by the reader) and on nesting keep hostile
 * files (self-referencing or exponentially nested templates) from hanging the reader.
 */
import type { ChunkContext, Sink, Template } from './binxml.ts';
import { Op } from './binxml.ts';
import { BinXmlError, RF, RK, VT } from './model.ts';
import type { ShapeReader } from './shapes.ts';
import type { StringTable } from './strings.ts';
import { valueWeight } from './values.ts';

/** Resolved nodes one record may have; real records have a few hundred. */
export const MAX_RECORD_NODES = 50_000;
/** Template instances and BinXML values nested in one another. */
const MAX_NESTING = 64;

/**
 * Nodes a template expands to (substitution values aside), memoized on the template. Templates that
 * instantiate templates can expand exponentially from a few bytes; knowing the size first lets such an
 * instance be refused before any work. A template that contains itself costs Infinity.
 */
export function templateCost(t: Template, depth = 0): number {
  if (t.cost !== undefined) return t.cost;
  if (depth > MAX_NESTING) return Infinity;
  t.cost = Infinity;
  const p = t.program;
  let c = 0;
  for (let i = 0; i < t.length && c !== Infinity; i += 8) {
    switch (p[i]! & 0xff) {
      case Op.Open:
      case Op.Sub:
      case Op.PI:
        c += 1;
        break;
      case Op.Text:
        c += 1 + p[i + 4]!;
        break;
      case Op.Instance:
        c += templateCost(t.instances[p[i + 1]!]!.template, depth + 1);
        break;
    }
  }
  t.cost = c;
  return c;
}

/** The resolved tokens of one record (reused from record to record: read them before the next). */
export class RecordTokens implements Sink {
  /** [kind | flags, a, b, c] per token */
  t = new Int32Array(4 * 2048);
  /** tokens in use */
  n = 0;
  /** index of the record's root element (the first top-level element), -1 if none */
  root = -1;
  /** an attribute came after its element's children began: renderers other than the tree defer to the tree */
  irregular = false;
  /** nodes counted so far, and the most this record may have */
  nodes = 0;
  max = MAX_RECORD_NODES;
  /**
   * Per token, where a value token's value came from: its frame slot in the record's shape (shapes.ts),
   * -1 for what the templates hold (the same in every record of the shape), -2 for a value of unknown slot.
   */
  origins = new Int32Array(2048);
  /** while resolving with a shape reader: mapped values' weights and slots, the largest template cost */
  mappedWeight = 0;
  refs: number[] = [];
  maxCost = 0;
  /** the chunk the offsets point into */
  b: Buffer = Buffer.alloc(0);
  strings!: StringTable;
  private ctx!: ChunkContext;
  /** open elements and attributes (token indices) */
  private stack = new Int32Array(256);
  private sp = 0;
  private nesting = 0;
  private shapes: ShapeReader | undefined;
  /** the shape frame of the next instance (set when a BinXML value is expanded), -2 for none */
  private nextFrame = -2;

  /**
   * Resolves the record fragment at [start, end) of `ctx`'s chunk. Throws BinXmlError on bad input.
   * With `shapes` (which read this record's instances onto the frame stack), value tokens get origins.
   */
  resolve(ctx: ChunkContext, start: number, end: number, max: number, shapes?: ShapeReader): void {
    this.ctx = ctx;
    this.b = ctx.b;
    this.strings = ctx.strings;
    this.n = 0;
    this.sp = 0;
    this.root = -1;
    this.irregular = false;
    this.nodes = 0;
    this.max = max;
    this.nesting = 0;
    this.shapes = shapes;
    this.nextFrame = shapes ? 0 : -2;
    this.mappedWeight = 0;
    this.refs.length = 0;
    this.maxCost = 0;
    if (!shapes) {
      ctx.fsp = 0;
      ctx.forgetInstances();
    } // else resolve above the shape reader's frames, reusing the instances it read
    ctx.parse(start, end, false, this, 0);
  }

  private push(word: number, a: number, b: number, c: number): number {
    const i = this.n;
    if (i * 4 + 4 > this.t.length) {
      const next = new Int32Array(this.t.length * 2);
      next.set(this.t);
      this.t = next;
      const origins = new Int32Array(this.origins.length * 2);
      origins.set(this.origins);
      this.origins = origins;
    }
    this.origins[i] = -1;
    const t = this.t;
    const k = i * 4;
    t[k] = word;
    t[k + 1] = a;
    t[k + 2] = b;
    t[k + 3] = c;
    this.n = i + 1;
    return i;
  }

  private count(extra: number): void {
    this.nodes += 1 + extra;
    if (this.nodes > this.max) throw new BinXmlError('record_too_large', 0);
  }

  private pushContainer(i: number): void {
    if (this.sp === this.stack.length) {
      const next = new Int32Array(this.stack.length * 2);
      next.set(this.stack);
      this.stack = next;
    }
    this.stack[this.sp++] = i;
  }

  /** Ends the innermost open element or attribute: its end index is the next token. */
  private pop(): void {
    const k = this.stack[--this.sp]! * 4;
    const t = this.t;
    if ((t[k]! & 0xff) === RK.Open && t[k + 3]! < 0) t[k + 3] = this.n;
    t[k + 2] = this.n;
  }

  private endAttr(scope: number): void {
    if (this.sp > scope && (this.t[this.stack[this.sp - 1]! * 4]! & 0xff) === RK.Attr) this.pop();
  }

  enter(): number {
    return this.sp;
  }

  leave(scope: number): void {
    while (this.sp > scope) this.pop();
  }

  open(name: number, scope: number): void {
    this.endAttr(scope);
    this.count(0);
    const i = this.push(RK.Open, name, 0, -1);
    if (this.sp > 0) {
      const k = this.stack[this.sp - 1]! * 4;
      const t = this.t;
      // an element inside an attribute value (a BinXML value there) is no child: renderers skip it
      if ((t[k]! & 0xff) === RK.Open) {
        t[k] |= RF.Elem;
        if (t[k + 3]! < 0) t[k + 3] = i;
      }
    } else if (this.root < 0) {
      this.root = i;
    }
    this.pushContainer(i);
  }

  attr(name: number, scope: number): void {
    this.endAttr(scope);
    const k = this.stack[this.sp - 1]! * 4;
    if (this.t[k + 3]! >= 0) {
      this.t[k] |= RF.Irregular;
      this.irregular = true;
    }
    this.pushContainer(this.push(RK.Attr, name, 0, 0));
  }

  closeStart(scope: number): void {
    this.endAttr(scope);
  }

  close(scope: number): void {
    this.endAttr(scope);
    if (this.sp > scope) this.pop();
  }

  text(kind: RK, a: number, b: number, c: number, weight: number): number {
    this.count(weight);
    const i = this.push(kind, a, b, c);
    if (this.sp > 0) {
      const t = this.t;
      const top = this.stack[this.sp - 1]!;
      const k = top * 4;
      if ((t[k]! & 0xff) === RK.Attr) {
        t[k] |= RF.Text;
        t[this.stack[this.sp - 2]! * 4] |= RF.AttrText;
      } else {
        t[k] |= RF.Text;
        if (t[k + 3]! < 0) t[k + 3] = i;
      }
    }
    return i;
  }

  /** A substitution outside a template has no value: dropped (counted). */
  sub(): void {
    this.count(0);
  }

  pi(): void {
    this.count(0);
  }

  instance(template: Template, frame: number, count: number, depth: number): void {
    const shapeFrame = this.nextFrame;
    this.nextFrame = -2;
    if (++this.nesting > MAX_NESTING) throw new BinXmlError('template_nesting_too_deep', 0);
    const cost = templateCost(template);
    if (this.nodes + cost > this.max) throw new BinXmlError('record_too_large', 0);
    if (cost > this.maxCost) this.maxCost = cost;
    const p = template.program;
    const len = template.length;
    const scope = this.sp;
    for (let i = 0; i < len; i += 8) {
      const op = p[i]!;
      switch (op & 0xff) {
        case Op.Open:
          this.open(p[i + 1]!, scope);
          break;
        case Op.Attr:
          this.attr(p[i + 1]!, scope);
          break;
        case Op.CloseStart:
          this.endAttr(scope);
          break;
        case Op.Close:
          this.close(scope);
          break;
        case Op.Text:
          this.text(op >> 8, p[i + 1]!, p[i + 2]!, p[i + 3]!, p[i + 4]!);
          break;
        case Op.Sub:
          this.substitute(p[i + 1]!, frame, count, depth, shapeFrame);
          break;
        case Op.Instance:
          this.nestedInstance(template, p[i + 1]!, depth);
          break;
        case Op.PI:
          this.count(0);
          break;
      }
    }
    this.leave(scope);
    this.nesting--;
  }

  private substitute(index: number, frame: number, count: number, depth: number, shapeFrame: number): void {
    if (index >= count) {
      this.count(0);
      return;
    }
    const f = this.ctx.frames;
    const k = frame + index * 3;
    const type = f[k]!;
    if (type === VT.Null) {
      this.count(0);
    } else if (type === VT.BinXml) {
      this.count(0);
      if (++this.nesting > MAX_NESTING) throw new BinXmlError('template_nesting_too_deep', 0);
      const off = f[k + 1]!;
      this.nextFrame = this.shapes ? this.shapes.frameOf(off) : -2;
      this.ctx.parse(off, off + f[k + 2]!, false, this, depth + 1);
      this.nesting--;
    } else {
      const weight = valueWeight(type, f[k + 2]!);
      const i = this.text(RK.Value, type, f[k + 1]!, f[k + 2]!, weight);
      if (shapeFrame >= 0) {
        const slot = shapeFrame + index * 3;
        this.origins[i] = slot;
        this.mappedWeight += weight;
        this.refs.push(slot);
      } else {
        this.origins[i] = -2;
      }
    }
  }

  private nestedInstance(template: Template, index: number, depth: number): void {
    const nested = template.instances[index]!;
    const ctx = this.ctx;
    const frame = ctx.fsp;
    const values = nested.values;
    if (frame + values.length > ctx.frames.length) {
      const next = new Int32Array(Math.max(ctx.frames.length * 2, frame + values.length));
      next.set(ctx.frames);
      ctx.frames = next;
    }
    ctx.frames.set(values, frame);
    ctx.fsp = frame + values.length;
    try {
      this.instance(nested.template, frame, values.length / 3, depth);
    } finally {
      ctx.fsp = frame;
    }
  }
}
