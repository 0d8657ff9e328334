/**
 * What runs on every event in a worker: the compiled rule set and the analyzers' `wants` filters.
 * The same analyzer list is built in the main thread, where the wanted events are fed to it.
 */
import type { Analyzer } from '../analytics/types.ts';
import { DEFAULT_ANALYSIS_OPTIONS, type AnalysisOptions } from '../analytics/types.ts';
import type { Event } from '../core/event.ts';
import type { Detection } from '../core/finding.ts';

export interface EngineInit {
  /** rule documents as loaded by the Sigma loader (structured-cloneable) */
  ruleDocs: unknown[];
  analysis?: Partial<AnalysisOptions>;
}

export interface TriageEngine {
  match(e: Event): Detection[];
  /** does this detection also feed a correlation rule (so the main thread must see it)? */
  correlates(d: Detection): boolean;
  /** does any analyzer want this event? */
  wants(e: Event): boolean;
}

export function analysisOptions(init: EngineInit): AnalysisOptions {
  return { ...DEFAULT_ANALYSIS_OPTIONS, ...(init.analysis ?? {}) };
}

/** The analyzers of every area, freshly constructed (they hold state). */
export function buildAnalyzers(_opts: AnalysisOptions): Analyzer[] {
  return [];
}

export async function buildEngine(init: EngineInit): Promise<TriageEngine> {
  const analyzers = buildAnalyzers(analysisOptions(init));
  return {
    match: () => [],
    correlates: () => false,
    wants: (e) => {
      for (const a of analyzers) if (a.wants(e)) return true;
      return false;
    },
  };
}
