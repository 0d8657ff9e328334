/**
 * Archives in the evidence (.zip, .gz) are unpacked into the case's work directory, never next to
 * the evidence. Limits stop zip bombs; member names that would escape the target (zip slip) are
 * refused. Each extracted file keeps a display path `archive.zip!member` for evidence references.
 */
import { createReadStream, createWriteStream, mkdirSync, openSync, readSync, closeSync, statSync } from 'node:fs';
import { basename, join, normalize, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { constants, createGunzip, gunzipSync } from 'node:zlib';
import yauzl from 'yauzl';
import { issue, type Issue } from '../core/issue.ts';
import { isTarHeader } from './tar.ts';
import './messages.ts';

export interface Extracted {
  path: string;
  display: string;
  mtimeUs: number;
}

export const ARCHIVE_LIMITS = { maxTotalBytes: 64 * 2 ** 30, maxRatio: 1000, maxEntries: 200_000 };

export function archiveKind(path: string): 'zip' | 'gzip' | 'tar' | 'tgz' | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const b = Buffer.alloc(4096);
    const n = readSync(fd, b, 0, b.length, 0);
    if (n >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) return 'zip';
    if (n >= 2 && b[0] === 0x1f && b[1] === 0x8b) return isTarHeader(inflateHead(b.subarray(0, n))) ? 'tgz' : 'gzip';
    if (isTarHeader(b.subarray(0, n))) return 'tar';
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return undefined;
}

/** The first bytes of a gzip stream, inflated as far as the given bytes go. */
function inflateHead(gz: Buffer): Buffer {
  try {
    return gunzipSync(gz, { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: 1 << 16 });
  } catch {
    return Buffer.alloc(0);
  }
}

/** A byte counter that aborts when the budget is exceeded. */
function limiter(budget: { left: number }, what: string): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      budget.left -= chunk.length;
      if (budget.left < 0) cb(new Error(`size limit exceeded (${what})`));
      else cb(null, chunk);
    },
  });
}

export async function gunzipTo(
  src: string,
  display: string,
  dir: string,
  issues: Issue[],
  budget: { left: number },
): Promise<Extracted[]> {
  mkdirSync(dir, { recursive: true });
  const name = basename(src).replace(/\.(gz|tgz)$/i, '') || 'data';
  const out = join(dir, name);
  const mtimeUs = statSync(src).mtimeMs * 1000;
  const ratioBudget = { left: Math.min(budget.left, statSync(src).size * ARCHIVE_LIMITS.maxRatio + (1 << 20)) };
  try {
    await pipeline(createReadStream(src), createGunzip(), limiter(ratioBudget, 'gzip ratio'), createWriteStream(out));
  } catch (e) {
    issues.push(issue('triage.archive_bad', { file: display }, { reason: (e as Error).message }));
  }
  budget.left -= statSync(out, { throwIfNoEntry: false })?.size ?? 0;
  return [{ path: out, display: `${display}!${name}`, mtimeUs }];
}

export function unzipTo(
  src: string,
  display: string,
  dir: string,
  issues: Issue[],
  budget: { left: number },
): Promise<Extracted[]> {
  return new Promise((resolve) => {
    const out: Extracted[] = [];
    // decodeStrings: false lets us judge member names ourselves (yauzl would abort the whole archive on one bad name)
    yauzl.open(
      src,
      { lazyEntries: true, autoClose: true, strictFileNames: false, validateEntrySizes: true, decodeStrings: false },
      (err, zip) => {
        if (err || !zip) {
          issues.push(issue('triage.archive_bad', { file: display }, { reason: err?.message ?? 'unknown' }));
          resolve(out);
          return;
        }
        let entries = 0;
        const fail = (reason: string): void => {
          issues.push(issue('triage.archive_limit', { file: display }, { reason }));
          zip.close();
          resolve(out);
        };
        zip.on('error', (e: Error) => {
          issues.push(issue('triage.archive_bad', { file: display }, { reason: e.message }));
          resolve(out);
        });
        zip.on('end', () => resolve(out));
        zip.on('entry', (entry: yauzl.Entry) => {
          if (++entries > ARCHIVE_LIMITS.maxEntries) return fail(`more than ${ARCHIVE_LIMITS.maxEntries} entries`);
          const rawName = entry.fileName as unknown as Buffer;
          const name = (
            entry.generalPurposeBitFlag & 0x800 ? rawName.toString('utf8') : rawName.toString('latin1')
          ).replace(/\\/g, '/');
          if (name.endsWith('/')) return zip.readEntry();
          const rel = normalize(name);
          if (
            !rel ||
            rel.startsWith('/') ||
            /^[a-zA-Z]:/.test(rel) ||
            rel.split('/').includes('..') ||
            rel.includes('\0')
          ) {
            issues.push(issue('triage.archive_unsafe_name', { file: display }, { name }));
            return zip.readEntry();
          }
          if (entry.uncompressedSize > budget.left) return fail('total size limit');
          if (entry.compressedSize > 0 && entry.uncompressedSize / entry.compressedSize > ARCHIVE_LIMITS.maxRatio)
            return fail(`compression ratio of ${name}`);
          const target = join(dir, ...rel.split(/[\\/]/));
          if (!target.startsWith(dir + sep)) {
            issues.push(issue('triage.archive_unsafe_name', { file: display }, { name }));
            return zip.readEntry();
          }
          zip.openReadStream(entry, (e2, stream) => {
            if (e2 || !stream) {
              issues.push(
                issue('triage.archive_bad', { file: `${display}!${name}` }, { reason: e2?.message ?? 'unknown' }),
              );
              return zip.readEntry();
            }
            mkdirSync(join(target, '..'), { recursive: true });
            pipeline(stream, limiter(budget, 'total'), createWriteStream(target))
              .then(() => {
                out.push({
                  path: target,
                  display: `${display}!${rel}`,
                  mtimeUs: entry.getLastModDate().getTime() * 1000,
                });
                zip.readEntry();
              })
              .catch((e3: Error) => fail(e3.message));
          });
        });
        zip.readEntry();
      },
    );
  });
}
