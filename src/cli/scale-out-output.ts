/** What `konseki ingest`, `analyze` and `triage --store` print, and the store options they share. */
import { KonsekiError } from '../core/issue.ts';
import { displayZone } from '../case/settings.ts';
import { getLang } from '../i18n/index.ts';
import { checkCaseId, parseStoreUrl } from '../store/clickhouse/url.ts';
import type { AnalyzeResult } from '../triage/scale-out-analyze.ts';
import type { ClusterStoreOptions, IngestResult } from '../triage/scale-out.ts';
import { EXIT, triageExitCode } from './exit-codes.ts';
import { msg, tell } from './output.ts';
import { printIssues } from './report-issues.ts';
import { printTriageSummary } from './triage-summary.ts';
import './scale-out-messages.ts';

export function clusterStore(
  url: string,
  caseId: string | undefined,
  cluster: string | undefined,
): ClusterStoreOptions {
  if (!caseId) throw new KonsekiError('scale.no_case');
  return { target: parseStoreUrl(url), caseId: checkCaseId(caseId), cluster };
}

export function printIngest(r: IngestResult): void {
  for (const s of r.skipped) tell(msg('scale.skipped', { file: s.file, sha256: s.sha256 }));
  tell(
    msg('scale.ingested', {
      files: r.files.length,
      events: r.events,
      skipped: r.skipped.length,
      seconds: r.seconds.toFixed(1),
    }),
  );
}

export function printAnalyze(r: AnalyzeResult, verbose = false): void {
  printIssues(r.issues, verbose);
  printTriageSummary(
    {
      out: r.out,
      files: r.files,
      unrecognised: [],
      events: r.events,
      detections: r.detections,
      timelineRows: r.timelineRows,
      findings: r.findings,
      issues: r.issues,
      evidenceChanges: [],
      evidenceFiles: r.ingested.length,
      summary: r.summary,
      composite: r.composite,
      settings: r.settings,
      seconds: r.seconds,
      resumedFiles: 0,
    },
    displayZone(r.settings),
    getLang(),
    r.ingested.length,
  );
  for (const f of r.incomplete) tell(msg('scale.incomplete', { file: f.file, machine: f.machine }));
}

export function analyzeExitCode(r: AnalyzeResult): number {
  if (r.incomplete.length) return EXIT.incomplete;
  return triageExitCode({ issues: r.issues, evidenceChanges: [] });
}
