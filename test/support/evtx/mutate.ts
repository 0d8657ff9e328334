/**
 * Structure-aware mutations of EVTX files for the fuzz test. Each mutation returns a new buffer and
 * a description (for reproducing a failure). Edits that target structures find them the way a
 * reader would: chunks by signature, records by their magic, template instances by the 0x0c 0x01
 * token whose definition offset points right behind it, elements by their start token.
 */
import { crc32 } from 'node:zlib';

const FILE_HEADER = 4096;
const CHUNK = 65536;

export type Rand = () => number;
export interface Mutation {
  buf: Buffer;
  what: string;
}

const int = (r: Rand, n: number): number => Math.floor(r() * n);
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[int(r, xs.length)]!;

function chunkStarts(b: Buffer): number[] {
  const out: number[] = [];
  for (let o = FILE_HEADER; o + 512 <= b.length; o += CHUNK) out.push(o);
  return out;
}

/** Recomputes a chunk's header and data checksums so that readers trust the edited header. */
export function fixChunkCrcs(b: Buffer, c: number): void {
  if (c + CHUNK > b.length) return;
  const free = b.readUInt32LE(c + 48);
  if (free >= 512 && free <= CHUNK) b.writeUInt32LE(crc32(b.subarray(c + 512, c + free)) >>> 0, c + 52);
  b.writeUInt32LE(crc32(Buffer.concat([b.subarray(c, c + 120), b.subarray(c + 128, c + 512)])) >>> 0, c + 124);
}

/** Chunk-relative offsets of template instances (token 0x0c 0x01) whose definition follows inline. */
function inlineTemplates(b: Buffer, c: number): number[] {
  const out: number[] = [];
  const end = Math.min(b.length, c + CHUNK) - 14;
  for (let o = c + 512; o < end; o++) {
    if (b[o] === 0x0c && b[o + 1] === 0x01 && b.readUInt32LE(o + 6) === o - c + 10) out.push(o - c);
  }
  return out;
}

/** Chunk-relative offsets of element start tokens inside template definitions (dependency id present). */
function elementStarts(b: Buffer, c: number): number[] {
  const out: number[] = [];
  const end = Math.min(b.length, c + CHUNK) - 11;
  for (let o = c + 512; o < end; o++) {
    if ((b[o] === 0x01 || b[o] === 0x41) && b[o + 1] === 0xff && b[o + 2] === 0xff) out.push(o - c);
  }
  return out;
}

function records(b: Buffer, c: number): number[] {
  const out: number[] = [];
  const end = Math.min(b.length, c + CHUNK) - 24;
  for (let o = c + 512; o < end; o++) if (b.readUInt32LE(o) === 0x2a2a) out.push(o);
  return out;
}

const HUGE = [0xffffffff, 0x7fffffff, 0x10000, 0xffff, 0x8000, 0];

type Op = (b: Buffer, r: Rand) => string;

const ops: Record<string, Op> = {
  bitflips(b, r) {
    const n = 1 + int(r, 8);
    const at: number[] = [];
    for (let i = 0; i < n && b.length; i++) {
      const o = int(r, b.length);
      b[o]! ^= 1 << int(r, 8);
      at.push(o);
    }
    return `bitflips @${at.join(',')}`;
  },
  byteRun(b, r) {
    if (!b.length) return 'byteRun (empty)';
    const o = int(r, b.length);
    const n = Math.min(b.length - o, 1 + int(r, 256));
    const mode = int(r, 3);
    for (let i = 0; i < n; i++) b[o + i] = mode === 0 ? 0 : mode === 1 ? 0xff : int(r, 256);
    return `byteRun @${o}+${n} mode ${mode}`;
  },
  chunkHeader(b, r) {
    const cs = chunkStarts(b);
    if (!cs.length) return 'chunkHeader (none)';
    const c = pick(r, cs);
    const field = pick(r, [8, 16, 24, 32, 40, 44, 48, 0]);
    const v = pick(r, [...HUGE, int(r, CHUNK), 512, 513, CHUNK - 1]);
    if (field === 0) b.write('ElfChnX\0', c, 'latin1');
    else if (field < 40) b.writeBigUInt64LE(BigInt(v), c + field);
    else b.writeUInt32LE(v >>> 0, c + field);
    if (r() < 0.7) fixChunkCrcs(b, c);
    return `chunkHeader @${c}+${field}=${v}`;
  },
  fileHeader(b, r) {
    if (b.length < 128) return 'fileHeader (short)';
    const field = pick(r, [0, 8, 16, 24, 32, 36, 40, 42, 120]);
    if (field === 0) b[1] = 0x4d;
    else b.writeUInt16LE(pick(r, [0, 1, 0xffff, int(r, 0x10000)]), field);
    b.writeUInt32LE(crc32(b.subarray(0, 120)) >>> 0, 124);
    return `fileHeader +${field}`;
  },
  truncate(b, r) {
    return `truncate ${int(r, b.length)}`; // applied by the caller (length changes)
  },
  templateOffset(b, r) {
    const cs = chunkStarts(b).filter((c) => c + CHUNK <= b.length);
    if (!cs.length) return 'templateOffset (none)';
    const c = pick(r, cs);
    const ts = inlineTemplates(b, c);
    if (!ts.length) return 'templateOffset (none)';
    const t = pick(r, ts);
    const target = pick(r, [t, t + 1, t + 6, pick(r, ts) + 10, int(r, CHUNK), 0xffffffff, CHUNK - 4, 0]);
    b.writeUInt32LE(target >>> 0, c + t + 6);
    fixChunkCrcs(b, c);
    return `templateOffset chunk@${c} instance ${t} -> ${target}`;
  },
  nameOffset(b, r) {
    const cs = chunkStarts(b).filter((c) => c + CHUNK <= b.length);
    if (!cs.length) return 'nameOffset (none)';
    const c = pick(r, cs);
    const es = elementStarts(b, c);
    if (!es.length) return 'nameOffset (none)';
    const e = pick(r, es);
    const target = pick(r, [e, e + 7, e + 11, int(r, CHUNK), 0xffffffff, CHUNK - 2, CHUNK - 8]);
    b.writeUInt32LE(target >>> 0, c + e + 7);
    fixChunkCrcs(b, c);
    return `nameOffset chunk@${c} element ${e} -> ${target}`;
  },
  hugeSizes(b, r) {
    const cs = chunkStarts(b).filter((c) => c + CHUNK <= b.length);
    if (!cs.length) return 'hugeSizes (none)';
    const c = pick(r, cs);
    const kind = int(r, 5);
    const v = pick(r, HUGE);
    if (kind === 0) {
      const rs = records(b, c);
      if (!rs.length) return 'hugeSizes (no record)';
      const o = pick(r, rs);
      b.writeUInt32LE(v >>> 0, o + 4);
      if (r() < 0.5 && v >= 28 && o + v <= c + CHUNK) b.writeUInt32LE(v, o + v - 4);
    } else {
      const ts = inlineTemplates(b, c);
      if (!ts.length) return 'hugeSizes (no template)';
      const t = c + pick(r, ts);
      const defSize = b.readUInt32LE(t + 10 + 20);
      const valuesAt = t + 10 + 24 + defSize;
      if (kind === 1)
        b.writeUInt32LE(v >>> 0, t + 10 + 20); // template data size
      else if (kind === 2 && valuesAt + 4 <= b.length)
        b.writeUInt32LE(v >>> 0, valuesAt); // substitution count
      else if (kind === 3 && valuesAt + 8 <= b.length)
        b.writeUInt16LE(v & 0xffff, valuesAt + 4 + 4 * int(r, Math.max(1, Math.min(18, b.readUInt32LE(valuesAt))))); // a value size
      else if (kind === 4) {
        const es = elementStarts(b, c);
        if (es.length) b.writeUInt32LE(v >>> 0, c + pick(r, es) + 3); // element data size
      }
    }
    fixChunkCrcs(b, c);
    return `hugeSizes chunk@${c} kind ${kind} = ${v}`;
  },
  selfReference(b, r) {
    const cs = chunkStarts(b).filter((c) => c + CHUNK <= b.length);
    if (!cs.length) return 'selfReference (none)';
    const c = pick(r, cs);
    const ts = inlineTemplates(b, c);
    if (!ts.length) return 'selfReference (none)';
    const t = pick(r, ts);
    const def = t + 10;
    const size = b.readUInt32LE(c + def + 20);
    // put an instance of this very template inside its own definition (after the fragment header)
    const at = c + def + 24 + 4 + int(r, Math.max(1, Math.min(size - 14, 64)));
    if (at + 10 > c + CHUNK) return 'selfReference (no room)';
    b[at] = 0x0c;
    b[at + 1] = 0x01;
    b.writeUInt32LE(b.readUInt32LE(c + def + 4), at + 2);
    b.writeUInt32LE(r() < 0.5 ? def : ts[0]! + 10, at + 6);
    fixChunkCrcs(b, c);
    return `selfReference chunk@${c} template ${def} at ${at - c}`;
  },
};

const OP_NAMES = Object.keys(ops);

/** One mutated copy of `src`: 1 to 3 operations. */
export function mutate(src: Buffer, r: Rand): Mutation {
  let buf = Buffer.from(src);
  const what: string[] = [];
  const n = 1 + int(r, 3);
  for (let i = 0; i < n; i++) {
    const name = pick(r, OP_NAMES);
    const desc = ops[name]!(buf, r);
    if (name === 'truncate') buf = buf.subarray(0, Number(desc.split(' ')[1]));
    what.push(desc);
  }
  return { buf, what: what.join('; ') };
}
