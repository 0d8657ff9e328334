/**
 * BinXML token stream → node tree (MS-EVEN6 2.2.12; libevtx "Binary XML" notes).
 * All offsets are relative to the start of the 64 KiB chunk, which is where names and template
 * definitions are referenced from. Templates are parsed once per chunk and cached by offset.
 */
import { NULL_VALUE, VT, decodeValue, type Value } from './values.ts';
import type { RAttr } from './resolve.ts';

export const enum Tok {
  EOF = 0x00,
  OpenStart = 0x01,
  CloseStart = 0x02,
  CloseEmpty = 0x03,
  End = 0x04,
  Value = 0x05,
  Attribute = 0x06,
  CData = 0x07,
  CharRef = 0x08,
  EntityRef = 0x09,
  PITarget = 0x0a,
  PIData = 0x0b,
  TemplateInstance = 0x0c,
  NormalSub = 0x0d,
  OptionalSub = 0x0e,
  FragmentHeader = 0x0f,
  MoreFlag = 0x40,
}

export interface Element {
  k: 0;
  name: string;
  attrs: Attr[];
  children: Node[];
}
export interface Attr {
  name: string;
  value: Node[];
  /** the resolved attribute when its value is literal (shared by every record; resolve.ts) */
  literal?: RAttr | null;
}
export interface ValueNode {
  k: 1;
  value: Value;
}
export interface SubNode {
  k: 2;
  index: number;
  type: number;
  optional: boolean;
}
export interface CharRefNode {
  k: 3;
  ch: number;
}
export interface EntityRefNode {
  k: 4;
  name: string;
}
export interface CDataNode {
  k: 5;
  text: string;
}
export interface PINode {
  k: 6;
  target: string;
  data: string;
}
export interface TemplateInstance {
  k: 7;
  template: Template;
  values: Value[];
}
export type Node = Element | ValueNode | SubNode | CharRefNode | EntityRefNode | CDataNode | PINode | TemplateInstance;
export type Fragment = Node[];

export interface Template {
  offset: number;
  guid: string;
  nodes: Node[];
  /** nodes it expands to, substitution values aside (memoized by resolve.ts; Infinity for a cycle) */
  cost?: number;
}

export class BinXmlError extends Error {
  constructor(
    readonly reason: string,
    readonly offset: number,
  ) {
    super(`${reason} at chunk offset 0x${offset.toString(16)}`);
  }
}

const MAX_DEPTH = 48;
const MAX_VALUES = 4096;

/** Parser state for one chunk: its bytes, and its name and template caches. */
export class ChunkContext {
  readonly names = new Map<number, string>();
  readonly templates = new Map<number, Template>();
  private templateDepth = 0;

  constructor(readonly b: Buffer) {}

  /** A name structure at `off`: next(4) hash(2) count(2) utf16[count] nul(2). Returns the name and its byte length. */
  private nameAt(off: number): [string, number] {
    const b = this.b;
    if (off + 8 > b.length) throw new BinXmlError('name_out_of_bounds', off);
    const count = b.readUInt16LE(off + 6);
    const end = off + 8 + count * 2;
    if (end > b.length) throw new BinXmlError('name_out_of_bounds', off);
    const cached = this.names.get(off);
    if (cached !== undefined) return [cached, count * 2 + 10];
    const name = b.toString('utf16le', off + 8, end);
    this.names.set(off, name);
    return [name, count * 2 + 10];
  }

  /** Reads a name reference at `pos`; an inline name (offset == position after the field) is skipped over. */
  readNameRef(pos: number): [string, number] {
    const b = this.b;
    if (pos + 4 > b.length) throw new BinXmlError('truncated_name_ref', pos);
    const off = b.readUInt32LE(pos);
    pos += 4;
    if (off === pos) {
      const [name, len] = this.nameAt(off);
      return [name, pos + len];
    }
    if (off >= b.length) throw new BinXmlError('name_out_of_bounds', pos - 4);
    return [this.nameAt(off)[0], pos];
  }

  /** Template definition header at `off`: next(4) guid(16) size(4), then the fragment. */
  templateAt(off: number): { template: Template; end: number } {
    const b = this.b;
    if (off + 24 > b.length) throw new BinXmlError('template_out_of_bounds', off);
    const size = b.readUInt32LE(off + 20);
    const start = off + 24;
    const end = start + size;
    if (end > b.length) throw new BinXmlError('template_out_of_bounds', off);
    const cached = this.templates.get(off);
    if (cached) return { template: cached, end };
    if (++this.templateDepth > 8) throw new BinXmlError('template_recursion', off);
    try {
      const template: Template = { offset: off, guid: guidText(b, off + 4), nodes: [] };
      this.templates.set(off, template); // guards against self-reference while parsing
      template.nodes = this.parseFragment(start, end, true, 0).nodes;
      return { template, end };
    } catch (e) {
      this.templates.delete(off);
      throw e;
    } finally {
      this.templateDepth--;
    }
  }

  /**
   * Parses tokens from `pos` up to `end` (or an EOF token). `inTemplate` selects the element header
   * layout: template definitions carry a 2-byte dependency id that nested BinXML values omit.
   */
  parseFragment(pos: number, end: number, inTemplate: boolean, depth: number): { nodes: Node[]; pos: number } {
    if (depth > MAX_DEPTH) throw new BinXmlError('nesting_too_deep', pos);
    const b = this.b;
    const top: Node[] = [];
    const stack: Element[] = [];
    let attr: Attr | null = null;
    const append = (n: Node): void => {
      if (attr) attr.value.push(n);
      else if (stack.length) stack[stack.length - 1]!.children.push(n);
      else top.push(n);
    };
    while (pos < end) {
      const tok = b[pos]!;
      const base = tok & ~Tok.MoreFlag;
      switch (base) {
        case Tok.EOF:
          return { nodes: top, pos: pos + 1 };
        case Tok.FragmentHeader:
          pos += 4;
          break;
        case Tok.OpenStart: {
          let p = pos + 1 + (inTemplate ? 2 : 0) + 4;
          const [name, np] = this.readNameRef(p);
          p = np;
          if (tok & Tok.MoreFlag) p += 4;
          const el: Element = { k: 0, name, attrs: [], children: [] };
          attr = null;
          append(el);
          if (stack.length >= MAX_DEPTH) throw new BinXmlError('nesting_too_deep', pos);
          stack.push(el);
          pos = p;
          break;
        }
        case Tok.CloseStart:
          attr = null;
          pos += 1;
          break;
        case Tok.CloseEmpty:
        case Tok.End:
          attr = null;
          if (!stack.length) throw new BinXmlError('unbalanced_end', pos);
          stack.pop();
          pos += 1;
          break;
        case Tok.Attribute: {
          const el = stack[stack.length - 1];
          if (!el) throw new BinXmlError('attribute_outside_element', pos);
          const [name, np] = this.readNameRef(pos + 1);
          attr = { name, value: [] };
          el.attrs.push(attr);
          pos = np;
          break;
        }
        case Tok.Value: {
          if (pos + 2 > end) throw new BinXmlError('truncated_value', pos);
          const t = b[pos + 1]!;
          if (t === VT.String) {
            if (pos + 4 > end) throw new BinXmlError('truncated_value', pos);
            const n = b.readUInt16LE(pos + 2) * 2;
            if (pos + 4 + n > end) throw new BinXmlError('truncated_value', pos);
            append({ k: 1, value: { t: VT.String, v: b.toString('utf16le', pos + 4, pos + 4 + n) } });
            pos += 4 + n;
          } else {
            throw new BinXmlError('unsupported_value_token_type', pos);
          }
          break;
        }
        case Tok.CData: {
          const n = b.readUInt16LE(pos + 1) * 2;
          if (pos + 3 + n > end) throw new BinXmlError('truncated_cdata', pos);
          append({ k: 5, text: b.toString('utf16le', pos + 3, pos + 3 + n) });
          pos += 3 + n;
          break;
        }
        case Tok.CharRef:
          if (pos + 3 > end) throw new BinXmlError('truncated_charref', pos);
          append({ k: 3, ch: b.readUInt16LE(pos + 1) });
          pos += 3;
          break;
        case Tok.EntityRef: {
          const [name, np] = this.readNameRef(pos + 1);
          append({ k: 4, name });
          pos = np;
          break;
        }
        case Tok.PITarget: {
          const [target, np] = this.readNameRef(pos + 1);
          pos = np;
          let data = '';
          if (b[pos] === Tok.PIData) {
            const n = b.readUInt16LE(pos + 1) * 2;
            data = b.toString('utf16le', pos + 3, Math.min(pos + 3 + n, end));
            pos += 3 + n;
          }
          append({ k: 6, target, data });
          break;
        }
        case Tok.NormalSub:
        case Tok.OptionalSub:
          if (pos + 4 > end) throw new BinXmlError('truncated_substitution', pos);
          append({ k: 2, index: b.readUInt16LE(pos + 1), type: b[pos + 3]!, optional: base === Tok.OptionalSub });
          pos += 4;
          break;
        case Tok.TemplateInstance: {
          const r = this.parseTemplateInstance(pos, end, depth);
          append(r.node);
          pos = r.pos;
          break;
        }
        default:
          throw new BinXmlError('unknown_token', pos);
      }
    }
    return { nodes: top, pos };
  }

  parseTemplateInstance(pos: number, end: number, depth: number): { node: TemplateInstance; pos: number } {
    const b = this.b;
    if (pos + 10 > end) throw new BinXmlError('truncated_template_instance', pos);
    const defOff = b.readUInt32LE(pos + 6);
    let p = pos + 10;
    let template: Template;
    if (defOff === p) {
      const r = this.templateAt(defOff);
      template = r.template;
      p = r.end;
    } else {
      if (defOff >= p && defOff < end) throw new BinXmlError('template_forward_reference', pos);
      template = this.templateAt(defOff).template;
    }
    if (p + 4 > end) throw new BinXmlError('truncated_template_instance', p);
    const count = b.readUInt32LE(p);
    p += 4;
    if (count > MAX_VALUES || p + count * 4 > end) throw new BinXmlError('bad_substitution_count', p - 4);
    const descStart = p;
    p += count * 4;
    const values: Value[] = new Array(count);
    for (let i = 0; i < count; i++) {
      const size = b.readUInt16LE(descStart + i * 4);
      const type = b[descStart + i * 4 + 2]!;
      if (p + size > end) throw new BinXmlError('truncated_substitution_value', p);
      if (
        type === VT.Null ||
        (size === 0 && type !== VT.String && type !== VT.AnsiString && type !== VT.Binary && !(type & VT.ArrayFlag))
      ) {
        values[i] = NULL_VALUE;
      } else if (type === VT.BinXml) {
        const frag = this.parseFragment(p, p + size, false, depth + 1).nodes;
        values[i] = { t: VT.BinXml, v: frag };
      } else {
        const v = decodeValue(type, b, p, size);
        values[i] = v ?? { t: VT.Binary, v: b.toString('hex', p, p + size).toUpperCase() };
      }
      p += size;
    }
    return { node: { k: 7, template, values }, pos: p };
  }
}

function guidText(b: Buffer, o: number): string {
  return b.toString('hex', o, o + 16);
}
