/**
 * Analyses that conclude over many events (brute force, beacons, scans, tampering, ...). An analyzer
 * sees every event through `wants` (keep it cheap: most events are not for it), keeps the state it
 * needs, and returns findings at the end. Analyzers know nothing of files or rules.
 */
import type { Event } from '../core/event.ts';
import type { Finding } from '../core/finding.ts';

export interface AnalysisOptions {
  /** IANA zone for business hours and day boundaries (default Asia/Tokyo) */
  timeZone: string;
  /** business hours [start, end) in local hours, e.g. [8, 20] */
  businessHours: [number, number];
  /** work days, 0 = Sunday .. 6 = Saturday (default Monday to Friday) */
  workDays?: number[];
  /** Japanese national holidays are days off (default true) */
  japaneseHolidays?: boolean;
  /** company days off: YYYY-MM-DD, or MM-DD every year */
  extraHolidays?: string[];
  /** account names that must never log on (trap accounts), lower-case */
  trapAccounts: string[];
}

export interface Analyzer {
  /** producer name written into findings, e.g. "brute-force" */
  id: string;
  wants(e: Event): boolean;
  add(e: Event): void;
  finish(): Finding[];
}

export const DEFAULT_ANALYSIS_OPTIONS: AnalysisOptions = {
  timeZone: 'Asia/Tokyo',
  businessHours: [8, 20],
  // decoy accounts from seed 004; --trap-accounts replaces them
  trapAccounts: ['admin', 'clientadmin01'],
};
