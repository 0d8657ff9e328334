/**
 * `konseki triage`: evidence in, case directory out.
 * 1. Files are sniffed by content; a large text log of a line-by-line format is cut into parts.
 * 2. Workers read the files (parse, rules, network view) and write batches of rows; the main thread has
 *    the store load them in large groups while reading goes on (loader.ts), and a worker waits while two
 *    of its batches are unanswered, so memory does not grow with the evidence. A file counts once all its
 *    rows are loaded (state.ts).
 * 3. Correlation rules, then every analysis over the store (analyze.ts), then the case outputs (outputs.ts).
 * Run again into the same directory after an interruption, it continues from the files already read.
 */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../core/finding.ts';
import { issue, type Issue } from '../core/issue.ts';
import { defaultThreads, runPool } from '../app/pool.ts';
import type { EngineInit } from '../app/engine.ts';
import { collectInputs, type InputFile, keepHashed } from '../app/inputs.ts';
import { gatherTimeEvidence } from '../app/time-evidence.ts';
import { displayDir } from '../sources/display-path.ts';
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
import { cleanUpOnInterrupt } from '../app/interrupt.ts';
import { sniff } from '../app/readers.ts';
import type { EventFilter } from '../app/filters.ts';
import { appendCustody, buildEvidenceManifest, MANIFEST_FILE } from '../case/custody.ts';
import { CaseDir, checkOutputDir } from '../case/case-dir.ts';
import type { Composite } from '../case/composite.ts';
import { splitRanges } from '../sources/lines.ts';
import { openStore, type Store } from '../store/store.ts';
import { analyzeCase, correlate } from './analyze.ts';
import { GroupLoader } from './loader.ts';
import type { TriageJob, TriageMessage } from './job.ts';
import { CASE_OUTPUTS, writeCaseOutputs } from './outputs.ts';
import {
  doneFiles,
  dropUnfinished,
  fingerprint,
  markDone,
  readRun,
  storedIssues,
  writeRun,
  type RunRecord,
  savedOptions,
} from './state.ts';
import type { TriageSummary } from './summary.ts';
import type { YearAnchor } from '../sources/year.ts';
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
  /** DuckDB's memory limit (e.g. "2GB"); it spills to the case directory beyond it */
  memoryLimit?: string;
  /** timeline: drop detections that repeat another in every column but the evidence file (Hayabusa -X) */
  dedupe?: boolean;
  /** timeline: write DUP for Details / ExtraFieldInfo equal to the previous row of the same rule and computer (Hayabusa -R) */
  dupData?: boolean;
  /** start over even when an earlier run into the same directory could be continued */
  fresh?: boolean;
  /** told when the run continues an earlier one or starts over, and why */
  onResume?: (how: 'continue' | 'over', why: string, done: number) => void;
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
  /** files of an earlier, interrupted run that were not read again */
  resumedFiles: number;
}

/** a text log at least this large is read in parts by several workers */
const SPLIT_BYTES = 64 << 20;

export interface Planned {
  path: string;
  display: string;
  reader: string;
  size: number;
  mtimeUs: number;
  splittable: boolean;
  /** the files beside this one, for readers that read them */
  siblings?: Record<string, string>;
  /** the dated evidence that year-less time stamps of this file are placed next to */
  yearAnchor?: YearAnchor;
  /** the organisation's zone (zone-less time stamps) */
  timeZone?: string;
}

/**
 * The store of a run in progress, beside the case (never in .work, which every run starts by clearing):
 * a killed run leaves it for the next run to continue from, and the previous case.duckdb stays whole
 * until the new one replaces it at the end.
 */
export const PARTIAL_STORE = 'case.partial.duckdb';

export async function runTriage(o: TriageOptions): Promise<TriageResult> {
  const started = Date.now();
  let lapAt = started;
  /** KONSEKI_TIMING=1 prints how long each stage took (for profiling) */
  let cpuAt = process.cpuUsage();
  const lap = (what: string): void => {
    const cpu = process.cpuUsage(cpuAt);
    if (process.env.KONSEKI_TIMING)
      process.stderr.write(
        `[timing] ${what}: ${((Date.now() - lapAt) / 1000).toFixed(2)} s (CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s)\n`,
      );
    lapAt = Date.now();
    cpuAt = process.cpuUsage();
  };
  // outputs are staged in .work and moved into place at the end: a killed run leaves the previous case whole
  const caseDir = new CaseDir(checkOutputDir(o.out, o.inputs, { force: o.force }));
  const work = caseDir.prepareWork();
  const runState = caseDir.beginRun('triage');
  const releaseInterrupt = cleanUpOnInterrupt(caseDir, runState);
  const issues: Issue[] = [];
  try {
    return await triageInto(o, caseDir, work, issues, started, lap);
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
  issues: Issue[],
  started: number,
  lap: (what: string) => void,
): Promise<TriageResult> {
  const out = caseDir.dir;
  const staged = caseDir.staging;
  const inputs = await collectInputs(o.inputs, work, issues, { followLinks: o.followLinks });
  lap('inputs');
  const tool = `konseki ${o.toolVersion}`;
  const manifest = await buildEvidenceManifest(inputs.originals, tool, new Date(), issues);
  keepHashed(inputs, manifest.files);
  caseDir.writeManifest(manifest, staged);
  lap('manifest');

  const { planned, unrecognised } = planFiles(inputs.files, issues);
  lap('sniff');
  // the organisation's zone (given, or what the evidence says) and the years of year-less logs
  const time = await gatherTimeEvidence(planned, !o.orgTimeZone);
  const org: OrgZone = o.orgTimeZone ? { zone: o.orgTimeZone, source: 'given' } : orgZoneFromEvidence(time.clues);
  const calendar = calendarOf(o.settings ?? {});
  const settings = mergeSettings(o.settings ?? {}, {
    ...calendarSettings(calendar),
    org_time_zone: org,
    time_zone: o.timeZone,
    lang: o.lang,
  });
  const displayTz = displayZone(settings);
  for (const f of planned) {
    f.timeZone = org.zone;
    f.yearAnchor = time.anchors.get(f.display);
  }
  lap('time evidence');

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
  // what decides the store's content; indicators, allow-list and policy only the analyses after reading
  const fp = fingerprint({
    files: planned.map((f) => [f.display, f.size, f.mtimeUs, f.reader]),
    rules: fingerprint(o.ruleDocs),
    mapping: o.mapping ?? null,
    minLevel: o.minLevel,
    filter: o.filter,
    analysis: init.analysis ?? null,
    years: planned.map((f) => f.yearAnchor ?? null),
  });
  const storePath = join(out, PARTIAL_STORE);
  const storeOpts = { memoryLimit: o.memoryLimit, tempDir: join(work, 'spill') };
  const hadPartial = existsSync(storePath);
  let store = await openStore(storePath, storeOpts);
  const prev = await readRun(store);
  let done = new Map<string, { format: string; events: number; skipped: number }>();
  if (!o.fresh && prev.fingerprint === fp && prev.state && prev.state !== 'complete') {
    done = await doneFiles(store);
    await dropUnfinished(store);
    o.onResume?.('continue', prev.state, done.size);
  } else {
    if (prev.state || hadPartial)
      o.onResume?.(
        'over',
        o.fresh ? 'asked' : !prev.state ? 'early' : prev.state === 'complete' ? 'complete' : 'changed',
        0,
      );
    store.close();
    store = await openStore(storePath, { ...storeOpts, fresh: true });
  }
  const run: RunRecord = { fingerprint: fp, state: 'reading', started: new Date(started).toISOString(), tool };
  const saved = savedOptions(o, displayTz, init.analysis);
  await writeRun(store, { ...run, options: JSON.stringify(saved) });

  let result: TriageResult;
  try {
    const files = await ingest(store, planned, done, o, init, work, issues, lap);
    await correlate(store, init);
    lap('correlations');
    await writeRun(store, { state: 'analysing' });
    issues.push(...(await storedIssues(store)));
    const findings = await analyzeCase(store, init, issues, lap);
    // times in sentences in the case's display zone (the analyses write the organisation's, or UTC)
    for (const f of findings) {
      f.summary_en = zoneSentence(f.summary_en, displayTz);
      f.summary_ja = zoneSentence(f.summary_ja, displayTz);
    }
    const events = files.reduce((n, f) => n + f.events, 0);
    const outputs = await writeCaseOutputs(store, findings, {
      caseDir,
      staged,
      manifest,
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
    await writeRun(store, { state: 'complete', finished: new Date().toISOString() });
    await store.checkpoint();
    result = {
      out,
      files,
      unrecognised,
      events,
      detections: await store.count('detections'),
      timelineRows: outputs.timelineRows,
      findings,
      issues,
      evidenceChanges: outputs.evidenceChanges,
      evidenceFiles: manifest.files.length,
      summary: outputs.summary,
      composite: outputs.composite,
      settings,
      seconds: (Date.now() - started) / 1000,
      resumedFiles: done.size,
    };
  } finally {
    store.close();
  }
  // the finished store joins the staged outputs; all move into place together
  renameSync(storePath, join(staged, 'case.duckdb'));
  if (existsSync(`${storePath}.wal`)) rmSync(`${storePath}.wal`, { force: true });
  caseDir.commitStaged();
  await appendCustody(out, {
    command: 'triage',
    args: o.argv ?? [],
    version: o.toolVersion,
    inputs: [join(out, MANIFEST_FILE)],
    ruleSets: o.ruleDirs ?? [],
    outputs: CASE_OUTPUTS.map((f) => join(out, f)),
  });
  return result;
}

/** The files konseki reads, each with its reader; the others are unrecognised (an info issue each). */
export function planFiles(
  files: readonly InputFile[],
  issues: Issue[],
): { planned: Planned[]; unrecognised: string[] } {
  const planned: Planned[] = [];
  const unrecognised: string[] = [];
  for (const f of files) {
    const reader = sniff(f.path, f.display);
    if (!reader) {
      unrecognised.push(f.display);
      issues.push(issue('triage.unrecognised', { file: f.display }, undefined, 'info'));
      continue;
    }
    planned.push({
      ...f,
      reader: reader.id,
      splittable: !!reader.splittable,
      siblings: reader.readsSiblings ? siblingsOf(f.display, files) : undefined,
    });
  }
  return { planned, unrecognised };
}

/**
 * Reads every file not read yet into `store` (the embedded one, or ClickHouse for `konseki ingest`);
 * returns the counts of all files (earlier runs' included).
 */
export async function ingest(
  store: Store,
  planned: Planned[],
  done: Map<string, { format: string; events: number; skipped: number }>,
  o: TriageOptions,
  init: EngineInit,
  work: string,
  issues: Issue[],
  lap: (what: string) => void,
): Promise<FileSummary[]> {
  const threads = o.threads ?? defaultThreads();
  const batchDir = join(work, 'batches');
  mkdirSync(batchDir, { recursive: true });
  const files: FileSummary[] = planned.map((f) => ({
    display: f.display,
    format: f.reader,
    events: done.get(f.display)?.events ?? 0,
    skipped: done.get(f.display)?.skipped ?? 0,
  }));
  const jobs: TriageJob[] = [];
  const jobFile: number[] = [];
  const partsLeft = new Map<number, number>();
  const fileIssues = new Map<number, Issue[]>();
  const fileFindings = new Map<number, Finding[]>();
  for (let i = 0; i < planned.length; i++) {
    const f = planned[i]!;
    if (done.has(f.display)) continue;
    const base = {
      kind: 'triage-file' as const,
      path: f.path,
      display: f.display,
      reader: f.reader,
      mtimeUs: f.mtimeUs,
      filter: o.filter,
      timeZone: f.timeZone,
      yearAnchor: f.yearAnchor,
      siblings: f.siblings,
      batchDir,
    };
    const ranges =
      f.splittable && f.size >= SPLIT_BYTES
        ? await splitRanges(f.path, f.size, Math.ceil(f.size / SPLIT_BYTES))
        : undefined;
    for (const [part, range] of (ranges ?? [undefined]).entries()) {
      jobs.push({ ...base, range, part, id: jobs.length, first: jobs.length === 0 });
      jobFile.push(i);
    }
    partsLeft.set(i, ranges?.length ?? 1);
  }
  lap(`plan (${jobs.length} jobs)`);
  const totalBytes = planned.reduce((s, f) => s + (done.has(f.display) ? 0 : f.size), 0);
  let progress = 0;
  // batches are loaded in large groups while the workers read on (loader.ts); a file is marked done after
  // a load that covers all its batches (its end message comes after them)
  const loader = new GroupLoader(store);
  const sizeOf = new Map(planned.map((f) => [f.display, f.size]));
  await runPool(jobs, {
    threads,
    init,
    weightOf: (j) => {
      const r = (j as TriageJob).range;
      return r ? r.end - r.start : (sizeOf.get((j as TriageJob).display) ?? 0);
    },
    onMessage(jobIndex, msg, ack) {
      const m = msg as TriageMessage;
      const fi = jobFile[jobIndex]!;
      if (m.type === 'progress') {
        progress += m.bytes;
        o.onProgress?.(progress, totalBytes);
        return;
      }
      if (m.type === 'batch') {
        loader.add(m.files, ack);
        return;
      }
      files[fi]!.events += m.events;
      files[fi]!.skipped += m.issues.filter((x) => x.severity !== 'info').length;
      issues.push(...(m.engineIssues ?? []));
      (fileIssues.get(fi) ?? fileIssues.set(fi, []).get(fi)!).push(...m.issues);
      (fileFindings.get(fi) ?? fileFindings.set(fi, []).get(fi)!).push(...m.findings);
      const left = partsLeft.get(fi)! - 1;
      partsLeft.set(fi, left);
      if (left > 0) return;
      const f = planned[fi]!;
      loader.whenLoaded(() =>
        markDone(
          store,
          {
            file: f.display,
            path: f.path,
            format: f.reader,
            size: f.size,
            mtimeUs: f.mtimeUs,
            events: files[fi]!.events,
            skipped: files[fi]!.skipped,
          },
          fileIssues.get(fi) ?? [],
          fileFindings.get(fi) ?? [],
        ),
      );
    },
  });
  await loader.finish();
  if (process.env.KONSEKI_TIMING)
    process.stderr.write(
      `[timing] store loads: ${Object.entries(loader.seconds)
        .map(([t, s]) => `${t} ${s.toFixed(2)} s`)
        .join(', ')}\n`,
    );
  lap('read, match and load (workers and store)');
  return files;
}

/** What the analyses take from the organisation's zone and calendar. */
export function analysisCalendar(zone: string, c: BusinessCalendar) {
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
