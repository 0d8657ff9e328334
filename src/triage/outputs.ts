/**
 * The case outputs written from the store and the findings, by triage and again by hunt: the timelines,
 * findings.jsonl, the terminal summary's numbers, the evidence check, the composite picture, case.json
 * and the report. Everything is written into the staging area of the case directory (CaseDir), which
 * the caller moves into place at once, so that a killed run leaves the previous case whole.
 */
import { basename, join } from 'node:path';
import type { Finding } from '../core/finding.ts';
import { issue, type Issue } from '../core/issue.ts';
import { caseFileFrom } from '../case/case-file.ts';
import type { CaseDir } from '../case/case-dir.ts';
import type { CaseSettings } from '../case/settings.ts';
import { compose, type Composite } from '../case/composite.ts';
import { verifyEvidenceManifest, type EvidenceManifest } from '../case/custody.ts';
import { buildReportModel } from '../report/build-model.ts';
import { MAX_TIMELINE_ROWS } from '../report/from-case-dir.ts';
import { reportTimeline } from '../report/store-rows.ts';
import { writeReport } from '../report/write.ts';
import type { Store } from '../store/store.ts';
import { writeTimelines } from '../timeline/timeline.ts';
import { writeFindings } from './findings-out.ts';
import { summarize, type TriageSummary } from './summary.ts';

/** What triage and hunt write and the custody log records (case verify checks each against its record). */
export const CASE_OUTPUTS = [
  'timeline.csv',
  'timeline.jsonl',
  'findings.jsonl',
  'case.json',
  'report.html',
  'report.md',
];

export interface OutputOptions {
  caseDir: CaseDir;
  /** where the outputs are written (the case directory's staging area) */
  staged: string;
  manifest: EvidenceManifest | undefined;
  /** check the evidence against the manifest (false for `konseki analyze`: the evidence stayed with the ingests) */
  verify?: boolean;
  tool: string;
  timeZone: string;
  /** the case's settings (calendar, zones, language), kept in case.json */
  settings?: CaseSettings;
  minLevel: string;
  lang: 'en' | 'ja';
  dedupe?: boolean;
  dupData?: boolean;
  /** the responder's allow-list files (destinations they name are never judged indicators) */
  allowFiles?: readonly string[];
  /** evidence changes are added here */
  issues: Issue[];
  lap: (what: string) => void;
}

export interface Outputs {
  timelineRows: number;
  summary: TriageSummary;
  composite: Composite;
  evidenceChanges: string[];
}

export async function writeCaseOutputs(store: Store, findings: Finding[], o: OutputOptions): Promise<Outputs> {
  const { caseDir, staged } = o;
  await store.run(`DELETE FROM evidence`);
  if (o.manifest)
    await store.insert(
      'evidence',
      o.manifest.files.map((f) => [f.path, f.path, f.sha256, f.size, Date.parse(f.mtime) * 1000, null, null, null]),
    );
  const timelineRows = await writeTimelines(store, join(staged, 'timeline.csv'), join(staged, 'timeline.jsonl'), {
    timeZone: o.timeZone,
    minLevel: o.minLevel,
    dedupe: o.dedupe,
    dupData: o.dupData,
  });
  writeFindings(join(staged, 'findings.jsonl'), findings);
  o.lap('timeline');
  const summary = await summarize(store, findings, o.minLevel);
  const verification =
    o.manifest && o.verify !== false ? await verifyEvidenceManifest(o.manifest) : { checked: 0, changes: [] };
  const evidenceChanges = verification.changes.map(
    (c) => `${c.path}: ${c.kind}${c.expected ? ` ${c.expected} → ${c.actual ?? '-'}` : ''}`,
  );
  for (const c of verification.changes)
    o.issues.push(issue('triage.evidence_changed', { file: c.path }, { what: c.kind }, 'error'));
  o.lap('summary and evidence verification');
  const composite = await compose(store, findings, { allowFiles: o.allowFiles });
  // the report is built from what this run holds, not read back from the files it wrote
  const cf = caseFileFrom(
    composite,
    caseDir.dir,
    o.tool,
    caseDir.caseFile(o.issues),
    o.settings ?? { lang: o.lang, time_zone: o.timeZone },
  );
  caseDir.writeCaseFile(cf, staged);
  const reportRows = await reportTimeline(store, o.minLevel, MAX_TIMELINE_ROWS, o.lang);
  const plan = caseDir.readJson('respond/plan.json', o.issues);
  const model = buildReportModel(
    {
      caseFile: cf,
      caseId: basename(caseDir.dir),
      findings,
      timeline: reportRows.rows,
      timelineOmitted: reportRows.omitted,
      manifest: o.manifest,
      verification: { at: new Date().toISOString(), changes: verification.changes },
      record: caseDir.recordIfReadable(o.issues),
      plan: plan && typeof plan === 'object' ? (plan as never) : undefined,
    },
    { lang: o.lang, timeZone: o.timeZone, tool: o.tool },
  );
  writeReport(model, staged);
  o.lap('composite and report');
  return { timelineRows, summary, composite, evidenceChanges };
}
