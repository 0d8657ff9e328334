/**
 * Exit codes of konseki (README "Exit codes"). A script that runs triage can tell a complete case
 * from one with unread parts, and both from a refusal or a crash.
 */
import type { Issue } from '../core/issue.ts';

export const EXIT = {
  /** done: everything was read, the evidence did not change */
  ok: 0,
  /** a check failed: `case verify` found a problem, `rules test` a failing rule */
  checkFailed: 1,
  /** refused: a bad command line or input (the message says which); nothing was written */
  refused: 2,
  /** done, but some evidence could not be read: files or archive members listed as problems (✗) */
  incomplete: 3,
  /** done, but the evidence changed while konseki read it */
  evidenceChanged: 4,
  /** an internal error (please report it) */
  internal: 70,
  /** interrupted (Ctrl-C); the case is left as it was before the run */
  interrupted: 130,
} as const;

/** Problems with the run's own inputs (rules, indicator lists, allow-lists, policies), not with the evidence. */
const CONFIG = /^(sigma|ioc|rules|mapping|respond|case)\.|^network\.(policy|allow)_/;

/** Did a problem leave some evidence (a file, an archive member) unread? */
export function leftUnread(i: Issue): boolean {
  return i.severity === 'error' && !CONFIG.test(i.code) && i.code !== 'triage.evidence_changed';
}

export function triageExitCode(r: { issues: Issue[]; evidenceChanges: string[] }): number {
  if (r.evidenceChanges.length) return EXIT.evidenceChanged;
  if (r.issues.some(leftUnread)) return EXIT.incomplete;
  return EXIT.ok;
}
