/**
 * JSON of a record straight from its resolved tokens into output bytes: no element tree, no objects,
 * no JSON.stringify, no second UTF-8 encoding. Byte for byte what render-json.ts makes of the record's
 * tree (the layout of `evtx_dump -o jsonl`): the same rules run on tokens, with element names compared by
 * interned id and written from their cached JSON text.
 *
 * What a JS object would order differently from the document (keys that are array indices, repeated
 * attribute names) and attributes placed after children are rare and odd: such a record is rendered from
 * its tree by render-json.ts, so the output stays identical.
 */
import type { ByteSink } from './byte-sink.ts';
import {
  jsonFiletime,
  jsonGuid,
  jsonHex64,
  jsonHexBytes,
  jsonInt,
  jsonLatin1,
  jsonSid,
  jsonUint,
  jsonUtf16,
  trimNuls16,
} from './json-bytes.ts';
import type { EvtxRecord } from './chunk.ts';
import { RF, RK, type Shape, VT } from './model.ts';
import { recordJson, scalarJson } from './render-json.ts';
import { jsonScalar } from './text.ts';
import { Known, isIndexKey, type StringTable } from './strings.ts';
import type { RecordTokens } from './tokens.ts';
import { recordTree, textNodes, valueAt } from './tree.ts';
import { formatSystemtime } from './values.ts';

/**
 * A compiled shape: its output bytes between values in one buffer (segment i is [ends[i-1], ends[i])),
 * with the frame slots of the values written between segments.
 */
interface CompiledJson {
  bytes: Buffer;
  ends: Int32Array;
  holes: Int32Array;
}

/** Thrown inside the fast path when the record needs its tree (see above). */
const USE_TREE = new Error('use the tree');

const KEY_ATTRIBUTES = Buffer.from('"#attributes":', 'latin1');
const KEY_TEXT = Buffer.from('"#text":', 'latin1');
const NULL = Buffer.from('null', 'latin1');

/**
 * Keys of the JSON objects being written, for the `_1`, `_2` suffixes of repeated names (render-json.ts
 * put). Per nesting depth, interned keys are marked in an array by id with a stamp per object (no
 * allocation per object); other keys (suffixed ones, Data names that are not template literals), and
 * every key of objects nested deeper than DEEP, go to a list.
 */
const DEEP = 16;

class Keys {
  private readonly seen: Int32Array[] = [];
  private stamp = 0;
  private readonly stamps: number[] = [];
  private readonly extra: string[][] = [];
  private readonly extraLen: number[] = [];
  /** the extra keys of an object that has many (hostile files repeat a name thousands of times) */
  private readonly extraSet: Array<Set<string> | undefined> = [];
  private readonly counts: Array<Map<string, number> | undefined> = [];
  /** keys written so far in the object at each depth */
  readonly size: number[] = [];
  strings!: StringTable;

  /** Starts the object at `depth`. */
  begin(depth: number): void {
    if (this.stamp >= 0x3fffffff) {
      for (const seen of this.seen) seen?.fill(0);
      this.stamp = 0;
    }
    this.stamps[depth] = ++this.stamp;
    this.extraSet[depth] = undefined;
    this.size[depth] = 0;
    this.counts[depth] = undefined;
    this.extraLen[depth] = 0;
  }

  has(depth: number, s: string, id: number): boolean {
    if (depth < DEEP) {
      if (id < 0) id = this.strings.idOf(s);
      if (id >= 0) {
        const seen = this.seen[depth];
        return seen !== undefined && id < seen.length && seen[id] === this.stamps[depth];
      }
    }
    const set = this.extraSet[depth];
    if (set) return set.has(s);
    const list = this.extra[depth];
    const n = this.extraLen[depth]!;
    for (let i = 0; i < n; i++) if (list![i] === s) return true;
    return false;
  }

  add(depth: number, s: string, id: number): void {
    this.size[depth]!++;
    if (depth < DEEP) {
      if (id < 0) id = this.strings.idOf(s);
      if (id >= 0) {
        let seen = this.seen[depth];
        if (seen === undefined || id >= seen.length) {
          const next = new Int32Array(Math.max(seen ? seen.length * 2 : 256, id + 1));
          if (seen) next.set(seen);
          this.seen[depth] = seen = next;
        }
        seen[id] = this.stamps[depth]!;
        return;
      }
    }
    const set = this.extraSet[depth];
    if (set) {
      set.add(s);
      return;
    }
    let list = this.extra[depth];
    if (!list) this.extra[depth] = list = [];
    const n = this.extraLen[depth]!;
    list[n] = s;
    this.extraLen[depth] = n + 1;
    if (n >= 16) this.extraSet[depth] = new Set(list.slice(0, n + 1));
  }

  /** The key to write for `s` when it is taken: `s_N` with the first free N (counted per key). */
  suffixed(depth: number, s: string): string {
    let counts = this.counts[depth];
    if (!counts) this.counts[depth] = counts = new Map();
    let n = counts.get(s) ?? 1;
    while (this.has(depth, `${s}_${n}`, -1)) n++;
    counts.set(s, n + 1);
    return `${s}_${n}`;
  }
}

/** Renders records of one reader; keeps its scratch between records. */
export class JsonRenderer {
  private t: Int32Array = new Int32Array(0);
  private b: Buffer = Buffer.alloc(0);
  private strings!: StringTable;
  private out!: ByteSink;
  private r!: RecordTokens;
  private readonly keys = new Keys();
  /** the interned id of the last keyText, or -1 */
  private keyId = -1;
  /** compiling a shape: output so far in segments, frame slots of the values between them */
  private recording = false;
  private compilable = false;
  private readonly holes: number[] = [];
  /** where each value's output begins and ends */
  private readonly holeAt: number[] = [];

  /** Appends the record's JSON (without a line end) to `out`. */
  /**
   * Appends the record's JSON (without a line end) to `out`. A record whose shape was compiled is filled
   * in from its values; the second record of a shape is rendered from its tokens and compiles the shape.
   */
  write(rec: EvtxRecord, out: ByteSink): void {
    const shape = rec.shape;
    if (shape) {
      const compiled = shape.json as CompiledJson | null | false | undefined;
      if (compiled) {
        this.fill(compiled, rec, out);
        return;
      }
      if (compiled === false || (compiled === undefined && rec.shapesRepeat)) {
        this.compile(shape, rec.tokens, out);
        return;
      }
      // compiled when the shape comes again: in some logs most shapes of a chunk have one record
      if (compiled === undefined) shape.json = false;
    }
    this.writeTokens(rec.tokens, out);
  }

  /** The record's JSON rendered from its tokens. */
  writeTokens(r: RecordTokens, out: ByteSink): void {
    const start = out.pos;
    if (!r.irregular) {
      try {
        this.record(r, out);
        return;
      } catch (e) {
        if (e !== USE_TREE) throw e;
        out.pos = start;
      }
    }
    this.compilable = false;
    out.raw(recordJson(recordTree(r)!));
  }

  /**
   * Renders a record from its tokens while taking down the output between its values: what records of
   * the same shape share. A value whose text is not the whole of a JSON value (joined with other text,
   * or a Data name) makes the shape not compilable.
   */
  private compile(shape: Shape, r: RecordTokens, out: ByteSink): void {
    const start = out.pos;
    this.recording = true;
    this.compilable = true;
    this.holes.length = 0;
    this.holeAt.length = 0;
    try {
      this.writeTokens(r, out);
    } finally {
      this.recording = false;
    }
    if (!this.compilable) {
      shape.json = null;
      return;
    }
    // the output without the values' bytes, and where each value went
    const holes = this.holes;
    const ends = new Int32Array(holes.length + 1);
    const bytes = Buffer.allocUnsafe(out.pos - start);
    let n = 0;
    let from = start;
    for (let i = 0; i <= holes.length; i++) {
      const to = i < holes.length ? this.holeAt[2 * i]! : out.pos;
      n += out.buf.copy(bytes, n, from, to);
      ends[i] = n;
      if (i < holes.length) from = this.holeAt[2 * i + 1]!;
    }
    shape.json = { bytes: bytes.subarray(0, n), ends, holes: new Int32Array(holes) } satisfies CompiledJson;
  }

  /** A record of a compiled shape: the shared output with its values written in. */
  private fill(compiled: CompiledJson, rec: EvtxRecord, out: ByteSink): void {
    const { bytes, ends, holes } = compiled;
    const frames = rec.frames;
    this.b = rec.b;
    this.out = out;
    let from = 0;
    for (let i = 0; i < holes.length; i++) {
      out.slice(bytes, from, ends[i]!);
      from = ends[i]!;
      const k = holes[i]!;
      this.single(frames[k]!, frames[k + 1]!, frames[k + 2]!);
    }
    out.slice(bytes, from, ends[holes.length]!);
  }

  /** The JSON of one value (scalar's single-value case). */
  private single(type: number, off: number, size: number): void {
    if (this.value(type, off, size)) return;
    const v = scalarJson([valueAt(this.b, type, off, size)]);
    this.out.raw(typeof v === 'bigint' ? v.toString() : JSON.stringify(v));
  }

  /** While compiling: a value at frame slot `slot` is written next. */
  private hole(slot: number): void {
    this.holes.push(slot);
    this.holeAt.push(this.out.pos, -1);
  }

  /** While compiling: content [from, to) is written as a whole; values in it make the shape not compilable. */
  private noValues(from: number, to: number): void {
    const origins = this.r.origins;
    for (let j = from; j < to; j++) if (origins[j] !== -1) this.compilable = false;
  }

  private record(r: RecordTokens, out: ByteSink): void {
    this.r = r;
    this.t = r.t;
    this.b = r.b;
    this.strings = r.strings;
    this.keys.strings = r.strings;
    this.out = out;
    const root = r.root;
    out.byte(0x7b);
    out.bytes(this.strings.json(this.t[root * 4 + 1]!));
    out.byte(0x3a);
    this.element(root, false, 0);
    out.byte(0x7d);
  }

  /** elementValue of render-json.ts. */
  private element(i: number, container: boolean, depth: number): void {
    const w = this.t[i * 4]!;
    if ((w & (RF.Elem | RF.AttrText)) === 0) {
      if (w & RF.Text) this.scalar(this.t[i * 4 + 3]!, this.t[i * 4 + 2]!);
      else this.out.bytes(NULL);
      return;
    }
    this.body(i, container, (w & RF.AttrText) !== 0, (w & RF.Text) !== 0, depth);
  }

  /** dataValue of render-json.ts. */
  private data(i: number, depth: number): void {
    const w = this.t[i * 4]!;
    if (w & RF.Elem) this.body(i, false, (w & RF.AttrText) !== 0, (w & RF.Text) !== 0, depth);
    else if (w & RF.Text) this.scalar(this.t[i * 4 + 3]!, this.t[i * 4 + 2]!);
    else this.out.bytes(NULL);
  }

  private body(i: number, container: boolean, attrs: boolean, text: boolean, depth: number): void {
    const t = this.t;
    const out = this.out;
    const keys = this.keys;
    keys.begin(depth);
    out.byte(0x7b);
    if (attrs) {
      out.bytes(KEY_ATTRIBUTES);
      this.attributes(i);
      keys.add(depth, '#attributes', Known.AttributesKey);
    }
    if (text) {
      if (attrs) out.byte(0x2c);
      out.bytes(KEY_TEXT);
      this.scalar(t[i * 4 + 3]!, t[i * 4 + 2]!);
      keys.add(depth, '#text', Known.TextKey);
    }
    if (container) this.containerBody(i, depth);
    else {
      const end = t[i * 4 + 2]!;
      for (let j = t[i * 4 + 3]!; j < end; ) {
        const k = j * 4;
        if ((t[k]! & 0xff) === RK.Open) {
          const name = t[k + 1]!;
          this.key(depth, this.strings.strings[name]!, name);
          this.element(j, name === Known.EventData || name === Known.UserData, depth + 1);
          j = t[k + 2]!;
        } else j++;
      }
    }
    out.byte(0x7d);
  }

  private attributes(i: number): void {
    const t = this.t;
    const out = this.out;
    const end = t[i * 4 + 3]!;
    out.byte(0x7b);
    let first = -1;
    for (let j = i + 1; j < end; j = t[j * 4 + 2]!) {
      const k = j * 4;
      if (!(t[k]! & RF.Text)) continue;
      const name = t[k + 1]!;
      if (this.strings.isIndexKey(name)) throw USE_TREE;
      if (first < 0) first = j;
      else {
        for (let x = first; x < j; x = t[x * 4 + 2]!) if (t[x * 4 + 1] === name && t[x * 4]! & RF.Text) throw USE_TREE;
        out.byte(0x2c);
      }
      out.bytes(this.strings.json(name));
      out.byte(0x3a);
      this.scalar(j + 1, t[k + 2]!);
    }
    out.byte(0x7d);
  }

  /** `"key":` for the object at `depth` (`id`: the key's interned id or -1); `key_N` when it is taken. */
  private key(depth: number, s: string, id: number): void {
    const keys = this.keys;
    const out = this.out;
    if (keys.size[depth]! > 0) out.byte(0x2c);
    if (!keys.has(depth, s, id)) {
      if (id >= 0 ? this.strings.isIndexKey(id) : isIndexKey(s)) throw USE_TREE;
      keys.add(depth, s, id);
      if (id >= 0) out.bytes(this.strings.json(id));
      else out.raw(JSON.stringify(s));
    } else {
      const key = keys.suffixed(depth, s);
      keys.add(depth, key, -1);
      out.raw(JSON.stringify(key));
    }
    out.byte(0x3a);
  }

  /** EventData/UserData: Data elements by their Name, or gathered under Data.#text when none has one. */
  private containerBody(i: number, depth: number): void {
    const t = this.t;
    const out = this.out;
    const start = t[i * 4 + 3]!;
    const end = t[i * 4 + 2]!;
    let flatten = false;
    let positional = 0;
    for (let j = start; j < end; ) {
      const k = j * 4;
      if ((t[k]! & 0xff) !== RK.Open) {
        j++;
        continue;
      }
      if (t[k + 1] === Known.Data) {
        const name = this.nameAttr(j);
        if (name >= 0 && t[name * 4]! & RF.Text) flatten = true;
        positional++;
      }
      j = t[k + 2]!;
    }
    let positionalDone = false;
    for (let j = start; j < end; ) {
      const k = j * 4;
      if ((t[k]! & 0xff) !== RK.Open) {
        j++;
        continue;
      }
      const name = t[k + 1]!;
      if (name === Known.Data) {
        if (flatten) {
          const na = this.nameAttr(j);
          if (na >= 0 && t[na * 4]! & RF.Text) {
            const key = this.keyText(na);
            this.key(depth, key, this.keyId);
            this.data(j, depth + 1);
          }
        } else if (!positionalDone) {
          positionalDone = true;
          this.key(depth, 'Data', Known.Data);
          out.byte(0x7b);
          out.bytes(KEY_TEXT);
          if (positional === 1) this.data(j, depth + 1);
          else this.positionalTexts(j, end, depth + 1);
          out.byte(0x7d);
        }
      } else {
        this.key(depth, this.strings.strings[name]!, name);
        this.element(j, name === Known.EventData || name === Known.UserData, depth + 1);
      }
      j = t[k + 2]!;
    }
  }

  /** The texts of the Data elements that have any, as a JSON array (render-json.ts containerBody). */
  private positionalTexts(from: number, end: number, depth: number): void {
    const t = this.t;
    const out = this.out;
    out.byte(0x5b);
    let first = true;
    for (let j = from; j < end; ) {
      const k = j * 4;
      if ((t[k]! & 0xff) !== RK.Open) {
        j++;
        continue;
      }
      if (t[k + 1] === Known.Data && t[k]! & (RF.Text | RF.Elem)) {
        if (!first) out.byte(0x2c);
        first = false;
        this.data(j, depth);
      }
      j = t[k + 2]!;
    }
    out.byte(0x5d);
  }

  /** The first attribute named Name of the element at `i`, or -1. */
  private nameAttr(i: number): number {
    const t = this.t;
    const end = t[i * 4 + 3]!;
    for (let j = i + 1; j < end; j = t[j * 4 + 2]!) if (t[j * 4 + 1] === Known.Name) return j;
    return -1;
  }

  /** keyText of render-json.ts: the text of an attribute's value. */
  private keyText(attr: number): string {
    const t = this.t;
    this.keyId = -1;
    const from = attr + 1;
    const to = t[attr * 4 + 2]!;
    if (this.recording) this.noValues(from, to);
    if (to === from + 1) {
      const k = from * 4;
      const kind = t[k]! & 0xff;
      if (kind === RK.Literal) {
        this.keyId = t[k + 1]!;
        return this.strings.strings[this.keyId]!;
      }
      if (kind === RK.Value && t[k + 1] === VT.String) {
        const off = t[k + 2]!;
        return this.b.toString('utf16le', off, trimNuls16(this.b, off, off + (t[k + 3]! & ~1)));
      }
    }
    const v = jsonScalar(textNodes(this.r, from, to));
    return typeof v === 'string' ? v : String(v);
  }

  /**
   * JSON of the content [from, to): a typed value when it is one number, bool, real or array, else its
   * text (render-json.ts scalar). One value of a common type is written from its bytes.
   */
  private scalar(from: number, to: number): void {
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
    if (one >= 0) {
      const k = one * 4;
      const kind = t[k]! & 0xff;
      if (kind === RK.Literal) {
        this.out.bytes(this.strings.json(t[k + 1]!));
        return;
      }
      if (kind === RK.Value) {
        const slot = this.recording ? this.r.origins[one]! : -1;
        if (slot >= 0) this.hole(slot);
        else if (slot !== -1) this.compilable = false;
        this.single(t[k + 1]!, t[k + 2]!, t[k + 3]!);
        if (slot >= 0) this.holeAt[this.holeAt.length - 1] = this.out.pos;
        return;
      }
    }
    if (this.recording) this.noValues(from, to);
    const v = scalarJson(textNodes(this.r, from, to));
    this.out.raw(typeof v === 'bigint' ? v.toString() : JSON.stringify(v));
  }

  /** One value of a common type written from its bytes; false for the others (left to render-json.ts). */
  private value(type: number, off: number, size: number): boolean {
    const b = this.b;
    const out = this.out;
    switch (type) {
      case VT.String:
      case VT.EvtXml:
        jsonUtf16(out, b, off, trimNuls16(b, off, off + (size & ~1)));
        return true;
      case VT.LiteralString:
        jsonUtf16(out, b, off, off + size);
        return true;
      case VT.AnsiString: {
        let e = off + size;
        while (e > off && b[e - 1] === 0) e--;
        jsonLatin1(out, b, off, e);
        return true;
      }
      case VT.UInt8:
        jsonUint(out, b[off]!);
        return true;
      case VT.Int8:
        jsonInt(out, (b[off]! << 24) >> 24);
        return true;
      case VT.UInt16:
        jsonUint(out, b[off]! | (b[off + 1]! << 8));
        return true;
      case VT.Int16:
        jsonInt(out, ((b[off]! | (b[off + 1]! << 8)) << 16) >> 16);
        return true;
      case VT.UInt32:
        jsonUint(out, u32(b, off));
        return true;
      case VT.Int32:
        jsonInt(out, u32(b, off) | 0);
        return true;
      case VT.UInt64: {
        const hi = u32(b, off + 4);
        if (hi < 0x200000) jsonUint(out, hi * 0x100000000 + u32(b, off));
        else out.ascii(b.readBigUInt64LE(off).toString());
        return true;
      }
      case VT.Int64: {
        const hi = u32(b, off + 4) | 0;
        if (hi < 0x200000 && hi > -0x200000) jsonInt(out, hi * 0x100000000 + u32(b, off));
        else out.ascii(b.readBigInt64LE(off).toString());
        return true;
      }
      case VT.Bool:
        out.ascii(u32(b, off) !== 0 ? 'true' : 'false');
        return true;
      case VT.Binary:
        jsonHexBytes(out, b, off, off + size);
        return true;
      case VT.Guid:
        jsonGuid(out, b, off);
        return true;
      case VT.FileTime:
        jsonFiletime(out, u32(b, off), u32(b, off + 4));
        return true;
      case VT.SysTime:
        out.raw(JSON.stringify(formatSystemtime(b, off)));
        return true;
      case VT.Sid:
        jsonSid(out, b, off, size);
        return true;
      case VT.HexInt32:
        jsonHex64(out, u32(b, off), 0);
        return true;
      case VT.HexInt64:
        jsonHex64(out, u32(b, off), u32(b, off + 4));
        return true;
      case VT.SizeT:
        jsonHex64(out, u32(b, off), size === 8 ? u32(b, off + 4) : 0);
        return true;
      default:
        return false;
    }
  }
}

/** Little-endian unsigned 32-bit integer (bounds were checked when the record was resolved). */
const u32 = (b: Buffer, o: number): number => (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
