/** The issue that says how the years of a file's year-less time stamps were chosen. */
import { issue, type Issue } from '../core/issue.ts';
import type { YearGuess } from './year.ts';
import './messages.ts';

const day = (us: number): string => (Number.isFinite(us) ? new Date(us / 1000).toISOString().slice(0, 10) : '-');

/** Info when the years come from dated evidence of the same host; a warning when they had to be guessed. */
export function yearIssue(g: YearGuess, file: string, mtimeUs: number | undefined, zone: string): Issue {
  const lines = g.lines;
  switch (g.basis) {
    case 'host':
      return issue(
        'time.year_host',
        { file },
        { lines, basis: g.anchor!.basis, from: day(g.anchor!.fromUs), to: day(g.anchor!.toUs), zone },
        'info',
      );
    case 'case':
      return issue(
        'time.year_case',
        { file },
        { lines, basis: g.anchor!.basis, from: day(g.anchor!.fromUs), to: day(g.anchor!.toUs), zone },
        'warning',
      );
    case 'mtime':
      return issue('time.year_mtime', { file }, { lines, anchor: day(mtimeUs ?? NaN), zone }, 'warning');
    default:
      return issue('time.year_clock', { file }, { lines, zone }, 'warning');
  }
}
