// Where the shared test corpora are: KONSEKI_CORPUS, or ../shared/data unpacked into .corpus/.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const CORPUS = resolve(process.env.KONSEKI_CORPUS ?? '.corpus');

/** The corpus sub-directory, or undefined (and tests use it with `describe.skipIf(!dir)`). */
export function corpusDir(...parts: string[]): string | undefined {
  const dir = join(CORPUS, ...parts);
  if (existsSync(dir)) return dir;
  if (!warned.has(dir)) {
    warned.add(dir);
    console.warn(
      `[konseki tests] corpus not found at ${dir}: skipping its tests (run ../shared/data/unpack .corpus or set KONSEKI_CORPUS)`,
    );
  }
  return undefined;
}
const warned = new Set<string>();
