/**
 * Forward proxies of the organisation (issue 15, seed 000 pp. 13–17). A proxy's own outbound
 * connections are its clients' requests: judged as its own, the proxy beacons to every agent's
 * server, works all night and contacts every indicator its clients contact. An internal host is
 * taken for a forward proxy when it is named (`proxies`, CLI `--proxy`) or when its own outbound
 * firewall/flow records mirror the proxy log: most of the external addresses it connects to are the
 * addresses the proxy log's clients were served from, and it is not itself a client in that log.
 * Its findings are then set aside (relayed traffic) or lowered with a note (indicator contacts:
 * the clients that asked are in the proxy log), and one `proxy-relay` finding says so.
 */
import type { Finding } from '../../core/finding.ts';
import type { Sql } from '../sql.ts';
import { makeFinding } from './make.ts';
import type { NetworkContext } from './options.ts';
import { num } from './sql-parts.ts';

export interface ProxyRole {
  ip: string;
  /** named by the options (`--proxy`) rather than recognised */
  named: boolean;
  /** distinct external addresses of its own outbound records, and how many of them the proxy log's clients were served from */
  dests: number;
  mirrored: number;
  /** its own outbound records */
  records: number;
  first: number;
  last: number;
}

/** At least this many mirrored addresses, and this share of its addresses, make a host a proxy. */
const MIN_MIRRORED = 10;
const MIN_SHARE = 0.5;

/** Findings of a proxy that describe what it relays: set aside. */
const RELAYED = new Set([
  'beacon',
  'off-hours',
  'large-upload',
  'bulk-transfer',
  'night-contact',
  'connect-nonstandard-port',
  'ip-direct-http',
  'rare-user-agent',
]);
/** Findings of a proxy kept at low with a note: the clients that asked are in the proxy log. */
const LOWERED = new Set(['ioc-match', 'dns-cnc']);

/** The forward proxies among the internal hosts of the `net` table. */
export async function findProxies(sql: Sql, ctx: NetworkContext): Promise<ProxyRole[]> {
  const d = sql.dialect;
  const named = new Set(ctx.opts.proxies);
  const q = `WITH pd AS (SELECT DISTINCT dst_ip FROM net WHERE kind = 'proxy' AND dst_ip IS NOT NULL),
      pc AS (SELECT DISTINCT src FROM net WHERE kind = 'proxy' AND src IS NOT NULL),
      o AS (SELECT src, dst_ip, count(*) AS n, min(ts) AS t0, max(ts) AS t1 FROM net
             WHERE kind IN ('firewall', 'flow') AND src_int AND NOT dst_int AND dst_ip IS NOT NULL AND NOT blocked
             GROUP BY src, dst_ip)
    SELECT o.src, count(*) AS dests, ${d.countIf('pd.dst_ip IS NOT NULL')} AS mirrored, sum(o.n) AS records,
           min(o.t0) AS first, max(o.t1) AS last
      FROM o LEFT JOIN pd ON pd.dst_ip = o.dst_ip
     WHERE o.src NOT IN (SELECT src FROM pc)
     GROUP BY o.src`;
  const out: ProxyRole[] = [];
  const seen = new Set<string>();
  for (const r of await sql.query(q)) {
    const ip = String(r.src);
    const dests = num(r.dests);
    const mirrored = num(r.mirrored);
    const isNamed = named.has(ip);
    if (!isNamed && !(mirrored >= MIN_MIRRORED && mirrored >= MIN_SHARE * dests)) continue;
    seen.add(ip);
    out.push({ ip, named: isNamed, dests, mirrored, records: num(r.records), first: num(r.first), last: num(r.last) });
  }
  for (const ip of named)
    if (!seen.has(ip)) out.push({ ip, named: true, dests: 0, mirrored: 0, records: 0, first: NaN, last: NaN });
  return out.sort((a, b) => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0));
}

/** One `proxy-relay` finding per proxy whose own records were seen (low: context for the reader). */
export function proxyRelayFindings(proxies: readonly ProxyRole[], set: number): Finding[] {
  return proxies
    .filter((p) => p.records > 0)
    .map((p) =>
      makeFinding({
        kind: 'proxy-relay',
        severity: 'low',
        host: p.ip,
        peer: null,
        first: p.first,
        last: p.last,
        count: p.records,
        evidence: [],
        message: p.named ? 'network.proxy_relay_named' : 'network.proxy_relay',
        params: { host: p.ip, records: p.records, dests: p.dests, mirrored: p.mirrored, set },
        details: { named: p.named || undefined, destinations: p.dests, mirrored: p.mirrored, set_aside: set },
      }),
    );
}

/**
 * The findings with those of the proxies' relayed traffic set aside (returned count) and their
 * indicator contacts lowered to low with `details.relayed_by_proxy`.
 */
export function setAsideRelayed(findings: Finding[], proxies: readonly ProxyRole[]): { kept: Finding[]; set: number } {
  if (!proxies.length) return { kept: findings, set: 0 };
  const ips = new Set(proxies.map((p) => p.ip));
  const kept: Finding[] = [];
  let set = 0;
  for (const f of findings) {
    if (!f.host || !ips.has(f.host)) kept.push(f);
    else if (RELAYED.has(f.kind)) set++;
    else if (LOWERED.has(f.kind))
      kept.push({ ...f, severity: 'low', details: { ...f.details, relayed_by_proxy: true } });
    else kept.push(f);
  }
  return { kept, set };
}
