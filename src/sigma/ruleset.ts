/**
 * compileRuleSet: docs + mapping → a RuleSet whose `match(event)` looks up the candidate predicates by the
 * event's source (Windows: Channel and EventID; others: logsource) and runs only those. Candidate lists are
 * memoized per source key, so an event no rule can see costs one string concatenation and a Map lookup.
 */
import type { Event, FieldValue, LogSource } from '../core/event.ts';
import { levelRank } from '../core/finding.ts';
import { issue, type Issue } from '../core/issue.ts';
import { Compiler, PlaceholderUnset, and } from './compile.ts';
import { aliasFor, logsourceKey, targetsFor } from './mapping.ts';
import { Bucket, type Entry } from './prefilter.ts';
import { referenceIndex } from './references.ts';
import { requiredValues } from './required.ts';
import type {
  CompileOptions,
  CorrelationDoc,
  CorrelationInput,
  DetectionRuleDoc,
  FilterDoc,
  Mapping,
  RuleDoc,
  RuleHit,
  RuleInfo,
  RuleSet,
  SourceTarget,
} from './types.ts';
import { accessorFor, EventView, type Accessor } from './view.ts';
import './messages.ts';

const EMPTY: RuleHit[] = [];
const MEMO_MAX = 20_000;

export function compileRuleSet(docs: RuleDoc[], mapping: Mapping, opts: CompileOptions = {}): RuleSet {
  return new CompiledRuleSet(docs, mapping, opts);
}

export function ruleInfo(d: RuleDoc): RuleInfo {
  return {
    index: d.index,
    id: d.id ?? d.name ?? `${d.file}:${d.pos.line}`,
    title: d.title,
    level: d.level,
    author: d.author,
    tags: d.tags,
    file: d.file,
    status: d.status,
    fields: d.fields,
    details: d.details,
  };
}

/** Which correlations use each detection rule (directly), and the fields they read from its events. */
export function correlationUse(docs: RuleDoc[]): Map<number, CorrelationDoc[]> {
  const byRef = referenceIndex(docs);
  const used = new Map<number, CorrelationDoc[]>();
  for (const c of docs) {
    if (c.kind !== 'correlation') continue;
    for (const r of c.rules) {
      const t = byRef.get(r);
      if (t && t.kind === 'rule') (used.get(t.index) ?? used.set(t.index, []).get(t.index)!).push(c);
    }
  }
  return used;
}

/** The Sigma field names a correlation reads from events of `rule` (group-by through aliases, value fields). */
export function fieldsFor(c: CorrelationDoc, rule: RuleDoc): string[] {
  const out = new Set<string>();
  for (const g of c.groupBy) {
    const a = c.aliases[g];
    out.add((a && ((rule.name && a[rule.name]) || (rule.id && a[rule.id]))) || g);
  }
  for (const f of c.field ?? []) out.add(f);
  return [...out];
}

class CompiledRuleSet implements RuleSet {
  readonly rules = new Map<number, RuleInfo>();
  readonly issues: Issue[] = [];
  predicates = 0;
  leaves = 0;
  private byWin = new Map<string, Entry[]>();
  private byLs = new Map<string, Entry[]>();
  private memo = new Map<string, Bucket>();
  /** Windows events: Channel as written → EventID → bucket */
  private winMemo = new Map<string, Map<string | number, Bucket>>();
  private view = new EventView();
  private epoch = 0;
  private sources = new Map<number, SourceTarget[]>();
  private inputFields = new Map<number, string[]>();
  private readers = new Map<string, Accessor[]>();
  private products = new Map<number, string | undefined>();

  private prefilter: boolean;

  constructor(
    docs: RuleDoc[],
    private mapping: Mapping,
    opts: CompileOptions,
  ) {
    this.prefilter = opts.prefilter !== false;
    const compiler = new Compiler(mapping);
    const used = correlationUse(docs);
    const filters = docs.filter((d): d is FilterDoc => d.kind === 'filter');
    const minRank = opts.minLevel ? levelRank(opts.minLevel) : 0;
    const unmapped = new Map<string, number>();
    for (const d of docs) {
      if (d.kind !== 'rule') continue;
      const users = used.get(d.index) ?? [];
      const correlate = users.length > 0 || d.aggregation !== undefined;
      const emit =
        !d.aggregation && (users.length === 0 || users.some((c) => c.generate)) && levelRank(d.level) >= minRank;
      if (!emit && !correlate) continue;
      if (correlate) {
        const fields = new Set<string>();
        for (const c of users) for (const f of fieldsFor(c, d)) fields.add(f);
        if (d.aggregation) {
          for (const g of d.aggregation.groupBy) fields.add(g);
          if (d.aggregation.field) fields.add(d.aggregation.field);
        }
        this.inputFields.set(d.index, [...fields]);
      }
      const { targets, mapped } = targetsFor(d.logsource, mapping);
      if (!mapped)
        unmapped.set(
          logsourceKey(d.logsource) || '(none)',
          (unmapped.get(logsourceKey(d.logsource) || '(none)') ?? 0) + 1,
        );
      try {
        const r = this.compileRule(
          compiler,
          d,
          targets,
          filters.filter((f) => appliesTo(f, d)),
          emit,
          correlate,
        );
        if (r.n > 0) this.rules.set(d.index, ruleInfo(d));
        else if (r.missing.length)
          this.issues.push(
            issue(
              'sigma.needs_missing_fields',
              { file: d.file, line: d.pos.line },
              { title: d.title, fields: r.missing.join(', ') },
              'warning',
            ),
          );
        else
          this.issues.push(issue('sigma.no_source', { file: d.file, line: d.pos.line }, { title: d.title }, 'warning'));
      } catch (e) {
        if (e instanceof PlaceholderUnset)
          this.issues.push(
            issue(
              'sigma.placeholder_unset',
              { file: d.file, line: d.pos.line },
              { placeholder: e.placeholder, title: d.title },
              'warning',
            ),
          );
        else
          this.issues.push(
            issue(
              'sigma.compile_failed',
              { file: d.file, line: d.pos.line },
              { reason: (e as Error).message, title: d.title },
              'error',
            ),
          );
      }
    }
    for (const [ls, n] of unmapped)
      this.issues.push(
        issue(
          'sigma.logsource_unmapped',
          { file: mapping.files[0] ?? 'mappings' },
          { logsource: ls, rules: n },
          'info',
        ),
      );
    for (const list of this.byWin.values()) list.sort((a, b) => a.rule - b.rule);
    for (const list of this.byLs.values()) list.sort((a, b) => a.rule - b.rule);
    this.leaves = compiler.leafCount;
  }

  private compileRule(
    compiler: Compiler,
    d: DetectionRuleDoc,
    targets: SourceTarget[],
    filters: FilterDoc[],
    emit: boolean,
    correlate: boolean,
  ): { n: number; missing: string[] } {
    const req = requiredValues(d.detection, ['EventID', 'Channel']);
    const reqEid = req.get('EventID');
    const reqCh = req.get('Channel');
    const product = d.logsource.product;
    this.products.set(d.index, product);
    let n = 0;
    const kept: SourceTarget[] = [];
    const missing = new Set<string>();
    for (const t of targets) {
      // Windows events are indexed by Channel/EventID; a target narrower than {product: windows} without
      // channels (e.g. an unmapped category) must keep its logsource key, or it would see every event.
      const ls = t.logsource ?? {};
      const windows = !!t.channel || !!t.eventid || (ls.product === 'windows' && !ls.category && !ls.service);
      const eids = narrow(t.eventid?.map(String), reqEid);
      const chans = narrow(
        t.channel?.map((c) => c.toLowerCase()),
        reqCh,
      );
      if ((eids && !eids.length) || (chans && !chans.length)) continue;
      const compiled = compiler.detection(d.detection, t, product, true);
      let pred = compiled.pred;
      for (const f of filters) pred = and([pred, compiler.detection(f.detection, t, product, false).pred]);
      if (pred === false) {
        for (const f of itemFields(d)) if (t.missing?.includes(f)) missing.add(`${f} (${t.name})`);
        continue;
      }
      const src = kept.length;
      kept.push(t);
      const entry: Entry = {
        rule: d.index,
        src,
        pred: pred === true ? () => true : pred,
        need: compiled.need,
        provider: t.provider ? new Set(t.provider.map((p) => p.toLowerCase())) : undefined,
        emit,
        correlate,
      };
      if (windows) {
        for (const ch of chans ?? ['*']) for (const eid of eids ?? ['*']) push(this.byWin, `${ch}|${eid}`, entry);
      } else push(this.byLs, lsKey(t.logsource ?? {}), entry);
      n++;
      this.predicates++;
    }
    this.sources.set(d.index, kept);
    return { n, missing: [...missing] };
  }

  sourcesOf(rule: number): string[] {
    return (this.sources.get(rule) ?? []).map((t) => t.name);
  }

  match(event: Event): RuleHit[] {
    const f = event.fields;
    const ls = event.logsource;
    let bucket: Bucket | undefined;
    const plainWindows =
      ls.product === 'windows' && !ls.category && !ls.service && (f.Channel !== undefined || f.EventID !== undefined);
    if (plainWindows) {
      const ch = typeof f.Channel === 'string' ? f.Channel : '';
      const eid = typeof f.EventID === 'number' || typeof f.EventID === 'string' ? f.EventID : '';
      let byEid = this.winMemo.get(ch);
      if (!byEid) this.winMemo.set(ch, (byEid = new Map()));
      bucket = byEid.get(eid);
      if (!bucket) {
        bucket = this.candidates(true, f, ls);
        if (byEid.size < MEMO_MAX) byEid.set(eid, bucket);
      }
    } else {
      const key = `${ls.product ?? ''}/${ls.category ?? ''}/${ls.service ?? ''}/${typeof f.Channel === 'string' ? f.Channel : ''}/${f.EventID ?? ''}`;
      bucket = this.memo.get(key);
      if (!bucket) {
        bucket = this.candidates(
          ls.product?.toLowerCase() === 'windows' && (f.Channel !== undefined || f.EventID !== undefined),
          f,
          ls,
        );
        if (this.memo.size >= MEMO_MAX) this.memo.clear();
        this.memo.set(key, bucket);
      }
    }
    const entries = bucket.entries;
    if (!entries.length) return EMPTY;
    const view = this.view;
    view.reset(f, ++this.epoch);
    bucket.candidates(view);
    let hits: RuleHit[] | undefined;
    hits = this.evaluate(entries, bucket.always, view, f, hits);
    hits = this.evaluate(entries, bucket.marked, view, f, hits);
    if (!hits) return EMPTY;
    if (hits.length > 1) hits.sort((a, b) => a.rule - b.rule);
    return hits;
  }

  private evaluate(
    entries: Entry[],
    list: number[],
    view: EventView,
    f: Event['fields'],
    hits: RuleHit[] | undefined,
  ): RuleHit[] | undefined {
    for (let i = 0; i < list.length; i++) {
      const e = entries[list[i]!]!;
      if (e.provider && !e.provider.has(String(f.Provider_Name ?? '').toLowerCase())) continue;
      if (hits?.some((h) => h.rule === e.rule)) continue;
      if (e.pred(view)) (hits ??= []).push({ rule: e.rule, emit: e.emit, correlate: e.correlate, src: e.src });
    }
    return hits;
  }

  private candidates(win: boolean, f: Event['fields'], ls: LogSource): Bucket {
    const lists: Entry[][] = [];
    if (win) {
      const ch = typeof f.Channel === 'string' ? f.Channel.toLowerCase() : '';
      const eid = f.EventID === undefined || f.EventID === null ? '' : String(f.EventID);
      for (const k of [`${ch}|${eid}`, `${ch}|*`, `*|${eid}`, '*|*']) {
        const l = this.byWin.get(k);
        if (l) lists.push(l);
      }
    }
    for (const k of subsetKeys(ls)) {
      const l = this.byLs.get(k);
      if (l) lists.push(l);
    }
    const seen = new Set<Entry>();
    const out: Entry[] = [];
    for (const l of lists)
      for (const e of l)
        if (!seen.has(e)) {
          seen.add(e);
          out.push(e);
        }
    out.sort((a, b) => a.rule - b.rule);
    return new Bucket(out, this.prefilter);
  }

  correlationInput(hit: RuleHit, event: Event): CorrelationInput {
    const names = this.inputFields.get(hit.rule) ?? [];
    const rk = `${hit.rule}:${hit.src}`;
    let readers = this.readers.get(rk);
    if (!readers) {
      const target = this.sources.get(hit.rule)?.[hit.src];
      const product = this.products.get(hit.rule);
      readers = names.map((n) => accessorFor(n, target, (x) => aliasFor(x, product, this.mapping)));
      this.readers.set(rk, readers);
    }
    const view = new EventView();
    view.reset(event.fields, -1);
    const values: Record<string, FieldValue> = {};
    names.forEach((n, i) => {
      const v = readers![i]!(view);
      if (v !== undefined) values[n] = v;
    });
    return { rule: hit.rule, ts: event.ts, host: event.host, source: event.source, values };
  }
}

function itemFields(d: DetectionRuleDoc): Set<string> {
  const out = new Set<string>();
  const walk = (s: DetectionRuleDoc['detection']['searches'][string]): void => {
    if (s.t === 'or') s.alts.forEach(walk);
    else for (const it of s.items) out.add(it.field);
  };
  Object.values(d.detection.searches).forEach(walk);
  return out;
}

function narrow(target: string[] | undefined, required: Set<string> | undefined): string[] | undefined {
  if (!required) return target;
  if (!target) return [...required];
  return target.filter((x) => required.has(x));
}

function push(m: Map<string, Entry[]>, k: string, e: Entry): void {
  const l = m.get(k);
  if (l) l.push(e);
  else m.set(k, [e]);
}

function lsKey(ls: LogSource): string {
  return `${ls.product ?? ''}/${ls.category ?? ''}/${ls.service ?? ''}`;
}

/** The keys of every target logsource that covers an event logsource (each key may be unset). */
function subsetKeys(ls: LogSource): string[] {
  const out: string[] = [];
  const low = (x: string | undefined): string[] => (x ? [x.toLowerCase(), ''] : ['']);
  for (const p of low(ls.product))
    for (const c of low(ls.category)) for (const s of low(ls.service)) out.push(`${p}/${c}/${s}`);
  return out;
}

/** A filter applies to a rule it names (by id or name) when its logsource keys all equal the rule's. */
export function appliesTo(f: FilterDoc, d: DetectionRuleDoc): boolean {
  if (!f.rules.some((r) => r === d.id || (d.name && r === d.name))) return false;
  for (const k of ['product', 'category', 'service'] as const)
    if (f.logsource[k] !== undefined && f.logsource[k] !== d.logsource[k]) return false;
  return true;
}
