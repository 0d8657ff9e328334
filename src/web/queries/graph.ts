/**
 * The logon graph's rows (LogonTracer's events, from the logon index, see index-activity.ts): one row per
 * target host, event, account, source and logon type, with counts and first/last times.
 */
import { type Db, type Param, type Row, W } from './db.ts';

export async function logonRows(db: Db, from?: number, to?: number): Promise<Row[]> {
  const params: Param[] = [];
  const where: string[] = ['account IS NOT NULL'];
  if (from !== undefined) {
    params.push(from);
    where.push(`ts >= $${params.length}`);
  }
  if (to !== undefined) {
    params.push(to);
    where.push(`ts < $${params.length}`);
  }
  return db.rows(
    `SELECT hkey AS host, event_id, lower(regexp_replace(account, '^.*\\\\', '')) AS account,
            CASE WHEN event_id IN (4648, 4672) THEN '' ELSE coalesce(source_ip, workstation, '') END AS source,
            CASE WHEN event_id = 4648 THEN coalesce(target_server, '') ELSE '' END AS target_server,
            coalesce(logon_type, '') AS logon_type, count(*) AS n, min(ts) AS first, max(ts) AS last
       FROM ${W}.w_logon WHERE ${where.join(' AND ')}
      GROUP BY ALL ORDER BY n DESC LIMIT 20000`,
    params,
  );
}
