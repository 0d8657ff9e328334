/** Evidence inputs: walk directories, unpack archives into the work directory, keep display paths. */
import { statSync } from 'node:fs';
import { basename, join, resolve, sep } from 'node:path';
import type { Issue } from '../core/issue.ts';
import { walkInputs } from '../core/walk.ts';
import { ARCHIVE_LIMITS, archiveKind, gunzipTo, unzipTo, type Extracted } from './archives.ts';
import { untarFile } from './tar.ts';

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

const MAX_NESTING = 3;

export async function collectInputs(
  paths: string[],
  workDir: string,
  issues: Issue[],
  exclude: string[] = [],
): Promise<Inputs> {
  const excluded = exclude.map((p) => resolve(p) + sep);
  const originals = walkInputs(paths, issues).filter((p) => !excluded.some((x) => (resolve(p) + sep).startsWith(x)));
  const files: InputFile[] = [];
  const budget = { left: ARCHIVE_LIMITS.maxTotalBytes };
  let n = 0;
  const visit = async (path: string, display: string, mtimeUs: number, depth: number): Promise<void> => {
    const kind = depth < MAX_NESTING ? archiveKind(path) : undefined;
    if (kind) {
      const dir = join(workDir, 'extracted', `${++n}-${basename(path).replace(/[^\w.-]/g, '_')}`);
      const members: Extracted[] =
        kind === 'zip'
          ? await unzipTo(path, display, dir, issues, budget)
          : kind === 'gzip'
            ? await gunzipTo(path, display, dir, issues, budget)
            : await untarFile(path, display, dir, issues, budget, ARCHIVE_LIMITS, kind === 'tgz');
      for (const m of members) await visit(m.path, m.display, m.mtimeUs, depth + 1);
      return;
    }
    const st = statSync(path, { throwIfNoEntry: false });
    if (st?.isFile()) files.push({ path, display, size: st.size, mtimeUs: mtimeUs || st.mtimeMs * 1000 });
  };
  for (const p of originals) await visit(p, p, 0, 0);
  return { files, originals };
}
