/**
 * SigmaHQ's regression format: `info.yml` files naming a rule (`rule_metadata[].id`, or `rules[].id` in the
 * newer layout) and test cases (`regression_tests_info` / `test_cases`) with an `.evtx` sample and an
 * optional `match_count`. As in SigmaHQ's runner, a case passes when the rule matches at least
 * `match_count` events of the sample (more is a warning), or at least one when no count is given.
 * Only EVTX cases are run; other types are listed as skipped.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { parse } from 'yaml';
import type { Event } from '../core/event.ts';
import { issue, type Issue } from '../core/issue.ts';
import { walkInputs } from '../core/walk.ts';
import type { RuleDoc, RuleSet } from './types.ts';

export interface RegressionCase {
  info: string;
  ruleId: string;
  ruleTitle?: string;
  name: string;
  type: string;
  path: string;
  matchCount?: number;
}

export interface CaseResult {
  case: RegressionCase;
  status: 'passed' | 'failed' | 'skipped';
  /** why it failed or was skipped */
  reason?: 'rule_not_loaded' | 'rule_not_compiled' | 'too_few' | 'sample_missing' | 'type_unsupported' | 'read_failed';
  matches: number;
  /** more matches than match_count */
  extra: boolean;
  /** events shown for a failure: those the rule matched, else the sample's first events */
  events: Event[];
}

export function findCases(dirs: string[], issues: Issue[]): RegressionCase[] {
  const out: RegressionCase[] = [];
  for (const info of walkInputs(dirs, issues, (p) => basename(p) === 'info.yml', { followLinks: true })) {
    let data: Record<string, unknown>;
    try {
      data = (parse(readFileSync(info, 'utf8')) ?? {}) as Record<string, unknown>;
    } catch (e) {
      issues.push(
        issue('sigma.regression_bad_info', { file: info }, { reason: (e as Error).message.split('\n')[0]! }, 'error'),
      );
      continue;
    }
    const rules = ((data.rules ?? data.rule_metadata ?? []) as Array<Record<string, unknown>>).filter(
      (r) => r && typeof r.id === 'string',
    );
    const tests = ((data.test_cases ?? data.regression_tests_info ?? []) as Array<Record<string, unknown>>).filter(
      (t) => t && typeof t === 'object',
    );
    for (const r of rules) {
      for (const t of tests) {
        out.push({
          info,
          ruleId: r.id as string,
          ruleTitle: typeof r.title === 'string' ? r.title : undefined,
          name: typeof t.name === 'string' ? t.name : 'test',
          type: String(t.type ?? 'unknown'),
          path: samplePath(info, String(t.path ?? '')),
          matchCount: typeof t.match_count === 'number' ? t.match_count : undefined,
        });
      }
    }
  }
  return out;
}

/** Sample paths are written relative to the repository root: resolve them upwards from info.yml, or next to it. */
function samplePath(info: string, p: string): string {
  if (!p) return p;
  if (isAbsolute(p)) return p;
  const near = join(dirname(info), basename(p));
  let dir = dirname(info);
  for (let i = 0; i < 12; i++) {
    const cand = join(dir, p);
    if (existsSync(cand)) return cand;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return near;
}

const SHOW_EVENTS = 3;

/** Runs every case on the compiled rule set; `read` yields a sample's events (the EVTX reader). */
export function runCases(
  cases: RegressionCase[],
  docs: RuleDoc[],
  ruleSet: RuleSet,
  read: (path: string, issues: Issue[]) => Iterable<Event>,
  issues: Issue[],
): CaseResult[] {
  const byId = new Map<string, RuleDoc>();
  for (const d of docs) if (d.id && !byId.has(d.id)) byId.set(d.id, d);
  const eventsCache = new Map<string, Event[]>();
  return cases.map((c): CaseResult => {
    const base = { case: c, matches: 0, extra: false, events: [] as Event[] };
    if (c.type !== 'evtx') return { ...base, status: 'skipped', reason: 'type_unsupported' };
    const doc = byId.get(c.ruleId);
    if (!doc) return { ...base, status: 'failed', reason: 'rule_not_loaded' };
    if (!ruleSet.rules.has(doc.index)) return { ...base, status: 'failed', reason: 'rule_not_compiled' };
    if (!existsSync(c.path)) return { ...base, status: 'failed', reason: 'sample_missing' };
    let events = eventsCache.get(c.path);
    if (!events) {
      const before = issues.length;
      events = [...read(c.path, issues)];
      if (issues.length > before && !events.length) return { ...base, status: 'failed', reason: 'read_failed' };
      eventsCache.set(c.path, events);
    }
    const matched: Event[] = [];
    for (const e of events) if (ruleSet.match(e).some((h) => h.rule === doc.index)) matched.push(e);
    const ok = c.matchCount !== undefined ? matched.length >= c.matchCount : matched.length > 0;
    return {
      case: c,
      status: ok ? 'passed' : 'failed',
      reason: ok ? undefined : 'too_few',
      matches: matched.length,
      extra: c.matchCount !== undefined && matched.length > c.matchCount,
      events: (ok ? matched : matched.length ? matched : events).slice(0, SHOW_EVENTS),
    };
  });
}
