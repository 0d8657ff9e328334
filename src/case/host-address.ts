/**
 * Addresses for hosts known only by name, from the evidence: Windows logons that name a computer with
 * its address (4624/4625/4776… WorkstationName + IpAddress, 4648 TargetServerName + IpAddress,
 * Sysmon 3 Source/DestinationHostname + Ip), DNS answers for the name, and DHCP leases in syslog
 * (ISC dhcpd, dnsmasq-dhcp, dhclient on the host itself). Each address comes with how it was found;
 * only internal addresses count. What stays unresolved is listed for a human, never dropped.
 *
 * Also the organisation's infrastructure: the internal addresses that many clients use as their
 * proxy or DNS server. Talking to the C&C on behalf of clients does not make them compromised.
 */
import type { Finding } from '../core/finding.ts';
import type { Store } from '../store/store.ts';
import { sqlString } from '../store/duckdb.ts';
import { isIp } from './identity.ts';
import { internalAddress } from './indicators.ts';

export interface ResolvedAddress {
  ip: string;
  /** logon | dns | dhcp | sysmon */
  how: string;
  count: number;
}

const NAME = /^[a-z0-9][a-z0-9._-]{0,252}$/i;

/** Short name (first label, upper case) as the composite names hosts. */
const short = (n: string): string => n.split('.')[0]!.toUpperCase();

/**
 * The addresses of each name (composite host names and their aliases), best first. Names that do not
 * look like host names are ignored.
 */
export async function resolveHostAddresses(
  store: Store,
  hosts: Array<{ name: string; aliases: string[] }>,
): Promise<Map<string, ResolvedAddress[]>> {
  const want = new Map<string, string>(); // lower-case name or FQDN → composite name
  for (const h of hosts) for (const n of [h.name, ...h.aliases]) if (NAME.test(n)) want.set(n.toLowerCase(), h.name);
  const out = new Map<string, Map<string, ResolvedAddress>>();
  if (!want.size) return new Map();
  const shorts = [...new Set([...want.keys()].map((n) => n.split('.')[0]!))];
  const add = (rawName: unknown, rawIp: unknown, how: string, n: number): void => {
    if (typeof rawName !== 'string' || typeof rawIp !== 'string') return;
    const ip = rawIp.trim().replace(/^::ffff:/i, '');
    if (!isIp(ip) || !internalAddress(ip) || /^(127\.|0\.|169\.254\.)/.test(ip)) return;
    const lower = rawName.trim().toLowerCase().replace(/\.$/, '');
    const host =
      want.get(lower) ?? want.get(lower.split('.')[0]!) ?? [...want.values()].find((x) => x === short(lower));
    if (!host) return;
    const m = out.get(host) ?? new Map<string, ResolvedAddress>();
    const r = m.get(ip) ?? { ip, how, count: 0 };
    r.count += n;
    if (!r.how.split(',').includes(how)) r.how += `,${how}`;
    m.set(ip, r);
    out.set(host, m);
  };
  const shortList = shorts.map(sqlString).join(', ');
  const firstLabel = (col: string): string => `split_part(lower(${col}), '.', 1)`;
  const run = async (sql: string): Promise<Record<string, unknown>[]> => {
    try {
      return await store.query(sql);
    } catch {
      return []; // a store without these fields (or an older schema) resolves nothing from them
    }
  };

  // logons and explicit credentials: the name and the address of the same computer
  for (const r of await run(`
    SELECT name, ip, count(*) AS n FROM (
      SELECT fields->>'WorkstationName' AS name, fields->>'IpAddress' AS ip FROM events
       WHERE format = 'evtx' AND event_id IN (4624, 4625, 4776, 4768, 4769, 4771)
      UNION ALL
      SELECT fields->>'TargetServerName' AS name, fields->>'IpAddress' AS ip FROM events
       WHERE format = 'evtx' AND event_id = 4648
    ) WHERE ${firstLabel('name')} IN (${shortList}) GROUP BY 1, 2 ORDER BY n DESC, 1, 2 LIMIT 1000`))
    add(r.name, r.ip, 'logon', Number(r.n));
  for (const r of await run(`
    SELECT name, ip, count(*) AS n FROM (
      SELECT fields->>'SourceHostname' AS name, fields->>'SourceIp' AS ip FROM events
       WHERE format = 'evtx' AND event_id = 3 AND channel = 'Microsoft-Windows-Sysmon/Operational'
      UNION ALL
      SELECT fields->>'DestinationHostname' AS name, fields->>'DestinationIp' AS ip FROM events
       WHERE format = 'evtx' AND event_id = 3 AND channel = 'Microsoft-Windows-Sysmon/Operational'
    ) WHERE ${firstLabel('name')} IN (${shortList}) GROUP BY 1, 2 ORDER BY n DESC, 1, 2 LIMIT 1000`))
    add(r.name, r.ip, 'sysmon', Number(r.n));
  // DNS answers for the name (Zeek, EVE, Unbound replies, dnsmasq replies, Windows DNS)
  for (const r of await run(`
    SELECT fields->>'query' AS name, fields->>'answer' AS answer, count(*) AS n FROM events
     WHERE fields->>'query' IS NOT NULL AND fields->>'answer' IS NOT NULL
       AND ${firstLabel("fields->>'query'")} IN (${shortList})
     GROUP BY 1, 2 ORDER BY n DESC, 1, 2 LIMIT 1000`)) {
    let answers: unknown = r.answer;
    if (typeof answers === 'string') {
      try {
        answers = JSON.parse(answers);
      } catch {
        answers = [answers];
      }
    }
    for (const a of Array.isArray(answers) ? answers : []) add(r.name, a, 'dns', Number(r.n));
  }
  // DHCP leases logged by the server (with the client's name) or by the client itself
  for (const r of await run(`
    SELECT host, fields->>'program' AS program, fields->>'msg' AS msg FROM events
     WHERE format = 'syslog' AND fields->>'msg' LIKE '%DHCPACK%' OR (fields->>'program' IN ('dhclient', 'dhcpcd', 'NetworkManager') AND fields->>'msg' LIKE '%bound to%')
     LIMIT 100000`)) {
    const msg = String(r.msg ?? '');
    const isc = /DHCPACK on (\S+) to \S+ \(([^)\s]+)\)/.exec(msg);
    const dnsmasq = /DHCPACK\([^)]*\) (\S+) \S+ (\S+)/.exec(msg);
    const client = /bound to (\S+)/.exec(msg);
    if (isc) add(isc[2], isc[1], 'dhcp', 1);
    else if (dnsmasq) add(dnsmasq[2], dnsmasq[1], 'dhcp', 1);
    else if (client && typeof r.host === 'string') add(r.host, client[1], 'dhcp', 1);
  }
  const result = new Map<string, ResolvedAddress[]>();
  for (const [name, m] of out)
    result.set(
      name,
      [...m.values()].sort((a, b) => b.count - a.count),
    );
  return result;
}

/** Ports on which an internal server answers many clients for the whole organisation. */
const INFRA_PORTS = ['53', '3128', '8080', '8000', '8888', '3129'];
const INFRA_MIN_CLIENTS = 5;
/** Rows read per connection format: proxies and resolvers are busy all the time, a slice shows them. */
const INFRA_ROWS = 5000;

/**
 * Internal proxies and resolvers: servers that at least five internal clients reach on a proxy or DNS
 * port, in the first rows of each firewall and flow log (reading every row's fields would cost seconds
 * per million events).
 */
export async function infrastructureAddresses(store: Store): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const slices = ['pfsense-filterlog', 'iptables', 'suricata-eve', 'zeek']
    // in file order: without it, which rows come first depends on how the store was loaded
    .map((f) => `(SELECT fields FROM events WHERE format = ${sqlString(f)} ORDER BY file, seq LIMIT ${INFRA_ROWS})`)
    .join(' UNION ALL ');
  let rows: Record<string, unknown>[] = [];
  try {
    rows = await store.query(`
      SELECT d[1] AS ip, d[3] AS port, count(DISTINCT d[2]) AS clients FROM (
        SELECT json_extract_string(fields, ['dst_ip', 'src_ip', 'dst_port']) AS d FROM (${slices}))
       WHERE d[3] IN (${INFRA_PORTS.map(sqlString).join(', ')})
       GROUP BY 1, 2 HAVING count(DISTINCT d[2]) >= ${INFRA_MIN_CLIENTS}`);
  } catch {
    return out;
  }
  for (const r of rows) {
    const ip = String(r.ip);
    if (isIp(ip) && internalAddress(ip)) out.set(ip, String(r.port) === '53' ? 'dns' : 'proxy');
  }
  return out;
}

/**
 * How many internal hosts used each destination, from what the analyses counted (beacon prevalence,
 * hosts_using), and the size of the organisation they saw: a destination most of it uses is not an
 * indicator. Reading the store for this would cost a scan of every event's fields.
 */
export function destinationPrevalence(findings: readonly Finding[]): { byDest: Map<string, number>; hosts: number } {
  const byDest = new Map<string, number>();
  let hosts = 0;
  for (const f of findings) {
    const d = (f.details ?? {}) as Record<string, unknown>;
    if (typeof d.organisation_hosts === 'number') hosts = Math.max(hosts, d.organisation_hosts);
    const used =
      typeof d.prevalence === 'number' ? d.prevalence : typeof d.hosts_using === 'number' ? d.hosts_using : undefined;
    if (used === undefined || !f.peer) continue;
    const key = f.peer.toLowerCase().replace(/:\d{1,5}$/, '');
    byDest.set(key, Math.max(byDest.get(key) ?? 0, used));
  }
  return { byDest, hosts };
}

/** SQL: the host column holds an internal address (network logs name clients by address). */
const INTERNAL_HOST_SQL = `regexp_matches(host, '^(10\\.|192\\.168\\.|172\\.(1[6-9]|2[0-9]|3[01])\\.|f[cd][0-9a-f]{2}:)')`;
const MAX_KEYS = 200;

/**
 * Internal hosts per destination, read from the network events themselves for the few destinations the
 * analyses gave no count for: one pass over the events' text with a pattern of all the names (no JSON
 * parsing), and the number of internal hosts the network logs show.
 */
export async function storePrevalence(
  store: Store,
  keys: string[],
): Promise<{ byDest: Map<string, number>; hosts: number }> {
  const byDest = new Map<string, number>();
  const safe = [...new Set(keys.map((k) => k.toLowerCase()))]
    .filter((k) => /^[a-z0-9.:_-]{1,253}$/.test(k))
    .slice(0, MAX_KEYS);
  let hosts = 0;
  try {
    const total = await store.query(
      `SELECT count(DISTINCT host) AS n FROM events WHERE format <> 'evtx' AND host IS NOT NULL AND ${INTERNAL_HOST_SQL}`,
    );
    hosts = Number(total[0]?.n ?? 0);
    if (!safe.length) return { byDest, hosts };
    const alternation = safe.map((k) => k.replace(/[.]/g, '\\.')).join('|');
    // a field value is the whole name ("name"), a URL host (//name/ or //name:) or a CONNECT target (name:port)
    const pattern = `["/](${alternation})[":/]`;
    for (const r of await store.query(`
      SELECT lower(regexp_extract(CAST(fields AS VARCHAR), ${sqlString(pattern)}, 1)) AS d, count(DISTINCT host) AS n
        FROM events
       WHERE format <> 'evtx' AND host IS NOT NULL AND ${INTERNAL_HOST_SQL}
         AND regexp_matches(CAST(fields AS VARCHAR), ${sqlString(pattern)})
       GROUP BY 1`))
      if (r.d) byDest.set(String(r.d), Number(r.n));
  } catch {
    // an older store: no counts
  }
  return { byDest, hosts };
}
