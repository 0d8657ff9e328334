/**
 * Archives in the evidence are unpacked into the case's work directory, never next to the evidence.
 * Members are written flat under numbered names (a member's path never becomes a path on disk, so
 * no name can escape, collide with a directory, or be too long for the file system) and keep their
 * full name for evidence references: `archive.zip!dir/member.log`, a repeated name `… (2)`. Every
 * member that cannot be unpacked becomes an issue on `archive!member` and the next one is tried;
 * limits (extraction-budget.ts) apply across nesting levels and formats. A new format is an
 * ArchiveFormat in FORMATS.
 */
import {
  closeSync,
  createReadStream,
  createWriteStream,
  mkdirSync,
  openSync,
  readSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { basename, join, normalize } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { PassThrough, type Readable } from 'node:stream';
import { constants, createGunzip, gunzipSync } from 'node:zlib';
import yauzl from 'yauzl';
import { issue, type Issue } from '../core/issue.ts';
import { type ArchiveBudget, BudgetExceeded } from './extraction-budget.ts';
import { isTarHeader, untarStream } from './tar.ts';
import './messages.ts';

export { ARCHIVE_LIMITS, ArchiveBudget, BudgetExceeded, ExtractionBudget } from './extraction-budget.ts';

export interface Extracted {
  path: string;
  display: string;
  mtimeUs: number;
}

export interface ArchiveFormat {
  kind: string;
  /** does a file starting with `head` (its first 4 KiB) belong to this format? */
  sniff(head: Buffer): boolean;
  /** Unpacks `src` into `dir`; never throws: problems are issues on `display` or its members. */
  extract(src: string, display: string, dir: string, issues: Issue[], budget: ArchiveBudget): Promise<Extracted[]>;
}

const HEAD_BYTES = 4096;

/** Numbered file names in the work directory and display names, repeated names disambiguated. */
export class MemberNames {
  private n = 0;
  private readonly seen = new Map<string, number>();
  constructor(
    private readonly dir: string,
    private readonly archive: string,
  ) {}
  next(name: string): { path: string; display: string } {
    const k = (this.seen.get(name) ?? 0) + 1;
    this.seen.set(name, k);
    // the original extension helps a human looking at .work; the name itself is never trusted
    const tail = (basename(name).match(/(\.[A-Za-z0-9]{1,10})+$/)?.[0] ?? '').slice(-24);
    return { path: join(this.dir, `${++this.n}${tail}`), display: `${this.archive}!${name}${k > 1 ? ` (${k})` : ''}` };
  }
  /** how many times this name has come so far */
  count(name: string): number {
    return this.seen.get(name) ?? 0;
  }
}

/** A member name that is absolute, climbs out with `..`, names a drive or holds NUL is refused. */
export function unsafeMemberName(name: string): boolean {
  const rel = normalize(name.replace(/\\/g, '/'));
  return (
    !rel ||
    rel === '.' ||
    rel.startsWith('/') ||
    /^[a-zA-Z]:/.test(rel) ||
    rel.split('/').includes('..') ||
    rel.includes('\0')
  );
}

const message = (e: unknown): string => String((e as Error)?.message ?? e).slice(0, 300);

function limitIssue(display: string, e: BudgetExceeded): Issue {
  return issue(`archive.limit_${e.limit}`, { file: display }, { limit: e.message }, 'error');
}

export const gzipFormat: ArchiveFormat = {
  kind: 'gzip',
  sniff: (b) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b,
  async extract(src, display, dir, issues, budget) {
    mkdirSync(dir, { recursive: true });
    // the member's name comes from what the user sees (the work file has a numbered name)
    const shown = display.slice(Math.max(display.lastIndexOf('/'), display.lastIndexOf('!')) + 1);
    const name = shown.replace(/\.(gz|tgz)$/i, '') || 'data';
    const out = new MemberNames(dir, display).next(name);
    const mtimeUs = statSync(src).mtimeMs * 1000;
    try {
      budget.entry();
      await pipeline(createReadStream(src), createGunzip(), budget.limiter(), createWriteStream(out.path));
    } catch (e) {
      if (e instanceof BudgetExceeded) {
        // a bomb's output is not evidence: nothing of it is read
        issues.push(limitIssue(display, e));
        rmSync(out.path, { force: true });
        return [];
      }
      // what was unpacked before damage is kept and read; the issue says it is partial
      issues.push(issue('archive.member_partial', { file: out.display }, { reason: message(e) }, 'error'));
    }
    const size = statSync(out.path, { throwIfNoEntry: false })?.size ?? 0;
    return size > 0 ? [{ path: out.path, display: out.display, mtimeUs }] : [];
  },
};

/** Small members are gathered in memory and written at once (one file open, no stream per member). */
const IN_MEMORY_MEMBER = 1 << 20;

async function drain(stream: Readable, budget: ArchiveBudget): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) {
    budget.take((c as Buffer).length);
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

function decodeName(entry: yauzl.Entry): string {
  const raw = entry.fileName as unknown as Buffer;
  return (entry.generalPurposeBitFlag & 0x800 ? raw.toString('utf8') : raw.toString('latin1')).replace(/\\/g, '/');
}

function openZip(src: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    // decodeStrings: false lets us judge member names ourselves (yauzl would abort the whole archive on one bad name)
    yauzl.open(
      src,
      { lazyEntries: true, autoClose: true, strictFileNames: false, validateEntrySizes: true, decodeStrings: false },
      (err, zip) => (err || !zip ? reject(err ?? new Error('cannot open')) : resolve(zip)),
    );
  });
}

function openEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolve, reject) =>
    zip.openReadStream(entry, (err, s) => (err || !s ? reject(err ?? new Error('cannot open')) : resolve(s))),
  );
}

/** The entries of a zip one at a time, errors of the central directory as a rejected next(). */
function entries(zip: yauzl.ZipFile): { next(): Promise<yauzl.Entry | undefined> } {
  let waiting: { resolve: (e: yauzl.Entry | undefined) => void; reject: (e: Error) => void } | undefined;
  let ended = false;
  let failed: Error | undefined;
  zip.on('entry', (e: yauzl.Entry) => waiting?.resolve(e));
  zip.on('end', () => {
    ended = true;
    waiting?.resolve(undefined);
  });
  zip.on('error', (e: Error) => {
    failed = e;
    waiting?.reject(e);
  });
  return {
    next() {
      if (failed) return Promise.reject(failed);
      if (ended) return Promise.resolve(undefined);
      return new Promise((resolve, reject) => {
        waiting = { resolve, reject };
        zip.readEntry();
      });
    },
  };
}

export const zipFormat: ArchiveFormat = {
  kind: 'zip',
  sniff: (b) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04,
  async extract(src, display, dir, issues, budget) {
    const out: Extracted[] = [];
    let zip: yauzl.ZipFile;
    try {
      zip = await openZip(src);
    } catch (e) {
      issues.push(issue('triage.archive_bad', { file: display }, { reason: message(e) }, 'error'));
      return out;
    }
    mkdirSync(dir, { recursive: true });
    const names = new MemberNames(dir, display);
    const list = entries(zip);
    try {
      for (let entry = await list.next(); entry; entry = await list.next()) {
        budget.entry();
        const name = decodeName(entry);
        if (name.endsWith('/')) continue;
        if (unsafeMemberName(name)) {
          issues.push(issue('triage.archive_unsafe_name', { file: display }, { name }, 'error'));
          continue;
        }
        if (names.count(name))
          issues.push(
            issue('archive.duplicate_name', { file: `${display}!${name}` }, { n: names.count(name) + 1 }, 'info'),
          );
        const target = names.next(name);
        if (entry.uncompressedSize > budget.left) {
          issues.push(limitIssue(display, budget.exceeded(entry.uncompressedSize)));
          break;
        }
        const mtimeUs = entry.getLastModDate().getTime() * 1000;
        try {
          const stream = await openEntry(zip, entry);
          if (entry.uncompressedSize <= IN_MEMORY_MEMBER) {
            const data = await drain(stream, budget);
            const fd = openSync(target.path, 'wx');
            try {
              if (data.length) writeAll(fd, data);
            } finally {
              closeSync(fd);
            }
          } else await pipeline(stream, budget.limiter(), createWriteStream(target.path, { flags: 'wx' }));
          out.push({ path: target.path, display: target.display, mtimeUs });
        } catch (e) {
          if (e instanceof BudgetExceeded) throw e;
          issues.push(issue('archive.member_failed', { file: target.display }, { reason: message(e) }, 'error'));
        }
      }
    } catch (e) {
      if (e instanceof BudgetExceeded) issues.push(limitIssue(display, e));
      else issues.push(issue('triage.archive_bad', { file: display }, { reason: message(e) }, 'error'));
    } finally {
      zip.close();
    }
    return out;
  },
};

function writeAll(fd: number, data: Buffer): void {
  let off = 0;
  while (off < data.length) off += writeSync(fd, data, off, data.length - off);
}

/** The archive formats konseki unpacks (a format added here is read at every nesting level). */
/**
 * The first bytes of a gzip stream, inflated as far as the given bytes go. Deflate expands at most
 * 1032 times, so 4 KiB of input needs up to ~4.2 MB of output: a smaller cap would fail on a tar.gz
 * that starts with very compressible data and take it for a plain gzip.
 */
function inflateHead(gz: Buffer): Buffer {
  try {
    return gunzipSync(gz, { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: 1 << 23 });
  } catch {
    return Buffer.alloc(0);
  }
}

/**
 * .tar and .tar.gz through tar.ts's streaming reader; the tar stream (inflated) is counted against the
 * same budget as every other format, so a tar in a zip in a gzip is bounded by the evidence archive.
 */
function tarFormat(kind: 'tar' | 'tgz'): ArchiveFormat {
  return {
    kind,
    sniff: (b) =>
      kind === 'tar' ? isTarHeader(b) : b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b && isTarHeader(inflateHead(b)),
    async extract(src, display, dir, issues, budget) {
      let hit: BudgetExceeded | undefined;
      const source = createReadStream(src);
      const counted = source.pipe(kind === 'tgz' ? createGunzip() : new PassThrough());
      source.on('error', (e) => counted.destroy(e));
      async function* input(): AsyncGenerator<Buffer> {
        for await (const c of counted as AsyncIterable<Buffer>) {
          try {
            budget.take(c.length);
          } catch (e) {
            hit = e as BudgetExceeded;
            throw e;
          }
          yield c;
        }
      }
      const own: Issue[] = [];
      const left = budget.limits.maxEntries - budget.run.entries;
      const members = await untarStream(
        input(),
        display,
        dir,
        own,
        { left: budget.left },
        {
          maxEntries: Math.max(0, left),
          maxRatio: budget.limits.maxRatio,
        },
      );
      budget.run.entries += members.length;
      for (const i of own) {
        const reason = String(i.params?.reason ?? '');
        if (hit && reason.includes(hit.message)) continue;
        // tar.ts's own limits (a declared member size, a member count) in the words of the shared budget
        if (i.code === 'triage.archive_limit' && reason === 'total size limit')
          issues.push(limitIssue(display, budget.exceeded(budget.left + 1)));
        else if (i.code === 'triage.archive_limit' && reason.startsWith('more than'))
          issues.push(limitIssue(display, new BudgetExceeded('entries', String(budget.limits.maxEntries))));
        else issues.push(i);
      }
      if (!hit) return members;
      issues.push(limitIssue(display, hit));
      // the member being written when the limit was hit is a bomb's output, not evidence
      const last = members.pop();
      if (last) rmSync(last.path, { force: true });
      return members;
    },
  };
}

/** The archive formats konseki unpacks (a format added here is read at every nesting level; first match wins). */
export const FORMATS: ArchiveFormat[] = [zipFormat, tarFormat('tgz'), gzipFormat, tarFormat('tar')];

/** The archive format of a file by its first bytes, or undefined. */
export function archiveFormat(path: string): ArchiveFormat | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const b = Buffer.alloc(HEAD_BYTES);
    const n = readSync(fd, b, 0, HEAD_BYTES, 0);
    const head = b.subarray(0, n);
    return FORMATS.find((f) => f.sniff(head));
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The kind of archive a file is ('zip', 'gzip', …), or undefined. */
export function archiveKind(path: string): string | undefined {
  return archiveFormat(path)?.kind;
}
