/**
 * Host page queries: detections by level and rule, logons into and out of the host (Windows Security
 * 4624/4625/4648), processes started on it (Security 4688, Sysmon 1, Linux process records) and its
 * network peers. `host` is a composite host name; `ips` its addresses (from case.json).
 */
import { type Db, type Row, W } from './db.ts';

const LIMIT = 300;

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

const LOGON_COLS = `upper(e.fields->>'TargetDomainName') AS domain, e.fields->>'TargetUserName' AS account,
  coalesce(nullif(e.fields->>'IpAddress', '-'), '') AS source_ip, upper(coalesce(nullif(e.fields->>'WorkstationName', '-'), '')) AS workstation,
  CAST(e.fields->>'LogonType' AS VARCHAR) AS logon_type, e.event_id, count(*) AS n, min(e.ts) AS first, max(e.ts) AS last`;

/** Logons on the host (it is the target), grouped by account, source, type and success. */
export async function logonsIn(db: Db, host: string): Promise<Row[]> {
  return db.rows(
    `SELECT ${LOGON_COLS} FROM events e JOIN ${W}.w_ev w ON w.id = e.rowid
      WHERE w.hkey = $1 AND e.format = 'evtx' AND e.event_id IN (4624, 4625) AND e.channel = 'Security'
      GROUP BY ALL ORDER BY first LIMIT ${LIMIT}`,
    [host],
  );
}

/** Logons the host made elsewhere: 4624/4625 on other hosts from its addresses or name, and its 4648s. */
export async function logonsOut(db: Db, host: string, ips: string[]): Promise<Row[]> {
  const params = [host, ...ips];
  const ipList = ips.map((_, i) => `$${i + 2}`).join(', ');
  const fromIt = ips.length
    ? `(e.fields->>'IpAddress' IN (${ipList}) OR upper(e.fields->>'WorkstationName') = $1)`
    : `upper(e.fields->>'WorkstationName') = $1`;
  const remote = await db.rows(
    `SELECT w.hkey AS target, ${LOGON_COLS} FROM events e JOIN ${W}.w_ev w ON w.id = e.rowid
      WHERE e.format = 'evtx' AND e.event_id IN (4624, 4625) AND e.channel = 'Security'
        AND coalesce(w.hkey, '') <> $1 AND ${fromIt}
      GROUP BY ALL ORDER BY first LIMIT ${LIMIT}`,
    params,
  );
  const explicit = await db.rows(
    `SELECT coalesce(e.fields->>'TargetServerName', '') AS target, upper(e.fields->>'TargetDomainName') AS domain,
            e.fields->>'TargetUserName' AS account, coalesce(nullif(e.fields->>'IpAddress', '-'), '') AS source_ip,
            '' AS workstation, '' AS logon_type, e.event_id, count(*) AS n, min(e.ts) AS first, max(e.ts) AS last
       FROM events e JOIN ${W}.w_ev w ON w.id = e.rowid
      WHERE w.hkey = $1 AND e.format = 'evtx' AND e.event_id = 4648
      GROUP BY ALL ORDER BY first LIMIT ${LIMIT}`,
    [host],
  );
  return [...remote, ...explicit];
}

/** Processes started on the host, in time order. */
export async function processes(db: Db, host: string): Promise<Row[]> {
  return db.rows(
    `SELECT e.rowid AS id, e.ts,
            coalesce(e.fields->>'NewProcessName', e.fields->>'Image', e.fields->>'exe') AS image,
            coalesce(e.fields->>'CommandLine', e.fields->>'proctitle') AS command_line,
            coalesce(e.fields->>'ParentProcessName', e.fields->>'ParentImage') AS parent,
            coalesce(e.fields->>'SubjectUserName', e.fields->>'User', e.fields->>'user') AS account
       FROM events e JOIN ${W}.w_ev w ON w.id = e.rowid
      WHERE w.hkey = $1 AND ((e.event_id = 4688 AND e.channel = 'Security')
         OR (e.event_id = 1 AND e.channel LIKE '%Sysmon%') OR e.category = 'process_creation')
      ORDER BY e.ts LIMIT 1000`,
    [host],
  );
}

/** Destinations the host contacted (network logs), by number of contacts. */
export async function peers(db: Db, host: string): Promise<Row[]> {
  return db.rows(
    `SELECT dst, count(*) AS n, sum(bytes_out) AS bytes_out, sum(bytes_in) AS bytes_in, min(ts) AS first, max(ts) AS last,
            list_distinct(list(format)) AS formats, list_distinct(list(dst_port))[1:5] AS ports
       FROM ${W}.w_net WHERE hkey = $1 AND dst IS NOT NULL GROUP BY dst ORDER BY n DESC LIMIT ${LIMIT}`,
    [host],
  );
}
