/**
 * The state of a triage, recorded in the case so that an interrupted run (Ctrl-C, a crash, a power cut)
 * can continue, and so that a case never looks complete when it is not:
 * - in the store: `run` (fingerprint of inputs and options, state, started) and `files` (each input
 *   file read completely, with its counts); a file's rows count only once it is marked done, and the rows
 *   of files not done are dropped before reading them again;
 * - the store of a run in progress is case.partial.duckdb beside the case (src/triage/run.ts), and
 *   run-state.json (src/case/case-dir.ts) says whether the last run completed.
 * A run continues when the fingerprint matches and the last run did not complete; otherwise it starts over.
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import type { Issue } from '../core/issue.ts';
import { dynamicKey } from '../i18n/index.ts';
import { cleanJson } from '../store/batch.ts';
import type { Store } from '../store/store.ts';

export type RunPhase = 'reading' | 'analysing' | 'complete';

export interface RunRecord {
  fingerprint?: string;
  state?: RunPhase;
  started?: string;
  finished?: string;
  tool?: string;
  /** what `konseki hunt` needs to analyse the case again as triage did (JSON of SavedOptions) */
  options?: string;
}

/** The options of a triage that its analyses and outputs depend on, kept for `konseki hunt`. */
export interface SavedOptions {
  timeZone: string;
  minLevel: string;
  lang: 'en' | 'ja';
  analysis?: unknown;
  iocFiles: string[];
  allowFiles: string[];
  policyFiles: string[];
  dedupe?: boolean;
  dupData?: boolean;
  ruleDirs: string[];
}

/** The options a case records for `hunt` and later refreshes: the given files as absolute paths. */
export function savedOptions(
  o: {
    minLevel: string;
    lang?: 'en' | 'ja';
    iocFiles?: string[];
    allowFiles?: string[];
    policyFiles?: string[];
    dedupe?: boolean;
    dupData?: boolean;
    ruleDirs?: string[];
  },
  timeZone: string,
  analysis: unknown,
): SavedOptions {
  const abs = (files: string[] | undefined) => (files ?? []).map((f) => resolve(f));
  return {
    timeZone,
    minLevel: o.minLevel,
    lang: o.lang ?? 'en',
    analysis,
    iocFiles: abs(o.iocFiles),
    allowFiles: abs(o.allowFiles),
    policyFiles: abs(o.policyFiles),
    dedupe: o.dedupe,
    dupData: o.dupData,
    ruleDirs: abs(o.ruleDirs),
  };
}

/** Hash of what decides the store's content: inputs and the options applied while reading. */
export function fingerprint(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

export async function readRun(store: Store): Promise<RunRecord> {
  const out: Record<string, string> = {};
  for (const r of await store.query('SELECT key, value FROM run')) out[String(r.key)] = String(r.value);
  return out as RunRecord;
}

export async function writeRun(store: Store, patch: RunRecord): Promise<void> {
  const keys = Object.entries(patch).filter(([, v]) => v !== undefined) as Array<[string, string]>;
  if (!keys.length) return;
  await store.run(`DELETE FROM run WHERE key IN (${keys.map(([k]) => `'${k}'`).join(', ')})`);
  await store.insert('run', keys);
}

export interface DoneFile {
  format: string;
  events: number;
  skipped: number;
}

/** The files read completely in an earlier run. */
export async function doneFiles(store: Store): Promise<Map<string, DoneFile>> {
  const out = new Map<string, DoneFile>();
  for (const r of await store.query(`SELECT file, format, events, skipped FROM files WHERE status = 'done'`))
    out.set(String(r.file), { format: String(r.format), events: Number(r.events), skipped: Number(r.skipped) });
  return out;
}

/** Drops what files not read completely left in the store (their reading starts again). */
export async function dropUnfinished(store: Store): Promise<void> {
  const notDone = `file NOT IN (SELECT file FROM files WHERE status = 'done')`;
  for (const t of ['events', 'net', 'detections', 'correlation_inputs', 'file_findings', 'issues'])
    await store.run(`DELETE FROM ${t} WHERE ${notDone}${t === 'detections' ? ' AND seq IS NOT NULL' : ''}`);
  await store.run(`DELETE FROM files WHERE status <> 'done'`);
}

/** Records a file as read completely, with its issues and per-file findings, in one go after its last rows. */
export async function markDone(
  store: Store,
  f: { file: string; path: string; format: string; size: number; mtimeUs: number; events: number; skipped: number },
  issues: Issue[],
  findings: unknown[],
): Promise<void> {
  await store.insert(
    'issues',
    issues.map((i) => [
      i.code,
      i.severity,
      i.at.file,
      i.at.offset ?? null,
      i.at.line ?? null,
      cleanJson(i.params ?? {}),
    ]),
  );
  await store.insert(
    'file_findings',
    findings.map((x) => [f.file, cleanJson(x)]),
  );
  await store.insert('files', [[f.file, f.path, f.format, f.size, f.mtimeUs, 'done', f.events, f.skipped]]);
}

/** The issues recorded while reading (of this run and of the earlier one it continues). */
export async function storedIssues(store: Store): Promise<Issue[]> {
  const rows = await store.query('SELECT code, severity, file, "offset", line, params FROM issues');
  return rows.map((r) => {
    const at: Issue['at'] = { file: String(r.file ?? '') };
    if (r.line !== null) at.line = Number(r.line);
    if (r.offset !== null) at.offset = Number(r.offset);
    const params = JSON.parse(String(r.params)) as Issue['params'];
    const i: Issue = { code: dynamicKey(String(r.code)), severity: r.severity as Issue['severity'], at };
    if (params && Object.keys(params).length) i.params = params;
    return i;
  });
}
