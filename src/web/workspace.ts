/**
 * The state behind `konseki serve`: the case directory, its store opened read-only with the
 * workspace's indexes, the composite picture (case.json), the findings with their review keys, and
 * the operations that change the case (review marks, notes, phases, containment). Writes go through
 * one queue so that two browser tabs never interleave them; each write appends a custody entry.
 * HTTP lives in server.ts and routes-*.ts; SQL in queries/.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { appendCustody } from '../case/custody.ts';
import { compose, type Composite } from '../case/composite.ts';
import { CaseDir } from '../case/case-dir.ts';
import { caseFileFrom, type KonsekiCaseFile } from '../case/case-file.ts';
import { dirOf, isIp, readIdentity } from '../case/identity.ts';
import { findingKey, readReview, writeReview, setMark, type Review, type ReviewMark } from '../case/review.ts';
import type { Finding } from '../core/finding.ts';
import { isValidTimeZone, localTimeZone } from '../core/time-format.ts';
import { refreshReport } from '../report/refresh.ts';
import { CaseStore } from '../store/duckdb.ts';
import { Db } from './queries/db.ts';
import { allFindings, coverage, evidenceFiles } from './queries/findings.ts';
import { buildIndexes, NOT_FALSE_POSITIVE_SQL, rawHosts, setReviewTable } from './queries/index-tables.ts';

export interface WorkspaceFinding extends Finding {
  key: string;
  /** composite host name */
  hkey: string | null;
}

const shortName = (n: string): string => (isIp(n) ? n : n.split('.')[0]!.toUpperCase());

export class Workspace {
  caseFile: KonsekiCaseFile = {};
  findings: WorkspaceFinding[] = [];
  review: Review = { version: 1, marks: [] };
  files = new Set<string>();
  /** raw host value → composite host name */
  readonly hostKey = new Map<string, string>();
  indexCounts = { detections: 0, events: 0, contacts: 0 };
  private writes: Promise<unknown> = Promise.resolve();
  private reportTimer: NodeJS.Timeout | undefined;
  reportState: { at?: string; running: boolean; error?: string } = { running: false };

  private constructor(
    readonly dir: string,
    readonly store: CaseStore,
    readonly db: Db,
    readonly tool: string,
    readonly version: string,
    private readonly scratch: string,
  ) {}

  /** Resolves when the indexes are built (queries wait for it); rejects when they could not be. */
  ready: Promise<void> = Promise.resolve();
  indexing = { started: Date.now(), done: false, error: undefined as string | undefined };

  /** Opens a case directory; the indexes are then built in the background (`ready`). */
  static async open(dir: string, o: { tool: string; version: string }): Promise<Workspace> {
    const caseDir = resolve(dir);
    const store = await CaseStore.openReadOnly(join(caseDir, 'case.duckdb'));
    const scratch = mkdtempSync(join(tmpdir(), 'konseki-serve-'));
    let db: Db;
    try {
      db = await Db.open(store, scratch);
    } catch (e) {
      store.close();
      rmSync(scratch, { recursive: true, force: true });
      throw e;
    }
    const ws = new Workspace(caseDir, store, db, o.tool, o.version, scratch);
    ws.caseFile = new CaseDir(caseDir).caseFile();
    ws.ready = ws.load().then(
      () => {
        ws.indexing.done = true;
      },
      (e: unknown) => {
        ws.indexing.error = (e as Error).message;
        throw e;
      },
    );
    ws.ready.catch(() => undefined);
    return ws;
  }

  get composite(): Composite | undefined {
    const c = this.caseFile.composite;
    return c && Array.isArray(c.hosts) ? c : undefined;
  }

  /** The organisation's zone (as triage wrote the timeline); case.json is editable, so it is checked. */
  get timeZone(): string {
    const s = this.caseFile.settings ?? {};
    const tz = s.org_time_zone?.zone ?? s.time_zone;
    return typeof tz === 'string' && isValidTimeZone(tz) ? tz : localTimeZone();
  }

  private async load(): Promise<void> {
    let at = Date.now();
    /** KONSEKI_TIMING=1 prints how long each step of the indexing took */
    const lap = (what: string): void => {
      if (process.env.KONSEKI_TIMING) process.stderr.write(`[timing] serve ${what}: ${Date.now() - at} ms\n`);
      at = Date.now();
    };
    const identity = await readIdentity(this.store);
    lap('identity');
    const byIp = new Map<string, string>();
    for (const h of this.composite?.hosts ?? []) for (const ip of h.ips) byIp.set(ip, h.name);
    const rows: Array<[string, string]> = [];
    for (const raw of await rawHosts(this.db)) {
      const ip = raw.replace(/^::ffff:/, '');
      const key = isIp(ip) ? (byIp.get(ip) ?? shortName(identity.ipNames.get(ip) ?? ip)) : shortName(raw);
      this.hostKey.set(raw, key);
      rows.push([raw, key]);
    }
    for (const [ip, name] of identity.ipNames) if (!this.hostKey.has(ip)) this.hostKey.set(ip, shortName(name));
    await this.db.table('w_hosts', ['raw', 'hkey'], rows);
    lap('hosts');
    this.indexCounts = await buildIndexes(this.db, this.timeZone, lap);
    this.files = await evidenceFiles(this.db);
    const findings = await allFindings(this.db);
    this.findings = findings.map((f) => ({ ...f, key: findingKey(f), hkey: this.findingHost(f, identity.dirHosts) }));
    this.review = readReview(this.dir);
    await setReviewTable(this.db, this.review.marks);
    lap('findings and review');
    // the overview's evidence coverage never changes while the case is served: computed now, not on first view
    await this.cached('coverage', () => coverage(this.db));
    lap('coverage');
  }

  private findingHost(f: Finding, dirHosts: Map<string, string>): string | null {
    let raw = f.host ?? undefined;
    if (!raw) for (const e of f.evidence) if ((raw = dirHosts.get(dirOf(e.file)))) break;
    if (!raw) return null;
    return this.hostKey.get(raw) ?? this.hostKey.get(raw.replace(/^::ffff:/, '')) ?? shortName(raw);
  }

  /** A composite host name for any host value (name, FQDN or IP). */
  hostOf(raw: string): string {
    return this.hostKey.get(raw) ?? shortName(raw);
  }

  private readonly memo = new Map<string, Promise<unknown>>();
  /** A value computed once (the store never changes while it is served). */
  cached<T>(key: string, f: () => Promise<T>): Promise<T> {
    let p = this.memo.get(key) as Promise<T> | undefined;
    if (!p) {
      p = f();
      p.catch(() => this.memo.delete(key));
      this.memo.set(key, p);
    }
    return p;
  }

  /** The addresses of a composite host. */
  ipsOf(host: string): string[] {
    const ips = new Set(this.composite?.hosts.find((h) => h.name === host)?.ips ?? []);
    for (const [raw, key] of this.hostKey) if (key === host && isIp(raw)) ips.add(raw);
    return [...ips];
  }

  /** Runs a change of the case after the ones before it. */
  private serial<T>(f: () => Promise<T>): Promise<T> {
    const p = this.writes.then(f, f);
    this.writes = p.catch(() => undefined);
    return p;
  }

  async custody(command: string, args: string[], outputs: string[] = [], inputs: string[] = []): Promise<void> {
    await appendCustody(this.dir, {
      command: `serve ${command}`,
      args,
      version: this.version,
      inputs: inputs.filter((o) => existsSync(o)),
      outputs: outputs.filter((o) => existsSync(o)),
    });
  }

  /** Marks a finding or detection; recomputes the composite picture without false positives. */
  mark(m: Omit<ReviewMark, 'ts' | 'status'> & { status?: ReviewMark['status'] }): Promise<ReviewMark | undefined> {
    return this.serial(async () => {
      this.review = readReview(this.dir);
      const mark = setMark(this.review, m);
      const file = writeReview(this.dir, this.review);
      await setReviewTable(this.db, this.review.marks);
      await this.recompose();
      await this.custody('review', [m.target, m.key, m.status ?? 'cleared'], [file, join(this.dir, 'case.json')]);
      this.scheduleReport();
      return mark;
    });
  }

  /** case.json's composite (and with it the indicators and hosts `konseki respond` acts on) without false positives. */
  private async recompose(): Promise<void> {
    const fp = new Set(this.review.marks.filter((x) => x.status === 'false-positive').map((x) => x.key));
    const kept = this.findings.filter((f) => !fp.has(f.key));
    const cf = new CaseDir(this.dir).caseFile();
    const composite = await compose(this.store, kept, { detectionFilter: NOT_FALSE_POSITIVE_SQL });
    // triage's allow-list files are not in the case: keep the destinations they excluded excluded
    const allowed = new Set(
      (cf.composite?.indicators ?? []).filter((j) => j.excluded === 'allow-list').map((j) => j.value),
    );
    for (const j of composite.indicators ?? []) if (allowed.has(j.value)) j.excluded = 'allow-list';
    const next = caseFileFrom(composite, this.dir, cf.generated_by ?? this.tool, cf, cf.settings);
    new CaseDir(this.dir).writeCaseFile(next);
    this.caseFile = next;
  }

  /** A change of the record, notes or containment, in the write queue; `f` says which files it wrote. */
  change<T>(
    command: string,
    args: string[],
    f: () =>
      | Promise<{ value: T; outputs: string[]; inputs?: string[] }>
      | { value: T; outputs: string[]; inputs?: string[] },
  ): Promise<T> {
    return this.serial(async () => {
      const r = await f();
      if (!r.outputs.length) return r.value;
      this.caseFile = new CaseDir(this.dir).caseFile();
      await this.custody(command, args, r.outputs, r.inputs);
      this.scheduleReport();
      return r.value;
    });
  }

  /** The report is brought up to date a moment after the last change (marks come in bursts). */
  private scheduleReport(delayMs = 1500): void {
    if (this.reportTimer) clearTimeout(this.reportTimer);
    this.reportTimer = setTimeout(() => void this.regenerateReport().catch(() => undefined), delayMs);
    this.reportTimer.unref();
  }

  /** Rewrites report.html / report.md now (in the write queue). */
  regenerateReport(): Promise<boolean> {
    if (this.reportTimer) clearTimeout(this.reportTimer);
    this.reportTimer = undefined;
    return this.serial(async () => {
      this.reportState = { running: true };
      try {
        const done = (await refreshReport(this.dir, this.tool)).length > 0;
        this.reportState = { running: false, at: new Date().toISOString() };
        return done;
      } catch (e) {
        this.reportState = { running: false, error: (e as Error).message };
        throw e;
      }
    });
  }

  async close(): Promise<void> {
    if (this.reportTimer) {
      clearTimeout(this.reportTimer);
      await this.regenerateReport().catch(() => undefined);
    }
    await this.ready.catch(() => undefined);
    await this.writes;
    this.store.close();
    rmSync(this.scratch, { recursive: true, force: true });
  }
}
