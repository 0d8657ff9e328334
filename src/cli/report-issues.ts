/** Prints problems found in the evidence to stderr, localized; file names and values escaped for the terminal. */
import { formatLocation, type Issue } from '../core/issue.ts';
import { msg, tell, val } from './output.ts';

export function printIssues(issues: Issue[], verbose: boolean, limit = 20): void {
  // errors first: what could not be read matters more than what was read with damage
  const rank = { error: 0, warning: 1, info: 2 } as const;
  const shown = issues
    .filter((i) => verbose || i.severity !== 'info')
    .map((i, n) => ({ i, n }))
    .sort((a, b) => rank[a.i.severity] - rank[b.i.severity] || a.n - b.n)
    .map((x) => x.i);
  if (!shown.length) return;
  tell(msg('issues.header', { count: shown.length }));
  const max = verbose ? shown.length : limit;
  for (const i of shown.slice(0, max))
    tell(`  ${i.severity === 'error' ? '✗' : '!'} ${val(formatLocation(i.at))}: ${msg(i.code, i.params ?? {})}`);
  if (shown.length > max) tell(`  ${msg('issues.more', { count: shown.length - max })}`);
}
