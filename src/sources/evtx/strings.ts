/**
 * Interned names and template literals of one reader: element and attribute names, entity names and the
 * literal strings of templates get a small integer id, so that resolved tokens carry ints, renderers
 * compare names by id, and each name's JSON text is encoded once, not once per record.
 */

/** Names the renderers look for, interned first so that their ids are constants. */
export const enum Known {
  Data = 0,
  Name = 1,
  EventData = 2,
  UserData = 3,
  System = 4,
  RenderingInfo = 5,
  Event = 6,
  /** JSON keys of the Rust evtx layout */
  AttributesKey = 7,
  TextKey = 8,
}
const KNOWN = ['Data', 'Name', 'EventData', 'UserData', 'System', 'RenderingInfo', 'Event', '#attributes', '#text'];

/** Beyond these, the table starts over at the next chunk (a hostile file cannot grow it without bound). */
const MAX_STRINGS = 1 << 16;
const MAX_CHARS = 1 << 23;

const INDEX_KEY = /^(?:0|[1-9]\d{0,9})$/;

/** A key a JS object keeps ahead of the others (an array index): JSON key order then differs from document order. */
export const isIndexKey = (s: string): boolean => INDEX_KEY.test(s) && Number(s) < 4294967295;

export class StringTable {
  readonly strings: string[] = [];
  private readonly ids = new Map<string, number>();
  /** the string as a JSON string (quotes included), UTF-8; made on first use */
  private readonly jsonBytes: Array<Buffer | undefined> = [];
  /** 1: an array-index key, 0: not, undefined: not yet known */
  private readonly indexKey: Array<number | undefined> = [];
  private chars = 0;

  constructor() {
    this.reset();
  }

  private reset(): void {
    this.strings.length = 0;
    this.jsonBytes.length = 0;
    this.indexKey.length = 0;
    this.ids.clear();
    this.chars = 0;
    for (const k of KNOWN) this.intern(k);
  }

  /** Starts over when the table is full; only between chunks, when no resolved token refers to it. True if it did. */
  trim(): boolean {
    if (this.strings.length <= MAX_STRINGS && this.chars <= MAX_CHARS) return false;
    this.reset();
    return true;
  }

  /** The id of `s` if it is interned, else -1. */
  idOf(s: string): number {
    return this.ids.get(s) ?? -1;
  }

  intern(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(s);
      this.ids.set(s, id);
      this.chars += s.length;
    }
    return id;
  }

  json(id: number): Buffer {
    let b = this.jsonBytes[id];
    if (b === undefined) {
      b = Buffer.from(JSON.stringify(this.strings[id]), 'utf8');
      this.jsonBytes[id] = b;
    }
    return b;
  }

  isIndexKey(id: number): boolean {
    let k = this.indexKey[id];
    if (k === undefined) {
      k = isIndexKey(this.strings[id]!) ? 1 : 0;
      this.indexKey[id] = k;
    }
    return k === 1;
  }
}
