/**
 * One 64 KiB chunk being written: records, their BinXML, and the chunk's name and template tables.
 * Laid out as Windows does (MS-EVEN6; libevtx's format notes): a name or template definition is
 * written inline at its first use in the chunk and referenced by offset afterwards; the header's
 * 64 name buckets (by name hash) and 32 template buckets chain the definitions through their
 * `next` fields, newest first.
 */
import { crc32 } from 'node:zlib';
import { KonsekiError } from '../../core/issue.ts';
import { VT } from './model.ts';
import type { EncodedValue } from './writer-values.ts';
import { CHUNK_HEADER_SIZE, CHUNK_SIZE } from './reader.ts';

/** Template content: elements with literal or substituted attribute values and children. */
export type TNode =
  | { k: 'el'; name: string; attrs: TAttr[]; children: TNode[] }
  | { k: 'text'; text: string }
  | { k: 'sub'; index: number; vt: number; optional: boolean };
export interface TAttr {
  name: string;
  value: TNode;
}
export interface TemplateSpec {
  guid: Buffer;
  nodes: TNode[];
}
/** A template instance: the template and its substitution values (a nested instance is a BinXML value). */
export interface Instance {
  template: TemplateSpec;
  values: Array<EncodedValue | Instance>;
}

const isInstance = (v: EncodedValue | Instance): v is Instance => (v as Instance).template !== undefined;

/** Thrown inside a record when the chunk is full; the record is rolled back and goes to a new chunk. */
class ChunkFull extends Error {}

/** Windows' name hash: h = h * 65599 + code unit, low 16 bits kept. */
export function nameHash(name: string): number {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (Math.imul(h, 65599) + name.charCodeAt(i)) >>> 0;
  return h & 0xffff;
}

interface Journal {
  names: string[];
  templates: string[];
  nameHeads: Uint32Array;
  templateHeads: Uint32Array;
}

export class ChunkBuilder {
  readonly buf = Buffer.alloc(CHUNK_SIZE);
  private pos = CHUNK_HEADER_SIZE;
  private readonly names = new Map<string, number>();
  private readonly templates = new Map<string, number>();
  private nameHeads: Uint32Array = new Uint32Array(64);
  private templateHeads: Uint32Array = new Uint32Array(32);
  private journal: Journal | undefined;
  private firstId = 0n;
  private lastId = 0n;
  private lastRecordOffset = 0;
  records = 0;

  /** Appends a record; false (and nothing written) when it does not fit in what is left of the chunk. */
  tryAddRecord(id: bigint, filetime: bigint, body: Instance): boolean {
    const start = this.pos;
    this.journal = {
      names: [],
      templates: [],
      nameHeads: this.nameHeads.slice(),
      templateHeads: this.templateHeads.slice(),
    };
    try {
      this.u32(0x00002a2a);
      this.u32(0);
      this.u64(id);
      this.u64(filetime);
      this.bytes(FRAGMENT_HEADER);
      this.instance(body);
      this.u8(0x00);
      // Windows keeps record sizes a multiple of 8 (libevtx stops at a chunk whose last record is not)
      while ((this.pos + 4 - start) % 8) this.u8(0);
      this.u32(this.pos + 4 - start);
      this.buf.writeUInt32LE(this.pos - start, start + 4);
    } catch (e) {
      if (!(e instanceof ChunkFull)) throw e;
      this.rollback(start);
      if (this.records === 0) throw new KonsekiError('evtx.write_record_too_large', { record: String(id) });
      return false;
    }
    if (this.records === 0) this.firstId = id;
    this.lastId = id;
    this.lastRecordOffset = start;
    this.records++;
    return true;
  }

  private rollback(start: number): void {
    const j = this.journal!;
    for (const n of j.names) this.names.delete(n);
    for (const t of j.templates) this.templates.delete(t);
    this.nameHeads = j.nameHeads;
    this.templateHeads = j.templateHeads;
    this.buf.fill(0, start, Math.min(this.pos, CHUNK_SIZE));
    this.pos = start;
  }

  /** The finished chunk: header fields, tables and both checksums filled in. */
  finish(): Buffer {
    const b = this.buf;
    b.write('ElfChnk\0', 0, 'latin1');
    b.writeBigUInt64LE(this.firstId, 8);
    b.writeBigUInt64LE(this.lastId, 16);
    b.writeBigUInt64LE(this.firstId, 24);
    b.writeBigUInt64LE(this.lastId, 32);
    b.writeUInt32LE(128, 40);
    b.writeUInt32LE(this.lastRecordOffset, 44);
    b.writeUInt32LE(this.pos, 48);
    b.writeUInt32LE(crc32(b.subarray(CHUNK_HEADER_SIZE, this.pos)) >>> 0, 52);
    for (let i = 0; i < 64; i++) b.writeUInt32LE(this.nameHeads[i]!, 128 + i * 4);
    for (let i = 0; i < 32; i++) b.writeUInt32LE(this.templateHeads[i]!, 384 + i * 4);
    b.writeUInt32LE(crc32(Buffer.concat([b.subarray(0, 120), b.subarray(128, CHUNK_HEADER_SIZE)])) >>> 0, 124);
    return b;
  }

  private room(n: number): void {
    if (this.pos + n > CHUNK_SIZE) throw new ChunkFull();
  }
  private u8(v: number): void {
    this.room(1);
    this.buf[this.pos++] = v;
  }
  private u16(v: number): void {
    this.room(2);
    this.buf.writeUInt16LE(v, this.pos);
    this.pos += 2;
  }
  private u32(v: number): void {
    this.room(4);
    this.buf.writeUInt32LE(v >>> 0, this.pos);
    this.pos += 4;
  }
  private u64(v: bigint): void {
    this.room(8);
    this.buf.writeBigUInt64LE(v, this.pos);
    this.pos += 8;
  }
  private bytes(src: Uint8Array): void {
    this.room(src.length);
    this.buf.set(src, this.pos);
    this.pos += src.length;
  }
  private utf16(s: string): void {
    this.room(s.length * 2);
    this.pos += this.buf.write(s, this.pos, 'utf16le');
  }

  private instance(inst: Instance): void {
    const guid = inst.template.guid;
    this.u8(0x0c);
    this.u8(0x01);
    this.bytes(guid.subarray(0, 4));
    const key = guid.toString('hex');
    const known = this.templates.get(key);
    if (known !== undefined) {
      this.u32(known);
    } else {
      const defOff = this.pos + 4;
      this.u32(defOff);
      const bucket = guid.readUInt32LE(0) % 32;
      this.u32(this.templateHeads[bucket]!);
      this.bytes(guid);
      const sizeAt = this.pos;
      this.u32(0);
      this.bytes(FRAGMENT_HEADER);
      for (const n of inst.template.nodes) this.node(n);
      this.u8(0x00);
      this.buf.writeUInt32LE(this.pos - sizeAt - 4, sizeAt);
      this.templateHeads[bucket] = defOff;
      this.templates.set(key, defOff);
      this.journal!.templates.push(key);
    }
    const values = inst.values;
    this.u32(values.length);
    const descAt = this.pos;
    this.room(values.length * 4);
    this.pos += values.length * 4;
    values.forEach((v, i) => {
      const start = this.pos;
      let vt: number;
      if (isInstance(v)) {
        vt = VT.BinXml;
        this.bytes(FRAGMENT_HEADER);
        this.instance(v);
      } else {
        vt = v.vt;
        this.bytes(v.bytes);
      }
      const size = this.pos - start;
      if (size > 0xffff)
        throw new KonsekiError('evtx.write_record_too_large', { record: `value ${i} (${size} bytes)` });
      this.buf.writeUInt16LE(size, descAt + i * 4);
      this.buf[descAt + i * 4 + 2] = vt;
      this.buf[descAt + i * 4 + 3] = 0;
    });
  }

  private node(n: TNode): void {
    switch (n.k) {
      case 'text':
        if (n.text.length > 0xffff)
          throw new KonsekiError('evtx.write_record_too_large', { record: `text of ${n.text.length} characters` });
        this.u8(0x05);
        this.u8(VT.String);
        this.u16(n.text.length);
        this.utf16(n.text);
        return;
      case 'sub':
        this.u8(n.optional ? 0x0e : 0x0d);
        this.u16(n.index);
        this.u8(n.vt);
        return;
      case 'el': {
        const hasAttrs = n.attrs.length > 0;
        this.u8(hasAttrs ? 0x41 : 0x01);
        this.u16(0xffff);
        const sizeAt = this.pos;
        this.u32(0);
        this.nameRef(n.name);
        if (hasAttrs) {
          const listAt = this.pos;
          this.u32(0);
          n.attrs.forEach((a, i) => {
            this.u8(i < n.attrs.length - 1 ? 0x46 : 0x06);
            this.nameRef(a.name);
            this.node(a.value);
          });
          this.buf.writeUInt32LE(this.pos - listAt - 4, listAt);
        }
        if (n.children.length) {
          this.u8(0x02);
          for (const c of n.children) this.node(c);
          this.u8(0x04);
        } else {
          this.u8(0x03);
        }
        this.buf.writeUInt32LE(this.pos - sizeAt - 4, sizeAt);
      }
    }
  }

  /** A name reference; the name itself follows inline the first time the chunk uses it. */
  private nameRef(name: string): void {
    const known = this.names.get(name);
    if (known !== undefined) {
      this.u32(known);
      return;
    }
    if (name.length > 0xffff)
      throw new KonsekiError('evtx.write_record_too_large', { record: `name of ${name.length} characters` });
    const off = this.pos + 4;
    this.u32(off);
    const hash = nameHash(name);
    const bucket = hash % 64;
    this.u32(this.nameHeads[bucket]!);
    this.u16(hash);
    this.u16(name.length);
    this.utf16(name);
    this.u16(0);
    this.nameHeads[bucket] = off;
    this.names.set(name, off);
    this.journal!.names.push(name);
  }
}

const FRAGMENT_HEADER = Uint8Array.of(0x0f, 0x01, 0x01, 0x00);
