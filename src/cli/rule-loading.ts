/** Loads the rule directories a command was given (plus konseki's own rules), with a parse cache. */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Issue } from '../core/issue.ts';
import { t } from '../i18n/index.ts';
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

export function ruleCacheDir(): string {
  return process.env.KONSEKI_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'konseki', 'rules');
}

export function loadRules(dirs: string[], verbose: boolean): { docs: RuleDoc[]; mapping: Mapping; issues: Issue[] } {
  const issues: Issue[] = [];
  const mapping = loadMapping([], issues);
  if (!dirs.length) return { docs: [], mapping, issues };
  const { docs, report } = loadRuleSet(dirs, {
    cacheDir: ruleCacheDir(),
    excludeStatus: ['deprecated', 'unsupported'],
  });
  if (verbose)
    process.stderr.write(
      `${t('triage.rules_loaded', { rules: docs.length, rejected: report.issues.filter((i) => i.severity === 'error').length, seconds: report.seconds.toFixed(1) })}\n`,
    );
  return { docs, mapping, issues };
}
