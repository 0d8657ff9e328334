/**
 * The Sigma engine's contracts. Layers, like pySigma:
 *
 *   files ──loadRuleSet(dirs)──► RuleDoc[] + LoadReport        (main thread; YAML parsed once, cached on disk)
 *   RuleDoc[] + Mapping ──compileRuleSet──► RuleSet             (any thread; docs are structured-cloneable)
 *   RuleSet.match(event) ──► RuleHit[]                          (per event, in workers)
 *   CorrelationInput* ──Correlator──► CorrelationResult[]       (main thread, any arrival order, at the end)
 *
 * A RuleDoc is already validated: modifiers checked, condition parsed, `x of pattern` resolved. Compiling
 * only applies the logsource/field mapping (mappings/*.yml, see mapping.ts) and builds predicates.
 */
import type { Event, FieldValue, LogSource, SourceRef } from '../core/event.ts';
import type { Issue } from '../core/issue.ts';
import type { Level } from '../core/finding.ts';

/** Where a rule (or a part of it) is written: 1-based line and column. */
export interface Pos {
  line: number;
  col: number;
}

/** A YAML scalar as a rule value: numbers whose source text is not their canonical form stay text ("0x10"). */
export type RawValue = string | number | boolean | null;

/** One detection item: `field|mod1|mod2: values` (field '' for keywords). */
export interface ItemDoc {
  field: string;
  mods: string[];
  values: RawValue[];
  /** the YAML value was a list (so `all` may link it with AND) */
  list: boolean;
  pos: Pos;
}

/** A search identifier's body: a map (AND of items), a list of alternatives (OR), or keywords. */
export type SearchDoc = { t: 'and'; items: ItemDoc[] } | { t: 'or'; alts: SearchDoc[] };

/** Condition AST. `of` lists the identifiers its pattern matched when the rule was loaded. */
export type CondNode =
  | { op: 'id'; name: string }
  | { op: 'not'; arg: CondNode }
  | { op: 'and' | 'or'; args: CondNode[] }
  | { op: 'of'; quant: 'all' | number; names: string[]; pattern: string };

export type CompareOp = 'gt' | 'gte' | 'lt' | 'lte' | 'eq' | 'neq';
export interface CompareDoc {
  op: CompareOp;
  value: number;
}

/** Sigma 1 pipe aggregation (`selection | count(field) by g > N` + `timeframe`), as Hayabusa still uses. */
export interface AggregationDoc {
  func: 'count' | 'sum' | 'avg' | 'min' | 'max';
  field?: string;
  groupBy: string[];
  compare: CompareDoc;
  /** seconds; Infinity when the rule has no timeframe */
  timespan: number;
}

export interface DetectionDoc {
  searches: Record<string, SearchDoc>;
  /** one or more conditions; a list is ORed */
  condition: CondNode;
}

interface DocBase {
  /** index in the loaded set; stable across threads because docs are cloned in order */
  index: number;
  id?: string;
  name?: string;
  title: string;
  status?: string;
  level: Level;
  author?: string;
  tags: string[];
  description?: string;
  date?: string;
  modified?: string;
  falsepositives?: string[];
  references?: string[];
  /** the `fields` attribute: fields worth showing */
  fields?: string[];
  /** Hayabusa's Details template, when the rule has one */
  details?: string;
  ruletype?: string;
  file: string;
  pos: Pos;
}

export interface DetectionRuleDoc extends DocBase {
  kind: 'rule';
  logsource: LogSource;
  detection: DetectionDoc;
  aggregation?: AggregationDoc;
}

export type CorrelationType =
  | 'event_count'
  | 'value_count'
  | 'temporal'
  | 'temporal_ordered'
  | 'value_sum'
  | 'value_avg'
  | 'value_percentile';

export interface CorrelationDoc extends DocBase {
  kind: 'correlation';
  type: CorrelationType;
  /** ids or names of rules or correlations */
  rules: string[];
  groupBy: string[];
  /** seconds */
  timespan: number;
  /** the compare ops (ANDed); empty for temporal types without a condition (= all rules) */
  compare: CompareDoc[];
  /** value_* and value_count: the field(s) aggregated */
  field?: string[];
  /** alias → rule name → field */
  aliases: Record<string, Record<string, string>>;
  generate: boolean;
}

/**
 * A Sigma meta filter. Meaning in konseki (the specification's prose and examples): the filter's condition
 * selects the events to SUPPRESS, so a referenced rule matches only when `rule AND NOT filter`. pySigma reads
 * the condition the other way round (`rule AND filter`, filters written as `not selection`); see filters.test.ts.
 */
export interface FilterDoc extends DocBase {
  kind: 'filter';
  logsource: LogSource;
  /** ids or names of the rules it applies to */
  rules: string[];
  detection: DetectionDoc;
}

export type RuleDoc = DetectionRuleDoc | CorrelationDoc | FilterDoc;

/** Why a file or document was not loaded (stable codes; messages in messages.ts). */
export interface LoadReport {
  files: number;
  documents: number;
  loaded: { rules: number; correlations: number; filters: number };
  /** documents skipped on purpose (e.g. status deprecated when excluded) */
  skipped: number;
  /** every problem, with file/line/col; severity 'error' means the document was rejected */
  issues: Issue[];
  /** seconds spent, and how many files came from the parse cache */
  seconds: number;
  cached: number;
}

export interface LoadOptions {
  /** statuses to leave out (default: none; `rules check` shows them all) */
  excludeStatus?: string[];
  /** directory for the parse cache; undefined = no cache */
  cacheDir?: string;
}

/** One logsource's concrete sources: what events a rule with that logsource may see. */
export interface SourceTarget {
  /** a name for reports, e.g. "sysmon-1" or "security-4688" */
  name: string;
  /** event.logsource constraints (case-insensitive equality) */
  logsource?: LogSource;
  /** Windows: the event's Channel is one of these (case-insensitive) */
  channel?: string[];
  /** Windows: the event's Provider_Name is one of these */
  provider?: string[];
  /** Windows: the event's EventID is one of these */
  eventid?: number[];
  /** Sigma field → event field; with `values`, the event's value is translated first (event value → Sigma value) */
  fields?: Record<string, string | { field: string; values: Record<string, string> }>;
  /** Sigma fields this source never has: items on them are unknown (a rule matches only when provably true) */
  missing?: string[];
}

export interface LogsourceMapping {
  /** matches a rule whose logsource has all these keys with these values */
  logsource: LogSource;
  targets: SourceTarget[];
}

/** Parsed mappings/*.yml (plain data, structured-cloneable). */
export interface Mapping {
  logsources: LogsourceMapping[];
  /** per product (or '*'): rule field name → event field name */
  aliases: Record<string, Record<string, string>>;
  /** placeholder name → values (Sigma strings); rules using an unset placeholder are not compiled */
  placeholders: Record<string, string[]>;
  files: string[];
}

/** What compileRuleSet needs besides docs. */
export interface CompileOptions {
  /** rules below this level are not compiled (correlations still see their base rules) */
  minLevel?: Level;
  /** false: evaluate every candidate rule on every event (no literal prefilter; for tests and comparisons) */
  prefilter?: boolean;
}

/** Facts about a compiled rule that hits and detections carry. */
export interface RuleInfo {
  index: number;
  id: string;
  title: string;
  level: Level;
  author?: string;
  tags: string[];
  file: string;
  status?: string;
  fields?: string[];
  details?: string;
}

/** One rule matching one event. */
export interface RuleHit {
  /** RuleDoc.index */
  rule: number;
  /** show it as a detection (false for rules that only feed correlations without `generate: true`) */
  emit: boolean;
  /** a correlation (or a legacy aggregation) uses it: send `ruleSet.correlationInput(hit, event)` to the Correlator */
  correlate: boolean;
  /** which of the rule's sources matched (index into its targets; field renames depend on it) */
  src: number;
}

export interface RuleSet {
  /** compiled rules by RuleDoc.index (sparse) */
  readonly rules: ReadonlyMap<number, RuleInfo>;
  /** issues found while compiling (placeholders unset, no mapping, unknown filter targets …) */
  readonly issues: Issue[];
  /** how many (rule, source) predicates and distinct item predicates were built */
  readonly predicates: number;
  readonly leaves: number;
  /** the sources each compiled rule runs on (target names), for reports */
  sourcesOf(rule: number): string[];
  match(event: Event): RuleHit[];
  /** what the Correlator needs of this event: the group-by and value fields of every correlation using the rule */
  correlationInput(hit: RuleHit, event: Event): CorrelationInput;
}

/** A hit as the Correlator sees it (structured-cloneable, small). */
export interface CorrelationInput {
  rule: number;
  ts: number;
  host?: string;
  source: SourceRef;
  /** the fields the correlations read (group-by, aliases, value fields), by rule field name */
  values: Record<string, FieldValue>;
}

export interface CorrelationResult {
  /** the correlation's RuleDoc.index (or the base rule's, for a legacy aggregation) */
  rule: number;
  info: RuleInfo;
  type: CorrelationType | 'aggregation';
  /** when the condition was met */
  ts: number;
  first: number;
  last: number;
  group: Record<string, string>;
  /** the aggregated number the condition was tested on (count, distinct values, sum, …) */
  value: number;
  /** the events (or sub-correlation firings) that made it fire, first MAX_RELATED */
  related: SourceRef[];
  relatedCount: number;
  hosts: string[];
  /** value_percentile: the rare value */
  detail?: string;
}

/** What loading one rule file gives: its documents, its problems, and how many documents were refused. */
export interface FileResult {
  docs: RuleDoc[];
  issues: Issue[];
  /** documents (or unreadable files) not loaded; each has an error issue */
  rejected: number;
}
