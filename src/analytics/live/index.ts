/** The live-response analyses, for triage: running processes, sockets and persistence seen by a collector. */
import type { Analyzer } from '../types.ts';
import { collectionIntegrityAnalyzer } from './collection.ts';
import { livePersistenceAnalyzer } from './persistence.ts';
import { liveProcessAnalyzer, type LiveOptions } from './processes.ts';
import { windowsPersistenceAnalyzer } from './windows.ts';

export function liveAnalyzers(options: LiveOptions): Analyzer[] {
  return [
    liveProcessAnalyzer(options),
    livePersistenceAnalyzer(options),
    windowsPersistenceAnalyzer(options),
    collectionIntegrityAnalyzer(),
  ];
}

export type { LiveOptions, IpIndicator } from './processes.ts';
export { liveProcessAnalyzer, livePersistenceAnalyzer, windowsPersistenceAnalyzer };
