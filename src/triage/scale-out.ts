/**
 * Scale-out on ClickHouse (issue 17). `konseki ingest` reads, parses and matches rules on the machine
 * where it runs, with the triage pipeline's reading (run.ts), and writes the rows into the case's tables
 * in ClickHouse; several ingests on several machines may feed one case. `konseki analyze` takes the rows
 * of the files read completely and writes the same case directory as triage.
 *
 * Completeness: each evidence file (an original, archives included) gets an `ingests` row `started`
 * before its rows and `done` once all of its files are marked done (state.ts's `files`), or `failed`.
 * A file already `done` in the case (same SHA-256) is skipped. Rows of a file that did not complete are
 * deleted before it is read again, and analyze leaves them out and names the file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { EngineInit } from '../app/engine.ts';
import { collectInputs, keepHashed } from '../app/inputs.ts';
import { buildEvidenceManifest, type EvidenceManifest } from '../case/custody.ts';
import { issue, type Issue } from '../core/issue.ts';
import { ClickHouseStore } from '../store/clickhouse/store.ts';
import type { ClickHouseTarget } from '../store/clickhouse/url.ts';
import { gatherTimeEvidence } from '../app/time-evidence.ts';
import { calendarOf, type OrgZone, orgZoneFromEvidence } from '../case/settings.ts';
import { analysisCalendar, type FileSummary, ingest, planFiles, type TriageOptions } from './run.ts';
import './scale-out-messages.ts';

export interface ClusterStoreOptions {
  target: ClickHouseTarget;
  caseId: string;
  cluster?: string;
}

export interface IngestOptions extends Omit<TriageOptions, 'out' | 'fresh' | 'onResume' | 'force' | 'memoryLimit'> {
  store: ClusterStoreOptions;
}

export interface IngestResult {
  ingestId: string;
  files: FileSummary[];
  /** evidence files skipped because the case already holds them (same SHA-256) */
  skipped: Array<{ file: string; sha256: string }>;
  unrecognised: string[];
  issues: Issue[];
  events: number;
  seconds: number;
}

export async function openCaseStore(s: ClusterStoreOptions): Promise<ClickHouseStore> {
  return ClickHouseStore.open({ target: s.target, caseId: s.caseId, cluster: s.cluster });
}

/** SHA-256 of every evidence file the case holds completely. */
export async function doneHashes(store: ClickHouseStore): Promise<Set<string>> {
  const rows = await store.query(`SELECT DISTINCT sha256 FROM ingests WHERE status = 'done'`);
  return new Set(rows.map((r) => String(r.sha256)));
}

/** The files of `original` (itself, or the members of an archive). */
function belongsTo(display: string, original: string): boolean {
  return display === original || display.startsWith(`${original}!`);
}

export async function runIngest(o: IngestOptions): Promise<IngestResult> {
  const started = Date.now();
  const issues: Issue[] = [];
  const work = mkdtempSync(join(tmpdir(), 'konseki-ingest-'));
  const lap = (what: string): void => {
    if (process.env.KONSEKI_TIMING) process.stderr.write(`[timing] ${what}\n`);
  };
  let store: ClickHouseStore | undefined;
  try {
    store = await openCaseStore(o.store);
    const inputs = await collectInputs(o.inputs, work, issues, { followLinks: o.followLinks });
    const tool = `konseki ${o.toolVersion}`;
    const manifest = await buildEvidenceManifest(inputs.originals, tool, new Date(), issues);
    keepHashed(inputs, manifest.files);
    const have = await doneHashes(store);
    const shaOf = new Map(manifest.files.map((f) => [f.path, f]));
    const skipped: IngestResult['skipped'] = [];
    const todo: string[] = [];
    for (const orig of inputs.originals) {
      const m = shaOf.get(resolve(orig));
      if (!m) continue;
      if (have.has(m.sha256)) {
        skipped.push({ file: orig, sha256: m.sha256 });
        issues.push(issue('ingest.already', { file: orig }, { sha256: m.sha256 }, 'info'));
      } else todo.push(orig);
    }
    const files = inputs.files.filter((f) => todo.some((orig) => belongsTo(f.display, orig)));
    const { planned, unrecognised } = planFiles(files, issues);
    // times as triage reads them: the organisation's zone (given, else what the evidence says) and years
    const time = await gatherTimeEvidence(planned, !o.orgTimeZone);
    const org: OrgZone = o.orgTimeZone ? { zone: o.orgTimeZone, source: 'given' } : orgZoneFromEvidence(time.clues);
    for (const f of planned) {
      f.timeZone = org.zone;
      f.yearAnchor = time.anchors.get(f.display);
    }
    const engine = init(o, org.zone);
    // analyze uses the zone the rows were made with (each ingest records its own)
    await store.insert('run', [['org_time_zone', JSON.stringify(org)]]);
    const ingestId = randomUUID();
    const who = { machine: hostname(), user: safeUser() };
    const record = (status: string): unknown[][] =>
      todo.map((orig) => {
        const m = shaOf.get(resolve(orig))!;
        return [
          ingestId,
          orig,
          m.sha256,
          m.size,
          Date.parse(m.mtime) * 1000,
          who.machine,
          who.user,
          Date.now() * 1000,
          status,
        ];
      });
    // what an earlier, unfinished ingest of these files left is dropped before they are read again
    await dropLeftovers(
      store,
      planned.map((f) => f.display),
    );
    await store.insert('ingests', record('started'));
    let read: FileSummary[];
    try {
      read = await ingest(store, planned, new Map(), { ...o, out: work }, engine, work, issues, lap);
    } catch (e) {
      await store.insert('ingests', record('failed')).catch(() => undefined);
      throw e;
    }
    await store.insert('ingests', record('done'));
    return {
      ingestId,
      files: read,
      skipped,
      unrecognised,
      issues,
      events: read.reduce((n, f) => n + f.events, 0),
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    store?.close();
    rmSync(work, { recursive: true, force: true });
  }
}

/** The engine of an ingest or analyze: the analyses with the organisation's zone and the case's calendar. */
export function init(o: Omit<TriageOptions, 'out' | 'inputs'>, orgZone: string): EngineInit {
  return {
    ruleDocs: o.ruleDocs,
    mapping: o.mapping,
    minLevel: o.minLevel,
    analysis: { ...o.analysis, ...analysisCalendar(orgZone, calendarOf(o.settings ?? {})) },
    iocFiles: o.iocFiles,
    allowFiles: o.allowFiles,
    policyFiles: o.policyFiles,
    lang: o.lang,
  };
}

const DATA_TABLES = ['events', 'net', 'detections', 'correlation_inputs', 'file_findings', 'issues', 'files'] as const;

async function dropLeftovers(store: ClickHouseStore, displays: string[]): Promise<void> {
  if (!displays.length) return;
  const list = `(${displays.map((d) => store.dialect.str(d)).join(', ')})`;
  const present = await store.query(`SELECT count() AS n FROM files WHERE file IN ${list}`);
  const rows = await store.query(`SELECT count() AS n FROM events WHERE file IN ${list}`);
  if (!Number(present[0]?.n) && !Number(rows[0]?.n)) return;
  for (const t of DATA_TABLES) await store.run(`DELETE FROM ${t} WHERE file IN ${list}`);
}

/** The organisation's zone the case's ingests read with (the first recorded), if any. */
export async function recordedOrgZone(store: ClickHouseStore): Promise<OrgZone | undefined> {
  const rows = await store.query(`SELECT value FROM run WHERE key = 'org_time_zone' LIMIT 1`);
  try {
    return rows.length ? (JSON.parse(String(rows[0]!.value)) as OrgZone) : undefined;
  } catch {
    return undefined;
  }
}

/** The evidence manifest of what the case holds: each evidence file done, with its hash and who ingested it. */
export interface IngestRecord {
  ingest_id: string;
  file: string;
  sha256: string;
  size: number;
  mtime: number;
  machine: string;
  user: string;
  at: number;
  status: 'done' | 'started' | 'failed';
}

/** The last state of each evidence file of the case (done wins over any other record of the same hash). */
export async function ingestRecords(
  store: ClickHouseStore,
): Promise<{ done: IngestRecord[]; incomplete: IngestRecord[] }> {
  const rows = (await store.query(
    `SELECT ingest_id, file, sha256, size, mtime, machine, user, at, status FROM ingests ORDER BY at, file, status`,
  )) as unknown as IngestRecord[];
  const last = new Map<string, IngestRecord>();
  for (const r of rows) {
    const rec = { ...r, size: Number(r.size), mtime: Number(r.mtime), at: Number(r.at) };
    const prev = last.get(`${r.ingest_id}\u0000${r.file}`);
    if (!prev || prev.status === 'started') last.set(`${r.ingest_id}\u0000${r.file}`, rec);
  }
  const done = new Map<string, IngestRecord>();
  for (const r of last.values()) if (r.status === 'done' && !done.has(r.sha256)) done.set(r.sha256, r);
  const incomplete = [...last.values()].filter((r) => r.status !== 'done' && !done.has(r.sha256));
  return { done: [...done.values()], incomplete };
}

export function manifestOf(done: IngestRecord[], tool: string): EvidenceManifest {
  return {
    created: new Date().toISOString(),
    tool,
    files: done.map((r) => ({
      path: r.file,
      sha256: r.sha256,
      size: r.size,
      mtime: new Date(r.mtime / 1000).toISOString(),
    })),
  };
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return '';
  }
}
