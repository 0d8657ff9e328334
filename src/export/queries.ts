/**
 * Every read the exports make from a case: the store's SQL lives here and nowhere else in
 * src/export, so a change of the store's schema (src/store/schema.ts) is adapted in this one file.
 * Rows come back as plain typed records; times stay epoch microseconds (NaN when unknown).
 */
import { CaseDir } from '../case/case-dir.ts';
import type { KonsekiCaseFile } from '../case/case-file.ts';
import { detectionKeySql, findingKey } from '../case/review.ts';
import type { FieldValue, Fields } from '../core/event.ts';
import type { EvidenceRef, FindingSeverity } from '../core/finding.ts';
import type { CaseStore } from '../store/duckdb.ts';

export interface DetectionRow {
  ts: number;
  ruleId: string;
  ruleTitle: string;
  level: string;
  author: string;
  tags: string[];
  ruleFile: string;
  host: string;
  channel: string;
  eventId: string;
  recordId: number | null;
  file: string;
  details: string;
  extra: string;
  /** Provider_Name of the event, when `withProvider` was asked for (a join with the events) */
  provider?: string;
}

export interface EventRow {
  ts: number;
  host: string;
  format: string;
  file: string;
  record: number | null;
  line: number | null;
  offset: number | null;
  product: string;
  category: string;
  service: string;
  fields: Fields;
}

export interface FindingRow {
  kind: string;
  severity: FindingSeverity;
  host: string | null;
  peer: string | null;
  firstSeen: number;
  lastSeen: number;
  count: number;
  summaryEn: string;
  summaryJa: string;
  producer: string;
  attack: string[];
  evidence: EvidenceRef[];
  details: Record<string, unknown>;
}

const LEVELS = ['informational', 'low', 'medium', 'high', 'critical'];

const num = (v: unknown): number => (v === null || v === undefined || v === '' ? NaN : Number(v));
const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
const nullableNum = (v: unknown): number | null => {
  const n = num(v);
  return Number.isFinite(n) ? n : null;
};

function parseJson<T>(v: unknown, fallback: T): T {
  if (v === null || v === undefined) return fallback;
  if (typeof v !== 'string') return v as T;
  try {
    return JSON.parse(v) as T;
  } catch {
    return fallback;
  }
}

function list(v: unknown): string[] {
  const a = typeof v === 'string' ? parseJson<unknown>(v, []) : v;
  return Array.isArray(a) ? a.map((x) => String(x)) : [];
}

/** Detections at or above `minLevel`, in time order (the timeline's order), without those whose review key is in `exclude`. */
export async function* detections(
  store: CaseStore,
  o: { minLevel?: string; withProvider?: boolean; exclude?: ReadonlySet<string> } = {},
): AsyncGenerator<DetectionRow> {
  const min = Math.max(0, LEVELS.indexOf(o.minLevel ?? 'informational'));
  const levels = LEVELS.slice(min)
    .map((l) => `'${l}'`)
    .join(',');
  const provider = o.withProvider
    ? `(SELECT any_value(e.fields->>'Provider_Name') FROM events e WHERE e.file = d.file AND e.record = d.record_id)`
    : 'NULL';
  const sql = `SELECT d.ts, d.rule_id, d.rule_title, d.level, d.author, d.tags, d.rule_file, d.host, d.channel,
      d.event_id, d.record_id, d.file, d.details, d.extra, ${provider} AS provider
    FROM detections d WHERE d.level IN (${levels})${excluded(o.exclude)}
    ORDER BY d.ts NULLS FIRST, d.host, d.record_id, d.rule_title`;
  for await (const r of store.streamRows(sql)) {
    const row: DetectionRow = {
      ts: num(r[0]),
      ruleId: text(r[1]),
      ruleTitle: text(r[2]),
      level: text(r[3]) || 'informational',
      author: text(r[4]),
      tags: list(r[5]),
      ruleFile: text(r[6]),
      host: text(r[7]),
      channel: text(r[8]),
      eventId: text(r[9]),
      recordId: nullableNum(r[10]),
      file: text(r[11]),
      details: text(r[12]),
      extra: text(r[13]),
    };
    if (o.withProvider) row.provider = text(r[14]);
    yield row;
  }
}

/** Every event of the case, in time order. */
export async function* events(store: CaseStore): AsyncGenerator<EventRow> {
  const sql = `SELECT ts, host, format, file, record, line, "offset", product, category, service, fields
    FROM events ORDER BY ts NULLS FIRST, file, record, line`;
  for await (const r of store.streamRows(sql)) {
    yield {
      ts: num(r[0]),
      host: text(r[1]),
      format: text(r[2]),
      file: text(r[3]),
      record: nullableNum(r[4]),
      line: nullableNum(r[5]),
      offset: nullableNum(r[6]),
      product: text(r[7]),
      category: text(r[8]),
      service: text(r[9]),
      fields: parseJson<Record<string, FieldValue>>(r[10], {}),
    };
  }
}

/** Review keys are checked by readReview (`d-` and 20 hex digits), so they can be written into the SQL. */
function excluded(keys: ReadonlySet<string> | undefined): string {
  const ds = [...(keys ?? [])].filter((k) => /^d-[0-9a-f]{20}$/.test(k));
  return ds.length ? ` AND ${detectionKeySql('d')} NOT IN (${ds.map((k) => `'${k}'`).join(',')})` : '';
}

/** The findings, earliest first, without those whose review key is in `exclude`. */
export async function findings(store: CaseStore, exclude?: ReadonlySet<string>): Promise<FindingRow[]> {
  const all = await allFindings(store);
  if (!exclude?.size) return all;
  return all.filter(
    (f) =>
      !exclude.has(
        findingKey({ kind: f.kind, host: f.host, peer: f.peer, producer: f.producer, first_seen: f.firstSeen }),
      ),
  );
}

async function allFindings(store: CaseStore): Promise<FindingRow[]> {
  const rows = await store.query(`SELECT kind, severity, host, peer, first_seen, last_seen, count, summary_en,
      summary_ja, producer, attack, evidence, details FROM findings ORDER BY first_seen NULLS FIRST, kind, host`);
  return rows.map((r) => ({
    kind: text(r.kind),
    severity: (text(r.severity) || 'low') as FindingSeverity,
    host: r.host === null || r.host === undefined ? null : String(r.host),
    peer: r.peer === null || r.peer === undefined ? null : String(r.peer),
    firstSeen: num(r.first_seen),
    lastSeen: num(r.last_seen),
    count: Number.isFinite(num(r.count)) ? num(r.count) : 0,
    summaryEn: text(r.summary_en),
    summaryJa: text(r.summary_ja),
    producer: text(r.producer),
    attack: list(r.attack),
    evidence: parseJson<EvidenceRef[]>(r.evidence, []),
    details: parseJson<Record<string, unknown>>(r.details, {}),
  }));
}

/** How many rows the case has per table, to say what an export left empty. */
export async function counts(store: CaseStore): Promise<{ events: number; detections: number; findings: number }> {
  return {
    events: await store.count('events'),
    detections: await store.count('detections'),
    findings: await store.count('findings'),
  };
}

/** case.json of the case directory ({} when absent or unreadable; read through CaseDir: size-capped, migrated). */
export function caseFile(dir: string): KonsekiCaseFile {
  return new CaseDir(dir).caseFile();
}

/** The event field names of the case and how many events carry each. */
export async function eventFieldNames(store: CaseStore): Promise<Array<{ name: string; n: number }>> {
  const rows = await store.query(
    `SELECT k AS name, count(*) AS n FROM (SELECT unnest(json_keys(fields)) AS k FROM events) GROUP BY k`,
  );
  return rows.map((r) => ({ name: String(r.name), n: Number(r.n) }));
}
