/**
 * Two small indexes cut out of the events at start-up, so that host pages and the logon graph never
 * parse JSON per query: logons (Security 4624/4625/4648/4672/4768/4769/4776, RDP TerminalServices
 * LocalSessionManager 21/25 and RemoteConnectionManager 1149) and process starts (Security 4688,
 * Sysmon 1, Linux process records). Only the matching events' fields are read.
 */
import { type Db, W } from './db.ts';

export const LOGON_EVENTS = [4624, 4625, 4648, 4672, 4768, 4769, 4776] as const;
const LSM = '%TerminalServices-LocalSessionManager%';
const RCM = '%TerminalServices-RemoteConnectionManager%';

const LOGON_PATHS = [
  'TargetUserName',
  'TargetDomainName',
  'SubjectUserName',
  'IpAddress',
  'WorkstationName',
  'LogonType',
  'TargetServerName',
  'User',
  'Address',
  'Param1',
  'Param2',
  'Param3',
  'Workstation',
];
const v = (name: string): string => `v[${LOGON_PATHS.indexOf(name) + 1}]`;
const dash = (x: string): string => `nullif(nullif(${x}, '-'), '')`;

export async function buildActivityIndexes(db: Db): Promise<void> {
  await db.run(`CREATE OR REPLACE TABLE ${W}.w_logon AS
    WITH x AS (
      SELECT e.rowid AS id, e.ts, e.host, e.event_id,
             json_extract_string(e.fields, [${LOGON_PATHS.map((n) => `'$."${n}"'`).join(', ')}]) AS v
        FROM events e
       WHERE e.format = 'evtx' AND (
             (e.channel = 'Security' AND e.event_id IN (${LOGON_EVENTS.join(', ')}))
          OR (e.channel LIKE '${LSM}' AND e.event_id IN (21, 25))
          OR (e.channel LIKE '${RCM}' AND e.event_id = 1149)))
    SELECT x.id, x.ts, x.host, coalesce(h.hkey, x.host) AS hkey, x.event_id,
           CASE WHEN x.event_id = 4672 THEN ${v('SubjectUserName')}
                WHEN x.event_id IN (21, 25) THEN ${v('User')}
                WHEN x.event_id = 1149 THEN ${v('Param1')}
                ELSE ${v('TargetUserName')} END AS account,
           upper(CASE WHEN x.event_id = 1149 THEN ${v('Param2')} ELSE ${v('TargetDomainName')} END) AS domain,
           lower(regexp_replace(CASE
                WHEN x.event_id IN (21, 25) THEN ${dash(v('Address'))}
                WHEN x.event_id = 1149 THEN ${dash(v('Param3'))}
                ELSE ${dash(v('IpAddress'))} END, '^::ffff:', '')) AS source_ip,
           upper(CASE WHEN x.event_id = 4776 THEN ${dash(v('Workstation'))} ELSE ${dash(v('WorkstationName'))} END) AS workstation,
           ${v('LogonType')} AS logon_type,
           ${dash(v('TargetServerName'))} AS target_server,
           CASE WHEN x.event_id IN (21, 25, 1149) THEN 'rdp' ELSE 'security' END AS family
      FROM x LEFT JOIN ${W}.w_hosts h ON h.raw = x.host
     ORDER BY x.ts NULLS FIRST, x.id`);
  await db.run(`CREATE OR REPLACE TABLE ${W}.w_proc AS
    WITH x AS (
      SELECT e.rowid AS id, e.ts, e.host,
             json_extract_string(e.fields, ['$."NewProcessName"', '$."Image"', '$."exe"', '$."CommandLine"', '$."proctitle"',
                                            '$."ParentProcessName"', '$."ParentImage"', '$."SubjectUserName"', '$."User"', '$."user"']) AS v
        FROM events e
       WHERE (e.event_id = 4688 AND e.channel = 'Security') OR (e.event_id = 1 AND e.channel LIKE '%Sysmon%')
          OR e.category = 'process_creation')
    SELECT x.id, x.ts, x.host, coalesce(h.hkey, x.host) AS hkey, coalesce(v[1], v[2], v[3]) AS image,
           coalesce(v[4], v[5]) AS command_line, coalesce(v[6], v[7]) AS parent, coalesce(v[8], v[9], v[10]) AS account
      FROM x LEFT JOIN ${W}.w_hosts h ON h.raw = x.host
     ORDER BY x.ts NULLS FIRST, x.id`);
}
