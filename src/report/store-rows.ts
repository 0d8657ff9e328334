/** The parts of a report triage takes straight from its store (not from the files it wrote). */
import type { Lang } from '../i18n/index.ts';
import { ruleTitle } from '../sigma/rule-title.ts';
import type { Store } from '../store/store.ts';
import type { TimelineRow } from './model.ts';

const LEVELS = ['informational', 'low', 'medium', 'high', 'critical'];

/** High and critical detections (rule titles in `lang`) (at or above `minLevel`, as in timeline.csv), at most `max`, in timeline order. */
export async function reportTimeline(
  store: Store,
  minLevel: string,
  max: number,
  lang: Lang,
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
    `SELECT ts, level, host, rule_id, rule_title, details, file FROM detections WHERE level IN (${levels})
     ORDER BY ts NULLS FIRST, host, record_id, rule_title LIMIT ${Math.max(0, Math.floor(max))}`,
  )) {
    const [ts, level, host, id, title, details, file] = r as Array<string | number | bigint | null>;
    rows.push({
      ts: ts === null ? Number.NaN : Number(ts),
      level: String(level),
      host: host === null ? '-' : String(host),
      // konseki's own rules in the report's language
      title: ruleTitle(id === null ? undefined : String(id), title === null ? '' : String(title), lang),
      details: details === null ? undefined : String(details),
      source: file === null ? undefined : String(file),
    });
  }
  return { rows, omitted: Math.max(0, total - rows.length) };
}
