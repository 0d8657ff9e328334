/**
 * The workspace's indexes, built once when `konseki serve` starts (in memory; the case file is only
 * read): narrow copies of detections and events with the composite host name (`hkey`), the accounts
 * and addresses each row names (pulled out of the event's JSON fields once, so that pivots do not parse
 * JSON per query), and network contacts as source → destination with bytes. Review marks are a small
 * table joined at query time.
 */
import { detectionKeySql } from '../../case/review.ts';
import { type Db, W } from './db.ts';

/** Event fields that name an account (Windows, Linux, proxy). */
export const ACCOUNT_FIELDS = [
  'TargetUserName',
  'SubjectUserName',
  'User',
  'UserName',
  'AccountName',
  'TargetUser',
  'SamAccountName',
  'user',
  'cs-username',
];
/** Event fields that name a network address or a destination name. */
export const ADDRESS_FIELDS = [
  'IpAddress',
  'SourceAddress',
  'DestAddress',
  'SourceIp',
  'DestinationIp',
  'DestinationHostname',
  'ClientAddress',
  'Address',
  'src_ip',
  'dst_ip',
  'c-ip',
  'rhost',
  'cs-host',
  'query',
  'server_name',
];

const paths = (names: string[]): string => `[${names.map((n) => `'$."${n}"'`).join(', ')}]`;

/** Lower-case account names without their domain (`CORP\tanaka` → `tanaka`), empty and `-` dropped. */
export const accountsSql = (fields: string): string =>
  `list_distinct(list_filter(list_transform(json_extract_string(${fields}, ${paths(ACCOUNT_FIELDS)}), x -> lower(regexp_replace(x, '^.*\\\\', ''))), x -> x IS NOT NULL AND x NOT IN ('', '-')))`;
export const addressesSql = (fields: string): string =>
  `list_distinct(list_filter(list_transform(json_extract_string(${fields}, ${paths(ADDRESS_FIELDS)}), x -> lower(regexp_replace(x, '^::ffff:', ''))), x -> x IS NOT NULL AND x NOT IN ('', '-', '::1', '127.0.0.1')))`;

export const LEVEL_RANK_SQL = (col: string): string =>
  `CASE lower(${col}) WHEN 'critical' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END`;

/** Raw host values as the logs write them (names, FQDNs, IPs), to be mapped to composite host names. */
export async function rawHosts(db: Db): Promise<string[]> {
  const rows = await db.rows(
    `SELECT DISTINCT host FROM (SELECT DISTINCT host FROM events UNION ALL SELECT DISTINCT host FROM detections) WHERE host IS NOT NULL`,
  );
  return rows.map((r) => String(r.host));
}

/** Network formats: the events that are contacts from a source to a destination. */
const NETWORK = `(category IN ('proxy', 'firewall', 'dns', 'webserver') OR product IN ('zeek', 'suricata') OR format IN ('squid', 'pfsense-filterlog', 'iptables', 'suricata-eve', 'zeek', 'bind-query', 'unbound', 'dnsmasq', 'windows-dns'))`;

/** Builds w_det, w_ev and w_net (w_hosts must exist). Returns row counts. */
export async function buildIndexes(db: Db): Promise<{ detections: number; events: number; contacts: number }> {
  await db.run(`CREATE OR REPLACE TABLE ${W}.w_evkey AS
    SELECT file, coalesce(record, line) AS rec, min(rowid) AS eid FROM events
     WHERE coalesce(record, line) IS NOT NULL GROUP BY ALL`);
  await db.run(`CREATE OR REPLACE TABLE ${W}.w_det AS
    SELECT d.rowid AS id, d.ts, lower(d.level) AS level, ${LEVEL_RANK_SQL('d.level')} AS lrank, d.rule_id, d.rule_title,
           d.host, coalesce(h.hkey, d.host) AS hkey, d.channel, d.event_id, d.record_id, d.file, d.details, d.extra,
           d.tags, ${detectionKeySql('d')} AS rkey,
           k.eid, ${accountsSql('e.fields')} AS accounts, ${addressesSql('e.fields')} AS addrs
      FROM detections d
      LEFT JOIN ${W}.w_hosts h ON h.raw = d.host
      LEFT JOIN ${W}.w_evkey k ON k.file = d.file AND k.rec = d.record_id
      LEFT JOIN events e ON e.rowid = k.eid
     ORDER BY d.ts NULLS FIRST, d.rowid`);
  await db.run(`CREATE OR REPLACE TABLE ${W}.w_ev AS
    SELECT e.rowid AS id, e.ts, e.host, coalesce(h.hkey, e.host) AS hkey, e.format, e.channel, e.event_id,
           ${accountsSql('e.fields')} AS accounts, ${addressesSql('e.fields')} AS addrs
      FROM events e LEFT JOIN ${W}.w_hosts h ON h.raw = e.host
     ORDER BY e.ts NULLS FIRST, e.rowid`);
  await db.run(`CREATE OR REPLACE TABLE ${W}.w_net AS
    SELECT e.rowid AS id, e.ts, e.host AS src, coalesce(h.hkey, e.host) AS hkey, e.format,
           lower(coalesce(e.fields->>'cs-host', e.fields->>'query', e.fields->>'server_name', e.fields->>'dst_ip')) AS dst,
           e.fields->>'dst_ip' AS dst_ip, TRY_CAST(e.fields->>'dst_port' AS INTEGER) AS dst_port,
           TRY_CAST(coalesce(e.fields->>'cs-bytes', e.fields->>'orig_bytes', e.fields->>'bytes') AS BIGINT) AS bytes_out,
           TRY_CAST(coalesce(e.fields->>'sc-bytes', e.fields->>'resp_bytes') AS BIGINT) AS bytes_in,
           e.fields->>'action' AS action
      FROM events e LEFT JOIN ${W}.w_hosts h ON h.raw = e.host
     WHERE ${NETWORK} AND e.host IS NOT NULL AND e.ts IS NOT NULL
     ORDER BY e.ts, e.rowid`);
  await db.run(`DROP TABLE ${W}.w_evkey`);
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
