/**
 * Per-uid binary databases, indexed by uid (record offset = uid × record size; sparse files):
 *  - lastlog (shadow/login): int32 or int64 ll_time, ll_line[32], ll_host[256] → 292 or 296 bytes;
 *  - faillog (shadow): short fail_cnt, short fail_max, char fail_line[12], time_t fail_time,
 *    long fail_locktime → 32 bytes on 64-bit, 24 on 32-bit;
 *  - tallylog (pam_tally2): char fail_rhost[52], u16 reserved, u16 fail_cnt, u64 fail_time → 64 bytes.
 * Endianness and width are judged from the non-empty records. Empty (all-zero) records are skipped.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { isPrintByte } from './bytes.ts';

export type UidDbKind = 'lastlog' | 'faillog' | 'tallylog';

export interface UidDbLayout {
  kind: UidDbKind;
  size: number;
  le: boolean;
  /** lastlog: 64-bit ll_time; faillog: 64-bit time_t and long */
  wide: boolean;
}

export interface LastlogRecord {
  uid: number;
  offset: number;
  time: number;
  line: Buffer;
  host: Buffer;
}
export interface FaillogRecord {
  uid: number;
  offset: number;
  count: number;
  max: number;
  line: Buffer;
  time: number;
  locktime: number;
}
export interface TallylogRecord {
  uid: number;
  offset: number;
  rhost: Buffer;
  count: number;
  time: number;
}

export const UIDDB_LAYOUTS: UidDbLayout[] = [
  { kind: 'lastlog', size: 292, le: true, wide: false },
  { kind: 'lastlog', size: 296, le: true, wide: true },
  { kind: 'lastlog', size: 292, le: false, wide: false },
  { kind: 'lastlog', size: 296, le: false, wide: true },
  { kind: 'faillog', size: 32, le: true, wide: true },
  { kind: 'faillog', size: 24, le: true, wide: false },
  { kind: 'faillog', size: 32, le: false, wide: true },
  { kind: 'faillog', size: 24, le: false, wide: false },
  { kind: 'tallylog', size: 64, le: true, wide: true },
  { kind: 'tallylog', size: 64, le: false, wide: true },
];

function field(raw: Buffer, start: number, size: number): Buffer {
  const end = start + size;
  const nul = raw.indexOf(0, start);
  return raw.subarray(start, nul >= 0 && nul < end ? nul : end);
}

function i64(raw: Buffer, o: number, le: boolean): number {
  return Number(le ? raw.readBigInt64LE(o) : raw.readBigInt64BE(o));
}

export function decodeLastlog(raw: Buffer, l: UidDbLayout, uid: number, offset: number): LastlogRecord {
  const t = l.wide ? i64(raw, 0, l.le) : l.le ? raw.readInt32LE(0) : raw.readInt32BE(0);
  const base = l.wide ? 8 : 4;
  return { uid, offset, time: t, line: field(raw, base, 32), host: field(raw, base + 32, 256) };
}

export function decodeFaillog(raw: Buffer, l: UidDbLayout, uid: number, offset: number): FaillogRecord {
  const i16 = (o: number): number => (l.le ? raw.readInt16LE(o) : raw.readInt16BE(o));
  const i32 = (o: number): number => (l.le ? raw.readInt32LE(o) : raw.readInt32BE(o));
  return {
    uid,
    offset,
    count: i16(0),
    max: i16(2),
    line: field(raw, 4, 12),
    time: l.wide ? i64(raw, 16, l.le) : i32(16),
    locktime: l.wide ? i64(raw, 24, l.le) : i32(20),
  };
}

export function decodeTallylog(raw: Buffer, l: UidDbLayout, uid: number, offset: number): TallylogRecord {
  return {
    uid,
    offset,
    rhost: field(raw, 0, 52),
    count: l.le ? raw.readUInt16LE(54) : raw.readUInt16BE(54),
    time: Number(l.le ? raw.readBigUInt64LE(56) : raw.readBigUInt64BE(56)),
  };
}

function isZero(b: Buffer): boolean {
  for (let i = 0; i < b.length; i++) if (b[i] !== 0) return false;
  return true;
}

function textOk(b: Buffer): boolean {
  for (const c of b) if (c < 0x80 && !isPrintByte(c)) return false;
  return true;
}

/** Only NULs after the string's terminator (how these files are written). */
function padOk(raw: Buffer, start: number, size: number): boolean {
  const nul = raw.indexOf(0, start);
  if (nul < 0 || nul >= start + size) return true;
  for (let i = nul; i < start + size; i++) if (raw[i] !== 0) return false;
  return true;
}

const plausibleTime = (t: number): boolean => t >= 315532800 && t < 4102444800;

function recordOk(raw: Buffer, l: UidDbLayout): boolean {
  if (l.kind === 'lastlog') {
    const r = decodeLastlog(raw, l, 0, 0);
    const base = l.wide ? 8 : 4;
    return (
      plausibleTime(r.time) && textOk(r.line) && textOk(r.host) && padOk(raw, base, 32) && padOk(raw, base + 32, 256)
    );
  }
  if (l.kind === 'faillog') {
    const r = decodeFaillog(raw, l, 0, 0);
    return (
      r.count >= 0 &&
      r.max >= 0 &&
      (r.time === 0 || plausibleTime(r.time)) &&
      r.locktime >= 0 &&
      r.locktime < 1e9 &&
      textOk(r.line) &&
      padOk(raw, 4, 12)
    );
  }
  const r = decodeTallylog(raw, l, 0, 0);
  return (r.time === 0 || plausibleTime(r.time)) && textOk(r.rhost) && padOk(raw, 0, 52) && raw.readUInt16LE(52) === 0;
}

export interface UidDbGuess {
  layout: UidDbLayout;
  score: number;
  records: number;
}

/**
 * The most plausible layout of a per-uid file, from a sample of its non-empty records. `kind` limits
 * the choice when the caller knows it (from the command used); score is the share of good records.
 */
export function detectUidDb(fd: number, size: number, kind?: UidDbKind): UidDbGuess | undefined {
  let best: UidDbGuess | undefined;
  for (const l of UIDDB_LAYOUTS) {
    if (kind && l.kind !== kind) continue;
    if (size < l.size) continue;
    let good = 0;
    let seen = 0;
    const raw = Buffer.alloc(l.size);
    for (const r of sampleNonEmpty(fd, size, l.size, 64)) {
      raw.set(r.raw);
      seen++;
      if (recordOk(raw, l)) good++;
    }
    let score = seen ? good / seen : 0;
    if (size % l.size === 0) score += 0.05;
    if (!best || score > best.score) best = { layout: l, score, records: seen };
  }
  return best;
}

/** Up to `max` non-empty records, found by scanning the file in blocks (sparse files are mostly zeros). */
function* sampleNonEmpty(
  fd: number,
  size: number,
  recSize: number,
  max: number,
): Generator<{ uid: number; raw: Buffer }> {
  let found = 0;
  const per = Math.max(1, Math.min(Math.floor((1 << 20) / recSize), Math.ceil(size / recSize)));
  const block = Buffer.alloc(per * recSize);
  for (let pos = 0; pos + recSize <= size && found < max; pos += per * recSize) {
    const got = readSync(fd, block, 0, Math.min(block.length, size - pos), pos);
    for (let k = 0; (k + 1) * recSize <= got && found < max; k++) {
      const raw = block.subarray(k * recSize, (k + 1) * recSize);
      if (!isZero(raw)) {
        found++;
        yield { uid: pos / recSize + k, raw };
      }
    }
  }
}

export interface UidDbFile {
  layout: UidDbLayout;
  size: number;
  trailing: number;
}

/** Non-empty records of a per-uid file in uid order, decoded for its kind. */
export function* readUidDb(
  path: string,
  opts: { kind?: UidDbKind; layout?: UidDbLayout; onStart?: (f: UidDbFile) => void } = {},
): Generator<LastlogRecord | FaillogRecord | TallylogRecord> {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const layout = opts.layout ?? detectUidDb(fd, size, opts.kind)?.layout;
    if (!layout) return;
    opts.onStart?.({ layout, size, trailing: size % layout.size });
    for (const { uid, raw } of sampleNonEmpty(fd, size, layout.size, Number.MAX_SAFE_INTEGER)) {
      const offset = uid * layout.size;
      if (layout.kind === 'lastlog') yield decodeLastlog(Buffer.from(raw), layout, uid, offset);
      else if (layout.kind === 'faillog') yield decodeFaillog(Buffer.from(raw), layout, uid, offset);
      else yield decodeTallylog(Buffer.from(raw), layout, uid, offset);
    }
  } finally {
    closeSync(fd);
  }
}

/** The record of one uid (zeros when beyond the end of the file, as shadow's tools do). */
export function readUidRecord(fd: number, size: number, layout: UidDbLayout, uid: number): Buffer {
  const raw = Buffer.alloc(layout.size);
  const offset = uid * layout.size;
  if (offset + layout.size <= size) readSync(fd, raw, 0, layout.size, offset);
  return raw;
}
