/**
 * BinXML token stream parser (MS-EVEN6 2.2.12; libevtx "Binary XML" notes). It decodes nothing: it tells
 * a Sink what it meets (element starts, attributes, values by type, offset and size). Two sinks exist:
 * a template definition compiles into a Program (replayed for every record that instantiates it), and a
 * record resolves into flat tokens (tokens.ts). All offsets are relative to the start of the 64 KiB chunk,
 * which is where names and template definitions are referenced from. Templates are compiled once per
 * chunk and cached by offset; names are interned once per chunk.
 */
import { BinXmlError, RK, type Shape, Tok, VT } from './model.ts';
import type { StringTable } from './strings.ts';
import { decodable, textWeight } from './values.ts';

/** What the parser reports. `enter`/`leave` bracket one fragment (a record, a template, a BinXml value). */
export interface Sink {
  enter(): number;
  leave(scope: number): void;
  open(name: number, scope: number): void;
  attr(name: number, scope: number): void;
  closeStart(scope: number): void;
  close(scope: number): void;
  /** a text token (RK.Value, Literal, CharRef, EntityRef, CData); `weight`: extra nodes it counts for */
  text(kind: RK, a: number, b: number, c: number, weight: number): void;
  /** a substitution (only templates have values to put there) */
  sub(index: number, type: number, optional: boolean): void;
  /** a template instance whose values are the `count` triples at `frame` of ctx.frames */
  instance(template: Template, frame: number, count: number, depth: number): void;
  /** a processing instruction (dropped, counted) */
  pi(): void;
}

/** Operations of a compiled template: [op, a, b, c] per operation. */
export const enum Op {
  Open = 1,
  Attr = 2,
  CloseStart = 3,
  Close = 4,
  /** a text token: a = RK kind, b/c/d: its fields (d is at the next slot) */
  Text = 5,
  /** a = value index */
  Sub = 6,
  /** a = index into Template.instances */
  Instance = 7,
  PI = 8,
}

export interface NestedInstance {
  template: Template;
  /** [type, offset, size] per value */
  values: Int32Array;
}

/** A template program the chunks of a read share (ChunkContext.canonical). */
export interface Canonical {
  id: number;
  program: Int32Array;
  /** shapes of records whose templates are all shared (shapes.ts), by key hash */
  shapes?: Map<number, Array<{ key: Int32Array; shape: Shape }>>;
}

export interface Template {
  offset: number;
  /** the program shared with other chunks, when it holds no chunk offset */
  canon?: Canonical;
  /** 8 ints an operation: op, a, b, c, weight, 0, 0, 0 */
  program: Int32Array;
  length: number;
  /** instances inside the definition (rare: crafted files nest templates to amplify) */
  instances: NestedInstance[];
  /** nodes it expands to, substitution values aside (memoized; Infinity for a cycle) */
  cost?: number;
  /** shapes of records whose root instance is of this template, by key hash (shapes.ts) */
  shapes?: Map<number, Array<{ key: Int32Array; shape: Shape }>>;
}

const MAX_DEPTH = 48;
const EMPTY_PROGRAM = new Int32Array(0);
const NO_INSTANCES: NestedInstance[] = [];
/** Distinct shared programs a read keeps before starting over (hostile files define endless templates). */
const MAX_CANONICAL = 20_000;
const MAX_VALUES = 4096;

/** Compiles a template definition into a Program. */
class ProgramSink implements Sink {
  p = new Int32Array(512);
  n = 0;
  instances: NestedInstance[] = NO_INSTANCES;
  constructor(private readonly ctx: ChunkContext) {}

  begin(): void {
    this.n = 0;
    this.instances = NO_INSTANCES;
  }

  private op(op: number, a: number, b: number, c: number, w: number): void {
    if (this.n + 8 > this.p.length) {
      const next = new Int32Array(this.p.length * 2);
      next.set(this.p);
      this.p = next;
    }
    const p = this.p;
    const i = this.n;
    p[i] = op;
    p[i + 1] = a;
    p[i + 2] = b;
    p[i + 3] = c;
    p[i + 4] = w;
    p[i + 5] = 0;
    p[i + 6] = 0;
    p[i + 7] = 0;
    this.n = i + 8;
  }
  enter(): number {
    return 0;
  }
  leave(): void {}
  open(name: number): void {
    this.op(Op.Open, name, 0, 0, 0);
  }
  attr(name: number): void {
    this.op(Op.Attr, name, 0, 0, 0);
  }
  closeStart(): void {
    this.op(Op.CloseStart, 0, 0, 0, 0);
  }
  close(): void {
    this.op(Op.Close, 0, 0, 0, 0);
  }
  text(kind: RK, a: number, b: number, c: number, weight: number): void {
    this.op(Op.Text | (kind << 8), a, b, c, weight);
  }
  sub(index: number): void {
    this.op(Op.Sub, index, 0, 0, 0);
  }
  instance(template: Template, frame: number, count: number): void {
    const values = this.ctx.frames.slice(frame, frame + count * 3);
    if (this.instances === NO_INSTANCES) this.instances = [];
    this.instances.push({ template, values });
    this.op(Op.Instance, this.instances.length - 1, 0, 0, 0);
  }
  pi(): void {
    this.op(Op.PI, 0, 0, 0, 0);
  }
}

/** Parser state for one chunk: its bytes, and its name and template caches. */
export class ChunkContext {
  /** name offset → interned id */
  private readonly names = new Map<number, number>();
  readonly templates = new Map<number, Template>();
  private templateDepth = 0;
  /** value triples [type, offset, size] of the template instances being resolved, as a stack */
  frames = new Int32Array(3 * 1024);
  fsp = 0;
  /** position after the last name reference read (readNameRef) */
  private after = 0;
  /** the template looked up last (records of a chunk use few) */
  private lastOff = -1;
  private lastTemplate: Template | undefined;
  /** shared programs by hash (see canonical) */
  private readonly canon = new Map<number, Canonical[]>();
  private canonCount = 0;
  /** compiling template definitions, by nesting depth (reused from template to template) */
  private readonly sinks: ProgramSink[] = [];

  constructor(
    public b: Buffer,
    readonly strings: StringTable,
  ) {}

  /** Starts over on another chunk (names and templates are per chunk). */
  reset(b: Buffer): void {
    this.b = b;
    this.names.clear();
    this.templates.clear();
    this.lastOff = -1;
    this.lastTemplate = undefined;
    this.templateDepth = 0;
    this.fsp = 0;
    this.readLen = 0;
  }

  /** Interned name of the name structure at `off`: next(4) hash(2) count(2) utf16[count] nul(2). */
  private nameAt(off: number): number {
    const b = this.b;
    if (off + 8 > b.length) throw new BinXmlError('name_out_of_bounds', off);
    const count = b[off + 6]! | (b[off + 7]! << 8);
    if (off + 8 + count * 2 > b.length) throw new BinXmlError('name_out_of_bounds', off);
    let id = this.names.get(off);
    if (id === undefined) {
      id = this.strings.intern(b.toString('utf16le', off + 8, off + 8 + count * 2));
      this.names.set(off, id);
    }
    return id;
  }

  /** Reads a name reference at `pos` (its id); an inline name (offset == position after the field) is skipped over. */
  private readNameRef(pos: number): number {
    const b = this.b;
    if (pos + 4 > b.length) throw new BinXmlError('truncated_name_ref', pos);
    const off = b.readUInt32LE(pos);
    pos += 4;
    if (off === pos) {
      const id = this.nameAt(off);
      this.after = pos + 10 + (b[off + 6]! | (b[off + 7]! << 8)) * 2;
      return id;
    }
    if (off >= b.length) throw new BinXmlError('name_out_of_bounds', pos - 4);
    this.after = pos;
    return this.nameAt(off);
  }

  /** Template definition header at `off`: next(4) guid(16) size(4), then the fragment. Compiled once per chunk. */
  templateAt(off: number): Template {
    const b = this.b;
    if (off + 24 > b.length) throw new BinXmlError('template_out_of_bounds', off);
    if (off === this.lastOff) return this.lastTemplate!;
    const cached = this.templates.get(off);
    if (cached) {
      this.lastOff = off;
      this.lastTemplate = cached;
      return cached;
    }
    const start = off + 24;
    const end = start + b.readUInt32LE(off + 20);
    if (end > b.length) throw new BinXmlError('template_out_of_bounds', off);
    if (++this.templateDepth > 8) throw new BinXmlError('template_recursion', off);
    const sink = (this.sinks[this.templateDepth] ??= new ProgramSink(this));
    sink.begin();
    const template: Template = { offset: off, program: EMPTY_PROGRAM, length: 0, instances: sink.instances };
    this.templates.set(off, template); // guards against self-reference while parsing
    try {
      this.parse(start, end, true, sink, 0);
      template.length = sink.n;
      template.instances = sink.instances;
      template.canon = this.canonical(sink);
      template.program = template.canon?.program ?? sink.p.slice(0, sink.n);
      return template;
    } catch (e) {
      this.templates.delete(off);
      if (this.lastOff === off) this.lastOff = -1;
      throw e;
    } finally {
      this.templateDepth--;
    }
  }

  /**
   * The template's program as shared by every chunk of the read: chunks define their templates again,
   * at other offsets, and what is compiled for one (record shapes) serves the others. Only programs
   * that hold no chunk offset (CDATA, raw values, nested instances) are shared.
   */
  private canonical(sink: ProgramSink): Canonical | undefined {
    const p = sink.p;
    let h = 0x811c9dc5;
    for (let i = 0; i < sink.n; i += 8) {
      const op = p[i]!;
      if (op === Op.Instance) return undefined;
      const kind = op >> 8;
      if ((op & 0xff) === Op.Text && (kind === RK.Value || kind === RK.CData)) return undefined;
      for (let k = 0; k < 5; k++) h = Math.imul(h ^ p[i + k]!, 0x01000193);
    }
    let bucket = this.canon.get(h);
    if (bucket) {
      next: for (const c of bucket) {
        if (c.program.length !== sink.n) continue;
        for (let i = 0; i < sink.n; i++) if (c.program[i] !== p[i]) continue next;
        return c;
      }
    } else {
      if (this.canonCount >= MAX_CANONICAL) this.forgetCanonical();
      bucket = [];
      this.canon.set(h, bucket);
    }
    const c: Canonical = { id: this.canonCount++, program: p.slice(0, sink.n) };
    bucket.push(c);
    return c;
  }

  /** Forgets the shared programs (and what was compiled for them): the names they refer to are gone. */
  forgetCanonical(): void {
    this.canon.clear();
    this.canonCount = 0;
  }

  /** End of the template definition at `off` (its header was read by templateAt). */
  templateEnd(off: number): number {
    return off + 24 + this.b.readUInt32LE(off + 20);
  }

  /**
   * Parses tokens from `pos` up to `end` (or an EOF token) into `sink`; returns the position after.
   * `inTemplate` selects the element header layout: template definitions carry a 2-byte dependency id
   * that nested BinXML values omit.
   */
  parse(pos: number, end: number, inTemplate: boolean, sink: Sink, depth: number): number {
    if (depth > MAX_DEPTH) throw new BinXmlError('nesting_too_deep', pos);
    const b = this.b;
    const scope = sink.enter();
    let open = 0;
    while (pos < end) {
      const tok = b[pos]!;
      switch (tok & ~Tok.MoreFlag) {
        case Tok.EOF:
          sink.leave(scope);
          return pos + 1;
        case Tok.FragmentHeader:
          pos += 4;
          break;
        case Tok.OpenStart: {
          const name = this.readNameRef(pos + 1 + (inTemplate ? 2 : 0) + 4);
          let p = this.after;
          if (tok & Tok.MoreFlag) p += 4;
          if (open >= MAX_DEPTH) throw new BinXmlError('nesting_too_deep', pos);
          sink.open(name, scope);
          open++;
          pos = p;
          break;
        }
        case Tok.CloseStart:
          sink.closeStart(scope);
          pos += 1;
          break;
        case Tok.CloseEmpty:
        case Tok.End:
          if (open === 0) throw new BinXmlError('unbalanced_end', pos);
          sink.close(scope);
          open--;
          pos += 1;
          break;
        case Tok.Attribute: {
          if (open === 0) throw new BinXmlError('attribute_outside_element', pos);
          const name = this.readNameRef(pos + 1);
          sink.attr(name, scope);
          pos = this.after;
          break;
        }
        case Tok.Value: {
          if (pos + 2 > end) throw new BinXmlError('truncated_value', pos);
          if (b[pos + 1] !== VT.String) throw new BinXmlError('unsupported_value_token_type', pos);
          if (pos + 4 > end) throw new BinXmlError('truncated_value', pos);
          const n = (b[pos + 2]! | (b[pos + 3]! << 8)) * 2;
          if (pos + 4 + n > end) throw new BinXmlError('truncated_value', pos);
          if (inTemplate) {
            const id = this.strings.intern(b.toString('utf16le', pos + 4, pos + 4 + n));
            sink.text(RK.Literal, id, 0, 0, textWeight(n));
          } else {
            sink.text(RK.Value, VT.LiteralString, pos + 4, n, textWeight(n));
          }
          pos += 4 + n;
          break;
        }
        case Tok.CData: {
          if (pos + 3 > end) throw new BinXmlError('truncated_cdata', pos);
          const n = (b[pos + 1]! | (b[pos + 2]! << 8)) * 2;
          if (pos + 3 + n > end) throw new BinXmlError('truncated_cdata', pos);
          sink.text(RK.CData, 0, pos + 3, n, textWeight(n));
          pos += 3 + n;
          break;
        }
        case Tok.CharRef:
          if (pos + 3 > end) throw new BinXmlError('truncated_charref', pos);
          sink.text(RK.CharRef, b[pos + 1]! | (b[pos + 2]! << 8), 0, 0, 0);
          pos += 3;
          break;
        case Tok.EntityRef: {
          const name = this.readNameRef(pos + 1);
          sink.text(RK.EntityRef, name, 0, 0, 0);
          pos = this.after;
          break;
        }
        case Tok.PITarget: {
          this.readNameRef(pos + 1);
          pos = this.after;
          if (b[pos] === Tok.PIData) {
            if (pos + 3 > b.length) throw new BinXmlError('truncated_pi', pos);
            pos += 3 + (b[pos + 1]! | (b[pos + 2]! << 8)) * 2;
          }
          sink.pi();
          break;
        }
        case Tok.NormalSub:
        case Tok.OptionalSub:
          if (pos + 4 > end) throw new BinXmlError('truncated_substitution', pos);
          sink.sub(b[pos + 1]! | (b[pos + 2]! << 8), b[pos + 3]!, (tok & ~Tok.MoreFlag) === Tok.OptionalSub);
          pos += 4;
          break;
        case Tok.TemplateInstance:
          pos = this.parseTemplateInstance(pos, end, sink, depth);
          break;
        default:
          throw new BinXmlError('unknown_token', pos);
      }
    }
    sink.leave(scope);
    return pos;
  }

  /**
   * A template instance: the template (defined here or earlier in the chunk) and its values, read as
   * [type, offset, size] triples onto the frame stack while the sink resolves it.
   */
  private parseTemplateInstance(pos: number, end: number, sink: Sink, depth: number): number {
    for (let i = 0; i < this.readLen; i++) {
      if (this.readPos[i] !== pos) continue;
      // read before by the shape reader, its frame still on the stack
      const k = i * 3;
      sink.instance(this.readTemplates[i]!, this.readFrames[k]!, this.readFrames[k + 1]!, depth);
      return this.readFrames[k + 2]!;
    }
    const template = this.readInstance(pos, end);
    const frame = this.instFrame;
    const next = this.instEnd;
    try {
      sink.instance(template, frame, this.instCount, depth);
    } finally {
      this.fsp = frame;
    }
    return next;
  }

  /** Instances the shape reader read (shapes.ts) and left on the frame stack: positions, [frame, count, end]. */
  private readPos = new Int32Array(8);
  private readFrames = new Int32Array(24);
  private readonly readTemplates: Template[] = [];
  private readLen = 0;

  /** Forgets the instances kept by keepInstance (their frames are about to be overwritten). */
  forgetInstances(): void {
    this.readLen = 0;
  }

  /** Keeps the instance readInstance just read at `pos`, so that resolving the record does not read it again. */
  keepInstance(pos: number, template: Template): void {
    const i = this.readLen++;
    if (i === this.readPos.length) {
      const pos2 = new Int32Array(i * 2);
      pos2.set(this.readPos);
      this.readPos = pos2;
      const frames2 = new Int32Array(i * 6);
      frames2.set(this.readFrames);
      this.readFrames = frames2;
    }
    this.readPos[i] = pos;
    this.readFrames[i * 3] = this.instFrame;
    this.readFrames[i * 3 + 1] = this.instCount;
    this.readFrames[i * 3 + 2] = this.instEnd;
    this.readTemplates[i] = template;
  }

  /** Frame, value count and end of the instance readInstance read last. */
  instFrame = 0;
  instCount = 0;
  instEnd = 0;

  /**
   * Reads the template instance token at `pos`: its template (compiled if new) and its values, pushed
   * onto the frame stack as [type, offset, size] (null values typed Null, values that cannot hold their
   * type typed Binary). Sets instFrame, instCount and instEnd; the caller pops the frame (fsp).
   */
  readInstance(pos: number, end: number): Template {
    const b = this.b;
    if (pos + 10 > end) throw new BinXmlError('truncated_template_instance', pos);
    const defOff = b.readUInt32LE(pos + 6);
    let p = pos + 10;
    let template: Template;
    if (defOff === p) {
      template = this.templateAt(defOff);
      p = this.templateEnd(defOff);
    } else {
      if (defOff >= p && defOff < end) throw new BinXmlError('template_forward_reference', pos);
      template = this.templateAt(defOff);
    }
    if (p + 4 > end) throw new BinXmlError('truncated_template_instance', p);
    const count = b.readUInt32LE(p);
    p += 4;
    if (count > MAX_VALUES || p + count * 4 > end) throw new BinXmlError('bad_substitution_count', p - 4);
    const desc = p;
    p += count * 4;
    const frame = this.fsp;
    if (frame + count * 3 > this.frames.length) {
      const next = new Int32Array(Math.max(this.frames.length * 2, frame + count * 3));
      next.set(this.frames);
      this.frames = next;
    }
    const f = this.frames;
    for (let i = 0; i < count; i++) {
      const d = desc + i * 4;
      const size = b[d]! | (b[d + 1]! << 8);
      let type = b[d + 2]!;
      if (p + size > end) throw new BinXmlError('truncated_substitution_value', p);
      if (
        type === VT.Null ||
        (size === 0 && type !== VT.String && type !== VT.AnsiString && type !== VT.Binary && !(type & VT.ArrayFlag))
      ) {
        type = VT.Null;
      } else if (type !== VT.BinXml && !decodable(type, size)) {
        type = VT.Binary;
      }
      const k = frame + i * 3;
      f[k] = type;
      f[k + 1] = p;
      f[k + 2] = size;
      p += size;
    }
    this.fsp = frame + count * 3;
    this.instFrame = frame;
    this.instCount = count;
    this.instEnd = p;
    return template;
  }
}
