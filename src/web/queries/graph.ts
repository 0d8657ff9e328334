/**
 * The logon graph's rows (LogonTracer's events): Security 4624/4625 (logon, failure), 4648 (explicit
 * credentials), 4672 (special privileges), 4768/4769 (Kerberos TGT/service ticket), 4776 (NTLM
 * validation), and RDP: TerminalServices LocalSessionManager 21/25 and RemoteConnectionManager 1149.
 * One row per target host, event, account, source and logon type.
 */
import { type Db, type Param, type Row, W } from './db.ts';

export const LOGON_EVENTS = [4624, 4625, 4648, 4672, 4768, 4769, 4776] as const;

const ACCOUNT = `CASE
    WHEN e.event_id = 4672 THEN e.fields->>'SubjectUserName'
    WHEN e.event_id IN (21, 25) THEN e.fields->>'User'
    WHEN e.event_id = 1149 THEN e.fields->>'Param1'
    ELSE e.fields->>'TargetUserName' END`;
const SOURCE = `CASE
    WHEN e.event_id IN (21, 25) THEN e.fields->>'Address'
    WHEN e.event_id = 1149 THEN e.fields->>'Param3'
    WHEN e.event_id = 4776 THEN e.fields->>'Workstation'
    WHEN e.event_id IN (4648, 4672) THEN NULL
    ELSE coalesce(nullif(nullif(e.fields->>'IpAddress', '-'), '::1'), nullif(e.fields->>'WorkstationName', '-')) END`;

export async function logonRows(db: Db, from?: number, to?: number): Promise<Row[]> {
  const params: Param[] = [];
  let time = '';
  if (from !== undefined) {
    params.push(from);
    time += ` AND e.ts >= $${params.length}`;
  }
  if (to !== undefined) {
    params.push(to);
    time += ` AND e.ts < $${params.length}`;
  }
  return db.rows(
    `SELECT w.hkey AS host, e.event_id, lower(regexp_replace(${ACCOUNT}, '^.*\\\\', '')) AS account,
            lower(regexp_replace(coalesce(${SOURCE}, ''), '^::ffff:', '')) AS source,
            CASE WHEN e.event_id = 4648 THEN coalesce(e.fields->>'TargetServerName', '') ELSE '' END AS target_server,
            coalesce(CAST(e.fields->>'LogonType' AS VARCHAR), '') AS logon_type,
            count(*) AS n, min(e.ts) AS first, max(e.ts) AS last
       FROM events e JOIN ${W}.w_ev w ON w.id = e.rowid
      WHERE e.format = 'evtx' AND (
            (e.channel = 'Security' AND e.event_id IN (${LOGON_EVENTS.join(', ')}))
         OR (e.channel LIKE '%TerminalServices-LocalSessionManager%' AND e.event_id IN (21, 25))
         OR (e.channel LIKE '%TerminalServices-RemoteConnectionManager%' AND e.event_id = 1149))${time}
      GROUP BY ALL ORDER BY n DESC LIMIT 20000`,
    params,
  );
}
