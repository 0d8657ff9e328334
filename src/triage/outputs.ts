/**
 * The case outputs written from the store and the findings, by triage and again by hunt: the timelines,
 * findings.jsonl, the terminal summary's numbers, the evidence check, the composite picture and case.json,
 * the report, and a chain-of-custody entry.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../core/finding.ts';
import { issue, type Issue } from '../core/issue.ts';
import { writeCaseFile } from '../case/case-file.ts';
import { compose, type Composite } from '../case/composite.ts';
import { appendCustody, MANIFEST_FILE, verifyEvidenceManifest, type EvidenceManifest } from '../case/custody.ts';
import { modelFromCaseDir } from '../report/from-case-dir.ts';
import { writeReport } from '../report/write.ts';
import type { Store } from '../store/store.ts';
import { writeTimelines } from '../timeline/timeline.ts';
import { writeFindings } from './findings-out.ts';
import { summarize, type TriageSummary } from './summary.ts';

/** Files that say a case is complete: removed while a run rebuilds them (case.json stays: it carries edits). */
export const RESULT_FILES = ['timeline.csv', 'timeline.jsonl', 'findings.jsonl', 'report.html', 'report.md'];

export function removeOutputs(dir: string): void {
  for (const f of RESULT_FILES) rmSync(join(dir, f), { force: true });
}

export interface OutputOptions {
  out: string;
  manifest: EvidenceManifest | undefined;
  tool: string;
  toolVersion: string;
  timeZone: string;
  minLevel: string;
  lang: 'en' | 'ja';
  dedupe?: boolean;
  dupData?: boolean;
  command: string;
  argv: string[];
  ruleDirs: string[];
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
  const out = o.out;
  await store.run(`DELETE FROM evidence`);
  if (o.manifest)
    await store.insert(
      'evidence',
      o.manifest.files.map((f) => [f.path, f.path, f.sha256, f.size, Date.parse(f.mtime) * 1000, null, null, null]),
    );
  const timelineRows = await writeTimelines(store, join(out, 'timeline.csv'), join(out, 'timeline.jsonl'), {
    timeZone: o.timeZone,
    minLevel: o.minLevel,
    dedupe: o.dedupe,
    dupData: o.dupData,
  });
  writeFindings(join(out, 'findings.jsonl'), findings);
  o.lap('timeline');
  const summary = await summarize(store, findings, o.minLevel);
  const verification = o.manifest ? await verifyEvidenceManifest(o.manifest) : { checked: 0, changes: [] };
  const evidenceChanges = verification.changes.map(
    (c) => `${c.path}: ${c.kind}${c.expected ? ` ${c.expected} → ${c.actual ?? '-'}` : ''}`,
  );
  for (const c of verification.changes)
    o.issues.push(issue('triage.evidence_changed', { file: c.path }, { what: c.kind }, 'error'));
  o.lap('summary and evidence verification');
  const composite = await compose(store, findings, { allowFiles: o.allowFiles });
  writeCaseFile(out, composite, o.tool, { lang: o.lang, time_zone: o.timeZone });
  const model = await modelFromCaseDir(out, { lang: o.lang, timeZone: o.timeZone, tool: o.tool, verify: false });
  if (model.manifest) model.manifest.verification = { at: new Date().toISOString(), changes: verification.changes };
  writeReport(model, out);
  o.lap('composite and report');
  await appendCustody(out, {
    command: o.command,
    args: o.argv,
    version: o.toolVersion,
    inputs: existsSync(join(out, MANIFEST_FILE)) ? [join(out, MANIFEST_FILE)] : [],
    ruleSets: o.ruleDirs,
    outputs: ['timeline.csv', 'findings.jsonl', 'case.json', 'report.html'].map((f) => join(out, f)),
  });
  return { timelineRows, summary, composite, evidenceChanges };
}
