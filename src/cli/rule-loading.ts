/** Loads the rule directories a command was given (plus konseki's own rules), with a parse cache. */
import { existsSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Issue } from '../core/issue.ts';
import { msg, tell } from './output.ts';
import { loadRuleSet } from '../sigma/loader.ts';
import { loadMapping } from '../sigma/mapping.ts';
import type { Mapping, RuleDoc } from '../sigma/types.ts';

/** konseki's own rules (rules/ of the package), found upwards from this module (src/cli or dist/). */
export function builtinRuleDirs(): string[] {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    const cand = join(dir, 'rules');
    if (existsSync(join(cand, 'konseki'))) return [join(cand, 'konseki')];
    dir = dirname(dir);
  }
  return [];
}

/**
 * Rule directories given twice (or as two spellings of one directory: `-r D -r ./D`, a link to D) are
 * read once: their real paths decide. A directory inside another one given is read with that one.
 */
export function uniqueDirs(dirs: string[]): string[] {
  const real = dirs.map((d) => {
    try {
      return realpathSync(d);
    } catch {
      return d;
    }
  });
  const out: string[] = [];
  const kept: string[] = [];
  real.forEach((r, i) => {
    if (kept.some((k) => r === k || r.startsWith(k.endsWith('/') ? k : `${k}/`))) return;
    // a directory given after one inside it replaces that one
    for (let j = kept.length - 1; j >= 0; j--)
      if (kept[j]!.startsWith(`${r}/`)) {
        kept.splice(j, 1);
        out.splice(j, 1);
      }
    kept.push(r);
    out.push(dirs[i]!);
  });
  return out;
}

export function ruleCacheDir(): string {
  return process.env.KONSEKI_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'konseki', 'rules');
}

export function loadRules(dirs: string[], verbose: boolean): { docs: RuleDoc[]; mapping: Mapping; issues: Issue[] } {
  const issues: Issue[] = [];
  const mapping = loadMapping([], issues);
  if (!dirs.length) return { docs: [], mapping, issues };
  const { docs, report } = loadRuleSet(uniqueDirs(dirs), {
    cacheDir: ruleCacheDir(),
    excludeStatus: ['deprecated', 'unsupported'],
  });
  if (verbose)
    tell(
      msg('triage.rules_loaded', {
        rules: docs.length,
        rejected: report.issues.filter((i) => i.severity === 'error').length,
        seconds: report.seconds.toFixed(1),
      }),
    );
  return { docs, mapping, issues };
}
