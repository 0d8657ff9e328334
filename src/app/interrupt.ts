/**
 * A run interrupted (Ctrl-C, SIGTERM) leaves its case as it was before the run: the work directory
 * (extracted archives, staged outputs) is removed and run-state.json says the run was interrupted.
 */
import type { CaseDir, RunState } from '../case/case-dir.ts';

/** Until the returned function is called, SIGINT and SIGTERM clean up and end the process (130 / 143). */
export function cleanUpOnInterrupt(c: CaseDir, state: RunState): () => void {
  const handler = (signal: NodeJS.Signals): void => {
    try {
      c.endRun(state, 'interrupted');
      c.removeWork();
    } catch {
      // nothing more can be done on the way out
    }
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
