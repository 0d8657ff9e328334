/**
 * Evidence inputs: walk the roots (core/walk.ts: links are listed, each file once), check that each
 * file can be opened, unpack archives into the work directory under one extraction budget, and keep
 * display paths. Nothing here throws on a bad input: problems are issues with the file and the reason.
 */
import { closeSync, openSync, statSync, unlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { issue, type Issue } from '../core/issue.ts';
import { walkFiles } from '../core/walk.ts';
import { archiveFormat, type Extracted } from './archives.ts';
import { type ArchiveBudget, ExtractionBudget } from './extraction-budget.ts';

export interface InputFile {
  /** the file to read (an original file, or one unpacked into the work directory) */
  path: string;
  /** what evidence refs show: the original path, or `archive.zip!member` */
  display: string;
  size: number;
  mtimeUs: number;
}

export interface Inputs {
  /** files to read, archives replaced by their members */
  files: InputFile[];
  /** the original evidence files as given (archives included), for the manifest */
  originals: string[];
}

export interface InputOptions {
  /** follow links that stay inside the evidence roots */
  followLinks?: boolean;
  /** the run's extraction budget (a fresh one by default) */
  budget?: ExtractionBudget;
}

/** Can the file be opened for reading? (A file the walk lists may still refuse us: permissions, locks.) */
function openable(path: string, issues: Issue[]): boolean {
  try {
    closeSync(openSync(path, 'r'));
    return true;
  } catch (e) {
    issues.push(issue('walk.unreadable', { file: path }, { reason: (e as Error).message }, 'error'));
    return false;
  }
}

export async function collectInputs(
  paths: string[],
  workDir: string,
  issues: Issue[],
  o: InputOptions = {},
): Promise<Inputs> {
  const walked = walkFiles(paths, issues, { followLinks: o.followLinks }).filter((f) => openable(f.path, issues));
  const originals = walked.map((f) => f.path);
  const files: InputFile[] = [];
  const budget = o.budget ?? new ExtractionBudget();
  const maxNesting = budget.limits.maxNesting;
  let n = 0;
  const visit = async (
    path: string,
    display: string,
    mtimeUs: number,
    depth: number,
    archiveBudget?: ArchiveBudget,
  ): Promise<void> => {
    const st = statSync(path, { throwIfNoEntry: false });
    if (!st?.isFile()) return;
    const format = archiveFormat(path);
    if (format && depth >= maxNesting) {
      issues.push(issue('archive.too_deep', { file: display }, { depth: maxNesting }, 'warning'));
    } else if (format) {
      const share = archiveBudget ?? budget.forArchive(st.size);
      const dir = join(workDir, 'extracted', String(++n));
      const members: Extracted[] = await format.extract(path, display, dir, issues, share);
      // an archive unpacked from another one has served its purpose: its members are what is read
      if (depth > 0) unlinkQuietly(path);
      for (const m of members) await visit(m.path, m.display, m.mtimeUs, depth + 1, share);
      return;
    }
    files.push({ path, display, size: st.size, mtimeUs: mtimeUs || st.mtimeMs * 1000 });
  };
  for (const f of walked) await visit(f.path, f.path, f.mtimeMs * 1000, 0);
  return { files, originals };
}

/** Drops the files of originals the manifest could not hash (their issue says why): what is not hashed is not read. */
export function keepHashed(inputs: Inputs, hashed: Array<{ path: string }>): void {
  const ok = new Set(hashed.map((f) => f.path));
  const dropped = inputs.originals.filter((p) => !ok.has(resolve(p)));
  if (!dropped.length) return;
  inputs.files = inputs.files.filter((f) => !dropped.some((p) => f.display === p || f.display.startsWith(`${p}!`)));
  inputs.originals = inputs.originals.filter((p) => ok.has(resolve(p)));
}

function unlinkQuietly(p: string): void {
  try {
    unlinkSync(p);
  } catch {
    // the work directory is removed at the end anyway
  }
}
