/**
 * Tar archives (.tar, .tar.gz / .tgz) unpacked into the case's work directory, streaming: a gzip
 * stream is inflated and split into members as it goes, never written whole to disk first. The same
 * defences as zip: member names that would escape the target (absolute, `..`, drive letters, NUL)
 * are refused, the inflated size is bounded by a ratio to the compressed size and by the run's size
 * budget, and the member count is bounded. Links, devices and FIFOs are never created (a link in a
 * collection is reported, not followed). ustar, GNU (long names `L`, base-256 sizes) and pax (`x`
 * headers: path, size, mtime) are read; a bad header checksum ends the archive with an issue.
 */
import { closeSync, createReadStream, existsSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
import { join, normalize, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { issue, type Issue } from '../core/issue.ts';
import type { MessageKey } from '../i18n/index.ts';
import './messages.ts';

export interface TarMember {
  path: string;
  display: string;
  mtimeUs: number;
}

export interface TarLimits {
  maxEntries: number;
  /** inflated bytes per compressed byte (gzip) */
  maxRatio: number;
}

const BLOCK = 512;

/** A ustar/GNU header at offset 0? (magic "ustar" at 257, or a valid checksum on a v7 header). */
export function isTarHeader(head: Buffer): boolean {
  if (head.length < BLOCK) return false;
  if (head.toString('latin1', 257, 262) === 'ustar') return checksumOk(head);
  return false;
}

function octal(b: Buffer, start: number, len: number): number {
  // GNU base-256: the high bit of the first byte set, big-endian binary after it
  if (b[start] & 0x80) {
    let v = b[start] & 0x7f;
    for (let i = 1; i < len; i++) v = v * 256 + b[start + i];
    return v;
  }
  const s = b
    .toString('latin1', start, start + len)
    .replace(/\0.*$/s, '')
    .trim();
  if (!s) return 0;
  if (!/^[0-7]+$/.test(s)) return NaN;
  return Number.parseInt(s, 8);
}

function cstr(b: Buffer, start: number, len: number): Buffer {
  const end = b.indexOf(0, start);
  return b.subarray(start, end < 0 || end > start + len ? start + len : end);
}

function checksumOk(h: Buffer): boolean {
  const want = octal(h, 148, 8);
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const c = i >= 148 && i < 156 ? 32 : h[i];
    unsigned += c;
    signed += c > 127 ? c - 256 : c;
  }
  return want === unsigned || want === signed;
}

/** pax extended header records: "<len> <key>=<value>\n". */
function paxRecords(data: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  let i = 0;
  while (i < data.length) {
    const sp = data.indexOf(0x20, i);
    if (sp < 0 || sp - i > 20) break;
    const len = Number(data.toString('latin1', i, sp));
    if (!Number.isInteger(len) || len <= 0 || i + len > data.length) break;
    const rec = data.toString('utf8', sp + 1, i + len - 1);
    const eq = rec.indexOf('=');
    if (eq > 0) out.set(rec.slice(0, eq), rec.slice(eq + 1));
    i += len;
  }
  return out;
}

/** The relative path a member may be written to, or undefined when the name is unsafe. */
export function safeMemberPath(name: string): string | undefined {
  const n = name.replace(/\\/g, '/').replace(/^(?:\.\/)+/, '');
  if (!n || n.includes('\0') || n.startsWith('/') || /^[a-zA-Z]:/.test(n)) return undefined;
  const rel = normalize(n).replace(/\\/g, '/');
  if (!rel || rel === '.' || rel.split('/').includes('..') || rel.startsWith('/')) return undefined;
  return rel;
}

interface Pending {
  name?: string;
  size?: number;
  mtime?: number;
}

type Meta = 'gnu-longname' | 'pax' | 'skip';
interface Cur {
  fd?: number;
  left: number;
  pad: number;
  meta?: Meta;
  metaChunks?: Buffer[];
  member?: TarMember;
}

/**
 * Extracts the members of a tar stream into `dir`. Never throws: problems become issues on
 * `display`, and whatever was extracted before a problem is returned.
 */
export async function untarStream(
  input: AsyncIterable<Buffer>,
  display: string,
  dir: string,
  issues: Issue[],
  budget: { left: number },
  limits: TarLimits,
): Promise<TarMember[]> {
  mkdirSync(dir, { recursive: true });
  const out: TarMember[] = [];
  const written = new Set<string>();
  let entries = 0;
  let pos = 0; // archive offset of the next byte
  let buf: Buffer = Buffer.alloc(0);
  let pending: Pending = {};
  // the member being copied: bytes left of its data and of its padding
  let cur: Cur | null = null;
  let zeroBlocks = 0;
  let stopped = false;
  const stop = (code: MessageKey, reason: string, at = pos): undefined => {
    issues.push(issue(code, { file: display, offset: at }, { reason }));
    stopped = true;
  };
  const endMember = (): void => {
    if (!cur) return;
    if (cur.fd !== undefined) closeSync(cur.fd);
    if (cur.member) out.push(cur.member);
    if (cur.meta === 'gnu-longname' && cur.metaChunks)
      pending.name = Buffer.concat(cur.metaChunks).toString('utf8').replace(/\0.*$/s, '');
    if (cur.meta === 'pax' && cur.metaChunks) {
      const r = paxRecords(Buffer.concat(cur.metaChunks));
      if (r.has('path')) pending.name = r.get('path');
      if (r.has('size') && /^\d+$/.test(r.get('size') ?? '')) pending.size = Number(r.get('size'));
      if (r.has('mtime') && Number.isFinite(Number(r.get('mtime')))) pending.mtime = Number(r.get('mtime'));
    }
  };
  const header = (h: Buffer, at: number): undefined => {
    if (h.every((c) => c === 0)) {
      zeroBlocks++;
      return;
    }
    if (zeroBlocks >= 2) {
      stopped = true; // data after the end-of-archive marker is not part of the archive
      return;
    }
    zeroBlocks = 0;
    if (!checksumOk(h)) return stop('triage.archive_bad', 'tar header checksum mismatch', at);
    if (++entries > limits.maxEntries) return stop('triage.archive_limit', `more than ${limits.maxEntries} entries`);
    const type = String.fromCharCode(h[156] || 0x30);
    let size = octal(h, 124, 12);
    if (!Number.isFinite(size) || size < 0) return stop('triage.archive_bad', 'bad tar member size', at);
    if (pending.size !== undefined && type !== 'x' && type !== 'g' && type !== 'L' && type !== 'K') size = pending.size;
    const pad = (BLOCK - (size % BLOCK)) % BLOCK;
    if (type === 'L' || type === 'x') {
      if (size > 1 << 20) return stop('triage.archive_bad', 'tar extended header over 1 MiB', at);
      cur = { left: size, pad, meta: type === 'L' ? 'gnu-longname' : 'pax', metaChunks: [] };
      return;
    }
    if (type === 'g' || type === 'K') {
      cur = { left: size, pad, meta: 'skip' };
      return;
    }
    const prefix = h.toString('latin1', 257, 263) === 'ustar\0' ? cstr(h, 345, 155) : Buffer.alloc(0);
    const base = cstr(h, 0, 100);
    const raw =
      pending.name ?? (prefix.length ? `${prefix.toString('utf8')}/${base.toString('utf8')}` : base.toString('utf8'));
    const mtime = pending.mtime ?? octal(h, 136, 12);
    pending = {};
    cur = { left: size, pad };
    if (type === '5') return;
    if (type !== '0' && type !== '7') {
      // links, devices, FIFOs, sparse files: never created
      if (type === '1' || type === '2')
        issues.push(issue('triage.archive_link_skipped', { file: display, offset: at }, { name: raw }, 'info'));
      return;
    }
    const rel = safeMemberPath(raw);
    if (!rel) {
      issues.push(issue('triage.archive_unsafe_name', { file: display, offset: at }, { name: raw }));
      return;
    }
    if (size > budget.left) return stop('triage.archive_limit', 'total size limit');
    let target = join(dir, ...rel.split('/'));
    if (!target.startsWith(dir + sep)) {
      issues.push(issue('triage.archive_unsafe_name', { file: display, offset: at }, { name: raw }));
      return;
    }
    for (let n = 2; written.has(target) || existsSync(target); n++) target = join(dir, ...rel.split('/')) + `~${n}`;
    try {
      mkdirSync(join(target, '..'), { recursive: true });
      cur.fd = openSync(target, 'wx');
    } catch (e) {
      issues.push(issue('triage.archive_bad', { file: `${display}!${rel}` }, { reason: (e as Error).message }));
      return;
    }
    written.add(target);
    budget.left -= size;
    cur.member = {
      path: target,
      display: `${display}!${rel}`,
      mtimeUs: Number.isFinite(mtime) ? Math.round(mtime * 1e6) : NaN,
    };
  };
  try {
    for await (const chunk of input) {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      let i = 0;
      while (!stopped) {
        const c = cur as Cur | null; // set by header() and endMember()
        if (c) {
          if (c.left > 0) {
            const n = Math.min(c.left, buf.length - i);
            if (n === 0) break;
            const part = buf.subarray(i, i + n);
            if (c.fd !== undefined) writeSync(c.fd, part);
            else if (c.metaChunks) c.metaChunks.push(Buffer.from(part));
            c.left -= n;
            i += n;
            pos += n;
            continue;
          }
          const n = Math.min(c.pad, buf.length - i);
          c.pad -= n;
          i += n;
          pos += n;
          if (c.pad > 0) break;
          endMember();
          cur = null;
          continue;
        }
        if (buf.length - i < BLOCK) break;
        const at = pos;
        const h = buf.subarray(i, i + BLOCK);
        i += BLOCK;
        pos += BLOCK;
        header(h, at);
      }
      buf = buf.subarray(i);
      if (stopped) break;
    }
    const last = cur as Cur | null;
    if (!stopped && last && last.left > 0)
      issues.push(issue('triage.archive_bad', { file: display, offset: pos }, { reason: 'tar member truncated' }));
  } catch (e) {
    issues.push(issue('triage.archive_bad', { file: display, offset: pos }, { reason: (e as Error).message }));
  } finally {
    const c = cur as Cur | null;
    if (c?.fd !== undefined) {
      closeSync(c.fd);
      if (c.member) out.push(c.member); // what was there of a truncated member is still evidence
    }
  }
  return out;
}

/** Counts bytes through an async iterable and stops with an error past the limit. */
async function* limited(src: AsyncIterable<Buffer>, limit: number, what: string): AsyncGenerator<Buffer> {
  let n = 0;
  for await (const c of src) {
    n += c.length;
    if (n > limit) throw new Error(`size limit exceeded (${what})`);
    yield c;
  }
}

/** Extracts a .tar or .tar.gz file (`gzip`: inflate first, the ratio limit applying to the inflated size). */
export function untarFile(
  src: string,
  display: string,
  dir: string,
  issues: Issue[],
  budget: { left: number },
  limits: TarLimits,
  gzip: boolean,
): Promise<TarMember[]> {
  let input: Readable | AsyncIterable<Buffer> = createReadStream(src);
  if (gzip) {
    const size = statSync(src).size;
    const gunzip = createGunzip();
    (input as Readable).on('error', (e) => gunzip.destroy(e));
    input = limited((input as Readable).pipe(gunzip), size * limits.maxRatio + (1 << 20), 'gzip ratio');
  }
  return untarStream(input as AsyncIterable<Buffer>, display, dir, issues, budget, limits);
}
