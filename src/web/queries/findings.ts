/**
 * Findings (brute force, beacons, tampering, ...) as the analyses wrote them into the store, and the
 * raw rows the workspace needs at start-up. Findings are few (thousands), so the workspace holds them
 * in memory and filters them there.
 */
import type { EvidenceRef, Finding, FindingSeverity } from '../../core/finding.ts';
import { type Db, W } from './db.ts';

const SEVERITIES = new Set(['low', 'medium', 'high', 'critical']);

const json = <T>(v: unknown, fallback: T): T => {
  if (typeof v !== 'string') return (v as T) ?? fallback;
  try {
    return JSON.parse(v) as T;
  } catch {
    return fallback;
  }
};

export async function allFindings(db: Db): Promise<Finding[]> {
  const rows = await db.rows(
    `SELECT kind, severity, host, peer, first_seen, last_seen, count, summary_en, summary_ja, producer, attack, evidence, details
       FROM findings ORDER BY rowid`, // the order triage composed them in (stable on time)
  );
  const out: Finding[] = [];
  for (const r of rows) {
    const severity = String(r.severity);
    if (!SEVERITIES.has(severity)) continue;
    const time = (v: unknown): number => (v === null || v === undefined ? NaN : Number(v));
    out.push({
      kind: String(r.kind ?? 'unknown'),
      severity: severity as FindingSeverity,
      host: r.host === null ? null : String(r.host),
      peer: r.peer === null ? null : String(r.peer),
      first_seen: time(r.first_seen),
      last_seen: time(r.last_seen),
      count: Number(r.count ?? 1),
      evidence: json<EvidenceRef[]>(r.evidence, []),
      summary_en: String(r.summary_en ?? ''),
      summary_ja: String(r.summary_ja ?? ''),
      producer: String(r.producer ?? ''),
      attack: Array.isArray(r.attack) ? r.attack.map(String) : [],
      details: json<Record<string, unknown>>(r.details, {}),
    });
  }
  return out;
}

/** Events per format and per host (for the evidence coverage of the overview). */
export async function coverage(
  db: Db,
): Promise<{ formats: Record<string, unknown>[]; hosts: Record<string, unknown>[] }> {
  const formats = await db.rows(
    `SELECT format, count(*) AS n, min(ts) AS first, max(ts) AS last, count(DISTINCT file) AS files FROM events GROUP BY 1 ORDER BY n DESC`,
  );
  const hosts = await db.rows(
    `SELECT hkey AS host, list_distinct(list(format)) AS formats, count(*) AS n, min(ts) AS first, max(ts) AS last
       FROM ${W}.w_ev WHERE hkey IS NOT NULL GROUP BY 1 ORDER BY n DESC LIMIT 2000`,
  );
  return { formats, hosts };
}

/** Reading problems recorded by triage, by code and severity. */
export async function issueCounts(db: Db): Promise<Record<string, unknown>[]> {
  return db.rows(
    `SELECT code, severity, count(*) AS n, count(DISTINCT file) AS files, min(file) AS example FROM issues GROUP BY 1, 2 ORDER BY n DESC LIMIT 200`,
  );
}

/** The files of an evidence set the store knows (what the raw-record reader may open). */
export async function evidenceFiles(db: Db): Promise<Set<string>> {
  const rows = await db.rows(`SELECT DISTINCT file FROM events WHERE file IS NOT NULL`);
  return new Set(rows.map((r) => String(r.file)));
}
