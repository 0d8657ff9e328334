/**
 * The workspace's indexes, built once when `konseki serve` starts (in its scratch database; the case
 * file is only read). One pass over the events parses each event's JSON fields once and keeps, in time
 * order: the composite host name (`hkey`), the accounts and addresses the event names (so that pivots
 * never parse JSON), the network destination and bytes, the weekday-hour in the organisation's zone,
 * and a short text of the event for the grid. Pages are then read in that order without sorting.
 * Detections get the same pivots from their event; network contacts and host–destination pairs are
 * cut out of the events index. Review marks are a small table joined at query time.
 */
import { detectionKeySql } from '../../case/review.ts';
import { type Db, W } from './db.ts';
import { buildActivityIndexes } from './index-activity.ts';

/**
 * What each family of events is asked for, parsed once per event. Windows, network and other logs name
 * accounts and addresses in different fields; asking each event only for its own family's fields
 * keeps the one JSON pass short (each extracted value costs; absent ones are cheap).
 */
const FAMILIES = {
  evtx: {
    accounts: ['TargetUserName', 'SubjectUserName', 'User', 'UserName', 'AccountName', 'TargetUser', 'SamAccountName'],
    addrs: [
      'IpAddress',
      'SourceAddress',
      'DestAddress',
      'SourceIp',
      'DestinationIp',
      'DestinationHostname',
      'ClientAddress',
      'Address',
    ],
  },
  net: {
    accounts: ['cs-username', 'user'],
    addrs: ['src_ip', 'c-ip', 'dst_ip', 'cs-host', 'query', 'server_name'],
    dst: ['cs-host', 'query', 'server_name', 'dst_ip'],
    port: ['dst_port'],
    out: ['cs-bytes', 'orig_bytes', 'bytes'],
    in: ['sc-bytes', 'resp_bytes'],
    line: ['message'],
  },
  other: {
    accounts: ['User', 'TargetUser', 'user', 'UserName', 'AccountName', 'TargetUserName'],
    addrs: ['src_ip', 'dst_ip', 'rhost', 'IpAddress', 'SourceIp', 'DestinationIp'],
    line: ['message'],
  },
} as const;
type Family = keyof typeof FAMILIES;
type Part = 'accounts' | 'addrs' | 'dst' | 'port' | 'out' | 'in' | 'line';

const pathsOf = (f: Family): string[] => [...new Set(Object.values(FAMILIES[f]).flatMap((x) => [...x]))];
/** The family's values of one part, as list elements of `v` (the family's extraction). */
function part(f: Family, p: Part): string[] {
  const paths = pathsOf(f);
  const names = (FAMILIES[f] as Partial<Record<Part, readonly string[]>>)[p] ?? [];
  return names.map((n) => `v[${paths.indexOf(n) + 1}]`);
}
/** A column built from each family's values of a part with `build` (NULL for a family without it). */
function perFamily(p: Part, build: (values: string[]) => string): string {
  const branches = (Object.keys(FAMILIES) as Family[])
    .map((f) => [f, part(f, p)] as const)
    .filter(([, v]) => v.length)
    .map(([f, v]) => `WHEN '${f}' THEN ${build(v)}`);
  return `CASE fam ${branches.join(' ')} END`;
}
const extraction = `CASE fam ${(Object.keys(FAMILIES) as Family[])
  .map(
    (f) =>
      `WHEN '${f}' THEN json_extract_string(fields, [${pathsOf(f)
        .map((n) => `'$."${n}"'`)
        .join(', ')}])`,
  )
  .join(' ')} END`;
const first = (v: string[]): string => (v.length === 1 ? v[0]! : `coalesce(${v.join(', ')})`);
/** Lower-case account names without their domain (`CORP\tanaka` → `tanaka`), empty and `-` dropped. */
const ACCOUNTS = perFamily(
  'accounts',
  (v) =>
    `list_distinct(list_filter(list_transform([${v.join(', ')}], x -> lower(regexp_replace(x, '^.*\\\\', ''))), x -> x IS NOT NULL AND x NOT IN ('', '-')))`,
);
const ADDRESSES = perFamily(
  'addrs',
  (v) =>
    `list_distinct(list_filter(list_transform([${v.join(', ')}], x -> lower(regexp_replace(x, '^::ffff:', ''))), x -> x IS NOT NULL AND x NOT IN ('', '-', '::1', '127.0.0.1')))`,
);

export const LEVEL_RANK_SQL = (col: string): string =>
  `CASE lower(${col}) WHEN 'critical' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END`;

/** Network formats: the events that are contacts from a source to a destination. */
const NETWORK = `(category IN ('proxy', 'firewall', 'dns', 'webserver') OR product IN ('zeek', 'suricata') OR format IN ('squid', 'pfsense-filterlog', 'iptables', 'suricata-eve', 'zeek', 'bind-query', 'unbound', 'dnsmasq', 'windows-dns'))`;

/** How much of an event the grid shows (the full record is one click away). */
export const SUMMARY_CHARS = 400;

/** Raw host values as the logs write them (names, FQDNs, IPs), to be mapped to composite host names. */
export async function rawHosts(db: Db): Promise<string[]> {
  const rows = await db.rows(
    `SELECT DISTINCT host FROM (SELECT DISTINCT host FROM events UNION ALL SELECT DISTINCT host FROM detections) WHERE host IS NOT NULL`,
  );
  return rows.map((r) => String(r.host));
}

/** Builds w_ev, w_net, w_pairs and w_det (w_hosts must exist); `timeZone` is the organisation's. Returns row counts. */
export async function buildIndexes(
  db: Db,
  timeZone: string,
  lap: (what: string) => void = () => undefined,
): Promise<{ detections: number; events: number; contacts: number }> {
  const tz = timeZone.replace(/'/g, "''");
  const local = `timezone('${tz}', make_timestamptz(x.ts))`;
  await db.run(`CREATE OR REPLACE TABLE ${W}.w_ev AS
    WITH f AS (
      SELECT rowid AS id, ts, host, format, channel, event_id, file, coalesce(record, line) AS rec, fields,
             CASE WHEN format = 'evtx' THEN 'evtx' WHEN ${NETWORK} THEN 'net' ELSE 'other' END AS fam
        FROM events),
    x AS (
      SELECT id, ts, host, format, channel, event_id, file, rec, fam, ${extraction} AS v,
             CASE WHEN fam = 'evtx' THEN CAST(fields AS VARCHAR) END AS j
        FROM f)
    SELECT x.id, x.ts, x.host, coalesce(h.hkey, x.host) AS hkey, x.format, x.channel, x.event_id, x.file, x.rec,
           coalesce(${ACCOUNTS}, []) AS accounts, coalesce(${ADDRESSES}, []) AS addrs,
           CASE WHEN x.host IS NOT NULL AND x.ts IS NOT NULL THEN lower(${perFamily('dst', first)}) END AS dst,
           TRY_CAST(${perFamily('port', first)} AS INTEGER) AS dst_port,
           TRY_CAST(${perFamily('out', first)} AS BIGINT) AS bytes_out,
           TRY_CAST(${perFamily('in', first)} AS BIGINT) AS bytes_in,
           left(coalesce(${perFamily('line', first)}, CASE WHEN strpos(x.j, '"Computer":') > 0 THEN '{' || substr(x.j, strpos(x.j, '"Computer":')) ELSE x.j END, ''), ${SUMMARY_CHARS}) AS summary,
           CAST((isodow(${local}) - 1) * 24 + hour(${local}) AS SMALLINT) AS how
      FROM x LEFT JOIN ${W}.w_hosts h ON h.raw = x.host
     ORDER BY x.ts NULLS FIRST, x.id`);
  lap('events index');
  await db.run(`CREATE OR REPLACE TABLE ${W}.w_net AS
    SELECT id, ts, host AS src, hkey, format, dst, dst_port, bytes_out, bytes_in, how
      FROM ${W}.w_ev WHERE dst IS NOT NULL`);
  await db.run(`CREATE OR REPLACE TABLE ${W}.w_pairs AS
    SELECT hkey, dst, count(*) AS n, sum(bytes_out) AS bytes_out, sum(bytes_in) AS bytes_in, min(ts) AS first,
           max(ts) AS last, string_agg(DISTINCT format, ', ' ORDER BY format) AS formats,
           list_sort(list_distinct(list(dst_port)))[1:8] AS ports
      FROM ${W}.w_net GROUP BY 1, 2`);
  lap('network contacts and pairs');
  await db.run(`CREATE OR REPLACE TABLE ${W}.w_det AS
    WITH k AS (SELECT file, rec, min(id) AS eid FROM ${W}.w_ev WHERE rec IS NOT NULL GROUP BY ALL)
    SELECT d.rowid AS id, d.ts, lower(d.level) AS level, ${LEVEL_RANK_SQL('d.level')} AS lrank, d.rule_id, d.rule_title,
           d.host, coalesce(h.hkey, d.host) AS hkey, d.channel, d.event_id, d.record_id, d.file, d.details, d.extra,
           d.tags, ${detectionKeySql('d')} AS rkey, k.eid,
           lower(concat_ws(' ', d.rule_title, d.details, d.extra)) AS txt,
           coalesce(e.accounts, []) AS accounts, coalesce(e.addrs, []) AS addrs
      FROM detections d
      LEFT JOIN ${W}.w_hosts h ON h.raw = d.host
      LEFT JOIN k ON k.file = d.file AND k.rec = d.record_id
      LEFT JOIN ${W}.w_ev e ON e.id = k.eid
     ORDER BY d.ts NULLS FIRST, d.rowid`);
  lap('detections index');
  await buildActivityIndexes(db);
  lap('logons and processes');
  await setReviewTable(db, []);
  const n = async (t: string): Promise<number> => Number((await db.rows(`SELECT count(*) AS n FROM ${W}.${t}`))[0]!.n);
  return { detections: await n('w_det'), events: await n('w_ev'), contacts: await n('w_net') };
}

/** The review marks (key → status), replaced whenever they change. */
export async function setReviewTable(db: Db, marks: Array<{ key: string; status: string }>): Promise<void> {
  await db.table(
    'w_review',
    ['key', 'status'],
    marks.map((m) => [m.key, m.status]),
  );
}

/** SQL condition over detections rows: not marked false positive (for the composite recomputation). */
export const NOT_FALSE_POSITIVE_SQL = `(${detectionKeySql()}) NOT IN (SELECT key FROM ${W}.w_review WHERE status = 'false-positive')`;
