/**
 * What runs on every event as it is read (in worker threads): the compiled rule set, the per-file
 * analyzers, the network view of network records (net-row), and whether an analysis of host events
 * (Windows, Linux, execution artifacts) wants the event. Those analyses and the network ones run after
 * reading, over the store (src/triage/analyze.ts), built here from the same EngineInit, which is plain
 * data (it crosses into workers).
 */
import { executionAnalyzers } from '../analytics/execution/index.ts';
import { linuxAnalyzers } from '../analytics/linux/index.ts';
import { liveAnalyzers } from '../analytics/live/index.ts';
import {
  loadAllowList,
  loadPolicy,
  NetRows,
  networkContext,
  networkOptions,
  type NetworkContext,
} from '../analytics/network/index.ts';
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
  /** the business calendar beyond hours (see core/calendar.ts) */
  workDays?: number[];
  japaneseHolidays?: boolean;
  extraHolidays?: string[];
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
  /** does an analysis of host events want this event (it is replayed to them from the store)? */
  wants(e: Event): boolean;
  /** fresh analyzers that conclude per file; run next to the reader */
  fileAnalyzers(): Analyzer[];
  /** the `net` rows of network events */
  net: NetRows;
  issues: Issue[];
}

export function analysisOptions(init: EngineInit): AnalysisOptions {
  const a = init.analysis ?? {};
  const out: AnalysisOptions = { ...DEFAULT_ANALYSIS_OPTIONS };
  for (const [k, v] of Object.entries(a)) if (v !== undefined) (out as unknown as Record<string, unknown>)[k] = v;
  return out;
}

/** The network analyses' context of a run (time zone, business hours, internal networks; allow-list and policy when asked). */
export function networkContextOf(init: EngineInit, issues: Issue[] = [], lists = true): NetworkContext {
  const o = analysisOptions(init);
  const allow = lists ? loadAllowList(init.allowFiles ?? [], issues) : undefined;
  const policy = lists && init.policyFiles?.length ? loadPolicy(init.policyFiles, issues) : undefined;
  return networkContext(networkOptions({ ...o, allow, policy, internalCidrs: init.analysis?.internalCidrs }));
}

/** The indicators of a run. */
export function iocsOf(init: EngineInit, issues: Issue[]): IocSet {
  return init.iocFiles?.length ? loadIocs(init.iocFiles, issues) : new IocSet();
}

/**
 * The analyzers of host events (Windows, Linux, execution artifacts), freshly constructed (they hold
 * state); the per-file Windows analyzers are left out (they run next to the reader).
 */
export function hostAnalyzers(init: EngineInit, iocs: IocSet | undefined): Analyzer[] {
  const o = analysisOptions(init);
  const a = init.analysis ?? {};
  return [
    ...windowsAnalyzers({ ...o, domainAdmins: a.domainAdmins, userTerminals: a.userTerminals }, { perFile: false }),
    ...linuxAnalyzers({ ...o, sudoUsers: a.sudoUsers }),
    ...liveAnalyzers({
      ...o,
      matchIp: iocs && iocs.size > 0 ? (ip: string) => toIpIndicator(iocs.matchIp(ip)) : undefined,
    }),
    ...executionAnalyzers({
      ...o,
      iocSha1: iocs && iocs.size > 0 ? (sha1: string) => toHashIndicator(iocs.matchHash(sha1)) : undefined,
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

/** Matches events against a rule set and fills the detections' Details the way a responder reads them. */
export function ruleMatcher(
  init: Pick<EngineInit, 'ruleDocs' | 'mapping' | 'minLevel' | 'lang'>,
  issues: Issue[],
): (e: Event) => { detections: Detection[]; correlation: CorrelationInput[] } {
  const lang = init.lang ?? 'en';
  if (!init.ruleDocs.length || !init.mapping) return () => NO_MATCH;
  const sigma = sigmaMatcher(init.ruleDocs, init.mapping, { minLevel: init.minLevel as never });
  issues.push(...sigma.ruleSet.issues);
  return (e) => {
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
  };
}

export function buildEngine(init: EngineInit): TriageEngine {
  const issues: Issue[] = [];
  // every host analysis, the IOC one included, so that `konseki hunt --ioc` later finds its events in the store
  const analyzers = hostAnalyzers(init, new IocSet());
  const ioc = executionAnalyzers({ ...analysisOptions(init), iocSha1: () => undefined });
  const wanting = [...analyzers, ...ioc];
  const opts = analysisOptions(init);
  return {
    issues,
    wants: (e) => {
      if (hasBadTime(e)) return false; // analyses work on times: a record whose time is unusable is left out
      for (const a of wanting) if (a.wants(e)) return true;
      return false;
    },
    fileAnalyzers: () => windowsFileAnalyzers(opts).map(withUsableTimes),
    net: new NetRows(networkContextOf(init, issues, false)),
    match: ruleMatcher(init, issues),
  };
}
