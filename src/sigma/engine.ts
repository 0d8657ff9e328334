/**
 * The Sigma engine as triage uses it: in a worker, `SigmaMatcher.match(event)` gives the detections to
 * store and the correlation inputs to post to the main thread; there, a Correlator collects the inputs of
 * every worker and `finishCorrelations` turns the firings into detections.
 */
import type { Event } from '../core/event.ts';
import type { Detection } from '../core/finding.ts';
import { Correlator, correlationDetection } from './correlate.ts';
import { detectionsFor } from './hits.ts';
import { compileRuleSet } from './ruleset.ts';
import type { CompileOptions, CorrelationInput, CorrelationResult, Mapping, RuleDoc, RuleSet } from './types.ts';

export interface SigmaMatcher {
  ruleSet: RuleSet;
  match(event: Event): { detections: Detection[]; correlation: CorrelationInput[] };
}

const NONE: { detections: Detection[]; correlation: CorrelationInput[] } = { detections: [], correlation: [] };

/** Builds the matcher from docs cloned into a worker (and the mapping, also plain data). */
export function sigmaMatcher(docs: RuleDoc[], mapping: Mapping, opts: CompileOptions = {}): SigmaMatcher {
  const ruleSet = compileRuleSet(docs, mapping, opts);
  return {
    ruleSet,
    match(event) {
      const hits = ruleSet.match(event);
      if (!hits.length) return NONE;
      const correlation: CorrelationInput[] = [];
      for (const h of hits) if (h.correlate) correlation.push(ruleSet.correlationInput(h, event));
      return { detections: detectionsFor(ruleSet, hits, event), correlation };
    },
  };
}

/** Main thread: all inputs in any order → the correlation firings and their timeline rows. */
export function finishCorrelations(
  docs: RuleDoc[],
  inputs: Iterable<CorrelationInput>,
): { results: CorrelationResult[]; detections: Detection[] } {
  const c = new Correlator(docs);
  for (const i of inputs) c.add(i);
  const results = c.finish();
  return { results, detections: results.map(correlationDetection) };
}
