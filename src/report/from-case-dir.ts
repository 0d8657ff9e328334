/**
 * A ReportModel from the files of a case directory (read through case-dir.ts), for the commands that
 * come after triage: case.json (compromised hosts, title), findings.jsonl, timeline.jsonl (high and critical
 * rows), evidence-manifest.json (verified again unless told not to), incident-record.json and
 * respond/plan.json. Files are streamed and capped; a missing or broken file leaves its part empty.
 */
import { basename } from 'node:path';
import { parseTs } from '../core/event.ts';
import { zoneSentence } from '../core/time-format.ts';
import { ruleTitle } from '../sigma/rule-title.ts';
import type { Finding, FindingSeverity } from '../core/finding.ts';
import type { Issue } from '../core/issue.ts';
import { CaseDir } from '../case/case-dir.ts';
import { verifyEvidenceManifest } from '../case/custody.ts';
import { detectionKey, falsePositives, findingKey, readReview } from '../case/review.ts';
import type { PlanFile } from '../respond/write.ts';
import { buildReportModel, type ReportOptions } from './build-model.ts';
import type { ReportModel, TimelineRow } from './model.ts';

export { edgeKindOf } from './build-model.ts';

export const MAX_FINDINGS = 20_000;
export const MAX_TIMELINE_ROWS = 2_000;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const SEVERITIES = new Set(['low', 'medium', 'high', 'critical']);

function findingOf(r: Record<string, unknown>): Finding | undefined {
  const severity = str(r.severity);
  if (!severity || !SEVERITIES.has(severity)) return undefined;
  const time = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'string' ? parseTs(v) : NaN);
  return {
    kind: str(r.kind) ?? 'unknown',
    severity: severity as FindingSeverity,
    host: str(r.host) ?? null,
    peer: str(r.peer) ?? null,
    first_seen: time(r.first_seen),
    last_seen: time(r.last_seen),
    count: typeof r.count === 'number' ? r.count : 1,
    evidence: Array.isArray(r.evidence)
      ? (r.evidence as Finding['evidence']).filter((e) => e && typeof e.file === 'string').slice(0, 20)
      : [],
    summary_en: str(r.summary_en) ?? '',
    summary_ja: str(r.summary_ja) ?? '',
    producer: str(r.producer) ?? '',
    attack: Array.isArray(r.attack) ? r.attack.filter((x): x is string => typeof x === 'string') : [],
    details: r.details && typeof r.details === 'object' ? (r.details as Record<string, unknown>) : {},
  };
}

const LEVELS: Record<string, string> = { crit: 'critical', critical: 'critical', high: 'high' };

export async function modelFromCaseDir(dir: string, o: ReportOptions & { verify?: boolean }): Promise<ReportModel> {
  const c = new CaseDir(dir);
  const issues: Issue[] = [];
  // what the analyst marked false positive (review.json) stays out of the report
  const fp = falsePositives(readReview(c.dir));
  const findings: Finding[] = [];
  for await (const r of c.jsonLines('findings.jsonl', MAX_FINDINGS)) {
    const f = findingOf(r);
    if (!f || (fp.size && fp.has(findingKey(f)))) continue;
    // sentences name their instants (offset or UTC): shown in the report's zone
    f.summary_en = zoneSentence(f.summary_en, o.timeZone);
    f.summary_ja = zoneSentence(f.summary_ja, o.timeZone);
    findings.push(f);
  }
  const timeline: TimelineRow[] = [];
  let omitted = 0;
  for await (const r of c.jsonLines('timeline.jsonl', 5_000_000)) {
    const level = LEVELS[String(r.Level ?? '').toLowerCase()];
    if (!level) continue;
    if (fp.size && fp.has(timelineRowKey(r))) continue;
    if (timeline.length >= MAX_TIMELINE_ROWS) {
      omitted++;
      continue;
    }
    timeline.push({
      ts: parseTs(String(r.Timestamp ?? '')),
      level,
      host: str(r.Computer),
      title: ruleTitle(str(r.RuleID), str(r.RuleTitle) ?? '', o.lang),
      details: str(r.Details),
      source: str(r.EvidenceFile),
    });
  }
  const manifest = c.manifest(issues);
  const verification =
    manifest && o.verify !== false
      ? { at: (o.now ?? new Date()).toISOString(), changes: (await verifyEvidenceManifest(manifest)).changes }
      : undefined;
  const plan = c.readJson('respond/plan.json', issues);
  return buildReportModel(
    {
      caseFile: c.caseFile(issues),
      caseId: basename(c.dir),
      findings,
      timeline,
      timelineOmitted: omitted,
      manifest,
      verification,
      record: c.recordIfReadable(issues),
      plan: plan && typeof plan === 'object' && !Array.isArray(plan) ? (plan as PlanFile) : undefined,
    },
    o,
  );
}

/** detectionKey of a timeline.jsonl row (see timeline/timeline.ts for how the columns are written). */
function timelineRowKey(r: Record<string, unknown>): string {
  const ts = parseTs(String(r.Timestamp ?? ''));
  return detectionKey({
    rule_id: str(r.RuleID) ?? null,
    host: str(r.Computer) ?? null,
    record_id: str(r.RecordID) || null,
    file: str(r.EvidenceFile) ?? null,
    ts: Number.isFinite(ts) ? ts : null,
  });
}
