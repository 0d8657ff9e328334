/**
 * `konseki analyze`: the case directory of a case held in ClickHouse, written as triage writes it.
 * The rows of the files read completely are taken from the cluster into the case's embedded store
 * (case.duckdb, the one `konseki hunt` and the web workspace read), and the triage pipeline's analyses
 * and outputs run over it (analyze.ts, outputs.ts): one copy of each analysis.
 * Files whose ingest did not complete are left out and named (an issue each, and in ingests.json).
 */
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../core/finding.ts';
import { issue, type Issue } from '../core/issue.ts';
import { copyCase } from './scale-out-copy.ts';
import { appendCustody, MANIFEST_FILE } from '../case/custody.ts';
import { CaseDir, checkOutputDir } from '../case/case-dir.ts';
import type { Composite } from '../case/composite.ts';
import { openStore } from '../store/store.ts';
import {
  calendarOf,
  calendarSettings,
  type CaseSettings,
  displayZone,
  mergeSettings,
  type OrgZone,
} from '../case/settings.ts';
import { zoneSentence } from '../core/time-format.ts';
import { analyzeCase, correlate } from './analyze.ts';
import { CASE_OUTPUTS, writeCaseOutputs } from './outputs.ts';
import { type FileSummary, PARTIAL_STORE, type TriageOptions } from './run.ts';
import {
  type ClusterStoreOptions,
  ingestRecords,
  recordedOrgZone,
  init,
  manifestOf,
  openCaseStore,
  type IngestRecord,
} from './scale-out.ts';
import { savedOptions, storedIssues, writeRun } from './state.ts';
import type { TriageSummary } from './summary.ts';

export const INGESTS_FILE = 'ingests.json';

export interface AnalyzeOptions extends Omit<TriageOptions, 'inputs' | 'fresh' | 'onResume' | 'followLinks'> {
  store: ClusterStoreOptions;
}

export interface AnalyzeResult {
  out: string;
  ingested: IngestRecord[];
  incomplete: IngestRecord[];
  /** the files read completely, with their counts */
  files: FileSummary[];
  events: number;
  detections: number;
  timelineRows: number;
  findings: Finding[];
  issues: Issue[];
  summary: TriageSummary;
  composite: Composite;
  settings: CaseSettings;
  rowsCopied: number;
  seconds: number;
}

export async function runAnalyze(o: AnalyzeOptions): Promise<AnalyzeResult> {
  const started = Date.now();
  let lapAt = started;
  /** KONSEKI_TIMING=1 prints how long each stage took */
  const lap = (what: string): void => {
    if (process.env.KONSEKI_TIMING)
      process.stderr.write(`[timing] ${what}: ${((Date.now() - lapAt) / 1000).toFixed(2)} s\n`);
    lapAt = Date.now();
  };
  const caseDir = new CaseDir(checkOutputDir(o.out, [], { force: o.force }));
  const work = caseDir.prepareWork();
  const runState = caseDir.beginRun('analyze');
  const issues: Issue[] = [];
  const storePath = join(caseDir.dir, PARTIAL_STORE);
  try {
    const ch = await openCaseStore(o.store);
    let copied = 0;
    let records: Awaited<ReturnType<typeof ingestRecords>>;
    let recorded: OrgZone | undefined;
    const local = await openStore(storePath, { fresh: true, memoryLimit: o.memoryLimit, tempDir: join(work, 'spill') });
    try {
      try {
        records = await ingestRecords(ch);
        recorded = await recordedOrgZone(ch);
        for (const r of records.incomplete)
          issues.push(issue('analyze.incomplete', { file: r.file }, { machine: r.machine, status: r.status }, 'error'));
        copied = await copyCase(ch, local, work);
        lap(`copy from the cluster (${copied} rows)`);
      } finally {
        ch.close();
      }
      const tool = `konseki ${o.toolVersion}`;
      const manifest = manifestOf(records.done, tool);
      caseDir.writeManifest(manifest, caseDir.staging);
      // the organisation's zone: given (--org-timezone), else the one the ingests read with
      const org: OrgZone = o.orgTimeZone
        ? { zone: o.orgTimeZone, source: 'given' }
        : (recorded ?? { zone: 'UTC', source: 'machine' });
      const calendar = calendarOf(o.settings ?? {});
      const settings = mergeSettings(o.settings ?? {}, {
        ...calendarSettings(calendar),
        org_time_zone: org,
        time_zone: o.timeZone,
        lang: o.lang,
      });
      const displayTz = displayZone(settings);
      const engine = init(o, org.zone);
      await correlate(local, engine);
      await writeRun(local, { state: 'analysing', started: new Date(started).toISOString(), tool });
      issues.push(...(await storedIssues(local)));
      const findings = await analyzeCase(local, engine, issues, lap);
      for (const f of findings) {
        f.summary_en = zoneSentence(f.summary_en, displayTz);
        f.summary_ja = zoneSentence(f.summary_ja, displayTz);
      }
      const outputs = await writeCaseOutputs(local, findings, {
        caseDir,
        staged: caseDir.staging,
        manifest,
        verify: false,
        tool,
        timeZone: displayTz,
        settings,
        minLevel: o.minLevel,
        lang: o.lang ?? 'en',
        dedupe: o.dedupe,
        dupData: o.dupData,
        allowFiles: o.allowFiles,
        issues,
        lap,
      });
      const saved = savedOptions(o, displayTz, engine.analysis);
      await writeRun(local, { state: 'complete', finished: new Date().toISOString(), options: JSON.stringify(saved) });
      const ingests = { case: o.store.caseId, store: ch.path, done: records.done, incomplete: records.incomplete };
      writeFileSync(join(caseDir.staging, INGESTS_FILE), `${JSON.stringify(ingests, null, 2)}\n`);
      await local.checkpoint();
      const result: AnalyzeResult = {
        out: caseDir.dir,
        ingested: records.done,
        incomplete: records.incomplete,
        files: (await local.query('SELECT file, format, events, skipped FROM files ORDER BY file')).map((r) => ({
          display: String(r.file),
          format: String(r.format),
          events: Number(r.events),
          skipped: Number(r.skipped),
        })),
        events: await local.count('events'),
        detections: await local.count('detections'),
        timelineRows: outputs.timelineRows,
        findings,
        issues,
        summary: outputs.summary,
        composite: outputs.composite,
        settings,
        rowsCopied: copied,
        seconds: 0,
      };
      local.close();
      renameSync(storePath, join(caseDir.staging, 'case.duckdb'));
      if (existsSync(`${storePath}.wal`)) rmSync(`${storePath}.wal`, { force: true });
      caseDir.commitStaged();
      await appendCustody(caseDir.dir, {
        command: 'analyze',
        args: o.argv ?? [],
        version: o.toolVersion,
        inputs: [join(caseDir.dir, MANIFEST_FILE)],
        ruleSets: o.ruleDirs ?? [],
        outputs: [...CASE_OUTPUTS, INGESTS_FILE].map((f) => join(caseDir.dir, f)),
      });
      caseDir.endRun(runState, records.incomplete.length ? 'failed' : 'completed');
      result.seconds = (Date.now() - started) / 1000;
      return result;
    } catch (e) {
      try {
        local.close();
      } catch {
        // already closed
      }
      throw e;
    }
  } catch (e) {
    caseDir.endRun(runState, 'failed');
    rmSync(storePath, { force: true });
    throw e;
  } finally {
    caseDir.removeWork();
  }
}
