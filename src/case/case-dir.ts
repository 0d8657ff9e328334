/**
 * The case directory, owned here: where each file lives, how it is read (size-capped, validated,
 * old shapes migrated, problems reported as issues with the file) and how it is written (atomically:
 * a temporary name, then rename). Commands read and write the case only through this module.
 *
 * A run writes its outputs into `.work/staging/` and moves them into place at the end
 * (`commitStaged`), so a run killed half-way leaves the previous case whole; `run-state.json` says
 * whether the last run completed.
 */
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { isTempName, moveIntoPlace, writeFileAtomic } from '../core/atomic-file.ts';
import { issue, KonsekiError, type Issue } from '../core/issue.ts';
import { migrateCaseFile, type KonsekiCaseFile } from './case-file.ts';
import { mergeSettings, type CaseSettings } from './settings.ts';
import { parseManifest, type EvidenceManifest } from './custody.ts';
import { CASE_FILE, MANIFEST_FILE, RECORD_FILE, RUN_STATE_FILE, WORK_DIR } from './files.ts';
import { parseRecord, type IncidentRecord } from './record.ts';
import './messages.ts';

export * from './files.ts';
export { checkOutputDir, isCaseDir } from './output-dir.ts';

/** JSON files of a case are refused above this size (a case file is not a log). */
export const MAX_JSON_BYTES = 256 << 20;

export interface RunState {
  command: string;
  status: 'running' | 'completed' | 'interrupted' | 'failed';
  started: string;
  finished?: string;
  pid: number;
}

export class CaseDir {
  readonly dir: string;
  constructor(dir: string) {
    this.dir = resolve(dir);
  }

  path(name: string): string {
    return join(this.dir, name);
  }
  get work(): string {
    return join(this.dir, WORK_DIR);
  }
  get staging(): string {
    return join(this.dir, WORK_DIR, 'staging');
  }
  exists(): boolean {
    return existsSync(this.dir);
  }

  /** A fresh, empty work directory with its staging area (what a killed run left there is removed). */
  prepareWork(): string {
    mkdirSync(this.dir, { recursive: true });
    rmSync(this.work, { recursive: true, force: true });
    mkdirSync(this.staging, { recursive: true });
    for (const n of readdirSync(this.dir)) if (isTempName(n)) rmSync(this.path(n), { force: true });
    return this.work;
  }
  removeWork(): void {
    rmSync(this.work, { recursive: true, force: true });
  }

  writeAtomic(name: string, data: string | Buffer): string {
    const file = this.path(name);
    writeFileAtomic(file, data);
    return file;
  }

  /** Moves every file written into the staging area to its place in the case; returns their paths. */
  commitStaged(): string[] {
    const moved: string[] = [];
    const walk = (from: string): void => {
      for (const e of readdirSync(from, { withFileTypes: true })) {
        const p = join(from, e.name);
        const to = this.path(relative(this.staging, p));
        if (e.isDirectory()) {
          mkdirSync(to, { recursive: true });
          walk(p);
        } else if (e.isFile()) {
          moveIntoPlace(p, to);
          moved.push(to);
        }
      }
    };
    if (existsSync(this.staging)) walk(this.staging);
    // a write-ahead log of an older store does not belong to the store that replaced it
    rmSync(this.path('case.duckdb.wal'), { force: true });
    return moved;
  }

  /** A JSON file of the case: undefined when absent; an issue (and undefined) when unreadable or too large. */
  readJson(name: string, issues: Issue[]): unknown {
    const file = this.path(name);
    const st = statSync(file, { throwIfNoEntry: false });
    if (!st) return undefined;
    try {
      if (!st.isFile()) throw new Error('not a file');
      if (st.size > MAX_JSON_BYTES) throw new Error(`larger than ${MAX_JSON_BYTES} bytes`);
      return JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      issues.push(issue('case.bad_file', { file }, { reason: (e as Error).message.slice(0, 200) }, 'error'));
      return undefined;
    }
  }

  /** The JSON objects of a JSON Lines file of the case (broken lines skipped), at most `max`. */
  async *jsonLines(name: string, max: number): AsyncGenerator<Record<string, unknown>> {
    const file = this.path(name);
    if (!existsSync(file)) return;
    const rl = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
    let n = 0;
    try {
      for await (const line of rl) {
        if (!line.trim()) continue;
        if (++n > max) break;
        try {
          const v = JSON.parse(line);
          if (v && typeof v === 'object' && !Array.isArray(v)) yield v as Record<string, unknown>;
        } catch {
          // a broken line is skipped: these files are konseki's outputs, rebuilt by the next triage
        }
      }
    } finally {
      rl.close();
    }
  }

  /** case.json, migrated to the current shape; `{}` when absent or broken (with an issue). */
  caseFile(issues: Issue[] = []): KonsekiCaseFile {
    const v = this.readJson(CASE_FILE, issues);
    if (v === undefined) return {};
    if (!v || typeof v !== 'object' || Array.isArray(v)) {
      issues.push(issue('case.bad_file', { file: this.path(CASE_FILE) }, { reason: 'not a JSON object' }, 'error'));
      return {};
    }
    return migrateCaseFile(v as Record<string, unknown>);
  }
  writeCaseFile(cf: KonsekiCaseFile, dir = this.dir): string {
    const file = join(dir, CASE_FILE);
    writeFileAtomic(file, `${JSON.stringify(cf, null, 2)}\n`);
    return file;
  }
  /** The case's settings (organisation's zone and calendar, display zone and language), checked. */
  settings(issues: Issue[] = []): CaseSettings {
    return this.caseFile(issues).settings ?? {};
  }
  /**
   * Lays `patch` over the settings in case.json (created when missing; what else it holds is kept);
   * returns its path. A case.json that cannot be read stops the command: it is never overwritten.
   */
  saveSettings(patch: CaseSettings): string {
    const issues: Issue[] = [];
    const cf = this.caseFile(issues);
    if (issues.length)
      throw new KonsekiError('case.bad_record', {
        file: this.path(CASE_FILE),
        message: String(issues[0]?.params?.reason ?? 'not a JSON object'),
      });
    cf.settings = mergeSettings(cf.settings ?? {}, patch);
    return this.writeCaseFile(cf);
  }

  manifest(issues: Issue[] = []): EvidenceManifest | undefined {
    const v = this.readJson(MANIFEST_FILE, issues);
    if (v === undefined) return undefined;
    const m = parseManifest(v);
    if (!m)
      issues.push(
        issue('case.bad_file', { file: this.path(MANIFEST_FILE) }, { reason: 'not an evidence manifest' }, 'error'),
      );
    return m;
  }
  writeManifest(m: EvidenceManifest, dir = this.dir): string {
    const file = join(dir, MANIFEST_FILE);
    writeFileAtomic(file, `${JSON.stringify(m, null, 2)}\n`);
    return file;
  }

  /** The incident record; a new one when there is none. A broken record stops the command (it is never overwritten). */
  record(): IncidentRecord {
    const issues: Issue[] = [];
    const v = this.readJson(RECORD_FILE, issues);
    if (issues.length || (v !== undefined && (!v || typeof v !== 'object')))
      throw new KonsekiError('case.bad_record', {
        file: this.path(RECORD_FILE),
        message: String(issues[0]?.params?.reason ?? 'not a JSON object'),
      });
    return parseRecord(v as Partial<IncidentRecord> | undefined);
  }
  /** The incident record for reading only: undefined (with an issue) when broken. */
  recordIfReadable(issues: Issue[]): IncidentRecord | undefined {
    if (!existsSync(this.path(RECORD_FILE))) return undefined;
    try {
      return this.record();
    } catch (e) {
      const k = e as KonsekiError;
      issues.push(
        issue('case.bad_file', { file: this.path(RECORD_FILE) }, { reason: String(k.params?.message) }, 'error'),
      );
      return undefined;
    }
  }
  writeRecord(r: IncidentRecord): string {
    return this.writeAtomic(RECORD_FILE, `${JSON.stringify(r, null, 2)}\n`);
  }

  runState(): RunState | undefined {
    const v = this.readJson(RUN_STATE_FILE, []);
    if (!v || typeof v !== 'object') return undefined;
    const r = v as Partial<RunState>;
    if (typeof r.command !== 'string' || typeof r.status !== 'string' || typeof r.started !== 'string')
      return undefined;
    return r as RunState;
  }
  beginRun(command: string, now = new Date()): RunState {
    const s: RunState = { command, status: 'running', started: now.toISOString(), pid: process.pid };
    this.writeAtomic(RUN_STATE_FILE, `${JSON.stringify(s, null, 2)}\n`);
    return s;
  }
  endRun(s: RunState, status: RunState['status'], now = new Date()): void {
    const done: RunState = { ...s, status, finished: now.toISOString() };
    this.writeAtomic(RUN_STATE_FILE, `${JSON.stringify(done, null, 2)}\n`);
  }

  /** Every JSON file of the case read once: what cannot be read, as issues. */
  validate(): Issue[] {
    const issues: Issue[] = [];
    this.caseFile(issues);
    this.manifest(issues);
    this.recordIfReadable(issues);
    this.readJson(RUN_STATE_FILE, issues);
    return issues;
  }
}
