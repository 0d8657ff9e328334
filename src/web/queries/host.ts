/**
 * Host page queries: detections by level and rule, logons into and out of the host (Windows Security
 * 4624/4625/4648), processes started on it and its network peers, all from the workspace indexes.
 * `host` is a composite host name, `ips` its addresses.
 */
import { type Db, type Param, type Row, W } from './db.ts';

const LIMIT = 300;

const list = (values: string[], params: Param[]): string => {
  if (!values.length) return 'NULL';
  return values
    .map((v) => {
      params.push(v);
      return `$${params.length}`;
    })
    .join(', ');
};

export async function hostDetectionSummary(db: Db, host: string): Promise<{ levels: Row[]; rules: Row[] }> {
  const levels = await db.rows(
    `SELECT level, count(*) AS n, min(ts) AS first, max(ts) AS last FROM ${W}.w_det WHERE hkey = $1 GROUP BY 1 ORDER BY max(lrank) DESC`,
    [host],
  );
  const rules = await db.rows(
    `SELECT rule_title, level, count(*) AS n, min(ts) AS first, max(ts) AS last FROM ${W}.w_det
      WHERE hkey = $1 GROUP BY 1, 2 ORDER BY max(lrank) DESC, n DESC LIMIT ${LIMIT}`,
    [host],
  );
  return { levels, rules };
}

const LOGON_COLS = `domain, account, coalesce(source_ip, '') AS source_ip, coalesce(workstation, '') AS workstation,
  coalesce(logon_type, '') AS logon_type, event_id, count(*) AS n, min(ts) AS first, max(ts) AS last`;

/** Logons on the host (it is the target), grouped by account, source, type and success. */
export async function logonsIn(db: Db, host: string): Promise<Row[]> {
  return db.rows(
    `SELECT ${LOGON_COLS} FROM ${W}.w_logon WHERE hkey = $1 AND event_id IN (4624, 4625)
      GROUP BY ALL ORDER BY first LIMIT ${LIMIT}`,
    [host],
  );
}

/** Logons the host made elsewhere: 4624/4625 on other hosts from its addresses or name, and its 4648s. */
export async function logonsOut(db: Db, host: string, ips: string[]): Promise<Row[]> {
  const params: Param[] = [host];
  const fromIt = ips.length
    ? `(source_ip IN (${list(ips, params)}) OR workstation = upper($1))`
    : `workstation = upper($1)`;
  return db.rows(
    `SELECT CASE WHEN event_id = 4648 THEN coalesce(target_server, '') ELSE hkey END AS target, ${LOGON_COLS}
       FROM ${W}.w_logon
      WHERE (event_id IN (4624, 4625) AND coalesce(hkey, '') <> $1 AND ${fromIt}) OR (event_id = 4648 AND hkey = $1)
      GROUP BY ALL ORDER BY first LIMIT ${LIMIT}`,
    params,
  );
}

/** Processes started on the host, in time order. */
export async function processes(db: Db, host: string): Promise<Row[]> {
  return db.rows(`SELECT id, ts, image, command_line, parent, account FROM ${W}.w_proc WHERE hkey = $1 LIMIT 1000`, [
    host,
  ]);
}

/** Destinations the host contacted (network logs), by number of contacts. */
export async function peers(db: Db, host: string): Promise<Row[]> {
  return db.rows(
    `SELECT dst, n, bytes_out, bytes_in, first, last, formats, ports FROM ${W}.w_pairs
      WHERE hkey = $1 ORDER BY n DESC, dst LIMIT ${LIMIT}`,
    [host],
  );
}
