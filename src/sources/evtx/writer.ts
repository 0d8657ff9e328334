/**
 * EVTX writer: events → a valid .evtx file (file header, 64 KiB chunks with their checksums,
 * name and template tables, BinXML templates and instances), laid out like Windows' own logs:
 * an outer System template per computer whose last substitution is the event body (EventData or
 * UserData) as nested BinXML, itself an instance of a template per event layout. Templates are
 * identified by a GUID derived from their shape and shared within a chunk.
 *
 * Use `EvtxWriter` to stream any number of events to a file (one chunk in memory at a time), or
 * `buildEvtx` for a small file in memory.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { ChunkBuilder, type Instance, type TAttr, type TNode, type TemplateSpec } from './writer-chunk.ts';
import { encodeValue, filetimeTicks, type EncodedValue, type WriteValue } from './writer-values.ts';
import { VT } from './model.ts';
import { CHUNK_SIZE, FILE_HEADER_SIZE } from './reader.ts';
import './messages.ts';

export type { WriteValue, TypedValue } from './writer-values.ts';

const EVENT_NS = 'http://schemas.microsoft.com/win/2004/08/events/event';

/** A UserData element: literal attributes, and either child elements or a value. */
export interface WriteElement {
  name: string;
  attrs?: Record<string, string>;
  children?: WriteElement[];
  value?: WriteValue;
}

export interface WriteEvent {
  provider: string;
  providerGuid?: string;
  eventId: number;
  qualifiers?: number;
  version?: number;
  level?: number;
  task?: number;
  opcode?: number;
  keywords?: bigint | number;
  /** TimeCreated, epoch microseconds UTC (also the record header's written time) */
  time: number;
  /** EventRecordID; default: one more than the previous record's */
  recordId?: number;
  activityId?: string;
  relatedActivityId?: string;
  processId?: number;
  threadId?: number;
  channel: string;
  computer: string;
  userSid?: string;
  /** EventData: named values in order (a Record, or pairs; a pair without name is an unnamed Data) */
  eventData?: Record<string, WriteValue> | Array<{ name?: string; value: WriteValue }>;
  /** UserData: its one child element (used when eventData is absent) */
  userData?: WriteElement;
}

export interface WriteSummary {
  records: number;
  chunks: number;
  bytes: number;
}

const guidOf = (shape: string): Buffer => createHash('md5').update(shape).digest();
const sub = (index: number, vt: number, optional = true): TNode => ({ k: 'sub', index, vt, optional });
const el = (name: string, attrs: TAttr[] = [], children: TNode[] = []): TNode => ({ k: 'el', name, attrs, children });
const text = (t: string): TNode => ({ k: 'text', text: t });

/** Windows' System template: the same substitution numbering and types as Security or Sysmon logs. */
function systemTemplate(computer: string): TemplateSpec {
  const system = el(
    'System',
    [],
    [
      el('Provider', [
        { name: 'Name', value: sub(14, VT.String) },
        { name: 'Guid', value: sub(15, VT.Guid) },
      ]),
      el('EventID', [{ name: 'Qualifiers', value: sub(4, VT.UInt16) }], [sub(3, VT.UInt16)]),
      el('Version', [], [sub(11, VT.UInt8)]),
      el('Level', [], [sub(0, VT.UInt8)]),
      el('Task', [], [sub(2, VT.UInt16)]),
      el('Opcode', [], [sub(1, VT.UInt8)]),
      el('Keywords', [], [sub(5, VT.HexInt64)]),
      el('TimeCreated', [{ name: 'SystemTime', value: sub(6, VT.FileTime) }]),
      el('EventRecordID', [], [sub(10, VT.UInt64)]),
      el('Correlation', [
        { name: 'ActivityID', value: sub(7, VT.Guid) },
        { name: 'RelatedActivityID', value: sub(13, VT.Guid) },
      ]),
      el('Execution', [
        { name: 'ProcessID', value: sub(8, VT.UInt32) },
        { name: 'ThreadID', value: sub(9, VT.UInt32) },
      ]),
      el('Channel', [], [sub(16, VT.String)]),
      el('Computer', [], [text(computer)]),
      el('Security', [{ name: 'UserID', value: sub(12, VT.Sid) }]),
    ],
  );
  const nodes = [el('Event', [{ name: 'xmlns', value: text(EVENT_NS) }], [system, sub(17, VT.BinXml)])];
  return { guid: guidOf(`system\u0000${computer}`), nodes };
}

const opt = <T>(v: T | undefined, f: (v: T) => EncodedValue): EncodedValue =>
  v === undefined ? encodeValue(null) : f(v);

/** The event body; an event without data gets an empty EventData, as Windows writes it. */
function bodyInstance(e: WriteEvent): Instance {
  const values: EncodedValue[] = [];
  const shape: string[] = [];
  if (e.eventData) {
    const items = Array.isArray(e.eventData)
      ? e.eventData
      : Object.entries(e.eventData).map(([name, value]) => ({ name, value }));
    const children = items.map((item, i) => {
      const v = encodeValue(item.value);
      values.push(v);
      shape.push(`${item.name ?? ''}\u0000${v.vt}`);
      return el('Data', item.name === undefined ? [] : [{ name: 'Name', value: text(item.name) }], [
        sub(i, v.vt, false),
      ]);
    });
    return {
      template: { guid: guidOf(`EventData\u0001${shape.join('\u0001')}`), nodes: [el('EventData', [], children)] },
      values,
    };
  }
  if (e.userData) {
    const tree = userElement(e.userData, values, shape, 0);
    return {
      template: { guid: guidOf(`UserData\u0001${shape.join('\u0001')}`), nodes: [el('UserData', [], [tree])] },
      values,
    };
  }
  return { template: { guid: guidOf('EventData\u0001'), nodes: [el('EventData')] }, values };
}

function userElement(w: WriteElement, values: EncodedValue[], shape: string[], depth: number): TNode {
  if (depth > 32) throw new RangeError('UserData nested deeper than 32 elements');
  const attrs = Object.entries(w.attrs ?? {}).map(([name, value]) => ({ name, value: text(value) }));
  shape.push(`<${w.name}\u0000${attrs.map((a) => `${a.name}=${(a.value as { text: string }).text}`).join('\u0000')}`);
  let children: TNode[] = [];
  if (w.children?.length) {
    children = w.children.map((c) => userElement(c, values, shape, depth + 1));
  } else if (w.value !== undefined) {
    const v = encodeValue(w.value);
    children = [sub(values.length, v.vt, false)];
    values.push(v);
    shape.push(`=${v.vt}`);
  }
  shape.push('>');
  return el(w.name, attrs, children);
}

/** Builds chunks from events; hands each finished chunk to `onChunk`. */
export class EvtxBuilder {
  private chunk = new ChunkBuilder();
  private readonly systems = new Map<string, TemplateSpec>();
  private nextId = 1;
  records = 0;
  chunks = 0;

  constructor(private readonly onChunk: (chunk: Buffer) => void) {}

  /** Adds one event; returns its EventRecordID. */
  add(e: WriteEvent): number {
    const id = e.recordId ?? this.nextId;
    this.nextId = id + 1;
    let system = this.systems.get(e.computer);
    if (!system) this.systems.set(e.computer, (system = systemTemplate(e.computer)));
    const body = bodyInstance(e);
    const values: Array<EncodedValue | Instance> = [
      encodeValue({ type: 'uint8', value: e.level ?? 0 }),
      encodeValue({ type: 'uint8', value: e.opcode ?? 0 }),
      encodeValue({ type: 'uint16', value: e.task ?? 0 }),
      encodeValue({ type: 'uint16', value: e.eventId }),
      opt(e.qualifiers, (q) => encodeValue({ type: 'uint16', value: q })),
      encodeValue({ type: 'hex64', value: e.keywords ?? 0 }),
      encodeValue({ type: 'filetime', value: e.time }),
      opt(e.activityId, (g) => encodeValue({ type: 'guid', value: g })),
      encodeValue({ type: 'uint32', value: e.processId ?? 0 }),
      encodeValue({ type: 'uint32', value: e.threadId ?? 0 }),
      encodeValue({ type: 'uint64', value: id }),
      encodeValue({ type: 'uint8', value: e.version ?? 0 }),
      opt(e.userSid, (s) => encodeValue({ type: 'sid', value: s })),
      opt(e.relatedActivityId, (g) => encodeValue({ type: 'guid', value: g })),
      encodeValue({ type: 'string', value: e.provider }),
      opt(e.providerGuid, (g) => encodeValue({ type: 'guid', value: g })),
      encodeValue({ type: 'string', value: e.channel }),
      body,
    ];
    const inst: Instance = { template: system, values };
    const ticks = filetimeTicks(e.time);
    if (!this.chunk.tryAddRecord(BigInt(id), ticks, inst)) {
      this.flushChunk();
      this.chunk.tryAddRecord(BigInt(id), ticks, inst);
    }
    this.records++;
    return id;
  }

  private flushChunk(): void {
    if (this.chunk.records === 0) return;
    this.onChunk(this.chunk.finish());
    this.chunks++;
    this.chunk = new ChunkBuilder();
  }

  /** Flushes the last chunk; returns the file header for what was written. */
  finish(): Buffer {
    this.flushChunk();
    const h = Buffer.alloc(FILE_HEADER_SIZE);
    h.write('ElfFile\0', 0, 'latin1');
    h.writeBigUInt64LE(0n, 8);
    h.writeBigUInt64LE(BigInt(Math.max(0, this.chunks - 1)), 16);
    h.writeBigUInt64LE(BigInt(this.nextId), 24);
    h.writeUInt32LE(128, 32);
    h.writeUInt16LE(1, 36);
    h.writeUInt16LE(3, 38);
    h.writeUInt16LE(FILE_HEADER_SIZE, 40);
    h.writeUInt16LE(Math.min(this.chunks, 0xffff), 42);
    h.writeUInt32LE(0, 120);
    h.writeUInt32LE(crc32(h.subarray(0, 120)) >>> 0, 124);
    return h;
  }
}

/** Streams events to `path` (created or truncated); memory stays at one chunk however many events. */
export class EvtxWriter {
  private readonly fd: number;
  private readonly builder: EvtxBuilder;
  private bytes = FILE_HEADER_SIZE;

  constructor(path: string) {
    this.fd = openSync(path, 'w');
    writeSync(this.fd, Buffer.alloc(FILE_HEADER_SIZE), 0, FILE_HEADER_SIZE, 0);
    this.builder = new EvtxBuilder((chunk) => {
      writeSync(this.fd, chunk, 0, CHUNK_SIZE, this.bytes);
      this.bytes += CHUNK_SIZE;
    });
  }

  add(e: WriteEvent): number {
    return this.builder.add(e);
  }

  close(): WriteSummary {
    const header = this.builder.finish();
    writeSync(this.fd, header, 0, header.length, 0);
    closeSync(this.fd);
    return { records: this.builder.records, chunks: this.builder.chunks, bytes: this.bytes };
  }
}

/** A whole .evtx file in memory (for small files). */
export function buildEvtx(events: Iterable<WriteEvent>): Buffer {
  const chunks: Buffer[] = [];
  const b = new EvtxBuilder((c) => chunks.push(Buffer.from(c)));
  for (const e of events) b.add(e);
  const header = b.finish();
  return Buffer.concat([header, ...chunks]);
}

/** Writes `events` to `path`. */
export function writeEvtx(path: string, events: Iterable<WriteEvent>): WriteSummary {
  const w = new EvtxWriter(path);
  try {
    for (const e of events) w.add(e);
  } catch (err) {
    w.close();
    throw err;
  }
  return w.close();
}
