/**
 * `konseki hunt`: new indicators or rules over a case that triage already read, without the evidence.
 * The events in case.duckdb keep every field (the `fields` column) and the network view (`net`), so:
 * - new rules are matched against the stored events, streamed in file order; their hits replace
 *   earlier hits of the same rules in the timeline;
 * - indicators (those of the triage plus the new ones) go to the analyses, which run again over the
 *   store like at the end of triage (analyze.ts);
 * then findings, timeline, case.json and the report are written again (outputs.ts). Triage's options
 * (time zone, level, allow-list, policy, …) come from the store (state.ts, SavedOptions).
 */
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Finding } from '../core/finding.ts';
import { KonsekiError, type Issue } from '../core/issue.ts';
import { ruleMatcher, type EngineInit } from '../app/engine.ts';
import { cleanUpOnInterrupt } from '../app/interrupt.ts';
import { CaseDir } from '../case/case-dir.ts';
import { appendCustody, MANIFEST_FILE } from '../case/custody.ts';
import type { Mapping, RuleDoc } from '../sigma/types.ts';
import { openStore, type Store } from '../store/store.ts';
import { zoneSentence } from '../core/time-format.ts';
import { analyzeCase, eventOf } from './analyze.ts';
import { detectionRow } from './job.ts';
import { CASE_OUTPUTS, writeCaseOutputs } from './outputs.ts';
import { readRun, storedIssues, writeRun, type SavedOptions } from './state.ts';
import type { TriageSummary } from './summary.ts';
import type { Composite } from '../case/composite.ts';
import './messages.ts';

export interface HuntOptions {
  caseDir: string;
  /** indicator files to add to those of the triage */
  iocFiles: string[];
  /** rules to run over the stored events */
  ruleDocs: RuleDoc[];
  mapping?: Mapping;
  ruleDirs: string[];
  toolVersion: string;
  argv?: string[];
  memoryLimit?: string;
}

export interface HuntResult {
  out: string;
  /** detections of the new rules */
  detections: number;
  events: number;
  findings: Finding[];
  issues: Issue[];
  timelineRows: number;
  summary: TriageSummary;
  composite: Composite;
  evidenceChanges: string[];
  seconds: number;
}

/** Events, all of them, in the order they were read. */
const ALL_EVENTS = `SELECT ts, host, format, file, record, line, "offset", product, category, service, fields, seq
  FROM events ORDER BY file, seq`;

const ROWS_PER_LOAD = 50_000;

/** Matches `docs` against every stored event; replaces the earlier hits of the same rules. Returns the hits. */
async function huntRules(store: Store, init: EngineInit, issues: Issue[]): Promise<{ hits: number; events: number }> {
  const match = ruleMatcher(init, issues);
  const ids = [...new Set(init.ruleDocs.map((d) => d.id).filter((x): x is string => !!x))];
  if (ids.length)
    await store.run(`DELETE FROM detections WHERE rule_id IN (${ids.map((x) => store.dialect.str(x)).join(', ')})`);
  let pending: unknown[][] = [];
  let hits = 0;
  let events = 0;
  const flush = async (): Promise<void> => {
    hits += await store.insert('detections', pending);
    pending = [];
  };
  for await (const r of store.streamRows(ALL_EVENTS)) {
    events++;
    const e = eventOf(r);
    const m = match(e);
    for (const d of m.detections) pending.push(detectionRow(d, Number(r[11])));
    if (pending.length >= ROWS_PER_LOAD) await flush();
  }
  await flush();
  return { hits, events };
}

export async function runHunt(o: HuntOptions): Promise<HuntResult> {
  const started = Date.now();
  const caseDir = new CaseDir(o.caseDir);
  if (!existsSync(caseDir.path('case.duckdb'))) throw new KonsekiError('hunt.no_case', { dir: o.caseDir });
  // like triage: outputs (and the store hunt changes) are staged and moved into place together at the end
  const work = caseDir.prepareWork();
  const staged = caseDir.staging;
  const runState = caseDir.beginRun('hunt');
  const releaseInterrupt = cleanUpOnInterrupt(caseDir, runState);
  try {
    return await huntInto(o, caseDir, work, staged, started);
  } catch (e) {
    caseDir.endRun(runState, 'failed');
    throw e;
  } finally {
    releaseInterrupt();
    caseDir.removeWork();
    if (caseDir.runState()?.status === 'running') caseDir.endRun(runState, 'completed');
  }
}

async function huntInto(
  o: HuntOptions,
  caseDir: CaseDir,
  work: string,
  staged: string,
  started: number,
): Promise<HuntResult> {
  const out = caseDir.dir;
  const storePath = join(staged, 'case.duckdb');
  copyFileSync(caseDir.path('case.duckdb'), storePath);
  const store = await openStore(storePath, { memoryLimit: o.memoryLimit, tempDir: join(work, 'spill') });
  const issues: Issue[] = [];
  let result: HuntResult;
  try {
    const run = await readRun(store);
    if (run.state !== 'complete' || !run.options) throw new KonsekiError('hunt.not_complete', { dir: o.caseDir });
    const saved = JSON.parse(run.options) as SavedOptions;
    const iocFiles = [...new Set([...saved.iocFiles, ...o.iocFiles.map((f) => resolve(f))])];
    const init: EngineInit = {
      ruleDocs: o.ruleDocs,
      mapping: o.mapping,
      minLevel: saved.minLevel,
      analysis: saved.analysis as EngineInit['analysis'],
      iocFiles,
      allowFiles: saved.allowFiles,
      policyFiles: saved.policyFiles,
      lang: saved.lang,
    };
    await writeRun(store, { state: 'analysing', started: new Date(started).toISOString() });
    const { hits, events } = o.ruleDocs.length ? await huntRules(store, init, issues) : { hits: 0, events: 0 };
    issues.push(...(await storedIssues(store)));
    const findings = await analyzeCase(store, init, issues);
    // times in sentences in the case's display zone, as triage writes them
    for (const f of findings) {
      f.summary_en = zoneSentence(f.summary_en, saved.timeZone);
      f.summary_ja = zoneSentence(f.summary_ja, saved.timeZone);
    }
    const ruleDirs = [...new Set([...saved.ruleDirs, ...o.ruleDirs.map((d) => resolve(d))])];
    const outputs = await writeCaseOutputs(store, findings, {
      caseDir,
      staged,
      manifest: caseDir.manifest(issues),
      tool: `konseki ${o.toolVersion}`,
      timeZone: saved.timeZone,
      minLevel: saved.minLevel,
      lang: saved.lang,
      dedupe: saved.dedupe,
      dupData: saved.dupData,
      allowFiles: saved.allowFiles,
      issues,
      lap: () => undefined,
    });
    const options = JSON.stringify({ ...saved, iocFiles, ruleDirs } satisfies SavedOptions);
    await writeRun(store, { state: 'complete', finished: new Date().toISOString(), options });
    await store.checkpoint();
    result = {
      out,
      detections: hits,
      events: events || (await store.count('events')),
      findings,
      issues,
      timelineRows: outputs.timelineRows,
      summary: outputs.summary,
      composite: outputs.composite,
      evidenceChanges: outputs.evidenceChanges,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    store.close();
  }
  rmSync(`${storePath}.wal`, { force: true });
  caseDir.commitStaged();
  await appendCustody(out, {
    command: 'hunt',
    args: o.argv ?? [],
    version: o.toolVersion,
    inputs: [join(out, MANIFEST_FILE), ...o.iocFiles.map((f) => resolve(f))],
    ruleSets: o.ruleDirs,
    outputs: [...CASE_OUTPUTS, 'case.duckdb'].map((f) => join(out, f)),
  });
  return result;
}
