/**
 * The name of the machine a file was taken from, for files that do not say it themselves (crontabs,
 * faillog, tallylog): the evidence's own etc/hostname, looked for in the directories above the
 * file (a disk image or a collection keeps /etc next to /var). Undefined when there is none.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const cache = new Map<string, string | null>();
const VALID = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9-]{1,63}){0,10}$/;
const LEVELS = 5;

function readName(path: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const b = Buffer.alloc(256);
    const n = readSync(fd, b, 0, b.length, 0);
    for (const line of b.subarray(0, n).toString('latin1').split(/\r?\n/)) {
      const s = line.trim();
      if (!s || s.startsWith('#')) continue;
      return VALID.test(s) ? s : undefined;
    }
  } catch {
    // absent or unreadable: not this directory
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return undefined;
}

export function evidenceHostname(file: string): string | undefined {
  let dir = dirname(resolve(file));
  const seen: string[] = [];
  let found: string | undefined;
  for (let i = 0; i < LEVELS; i++) {
    const hit = cache.get(dir);
    if (hit !== undefined) {
      found = hit ?? undefined;
      break;
    }
    seen.push(dir);
    found = readName(join(dir, 'etc', 'hostname')) ?? (i === 0 ? readName(join(dir, 'hostname')) : undefined);
    if (found) break;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  if (cache.size > 10_000) cache.clear();
  for (const d of seen) cache.set(d, found ?? null);
  return found;
}
