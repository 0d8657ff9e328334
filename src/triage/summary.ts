/** The numbers behind the terminal summary, computed in the store. */
import type { Finding } from '../core/finding.ts';
import type { Store } from '../store/store.ts';

export interface HostSummary {
  host: string;
  score: number;
  critical: number;
  high: number;
  medium: number;
  low: number;
  findings: number;
  first: number;
  last: number;
}

export interface TriageSummary {
  byLevel: Record<string, number>;
  topRules: Array<{ id: string; title: string; level: string; count: number }>;
  hosts: HostSummary[];
  findingsByKind: Record<string, number>;
  /** findings that say the timeline before some point cannot be trusted */
  tampering: Finding[];
}

const WEIGHT: Record<string, number> = { critical: 1000, high: 100, medium: 10, low: 1, informational: 0 };
const TAMPER_KINDS = new Set([
  'log-cleared',
  'system-time-changed',
  'record-gap',
  'time-went-backwards',
  'log-overwritten',
  'eventlog-service-changed',
]);

export async function summarize(store: Store, findings: Finding[], minLevel: string): Promise<TriageSummary> {
  const byLevel: Record<string, number> = {};
  for (const r of await store.query(`SELECT level, count(*) AS n FROM detections GROUP BY level`))
    byLevel[r.level as string] = Number(r.n);
  const levels = ['informational', 'low', 'medium', 'high', 'critical'];
  const min = `(${levels
    .slice(Math.max(0, levels.indexOf(minLevel)))
    .map((l) => `'${l}'`)
    .join(',')})`;
  const topRules = (
    await store.query(
      `SELECT rule_title AS title, any_value(rule_id) AS id, any_value(level) AS level, count(*) AS n FROM detections WHERE level IN ${min} GROUP BY rule_title ORDER BY n DESC, title LIMIT 10`,
    )
  ).map((r) => ({ id: String(r.id ?? ''), title: r.title as string, level: r.level as string, count: Number(r.n) }));
  const hostRows = await store.query(
    `SELECT coalesce(host, '-') AS host,
            count(*) FILTER (WHERE level = 'critical') AS critical, count(*) FILTER (WHERE level = 'high') AS high,
            count(*) FILTER (WHERE level = 'medium') AS medium, count(*) FILTER (WHERE level = 'low') AS low,
            min(ts) FILTER (WHERE level IN ('medium','high','critical')) AS first, max(ts) FILTER (WHERE level IN ('medium','high','critical')) AS last
       FROM detections GROUP BY 1`,
  );
  const hosts = new Map<string, HostSummary>();
  for (const r of hostRows) {
    const h: HostSummary = {
      host: r.host as string,
      critical: Number(r.critical),
      high: Number(r.high),
      medium: Number(r.medium),
      low: Number(r.low),
      findings: 0,
      first: r.first === null ? NaN : Number(r.first),
      last: r.last === null ? NaN : Number(r.last),
      score: 0,
    };
    hosts.set(h.host, h);
  }
  const findingsByKind: Record<string, number> = {};
  for (const f of findings) {
    findingsByKind[f.kind] = (findingsByKind[f.kind] ?? 0) + 1;
    const key = f.host ?? '-';
    const h = hosts.get(key) ?? {
      host: key,
      critical: 0,
      high: 0,
      medium: 0,
      low: 0,
      findings: 0,
      first: NaN,
      last: NaN,
      score: 0,
    };
    h.findings++;
    h.score += WEIGHT[f.severity]! * 2;
    if (!(h.first <= f.first_seen)) h.first = f.first_seen;
    if (!(h.last >= f.last_seen)) h.last = f.last_seen;
    hosts.set(key, h);
  }
  for (const h of hosts.values())
    h.score += h.critical * WEIGHT.critical! + h.high * WEIGHT.high! + h.medium * WEIGHT.medium! + h.low;
  const ranked = [...hosts.values()]
    .filter((h) => h.score > 0)
    .sort((a, b) => b.score - a.score || a.host.localeCompare(b.host));
  return {
    byLevel,
    topRules,
    hosts: ranked,
    findingsByKind,
    tampering: findings.filter((f) => TAMPER_KINDS.has(f.kind) && f.severity !== 'low'),
  };
}
