/**
 * Files that are either whole or absent: written under a temporary name in the same directory,
 * flushed to disk, then renamed over the target (rename is atomic within a file system). A crash or
 * a kill leaves the previous version, or a `.tmp-*` file that readers ignore, never half a file.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

/** The temporary name a file is written under before it takes its place. */
export function tempNameFor(file: string): string {
  return join(dirname(file), `.${basename(file)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
}

/** Is this a temporary file of an atomic write (one a killed run may leave behind)? */
export function isTempName(name: string): boolean {
  return /^\..+\.tmp-\d+-[0-9a-f]{8}$/.test(name);
}

/** Writes `data` to `file` atomically (mode applies to a new file). */
export function writeFileAtomic(file: string, data: string | Buffer, mode = 0o644): void {
  const tmp = tempNameFor(file);
  const fd = openSync(tmp, 'wx', mode);
  try {
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
  closeSync(fd);
  try {
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** Moves a finished file into place (same file system), flushing it first. */
export function moveIntoPlace(from: string, to: string): void {
  const fd = openSync(from, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(from, to);
}
