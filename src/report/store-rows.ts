/** The parts of a report triage takes straight from its store (not from the files it wrote). */
import type { CaseStore } from '../store/duckdb.ts';
import type { TimelineRow } from './model.ts';

const LEVELS = ['informational', 'low', 'medium', 'high', 'critical'];

/** High and critical detections (at or above `minLevel`, as in timeline.csv), at most `max`, in timeline order. */
export async function reportTimeline(
  store: CaseStore,
  minLevel: string,
  max: number,
): Promise<{ rows: TimelineRow[]; omitted: number }> {
  const from = Math.max(LEVELS.indexOf('high'), LEVELS.indexOf(minLevel));
  const levels = LEVELS.slice(from)
    .map((l) => `'${l}'`)
    .join(',');
  const total = Number(
    (await store.query(`SELECT count(*) AS n FROM detections WHERE level IN (${levels})`))[0]?.n ?? 0,
  );
  const rows: TimelineRow[] = [];
  for await (const r of store.streamRows(
    `SELECT ts, level, host, rule_title, details, file FROM detections WHERE level IN (${levels})
     ORDER BY ts NULLS FIRST, host, record_id, rule_title LIMIT ${Math.max(0, Math.floor(max))}`,
  )) {
    const [ts, level, host, title, details, file] = r as Array<string | number | bigint | null>;
    rows.push({
      ts: ts === null ? Number.NaN : Number(ts),
      level: String(level),
      host: host === null ? '-' : String(host),
      title: title === null ? '' : String(title),
      details: details === null ? undefined : String(details),
      source: file === null ? undefined : String(file),
    });
  }
  return { rows, omitted: Math.max(0, total - rows.length) };
}
