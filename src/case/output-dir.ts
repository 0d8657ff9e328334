/**
 * Where a run may write its case. A tired responder types `-o` wrong: the output must never be the
 * evidence, inside it, or around it (a case inside the evidence would be read as evidence and its
 * files written over evidence; evidence inside the case would be deleted with the case's work files).
 * Directories are compared by identity (device + inode of every ancestor), after resolving links,
 * so bind mounts, `..` and case-insensitive file systems do not hide an overlap.
 */
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { KonsekiError } from '../core/issue.ts';
import { CASE_MARKERS } from './files.ts';

/** Does this directory hold a konseki case? */
export function isCaseDir(dir: string): boolean {
  return CASE_MARKERS.some((m) => existsSync(join(dir, m)));
}

/** The real path of `p`; for a path that does not exist yet, its nearest existing ancestor's real path + the rest. */
function realOrPlanned(p: string): string {
  let cur = resolve(p);
  const rest: string[] = [];
  for (;;) {
    try {
      return join(realpathSync(cur), ...rest.reverse());
    } catch {
      const up = dirname(cur);
      if (up === cur) return resolve(p);
      rest.push(basename(cur));
      cur = up;
    }
  }
}

/** Identities (dev:ino) of an existing path and all its ancestors. */
function ancestry(real: string): Set<string> {
  const ids = new Set<string>();
  let cur = real;
  for (;;) {
    const st = statSync(cur, { throwIfNoEntry: false });
    if (st) ids.add(`${st.dev}:${st.ino}`);
    const up = dirname(cur);
    if (up === cur) return ids;
    cur = up;
  }
}

function nearestExisting(real: string): string {
  let cur = real;
  while (!existsSync(cur)) {
    const up = dirname(cur);
    if (up === cur) break;
    cur = up;
  }
  return cur;
}

const idOf = (p: string): string | undefined => {
  const st = statSync(p, { throwIfNoEntry: false });
  return st ? `${st.dev}:${st.ino}` : undefined;
};

/**
 * Checks the output directory of a run against its evidence and returns its absolute path. Refuses
 * (KonsekiError) an output that overlaps any evidence path, one that is not a directory, and a
 * non-empty directory that is not a konseki case unless `force`.
 */
export function checkOutputDir(out: string, evidence: string[], o: { force?: boolean } = {}): string {
  const outReal = realOrPlanned(out);
  const outExisting = nearestExisting(outReal);
  const outExists = outExisting === outReal;
  // every directory the output is in (itself included, when it exists)
  const outAncestors = ancestry(outExisting);
  for (const ev of evidence) {
    let evReal: string;
    try {
      evReal = realpathSync(ev);
    } catch {
      continue; // a missing evidence path is the walker's to report
    }
    const evId = idOf(evReal);
    // output inside (or equal to) the evidence: the evidence is one of the output's (existing) ancestors
    const outInsideEvidence = !!evId && outAncestors.has(evId);
    // evidence inside the output: the output is one of the evidence's ancestors
    const outId = outExists ? idOf(outReal) : undefined;
    const evidenceInsideOut = !!outId && ancestry(evReal).has(outId);
    if (outInsideEvidence || evidenceInsideOut)
      throw new KonsekiError('case.out_overlaps', { out: resolve(out), evidence: resolve(ev) });
  }
  if (outExists) {
    const st = statSync(outReal);
    if (!st.isDirectory()) throw new KonsekiError('case.out_not_dir', { out: resolve(out) });
    if (!o.force && readdirSync(outReal).length > 0 && !isCaseDir(outReal))
      throw new KonsekiError('case.out_not_case', { out: resolve(out) });
  }
  return resolve(out);
}
