/** Options of the Windows analyses: account lists from the organisation, and thresholds. */
import { DEFAULT_ANALYSIS_OPTIONS, type AnalysisOptions } from '../types.ts';

export interface WindowsThresholds {
  /** failed logons from one source within one burst that make a brute force */
  bruteForceMinAttempts: number;
  /** distinct target accounts from one source within one burst that make a password spray */
  sprayMinUsers: number;
  /** RDP connections (RdpCoreTS 131) from one address within one burst that make a guessing attempt */
  rdpConnectionsMin: number;
  /** one address connecting to RDP on this many hosts is a scan */
  rdpScanMinHosts: number;
  /** failures further apart than this start a new burst (minutes) */
  burstGapMinutes: number;
  /** a success this long after the last failure of a burst still counts as its outcome (minutes) */
  successWithinMinutes: number;
  /** system time changes smaller than this are clock drift corrections (seconds) */
  timeChangeMinSeconds: number;
  /** this many time changes by one actor are suspicious whatever their size */
  timeChangeMinCount: number;
  /** time going backwards between consecutive records by more than this is reported (seconds) */
  backwardsToleranceSeconds: number;
  /** RDP logons of one account from one source to this many hosts are reported as lateral movement */
  rdpSpreadMinHosts: number;
  /** a scheduled task deleted this soon after its creation looks like remote execution (minutes) */
  taskShortLivedMinutes: number;
  /** one local account logging on to this many hosts is a kitting account (seed 000 ④) */
  kittingMinHosts: number;
}

export const DEFAULT_THRESHOLDS: WindowsThresholds = {
  bruteForceMinAttempts: 10,
  rdpConnectionsMin: 30,
  rdpScanMinHosts: 5,
  sprayMinUsers: 5,
  burstGapMinutes: 30,
  successWithinMinutes: 30,
  timeChangeMinSeconds: 300,
  timeChangeMinCount: 10,
  backwardsToleranceSeconds: 300,
  taskShortLivedMinutes: 10,
  rdpSpreadMinHosts: 3,
  kittingMinHosts: 3,
};

/** Decoy accounts nobody should ever use: any logon or attempt is an alarm. */
export const DEFAULT_TRAP_ACCOUNTS = ['admin', 'clientadmin01'];

export interface WindowsAnalysisOptions extends Partial<AnalysisOptions> {
  /** members of Domain Admins (user names, any case, with or without domain) */
  domainAdmins?: string[];
  /** user terminals: host names, `*` patterns (PC-*), IPs or CIDR ranges */
  userTerminals?: string[];
  thresholds?: Partial<WindowsThresholds>;
}

export interface ResolvedWindowsOptions {
  timeZone: string;
  businessHours: [number, number];
  trapAccounts: Set<string>;
  domainAdmins: Set<string>;
  userTerminals: string[];
  t: WindowsThresholds;
}

const bare = (s: string): string => {
  const n = s.trim().toLowerCase();
  const bs = n.lastIndexOf('\\');
  const u = bs >= 0 ? n.slice(bs + 1) : n;
  const at = u.indexOf('@');
  return at > 0 ? u.slice(0, at) : u;
};

export function resolveOptions(o: WindowsAnalysisOptions = {}): ResolvedWindowsOptions {
  return {
    timeZone: o.timeZone ?? DEFAULT_ANALYSIS_OPTIONS.timeZone,
    businessHours: o.businessHours ?? DEFAULT_ANALYSIS_OPTIONS.businessHours,
    trapAccounts: new Set((o.trapAccounts ?? DEFAULT_TRAP_ACCOUNTS).map(bare).filter(Boolean)),
    domainAdmins: new Set((o.domainAdmins ?? []).map(bare).filter(Boolean)),
    userTerminals: (o.userTerminals ?? []).map((s) => s.trim()).filter(Boolean),
    t: { ...DEFAULT_THRESHOLDS, ...(o.thresholds ?? {}) },
  };
}
