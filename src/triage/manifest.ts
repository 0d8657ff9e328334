/** evidence-manifest.json: SHA-256, size and mtime of every input, written first and verified at the end. */
import { statSync, writeFileSync } from 'node:fs';
import { mapLimit, sha256File } from '../core/hash.ts';

export interface ManifestEntry { path: string; sha256: string; size: number; mtime: string }
export interface Manifest { created: string; tool: string; files: ManifestEntry[] }

export async function buildManifest(paths: string[], tool: string): Promise<Manifest> {
  const files = await mapLimit(paths, 4, async (path) => {
    const st = statSync(path);
    return { path, sha256: await sha256File(path), size: st.size, mtime: new Date(st.mtimeMs).toISOString() };
  });
  return { created: new Date().toISOString(), tool, files };
}

export function writeManifest(file: string, m: Manifest): void {
  writeFileSync(file, `${JSON.stringify(m, null, 2)}\n`);
}

/** What changed since the manifest was made (empty when the evidence is intact). */
export async function verifyManifest(m: Manifest): Promise<string[]> {
  const changes = await mapLimit(m.files, 4, async (f) => {
    const st = statSync(f.path, { throwIfNoEntry: false });
    if (!st) return `${f.path}: missing`;
    if (st.size !== f.size) return `${f.path}: size ${f.size} → ${st.size}`;
    const h = await sha256File(f.path);
    if (h !== f.sha256) return `${f.path}: sha256 changed`;
    if (new Date(st.mtimeMs).toISOString() !== f.mtime) return `${f.path}: mtime changed`;
    return '';
  });
  return changes.filter(Boolean);
}
