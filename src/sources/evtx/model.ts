/**
 * Shared vocabulary of the EVTX reader (the Rust `evtx` crate keeps its `model/` the same way): value
 * types, BinXML tokens, the resolved-token layout, the resolved element tree and the parse error. Every
 * other module imports from here, so the parser, the resolver and the renderers import no one in a cycle.
 */

/** BinXML value types (MS-EVEN6 2.2.x / libevtx "value types"). */
export const enum VT {
  Null = 0x00,
  String = 0x01,
  AnsiString = 0x02,
  Int8 = 0x03,
  UInt8 = 0x04,
  Int16 = 0x05,
  UInt16 = 0x06,
  Int32 = 0x07,
  UInt32 = 0x08,
  Int64 = 0x09,
  UInt64 = 0x0a,
  Real32 = 0x0b,
  Real64 = 0x0c,
  Bool = 0x0d,
  Binary = 0x0e,
  Guid = 0x0f,
  SizeT = 0x10,
  FileTime = 0x11,
  SysTime = 0x12,
  Sid = 0x13,
  HexInt32 = 0x14,
  HexInt64 = 0x15,
  EvtHandle = 0x20,
  BinXml = 0x21,
  EvtXml = 0x23,
  ArrayFlag = 0x80,
  /** not a format type: a String value token outside templates (kept as it is, trailing NULs included) */
  LiteralString = 0x101,
}

/** BinXML tokens (MS-EVEN6 2.2.12). */
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

/**
 * Kinds of resolved tokens (tokens.ts). A record resolves to a flat Int32Array, 4 ints a token:
 * [kind | flags << 8, a, b, c]. Offsets are into the chunk buffer: no value is decoded until a renderer
 * asks for it.
 */
export const enum RK {
  /** element: a = name id, b = index of the token after the element, c = index of its first child */
  Open = 1,
  /** attribute: a = name id, b = index of the token after its value; its value tokens follow */
  Attr = 2,
  /** substitution or literal value: a = value type (VT), b = offset, c = byte size */
  Value = 3,
  /** a literal string of a template, interned: a = string id */
  Literal = 4,
  /** character reference: a = code unit */
  CharRef = 5,
  /** entity reference: a = name id */
  EntityRef = 6,
  /** CDATA section: b = offset of its UTF-16 text, c = byte size */
  CData = 7,
}

/** Flags of Open and Attr tokens (bits above the kind), set while a record is resolved. */
export const enum RF {
  /** the element or attribute holds a text token (values that are null are never emitted) */
  Text = 1 << 8,
  /** the element holds a child element */
  Elem = 2 << 8,
  /** one of the element's attributes holds text */
  AttrText = 4 << 8,
  /** an attribute arrived after the element's children began (a tree keeps it, fast renderers defer to the tree) */
  Irregular = 8 << 8,
}

/** A decoded value. `v` depends on the type: see values.ts decodeValue. */
export interface Value {
  t: number;
  v: string | number | bigint | boolean | null | Array<string | number | bigint | boolean>;
}

export const NULL_VALUE: Value = { t: VT.Null, v: null };

/** Type tags of resolved text that is not a value. */
export const enum RT {
  CharRef = -1,
  EntityRef = -2,
  CData = -3,
}
/** Text content: a value, or a char/entity reference or CDATA with a negative type tag. */
export type RText = Value | { t: RT; v: string | number };
export interface RElement {
  name: string;
  attrs: RAttr[];
  children: RNode[];
}
export interface RAttr {
  name: string;
  value: RText[];
}
export type RNode = RElement | RText;

export const isElement = (n: RNode): n is RElement => (n as RElement).attrs !== undefined;

export class BinXmlError extends Error {
  constructor(
    readonly reason: string,
    readonly offset: number,
  ) {
    super(`${reason} at chunk offset 0x${offset.toString(16)}`);
  }
}

/** A record shape (shapes.ts) and what renderers compiled for it (per chunk: templates are per chunk). */
export interface Shape {
  /** nodes a record of this shape counts besides the weights of its values (tokens.ts budgets) */
  baseNodes: number;
  /** frame slots of its substituted values (their weights vary from record to record) */
  refs: Int32Array;
  /** the largest template cost among its instances (the resolver checks nodes + cost before each) */
  maxCost: number;
  /** the compiled JSON (json-tokens.ts); null: the shape cannot be compiled; false: seen once */
  json?: unknown;
  /** the compiled fields (fields-tokens.ts); null: the shape cannot be compiled; false: seen once */
  fields?: unknown;
}
