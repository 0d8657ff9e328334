/**
 * Event fields (fields.ts recordFields) straight from a record's resolved tokens: the same rules in the
 * same order, without building the element tree first. Names come from the interned table (literal Data
 * names and element names are never decoded per record); values of common types are read from their
 * bytes. A record with attributes after children is read through its tree (fields.ts).
 *
 * Records of one shape (shapes.ts) make the same assignments in the same order, only their values
 * differ: the second record of a shape is read from its tokens while its assignments are taken down,
 * later ones replay them with their own values, without resolving.
 */
import type { Fields } from '../../core/event.ts';
import type { EvtxRecord } from './chunk.ts';
import { SYSTEM_FIELD, addField, attrKey, recordFields } from './fields.ts';
import { RF, RK, type Shape, VT } from './model.ts';
import { Known, type StringTable } from './strings.ts';
import { fieldScalar, joinText, textOf } from './text.ts';
import type { RecordTokens } from './tokens.ts';
import { recordTree, textNode, textNodes, valueAt } from './tree.ts';
import { formatFiletime, formatGuid, formatSid, utf16 } from './values.ts';

type FieldScalar = string | number | Array<string | number>;

const u32 = (b: Buffer, o: number): number => (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;

const enum FieldOp {
  /** f[key] = value */
  Set = 0,
  /** addField(f, key, value) */
  Add = 1,
  /** an unnamed Data value, gathered until End */
  Push = 2,
  /** the end of an EventData: its unnamed values go to Data */
  End = 3,
}

/** A compiled shape: assignments, each with a constant value or the frame slot of its value. */
interface CompiledFields {
  ops: FieldOp[];
  keys: string[];
  slots: number[];
  constants: Array<FieldScalar | undefined>;
  /** the last value of each assignment with its bytes (see memoized); null: not kept */
  memo: Array<Memo | null | undefined>;
}

interface Memo {
  type: number;
  size: number;
  bytes: Buffer;
  value: FieldScalar;
  misses: number;
}

/** Reads the fields of records; keeps the record being read between calls. */
class FieldReader {
  private r!: RecordTokens;
  private t: Int32Array = new Int32Array(0);
  private b: Buffer = Buffer.alloc(0);
  private strings!: StringTable;
  private f: Fields = {};
  /** compiling a shape: assignments taken down, and where the last scalar's value came from (-1: the templates) */
  private recording: CompiledFields | undefined;
  private compilable = false;
  private src = -1;

  /** The fields of a record: replayed from its compiled shape, or read from its tokens. */
  recordFields(rec: EvtxRecord): Fields {
    const shape = rec.shape;
    if (shape) {
      const compiled = shape.fields as CompiledFields | null | false | undefined;
      if (compiled) return this.replay(compiled, rec);
      if (compiled === false || (compiled === undefined && rec.shapesRepeat)) return this.compile(shape, rec.tokens);
      // compiled when the shape comes again: in some logs most shapes of a chunk have one record
      if (compiled === undefined) shape.fields = false;
    }
    return this.fields(rec.tokens);
  }

  private compile(shape: Shape, r: RecordTokens): Fields {
    const recording: CompiledFields = { ops: [], keys: [], slots: [], constants: [], memo: [] };
    this.recording = recording;
    this.compilable = !r.irregular;
    try {
      const f = this.fields(r);
      shape.fields = this.compilable ? recording : null;
      return f;
    } finally {
      this.recording = undefined;
    }
  }

  private replay(c: CompiledFields, rec: EvtxRecord): Fields {
    const f: Fields = {};
    const { ops, keys, slots, constants } = c;
    const frames = rec.frames;
    this.b = rec.b;
    let unnamed: Array<string | number> | undefined;
    for (let i = 0; i < ops.length; i++) {
      const slot = slots[i]!;
      const op = ops[i]!;
      if (op === FieldOp.End) {
        if (unnamed?.length) addField(f, 'Data', unnamed.length === 1 ? unnamed[0]! : unnamed);
        unnamed = undefined;
        continue;
      }
      let v: FieldScalar;
      if (slot >= 0) v = this.memoized(c, i, frames[slot]!, frames[slot + 1]!, frames[slot + 2]!);
      else {
        v = constants[i]!;
        if (Array.isArray(v)) v = [...v]; // field arrays grow in place (addField)
      }
      if (op === FieldOp.Set) f[keys[i]!] = v;
      else if (op === FieldOp.Add) addField(f, keys[i]!, v);
      else if (Array.isArray(v)) (unnamed ??= []).push(...v);
      else (unnamed ??= []).push(v);
    }
    return f;
  }

  /**
   * The value of assignment `i` of a compiled shape. Text values that repeat from record to record (the
   * computer, channel, provider, user names) are kept with their bytes and given again when the bytes are
   * the same: no decoding, no new string. An assignment whose value keeps changing stops being kept.
   */
  private memoized(c: CompiledFields, i: number, type: number, off: number, size: number): FieldScalar {
    const memo = c.memo;
    const m = memo[i];
    if (m === null || type <= VT.UInt32 || type === VT.Bool || type & VT.ArrayFlag) return this.single(type, off, size);
    const b = this.b;
    if (m !== undefined && m.type === type && m.size === size) {
      const kept = m.bytes;
      let same = true;
      for (let k = 0; k < size; k++) {
        if (kept[k] !== b[off + k]) {
          same = false;
          break;
        }
      }
      if (same) {
        m.misses = 0;
        return m.value;
      }
    }
    const v = this.single(type, off, size);
    if (m === undefined) {
      memo[i] = { type, size, bytes: Buffer.from(b.subarray(off, off + size)), value: v, misses: 0 };
    } else if (++m.misses > 8) {
      memo[i] = null; // a value that changes with every record (a time, an id)
    } else {
      if (m.bytes.length < size) m.bytes = Buffer.allocUnsafe(size);
      for (let k = 0; k < size; k++) m.bytes[k] = b[off + k]!;
      m.type = type;
      m.size = size;
      m.value = v;
    }
    return v;
  }

  /** Takes down an assignment while compiling (the value's source is `this.src`). */
  private op(op: FieldOp, key: string, value: FieldScalar | undefined): void {
    const c = this.recording;
    if (!c) return;
    if (key === '__proto__') this.compilable = false;
    c.ops.push(op);
    c.keys.push(key);
    c.slots.push(this.src);
    c.constants.push(this.src >= 0 ? undefined : value);
  }

  /** While compiling: content [from, to) is read as a whole; values in it make the shape not compilable. */
  private noValues(from: number, to: number): void {
    this.src = -1;
    if (!this.recording) return;
    const origins = this.r.origins;
    for (let j = from; j < to; j++) if (origins[j] !== -1) this.compilable = false;
  }

  fields(r: RecordTokens): Fields {
    if (r.irregular) {
      this.compilable = false;
      return recordFields(recordTree(r)!);
    }
    this.r = r;
    this.t = r.t;
    this.b = r.b;
    this.strings = r.strings;
    const f: Fields = {};
    this.f = f;
    const t = this.t;
    const root = r.root;
    const end = t[root * 4 + 2]!;
    for (let j = t[root * 4 + 3]!; j < end; ) {
      const k = j * 4;
      if ((t[k]! & 0xff) !== RK.Open) {
        j++;
        continue;
      }
      switch (t[k + 1]!) {
        case Known.System:
          this.system(j);
          break;
        case Known.EventData:
          this.eventData(j);
          break;
        case Known.UserData:
          for (let c = this.firstElement(j); c >= 0; c = this.nextElement(j, c)) this.leaves(c, 0, 'UserData');
          break;
        case Known.RenderingInfo:
          for (let c = this.firstElement(j); c >= 0; c = this.nextElement(j, c)) {
            if (!(t[c * 4]! & RF.Text)) continue;
            const key = `RenderingInfo_${this.name(c)}`;
            const value = this.joinText(c);
            f[key] = value;
            this.op(FieldOp.Set, key, value);
          }
          break;
        default:
          this.leaves(j, 0, this.name(j));
      }
      j = t[k + 2]!;
    }
    return f;
  }

  private name(i: number): string {
    return this.strings.strings[this.t[i * 4 + 1]!]!;
  }

  /** The first child element of the element at `i`, or -1. */
  private firstElement(i: number): number {
    return this.elementFrom(this.t[i * 4 + 3]!, this.t[i * 4 + 2]!);
  }

  /** The child element of `parent` after the child element `c`, or -1. */
  private nextElement(parent: number, c: number): number {
    return this.elementFrom(this.t[c * 4 + 2]!, this.t[parent * 4 + 2]!);
  }

  private elementFrom(j: number, end: number): number {
    const t = this.t;
    while (j < end && (t[j * 4]! & 0xff) !== RK.Open) j++;
    return j < end ? j : -1;
  }

  private system(i: number): void {
    const t = this.t;
    const f = this.f;
    const end = t[i * 4 + 2]!;
    for (let j = t[i * 4 + 3]!; j < end; ) {
      const k = j * 4;
      if ((t[k]! & 0xff) !== RK.Open) {
        j++;
        continue;
      }
      const name = this.name(j);
      if (t[k]! & RF.Text) {
        const value = this.scalar(t[k + 3]!, t[k + 2]!);
        f[name] = value;
        this.op(FieldOp.Set, name, value);
      }
      if (t[k]! & RF.AttrText) {
        const attrsEnd = t[k + 3]!;
        for (let a = j + 1; a < attrsEnd; a = t[a * 4 + 2]!) {
          if (!(t[a * 4]! & RF.Text)) continue;
          const key = attrKey(name, this.strings.strings[t[a * 4 + 1]!]!);
          const value = this.scalar(a + 1, t[a * 4 + 2]!);
          f[key] = value;
          this.op(FieldOp.Set, key, value);
        }
      }
      j = t[k + 2]!;
    }
  }

  /** A data name that System already filled (System comes first in a record). */
  private dataKey(key: string, section: string): string {
    return key in this.f && SYSTEM_FIELD.test(key) ? `${section}_${key}` : key;
  }

  private eventData(i: number): void {
    const t = this.t;
    const unnamed: Array<string | number> = [];
    for (let c = this.firstElement(i); c >= 0; c = this.nextElement(i, c)) {
      const k = c * 4;
      if (t[k + 1] !== Known.Data) {
        this.leaves(c, 0, 'EventData');
        continue;
      }
      const name = this.nameAttr(c);
      const value = t[k]! & RF.Elem ? this.flatText(c) : this.scalar(t[k + 3]!, t[k + 2]!);
      const src = this.src;
      if (name >= 0 && t[name * 4]! & RF.Text) {
        const key = this.dataKey(this.attrText(name), 'EventData');
        this.src = src;
        addField(this.f, key, value);
        this.op(FieldOp.Add, key, value);
      } else {
        if (Array.isArray(value)) unnamed.push(...value);
        else unnamed.push(value);
        this.op(FieldOp.Push, '', value);
      }
    }
    if (unnamed.length) addField(this.f, 'Data', unnamed.length === 1 ? unnamed[0]! : unnamed);
    this.op(FieldOp.End, '', undefined);
  }

  /** The first attribute named Name of the element at `i`, or -1. */
  private nameAttr(i: number): number {
    const t = this.t;
    const end = t[i * 4 + 3]!;
    for (let j = i + 1; j < end; j = t[j * 4 + 2]!) if (t[j * 4 + 1] === Known.Name) return j;
    return -1;
  }

  /** joinText of an attribute's value; a template literal is its interned string. */
  private attrText(attr: number): string {
    const t = this.t;
    const from = attr + 1;
    const to = t[attr * 4 + 2]!;
    this.noValues(from, to);
    if (to === from + 1 && (t[from * 4]! & 0xff) === RK.Literal) return this.strings.strings[t[from * 4 + 1]!]!;
    return joinText(textNodes(this.r, from, to));
  }

  /** joinText of an element's content. */
  private joinText(i: number): string {
    this.noValues(this.t[i * 4 + 3]!, this.t[i * 4 + 2]!);
    return joinText(textNodes(this.r, this.t[i * 4 + 3]!, this.t[i * 4 + 2]!));
  }

  /** The text under an element, its child elements' included (attributes not). */
  private flatText(i: number): string {
    const t = this.t;
    const end = t[i * 4 + 2]!;
    this.noValues(t[i * 4 + 3]!, end);
    let s = '';
    for (let j = t[i * 4 + 3]!; j < end; ) {
      const kind = t[j * 4]! & 0xff;
      if (kind === RK.Open) {
        s += this.flatText(j);
        j = t[j * 4 + 2]!;
      } else if (kind === RK.Attr) {
        j = t[j * 4 + 2]!;
      } else {
        s += textOf(textNode(this.r, j));
        j++;
      }
    }
    return s;
  }

  /** Leaf elements by name; the first occurrence of a name wins, later ones join it as an array. */
  private leaves(i: number, depth: number, section: string): void {
    if (depth > 16) return;
    const t = this.t;
    const w = t[i * 4]!;
    if (!(w & RF.Elem)) {
      const key = this.dataKey(this.name(i), section);
      if (w & RF.Text) {
        const value = this.scalar(t[i * 4 + 3]!, t[i * 4 + 2]!);
        addField(this.f, key, value);
        this.op(FieldOp.Add, key, value);
      } else if (!(key in this.f)) {
        this.f[key] = '';
        this.src = -1;
        this.op(FieldOp.Set, key, '');
      }
      return;
    }
    for (let c = this.firstElement(i); c >= 0; c = this.nextElement(i, c)) this.leaves(c, depth + 1, section);
  }

  /**
   * fieldScalar (text.ts) of the content [from, to); one value of a common type is read from its bytes.
   * Sets `src`: the frame slot of that one value when compiling, else -1.
   */
  private scalar(from: number, to: number): FieldScalar {
    const t = this.t;
    let one = -1;
    if (to === from + 1) one = from;
    else {
      for (let j = from; j < to; ) {
        const kind = t[j * 4]! & 0xff;
        if (kind === RK.Open || kind === RK.Attr) {
          j = t[j * 4 + 2]!;
          continue;
        }
        if (one >= 0) {
          one = -2;
          break;
        }
        one = j;
        j++;
      }
    }
    this.src = -1;
    if (one >= 0) {
      const k = one * 4;
      const kind = t[k]! & 0xff;
      if (kind === RK.Literal) return this.strings.strings[t[k + 1]!]!;
      if (kind === RK.Value) {
        if (this.recording) {
          const slot = this.r.origins[one]!;
          if (slot >= 0) this.src = slot;
          else if (slot !== -1) this.compilable = false;
        }
        return this.single(t[k + 1]!, t[k + 2]!, t[k + 3]!);
      }
    }
    this.noValues(from, to);
    return fieldScalar(textNodes(this.r, from, to));
  }

  /** fieldScalar of one value. */
  private single(type: number, off: number, size: number): FieldScalar {
    return this.value(type, off, size) ?? fieldScalar([valueAt(this.b, type, off, size)]);
  }

  /** One value of a common type read from its bytes; undefined for the others (left to text.ts). */
  private value(type: number, off: number, size: number): FieldScalar | undefined {
    const b = this.b;
    switch (type) {
      case VT.String:
      case VT.EvtXml:
        return utf16(b, off, off + (size & ~1));
      case VT.LiteralString:
        return b.toString('utf16le', off, off + size);
      case VT.UInt8:
        return b[off]!;
      case VT.UInt16:
        return b[off]! | (b[off + 1]! << 8);
      case VT.UInt32:
        return u32(b, off);
      case VT.Int32:
        return u32(b, off) | 0;
      case VT.UInt64: {
        const hi = u32(b, off + 4);
        return hi < 0x200000 ? hi * 0x100000000 + u32(b, off) : b.readBigUInt64LE(off).toString();
      }
      case VT.Bool:
        return u32(b, off) !== 0 ? 'true' : 'false';
      case VT.Guid:
        return formatGuid(b, off);
      case VT.FileTime:
        return formatFiletime(u32(b, off), u32(b, off + 4));
      case VT.Sid:
        return formatSid(b, off, size);
      case VT.HexInt32:
        return `0x${u32(b, off).toString(16)}`;
      case VT.HexInt64: {
        const hi = u32(b, off + 4);
        const lo = u32(b, off).toString(16);
        return hi === 0 ? `0x${lo}` : `0x${hi.toString(16)}${lo.padStart(8, '0')}`;
      }
      default:
        return undefined;
    }
  }
}

const reader = new FieldReader();

/** The fields of a record read from its tokens (fields.ts recordFields of its tree). */
export function tokenFields(r: RecordTokens): Fields {
  return reader.fields(r);
}

/** The fields of a record: replayed from its shape when compiled, else read from its tokens. */
export function evtxRecordFields(rec: EvtxRecord): Fields {
  return reader.recordFields(rec);
}
