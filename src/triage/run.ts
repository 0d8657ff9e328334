/**
 * `konseki triage`: evidence in, case directory out. Files are sniffed by content and read in worker
 * threads (parse + per-event rules); the main thread feeds the analyzers, then loads the store and
 * writes the timeline, findings, manifest and summary.
 */
import { createWriteStream, writeFileSync, type WriteStream } from 'node:fs';
import { basename, join } from 'node:path';
import type { Event } from '../core/event.ts';
import type { Finding } from '../core/finding.ts';
import { issue, type Issue } from '../core/issue.ts';
import { defaultThreads, runPool } from '../app/pool.ts';
import { CaseStore } from '../store/duckdb.ts';
import { writeTimelines } from '../timeline/timeline.ts';
import { buildAnalyzers, type EngineInit } from '../app/engine.ts';
import { Correlator, correlationDetection } from '../sigma/correlate.ts';
import { detectionRow } from './rows.ts';
import { collectInputs, type InputFile, keepHashed } from '../app/inputs.ts';
import { displayDir } from '../sources/display-path.ts';
import type { TriageJob, TriageMessage } from './job.ts';
import { appendCustody, buildEvidenceManifest, verifyEvidenceManifest, MANIFEST_FILE } from '../case/custody.ts';
import { compose, type Composite } from '../case/composite.ts';
import { caseFileFrom } from '../case/case-file.ts';
import { CaseDir, checkOutputDir } from '../case/case-dir.ts';
import { cleanUpOnInterrupt } from '../app/interrupt.ts';
import { buildReportModel } from '../report/build-model.ts';
import { MAX_TIMELINE_ROWS } from '../report/from-case-dir.ts';
import { reportTimeline } from '../report/store-rows.ts';
import { writeReport } from '../report/write.ts';
import { sniff } from '../app/readers.ts';
import { findingRow, writeFindings } from './findings-out.ts';
import type { EventFilter } from '../app/filters.ts';
import { summarize, type TriageSummary } from './summary.ts';
import { gatherTimeEvidence } from '../app/time-evidence.ts';
import {
  calendarOf,
  calendarSettings,
  displayZone,
  mergeSettings,
  orgZoneFromEvidence,
  type CaseSettings,
  type OrgZone,
} from '../case/settings.ts';
import type { BusinessCalendar } from '../core/calendar.ts';
import { zoneSentence } from '../core/time-format.ts';
import './messages.ts';

export interface TriageOptions extends Omit<EngineInit, 'minLevel'> {
  inputs: string[];
  out: string;
  minLevel: string;
  filter: EventFilter;
  threads?: number;
  /** zone times are shown in; undefined: the organisation's */
  timeZone?: string;
  /** the organisation's zone when given; undefined: inferred from the evidence (else this machine's) */
  orgTimeZone?: string;
  /** the case's settings before this run (business calendar, language), kept where this run does not set them */
  settings?: CaseSettings;
  onProgress?: (bytes: number, total: number) => void;
  toolVersion: string;
  /** the rule directories (hashed into the chain-of-custody log) */
  ruleDirs?: string[];
  /** the command line, for the chain-of-custody log */
  argv?: string[];
  /** write into a non-empty directory that is not a konseki case */
  force?: boolean;
  /** follow links that stay inside the evidence */
  followLinks?: boolean;
}

export interface FileSummary {
  display: string;
  format: string;
  events: number;
  skipped: number;
}

export interface TriageResult {
  out: string;
  files: FileSummary[];
  unrecognised: string[];
  events: number;
  detections: number;
  timelineRows: number;
  findings: Finding[];
  issues: Issue[];
  evidenceChanges: string[];
  /** evidence files hashed into the manifest (and verified at the end) */
  evidenceFiles: number;
  summary: TriageSummary;
  composite: Composite;
  /** the settings the case was triaged with (and keeps in case.json) */
  settings: CaseSettings;
  seconds: number;
}

const draining = new WeakMap<WriteStream, Promise<void>>();

/** Writes; when the stream's buffer is full, returns the (one, shared) promise of its next drain. */
function append(stream: WriteStream, s: string): Promise<void> | undefined {
  if (!s) return undefined;
  if (stream.write(s)) return undefined;
  let p = draining.get(stream);
  if (!p) {
    p = new Promise((r) =>
      stream.once('drain', () => {
        draining.delete(stream);
        r();
      }),
    );
    draining.set(stream, p);
  }
  return p;
}
const close = (s: WriteStream): Promise<void> => new Promise((r) => s.end(() => r()));

export async function runTriage(o: TriageOptions): Promise<TriageResult> {
  const started = Date.now();
  let lapAt = started;
  /** KONSEKI_TIMING=1 prints how long each stage took (for profiling) */
  const lap = (what: string): void => {
    if (process.env.KONSEKI_TIMING)
      process.stderr.write(`[timing] ${what}: ${((Date.now() - lapAt) / 1000).toFixed(2)} s\n`);
    lapAt = Date.now();
  };
  // outputs are staged in .work and moved into place at the end: a killed run leaves the previous case whole
  const caseDir = new CaseDir(checkOutputDir(o.out, o.inputs, { force: o.force }));
  const work = caseDir.prepareWork();
  const staged = caseDir.staging;
  const runState = caseDir.beginRun('triage');
  const releaseInterrupt = cleanUpOnInterrupt(caseDir, runState);
  const issues: Issue[] = [];
  try {
    return await triageInto(o, caseDir, work, staged, issues, started, lap);
  } catch (e) {
    caseDir.endRun(runState, 'failed');
    throw e;
  } finally {
    releaseInterrupt();
    caseDir.removeWork();
    if (caseDir.runState()?.status === 'running') caseDir.endRun(runState, 'completed');
  }
}

async function triageInto(
  o: TriageOptions,
  caseDir: CaseDir,
  work: string,
  staged: string,
  issues: Issue[],
  started: number,
  lap: (what: string) => void,
): Promise<TriageResult> {
  const out = caseDir.dir;
  const inputs = await collectInputs(o.inputs, work, issues, { followLinks: o.followLinks });
  lap('inputs');
  const tool = `konseki ${o.toolVersion}`;
  const manifest = await buildEvidenceManifest(inputs.originals, tool, new Date(), issues);
  keepHashed(inputs, manifest.files);
  caseDir.writeManifest(manifest, staged);
  lap('manifest');

  const jobs: TriageJob[] = [];
  const unrecognised: string[] = [];
  for (const f of inputs.files) {
    const reader = sniff(f.path, f.display);
    if (!reader) {
      unrecognised.push(f.display);
      issues.push(issue('triage.unrecognised', { file: f.display }, undefined, 'info'));
      continue;
    }
    jobs.push({
      kind: 'triage-file',
      path: f.path,
      display: f.display,
      reader: reader.id,
      mtimeUs: f.mtimeUs,
      filter: o.filter,
      first: jobs.length === 0,
      siblings: reader.readsSiblings ? siblingsOf(f.display, inputs.files) : undefined,
    });
  }
  lap('sniff');
  // the organisation's zone (given, or what the evidence says) and the years of year-less logs
  const time = await gatherTimeEvidence(jobs, !o.orgTimeZone);
  const org: OrgZone = o.orgTimeZone ? { zone: o.orgTimeZone, source: 'given' } : orgZoneFromEvidence(time.clues);
  const calendar = calendarOf(o.settings ?? {});
  const settings = mergeSettings(o.settings ?? {}, {
    ...calendarSettings(calendar),
    org_time_zone: org,
    time_zone: o.timeZone,
    lang: o.lang,
  });
  const displayTz = displayZone(settings);
  for (const j of jobs) {
    j.timeZone = org.zone;
    j.yearAnchor = time.anchors.get(j.display);
  }
  lap('time evidence');
  const sizes = new Map(inputs.files.map((f) => [f.display, f.size]));
  const totalBytes = jobs.reduce((s, j) => s + (sizes.get(j.display) ?? 0), 0);

  const init: EngineInit = {
    ruleDocs: o.ruleDocs,
    mapping: o.mapping,
    minLevel: o.minLevel,
    analysis: { ...o.analysis, ...analysisCalendar(org.zone, calendar) },
    iocFiles: o.iocFiles,
    allowFiles: o.allowFiles,
    policyFiles: o.policyFiles,
    lang: o.lang,
  };
  const analyzers = buildAnalyzers(init, issues);
  const correlator = o.ruleDocs.length ? new Correlator(o.ruleDocs) : undefined;
  const fileFindings: Finding[] = [];
  const eventsFile = join(work, 'events.ndjson');
  const detectionsFile = join(work, 'detections.ndjson');
  const evStream = createWriteStream(eventsFile);
  const detStream = createWriteStream(detectionsFile);
  const files: FileSummary[] = jobs.map((j) => ({ display: j.display, format: j.reader, events: 0, skipped: 0 }));
  let events = 0;
  let done = 0;
  const waits: Promise<void>[] = [];
  await runPool(jobs, {
    threads: o.threads ?? defaultThreads(),
    init,
    weightOf: (j) => sizes.get((j as TriageJob).display) ?? 0,
    onMessage(job, msg) {
      const m = msg as TriageMessage;
      if (m.type === 'batch') {
        const w1 = append(evStream, m.events);
        const w2 = append(detStream, m.detections);
        if (w1) waits.push(w1);
        if (w2) waits.push(w2);
        for (const e of m.wanted) feed(analyzers, e);
        if (correlator) for (const c of m.correlation) correlator.add(c);
      } else if (m.type === 'progress') {
        done += m.bytes;
        o.onProgress?.(done, totalBytes);
      } else {
        files[job]!.events = m.events;
        files[job]!.skipped = m.issues.filter((i) => i.severity !== 'info').length;
        events += m.events;
        issues.push(...m.issues, ...(m.engineIssues ?? []));
        fileFindings.push(...m.findings);
      }
    },
  });
  await Promise.all(waits);
  lap('read and match (workers)');
  if (correlator) {
    for (const r of correlator.finish()) {
      const w = append(detStream, `${detectionRow(correlationDetection(r))}\n`);
      if (w) await w;
    }
  }
  await Promise.all([close(evStream), close(detStream)]);

  const findings: Finding[] = [...fileFindings];
  for (const a of analyzers) findings.push(...a.finish());
  findings.sort((a, b) => a.first_seen - b.first_seen);
  // times in sentences in the case's display zone (the analyses write the organisation's, or UTC)
  for (const f of findings) {
    f.summary_en = zoneSentence(f.summary_en, displayTz);
    f.summary_ja = zoneSentence(f.summary_ja, displayTz);
  }

  lap('correlations and analyzers');
  const store = await CaseStore.open(join(staged, 'case.duckdb'), true);
  let result: TriageResult;
  try {
    await store.loadNdjson('events', eventsFile);
    const detections = await store.loadNdjson('detections', detectionsFile);
    const findingsFile = join(work, 'findings.ndjson');
    writeFileSync(findingsFile, findings.map((f) => `${findingRow(f)}\n`).join(''));
    await store.loadNdjson('findings', findingsFile);
    const evidenceFile = join(work, 'evidence.ndjson');
    writeFileSync(
      evidenceFile,
      manifest.files
        .map(
          (f) =>
            `${JSON.stringify({ path: f.path, display: f.path, sha256: f.sha256, size: f.size, mtime: Date.parse(f.mtime) * 1000, format: null, events: null, skipped: null })}\n`,
        )
        .join(''),
    );
    await store.loadNdjson('evidence', evidenceFile);
    lap('store load');
    const timelineRows = await writeTimelines(store, join(staged, 'timeline.csv'), join(staged, 'timeline.jsonl'), {
      timeZone: displayTz,
      minLevel: o.minLevel,
    });
    writeFindings(join(staged, 'findings.jsonl'), findings);
    lap('timeline');
    const summary = await summarize(store, findings, o.minLevel);
    const verification = await verifyEvidenceManifest(manifest);
    const evidenceChanges = verification.changes.map(
      (c) => `${c.path}: ${c.kind}${c.expected ? ` ${c.expected} → ${c.actual ?? '-'}` : ''}`,
    );
    for (const c of verification.changes)
      issues.push(issue('triage.evidence_changed', { file: c.path }, { what: c.kind }, 'error'));
    lap('summary and evidence verification');
    const composite = await compose(store, findings, { allowFiles: o.allowFiles });
    // the report is built from what this run holds, not read back from the files it wrote
    const cf = caseFileFrom(composite, out, tool, caseDir.caseFile(issues), settings);
    caseDir.writeCaseFile(cf, staged);
    const reportLang = o.lang ?? 'en';
    const reportRows = await reportTimeline(store, o.minLevel, MAX_TIMELINE_ROWS, reportLang);
    const plan = caseDir.readJson('respond/plan.json', issues);
    const model = buildReportModel(
      {
        caseFile: cf,
        caseId: basename(out),
        findings,
        timeline: reportRows.rows,
        timelineOmitted: reportRows.omitted,
        manifest,
        verification: { at: new Date().toISOString(), changes: verification.changes },
        record: caseDir.recordIfReadable(issues),
        plan: plan && typeof plan === 'object' ? (plan as never) : undefined,
      },
      { lang: reportLang, timeZone: displayTz, tool },
    );
    writeReport(model, staged);
    lap('composite and report');
    result = {
      out,
      files,
      unrecognised,
      events,
      detections,
      timelineRows,
      findings,
      issues,
      evidenceChanges,
      evidenceFiles: manifest.files.length,
      summary,
      composite,
      settings,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    store.close();
  }
  caseDir.commitStaged();
  await appendCustody(out, {
    command: 'triage',
    args: o.argv ?? [],
    version: o.toolVersion,
    inputs: [join(out, MANIFEST_FILE)],
    ruleSets: o.ruleDirs ?? [],
    outputs: TRIAGE_OUTPUTS.map((f) => join(out, f)),
  });
  return result;
}

/** What triage writes and the custody log records (case verify checks each against its record). */
const TRIAGE_OUTPUTS = ['timeline.csv', 'timeline.jsonl', 'findings.jsonl', 'case.json', 'report.html', 'report.md'];

function feed(analyzers: ReturnType<typeof buildAnalyzers>, e: Event): void {
  for (const a of analyzers) if (a.wants(e)) a.add(e);
}

/** What the analyses take from the organisation's zone and calendar. */
function analysisCalendar(zone: string, c: BusinessCalendar) {
  return {
    timeZone: zone,
    businessHours: c.businessHours,
    workDays: c.workDays,
    japaneseHolidays: c.japaneseHolidays,
    extraHolidays: c.extraHolidays,
  };
}

/** The inputs in the directory of `display` and below it (display path → path to read). */
function siblingsOf(display: string, files: readonly InputFile[]): Record<string, string> {
  const dir = displayDir(display);
  const out: Record<string, string> = {};
  for (const f of files) if (f.display.startsWith(dir) && f.display !== display) out[f.display] = f.path;
  return out;
}
