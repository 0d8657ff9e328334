/** Expands files and directories given on the command line into a sorted list of regular files. */
import './messages.ts';
import { lstatSync, readdirSync, type Stats, statSync } from 'node:fs';
import { join } from 'node:path';
import { issue, type Issue } from './issue.ts';

export function walkInputs(
  inputs: string[],
  issues: Issue[],
  accept: (path: string) => boolean = () => true,
): string[] {
  const out: string[] = [];
  const visit = (p: string, depth: number): void => {
    let st: Stats;
    try {
      st = lstatSync(p);
      if (st.isSymbolicLink()) st = statSync(p);
    } catch (e) {
      issues.push(issue('walk.unreadable', { file: p }, { reason: (e as Error).message }, 'error'));
      return;
    }
    if (st.isDirectory()) {
      if (depth > 64) return;
      let names: string[];
      try {
        names = readdirSync(p).sort();
      } catch (e) {
        issues.push(issue('walk.unreadable', { file: p }, { reason: (e as Error).message }, 'error'));
        return;
      }
      for (const n of names) visit(join(p, n), depth + 1);
    } else if (st.isFile() && accept(p)) {
      out.push(p);
    }
  };
  for (const i of inputs) visit(i, 0);
  return out;
}
