/** The Linux analyzers, for triage: SSH brute force, login anomalies, privilege use, new accounts, cron persistence, login failure counters (faillog, tallylog). */
import type { AnalysisOptions, Analyzer } from '../types.ts';
import { cronPersistence } from './cron-persistence.ts';
import { failureCounters } from './failure-counters.ts';
import { loginAnomalies } from './login-anomaly.ts';
import { privilegeAnalyzer, type PrivilegeOptions } from './privilege.ts';
import { DEFAULT_BRUTE_FORCE, sshBruteForce, type BruteForceOptions } from './ssh-brute-force.ts';

export interface LinuxAnalysisOptions extends AnalysisOptions {
  bruteForce?: Partial<BruteForceOptions>;
  /** users expected to become root with sudo/su */
  sudoUsers?: string[];
}

export function linuxAnalyzers(options: LinuxAnalysisOptions): Analyzer[] {
  const priv: PrivilegeOptions = { rareMax: 3, routineMin: 10, sudoUsers: options.sudoUsers };
  return [
    sshBruteForce(options, { ...DEFAULT_BRUTE_FORCE, ...options.bruteForce }),
    loginAnomalies(options),
    privilegeAnalyzer(options, priv),
    cronPersistence(options),
    failureCounters(options),
  ];
}

export { sshBruteForce, loginAnomalies, privilegeAnalyzer, cronPersistence, failureCounters };
