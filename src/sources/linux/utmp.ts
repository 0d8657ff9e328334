/**
 * utmp / wtmp / btmp records (glibc `struct utmp`). Three layouts are in use:
 *  - 384 bytes, little-endian: x86-64 (ut_session and ut_tv are 32-bit there) and 32-bit x86/ARM;
 *  - 400 bytes, little-endian: aarch64, riscv64, ppc64le (64-bit ut_session and ut_tv);
 *  - 400 bytes, big-endian: s390x, ppc64; and 384 bytes big-endian on 32-bit big-endian machines.
 * The layout is decided from the content (plausible types, pids, times and strings), the size only
 * breaks ties. A file that is not a whole number of records is read as far as it goes.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { isPrintByte } from './bytes.ts';

export type UtmpLayoutId = 'x86_64' | 'aarch64' | 's390x' | 'be32';

export interface UtmpLayout {
  id: UtmpLayoutId;
  size: number;
  le: boolean;
  /** 64-bit ut_session and ut_tv */
  wide: boolean;
}

export const LAYOUTS: Record<UtmpLayoutId, UtmpLayout> = {
  x86_64: { id: 'x86_64', size: 384, le: true, wide: false },
  aarch64: { id: 'aarch64', size: 400, le: true, wide: true },
  s390x: { id: 's390x', size: 400, le: false, wide: true },
  be32: { id: 'be32', size: 384, le: false, wide: false },
};

export const UT_LINE = 8;
export const UT_ID = 40;
export const UT_USER = 44;
export const UT_HOST = 76;
export const UT_EXIT = 332;
export const LINE_SIZE = 32;
export const ID_SIZE = 4;
export const USER_SIZE = 32;
export const HOST_SIZE = 256;

export const UT_TYPES = [
  'EMPTY',
  'RUN_LVL',
  'BOOT_TIME',
  'NEW_TIME',
  'OLD_TIME',
  'INIT_PROCESS',
  'LOGIN_PROCESS',
  'USER_PROCESS',
  'DEAD_PROCESS',
  'ACCOUNTING',
];

export interface UtmpRecord {
  /** 0-based record number from the start of the file */
  index: number;
  offset: number;
  /** the raw record bytes (a view; copy before keeping past the next read) */
  raw: Buffer;
  type: number;
  pid: number;
  exitTermination: number;
  exitStatus: number;
  session: number;
  sec: number;
  usec: number;
  /** offset of ut_addr_v6 inside `raw` */
  addrAt: number;
}

export function decodeRecord(raw: Buffer, layout: UtmpLayout, index: number, offset: number): UtmpRecord {
  const le = layout.le;
  const i16 = (o: number): number => (le ? raw.readInt16LE(o) : raw.readInt16BE(o));
  const i32 = (o: number): number => (le ? raw.readInt32LE(o) : raw.readInt32BE(o));
  const i64 = (o: number): number => Number(le ? raw.readBigInt64LE(o) : raw.readBigInt64BE(o));
  const session = layout.wide ? i64(336) : i32(336);
  const sec = layout.wide ? i64(344) : i32(340);
  const usec = layout.wide ? i64(352) : i32(344);
  return {
    index,
    offset,
    raw,
    type: i16(0),
    pid: i32(4),
    exitTermination: i16(UT_EXIT),
    exitStatus: i16(UT_EXIT + 2),
    session,
    sec,
    usec,
    addrAt: layout.wide ? 360 : 348,
  };
}

/** 1 for a plausible string field (printable up to NUL, only NULs after), 0 otherwise; -1 for binary junk. */
function stringScore(raw: Buffer, start: number, size: number): number {
  let i = start;
  const end = start + size;
  while (i < end && raw[i] !== 0) {
    if (!isPrintByte(raw[i]) && raw[i] < 0x80) return -1;
    i++;
  }
  for (; i < end; i++) if (raw[i] !== 0) return 0;
  return 1;
}

const MIN_TIME = 315532800; // 1980-01-01
const MAX_TIME = 4102444800; // 2100-01-01

/** How plausible a record is under a layout, roughly -5 .. 6. All-zero records score 0. */
export function recordScore(raw: Buffer, layout: UtmpLayout): number {
  let nonzero = false;
  for (let i = 0; i < layout.size && !nonzero; i++) if (raw[i] !== 0) nonzero = true;
  if (!nonzero) return 0;
  const r = decodeRecord(raw, layout, 0, 0);
  let s = 0;
  s += r.type >= 0 && r.type <= 9 ? 1 : -2;
  s += r.pid >= 0 && r.pid < 4194304 ? 1 : -1;
  s += r.sec >= MIN_TIME && r.sec < MAX_TIME ? 2 : r.sec === 0 ? 0 : -2;
  s += r.usec >= 0 && r.usec < 1000000 ? 1 : -2;
  s +=
    stringScore(raw, UT_LINE, LINE_SIZE) + stringScore(raw, UT_USER, USER_SIZE) + stringScore(raw, UT_HOST, HOST_SIZE);
  return s;
}

export interface LayoutGuess {
  layout: UtmpLayout;
  /** mean record score of the winner, for sniffing */
  score: number;
  /** records judged */
  judged: number;
}

/** The most plausible layout for the first bytes of a file (size: the whole file's size, a tie-breaker). */
export function detectLayout(head: Buffer, size = head.length): LayoutGuess {
  let best: LayoutGuess = { layout: LAYOUTS.x86_64, score: -Infinity, judged: 0 };
  for (const layout of Object.values(LAYOUTS)) {
    const n = Math.min(64, Math.floor(head.length / layout.size));
    let total = 0;
    let judged = 0;
    for (let k = 0; k < n; k++) {
      const s = recordScore(head.subarray(k * layout.size, (k + 1) * layout.size), layout);
      if (s !== 0) judged++;
      total += s;
    }
    let score = judged ? total / judged : 0;
    if (size % layout.size === 0) score += 0.25;
    if (layout.id === 'x86_64') score += 0.01; // the common case wins ties
    if (score > best.score) best = { layout, score, judged };
  }
  return best;
}

export interface UtmpReadResult {
  layout: UtmpLayout;
  size: number;
  /** bytes at the end that do not make a whole record */
  trailing: number;
}

/**
 * Records of a file in order, read in blocks (never the whole file at once). `onStart` receives the
 * layout (detected unless forced) and the size before the first record.
 */
export function* readUtmpFile(
  path: string,
  opts: { layout?: UtmpLayoutId; onStart?: (r: UtmpReadResult) => void; onProgress?: (bytes: number) => void } = {},
): Generator<UtmpRecord> {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const headLen = Math.min(size, 400 * 64);
    const head = Buffer.alloc(headLen);
    readSync(fd, head, 0, headLen, 0);
    const layout = opts.layout ? LAYOUTS[opts.layout] : detectLayout(head, size).layout;
    opts.onStart?.({ layout, size, trailing: size % layout.size });
    const per = Math.max(1, Math.floor((1 << 20) / layout.size));
    const block = Buffer.alloc(per * layout.size);
    let index = 0;
    for (let pos = 0; pos + layout.size <= size; ) {
      const want = Math.min(block.length, Math.floor((size - pos) / layout.size) * layout.size);
      const got = readSync(fd, block, 0, want, pos);
      const whole = Math.floor(got / layout.size);
      if (whole === 0) break;
      for (let k = 0; k < whole; k++) {
        yield decodeRecord(
          block.subarray(k * layout.size, (k + 1) * layout.size),
          layout,
          index++,
          pos + k * layout.size,
        );
      }
      pos += whole * layout.size;
      opts.onProgress?.(pos);
    }
  } finally {
    closeSync(fd);
  }
}

/** Records of an in-memory buffer (tests, fuzzing, archives). */
export function* utmpRecords(buf: Buffer, layout: UtmpLayout = detectLayout(buf).layout): Generator<UtmpRecord> {
  let index = 0;
  for (let pos = 0; pos + layout.size <= buf.length; pos += layout.size) {
    yield decodeRecord(buf.subarray(pos, pos + layout.size), layout, index++, pos);
  }
}
