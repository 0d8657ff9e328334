/**
 * konseki's built-in analyses of Windows event logs, for triage: brute force and password spraying,
 * logons (RDP, admin, trap accounts, Domain Admins on user terminals, pass-the-hash, explicit
 * credentials), account management, shared local (kitting) accounts, execution and lateral movement (services, scheduled tasks, WMI, WinRM, process
 * trees), Defender, and tampering with the evidence (cleared logs, time changes, record gaps).
 */
import type { Analyzer } from '../types.ts';
import { accountManagementAnalyzer } from './accounts.ts';
import { appLogsAnalyzer } from './app-logs.ts';
import { bruteForceAnalyzer } from './brute-force.ts';
import { evidenceCoverageAnalyzer, logCoverageAnalyzer } from './coverage.ts';
import { defenderAnalyzer } from './defender.ts';
import { executionAnalyzer } from './execution.ts';
import { logIntegrityAnalyzer } from './gaps.ts';
import { kittingAnalyzer } from './kitting.ts';
import { logonAnalyzer } from './logon.ts';
import { resolveOptions, type WindowsAnalysisOptions } from './options.ts';
import { processTreeAnalyzer } from './process-tree.ts';
import { tamperingAnalyzer } from './tampering.ts';

/**
 * All Windows analyzers. With `perFile: false` the per-file ones (see windowsFileAnalyzers) are
 * left out, for a pipeline that runs those next to the reader instead.
 */
export function windowsAnalyzers(
  options: WindowsAnalysisOptions = {},
  { perFile = true }: { perFile?: boolean } = {},
): Analyzer[] {
  const o = resolveOptions(options);
  const all = [
    bruteForceAnalyzer(o),
    logonAnalyzer(o),
    accountManagementAnalyzer(o),
    kittingAnalyzer(o),
    executionAnalyzer(o),
    processTreeAnalyzer(o),
    defenderAnalyzer(o),
    tamperingAnalyzer(o),
    appLogsAnalyzer(o),
    evidenceCoverageAnalyzer(o),
  ];
  return perFile ? [...all, logIntegrityAnalyzer(o), logCoverageAnalyzer(o)] : all;
}

/**
 * Analyzers that conclude over one file at a time and want every record of it (EventRecordID gaps,
 * time running backwards, overwritten beginnings). A worker reading one file can run them on the
 * spot and send back only findings, instead of sending every event to the main thread.
 */
export function windowsFileAnalyzers(options: WindowsAnalysisOptions = {}): Analyzer[] {
  const o = resolveOptions(options);
  return [logIntegrityAnalyzer(o), logCoverageAnalyzer(o)];
}

export { DEFAULT_THRESHOLDS, DEFAULT_TRAP_ACCOUNTS, resolveOptions } from './options.ts';
export type { WindowsAnalysisOptions, WindowsThresholds } from './options.ts';
export { logonSummary, LogonSummary, type LogonSummaryRow } from './logon-summary.ts';
export {
  bruteForceAnalyzer,
  logonAnalyzer,
  accountManagementAnalyzer,
  kittingAnalyzer,
  executionAnalyzer,
  processTreeAnalyzer,
  defenderAnalyzer,
  tamperingAnalyzer,
  logIntegrityAnalyzer,
  logCoverageAnalyzer,
  evidenceCoverageAnalyzer,
  appLogsAnalyzer,
};
