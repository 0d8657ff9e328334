/**
 * What runs on every event: the compiled rule set and the analyzers. Workers run the rules, the
 * analyzers' cheap `wants` filters and the per-file analyzers; the main thread feeds the events the
 * analyzers asked for to the same analyzers, built again there, and runs the correlations.
 * Everything here is built from EngineInit, which is plain data (it crosses into workers).
 */
import { executionAnalyzers } from '../analytics/execution/index.ts';
import { linuxAnalyzers } from '../analytics/linux/index.ts';
import { liveAnalyzers } from '../analytics/live/index.ts';
import { loadAllowList, loadPolicy, networkAnalyzers } from '../analytics/network/index.ts';
import { DEFAULT_ANALYSIS_OPTIONS, type AnalysisOptions, type Analyzer } from '../analytics/types.ts';
import { windowsAnalyzers, windowsFileAnalyzers } from '../analytics/windows/index.ts';
import type { Event } from '../core/event.ts';
import { hasBadTime } from '../core/event-time.ts';
import type { Detection } from '../core/finding.ts';
import type { Issue } from '../core/issue.ts';
import { IocSet, loadIocs } from '../ioc/index.ts';
import { detailsAndExtra, renderTemplate } from '../report/details/index.ts';
import { sigmaMatcher, type SigmaMatcher } from '../sigma/engine.ts';
import type { CorrelationInput, Mapping, RuleDoc } from '../sigma/types.ts';

export interface AnalysisInit extends Partial<AnalysisOptions> {
  domainAdmins?: string[];
  userTerminals?: string[];
  sudoUsers?: string[];
  internalCidrs?: string[];
}

export interface EngineInit {
  /** rule documents as the Sigma loader returns them (structured-cloneable) */
  ruleDocs: RuleDoc[];
  mapping?: Mapping;
  minLevel?: string;
  analysis?: AnalysisInit;
  iocFiles?: string[];
  allowFiles?: string[];
  policyFiles?: string[];
  lang?: 'en' | 'ja';
}

export interface TriageEngine {
  /** detections of this event, with Details and ExtraFieldInfo filled */
  match(e: Event): { detections: Detection[]; correlation: CorrelationInput[] };
  /** does any (main-thread) analyzer want this event? */
  wants(e: Event): boolean;
  /** fresh analyzers that conclude per file; run next to the reader */
  fileAnalyzers(): Analyzer[];
  issues: Issue[];
}

export function analysisOptions(init: EngineInit): AnalysisOptions {
  const a = init.analysis ?? {};
  const out: AnalysisOptions = { ...DEFAULT_ANALYSIS_OPTIONS };
  for (const [k, v] of Object.entries(a)) if (v !== undefined) (out as unknown as Record<string, unknown>)[k] = v;
  return out;
}

/** IOCs, allow-list and policy of a run, loaded in each thread that needs them. */
export function loadRunData(
  init: EngineInit,
  issues: Issue[],
): { iocs: IocSet; allow: ReturnType<typeof loadAllowList>; policy?: ReturnType<typeof loadPolicy> } {
  const iocs = init.iocFiles?.length ? loadIocs(init.iocFiles, issues) : new IocSet();
  const allow = loadAllowList(init.allowFiles ?? [], issues);
  const policy = init.policyFiles?.length ? loadPolicy(init.policyFiles, issues) : undefined;
  return { iocs, allow, policy };
}

/** The analyzers of every area, freshly constructed (they hold state); per-file Windows analyzers excluded. */
export function buildAnalyzers(init: EngineInit, issues: Issue[] = []): Analyzer[] {
  const o = analysisOptions(init);
  const a = init.analysis ?? {};
  const { iocs, allow, policy } = loadRunData(init, issues);
  return [
    ...windowsAnalyzers({ ...o, domainAdmins: a.domainAdmins, userTerminals: a.userTerminals }, { perFile: false }),
    ...linuxAnalyzers({ ...o, sudoUsers: a.sudoUsers }),
    ...networkAnalyzers({ ...o, allow, policy, internalCidrs: a.internalCidrs }, iocs.size > 0 ? iocs : undefined),
    ...liveAnalyzers({
      ...o,
      matchIp: iocs.size > 0 ? (ip: string) => toIpIndicator(iocs.matchIp(ip)) : undefined,
    }),
    ...executionAnalyzers({
      ...o,
      iocSha1: iocs.size > 0 ? (sha1: string) => toHashIndicator(iocs.matchHash(sha1)) : undefined,
    }),
  ];
}

function toHashIndicator(
  ind: ReturnType<IocSet['matchHash']>,
): { name?: string; source?: string; id?: string } | undefined {
  return ind ? { name: ind.label ?? ind.value, source: ind.source, id: ind.id } : undefined;
}

/** The analyzer, never shown a record whose time was unreadable or impossible (core/event-time.ts). */
function withUsableTimes(a: Analyzer): Analyzer {
  const wants = a.wants.bind(a);
  a.wants = (e: Event) => !hasBadTime(e) && wants(e);
  return a;
}

function toIpIndicator(ind: ReturnType<IocSet['matchIp']>): { label: string; source?: string } | undefined {
  return ind ? { label: ind.label ?? ind.value, source: ind.source } : undefined;
}

const NO_MATCH = { detections: [] as Detection[], correlation: [] as CorrelationInput[] };

/** The compiled rule a detection came from (rule ids are unique within a rule set). */
function ruleIndexOf(sigma: SigmaMatcher, d: Detection): number {
  let idx = byId.get(sigma)?.get(d.ruleId);
  if (idx === undefined) {
    const m = new Map<string, number>();
    for (const [i, info] of sigma.ruleSet.rules) m.set(info.id, i);
    byId.set(sigma, m);
    idx = m.get(d.ruleId);
  }
  return idx ?? -1;
}
const byId = new WeakMap<SigmaMatcher, Map<string, number>>();

export function buildEngine(init: EngineInit): TriageEngine {
  const issues: Issue[] = [];
  const analyzers = buildAnalyzers(init, issues);
  const lang = init.lang ?? 'en';
  let sigma: SigmaMatcher | undefined;
  if (init.ruleDocs.length && init.mapping) {
    sigma = sigmaMatcher(init.ruleDocs, init.mapping, { minLevel: init.minLevel as never });
    issues.push(...sigma.ruleSet.issues);
  }
  const opts = analysisOptions(init);
  return {
    issues,
    wants: (e) => {
      if (hasBadTime(e)) return false; // analyses work on times: a record whose time is unusable is left out
      for (const a of analyzers) if (a.wants(e)) return true;
      return false;
    },
    fileAnalyzers: () => windowsFileAnalyzers(opts).map(withUsableTimes),
    match(e) {
      if (!sigma) return NO_MATCH;
      const m = sigma.match(e);
      if (!m.detections.length) return m;
      // Details as a responder reads them: the rule's template (codes translated) or konseki's per-event summary
      const de = detailsAndExtra(e, { lang });
      for (const d of m.detections) {
        const template = sigma.ruleSet.rules.get(ruleIndexOf(sigma, d))?.details;
        d.details = template ? renderTemplate(template, e, { lang }) : de.details;
        d.extra = de.extra;
        d.recordId ??= e.source.line;
        d.channel ??= e.logsource.service ?? e.logsource.category ?? e.source.format;
        d.fields = undefined;
      }
      return m;
    },
  };
}
