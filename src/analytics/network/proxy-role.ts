/**
 * Forward proxies of the organisation (issue 15, seed 000 pp. 13–17). A proxy's own outbound
 * connections are its clients' requests: judged as its own, the proxy beacons to every agent's
 * server, works all night and contacts every indicator its clients contact. An internal host is
 * taken for a forward proxy when it is named (`proxies`, CLI `--proxy`), or when it is not itself a
 * client in the proxy log and either its own outbound firewall/flow records mirror the proxy log (most
 * of the external addresses it connects to are those the log's clients were served from), or many
 * internal hosts connect to it on a proxy port and its DNS lookups mirror the log's host names (an
 * anti-virus console on :8080 is polled by every PC too, but resolves nothing for them).
 * Its findings are then set aside (relayed traffic) or lowered with a note (indicator contacts:
 * the clients that asked are in the proxy log), and one `proxy-relay` finding says so.
 */
import type { EvidenceRef, Finding } from '../../core/finding.ts';
import { inList, type Sql } from '../sql.ts';
import { makeFinding } from './make.ts';
import type { NetworkContext } from './options.ts';
import { num, refsOf, refsSql } from './sql-parts.ts';

export interface ProxyRole {
  ip: string;
  /** named by the options (`--proxy`) rather than recognised */
  named: boolean;
  /** distinct external addresses of its own outbound records, and how many of them the proxy log's clients were served from */
  dests: number;
  mirrored: number;
  /** its own outbound records */
  records: number;
  /** internal hosts connecting to it on a proxy port, and the proxy log's host names it resolved (when recognised so) */
  clients?: number;
  resolved?: number;
  refs?: EvidenceRef[];
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
  'rare-download',
]);
/** Findings of a proxy kept at low with a note: the clients that asked are in the proxy log. */
const LOWERED = new Set(['ioc-match', 'dns-cnc']);

/** The forward proxies among the internal hosts of the `net` table. */
export async function findProxies(sql: Sql, ctx: NetworkContext): Promise<ProxyRole[]> {
  const d = sql.dialect;
  const named = new Set(ctx.opts.proxies);
  // unmatched rows of a LEFT JOIN are NULL in DuckDB and default values in ClickHouse: test a flag column
  const q = `WITH pd AS (SELECT dst_ip, 1 AS hit FROM net WHERE kind = 'proxy' AND dst_ip IS NOT NULL GROUP BY dst_ip),
      pc AS (SELECT DISTINCT src FROM net WHERE kind = 'proxy' AND src IS NOT NULL),
      o AS (SELECT src, dst_ip, count(*) AS n, min(ts) AS t0, max(ts) AS t1 FROM net
             WHERE kind IN ('firewall', 'flow') AND src_int AND NOT dst_int AND dst_ip IS NOT NULL AND NOT blocked
             GROUP BY src, dst_ip)
    SELECT o.src, count(*) AS dests, ${d.countIf('coalesce(pd.hit, 0) = 1')} AS mirrored, sum(o.n) AS records,
           min(o.t0) AS first, max(o.t1) AS last
      FROM o LEFT JOIN pd ON pd.dst_ip = o.dst_ip
     WHERE o.src NOT IN (SELECT src FROM pc)
     GROUP BY o.src`;
  const out: ProxyRole[] = [];
  const seen = new Set<string>();
  const resolving = await resolvingProxies(sql, ctx);
  for (const r of await sql.query(q)) {
    const ip = String(r.src);
    const dests = num(r.dests);
    const mirrored = num(r.mirrored);
    const isNamed = named.has(ip);
    if (!isNamed && !resolving.has(ip) && !(mirrored >= MIN_MIRRORED && mirrored >= MIN_SHARE * dests)) continue;
    seen.add(ip);
    out.push({ ip, named: isNamed, dests, mirrored, records: num(r.records), first: num(r.first), last: num(r.last) });
  }
  for (const ip of [...named, ...resolving.keys()])
    if (!seen.has(ip)) {
      seen.add(ip);
      const names = resolving.get(ip);
      out.push({
        ip,
        named: named.has(ip),
        dests: 0,
        mirrored: 0,
        records: 0,
        first: NaN,
        last: NaN,
        ...(names ? { clients: names.clients, resolved: names.mirrored } : {}),
      });
    }
  if (out.length) {
    // evidence: the first and last records the proxy itself wrote or made (its connections, its lookups)
    const q2 = `SELECT src, ${refsSql(d, 2)}, min(ts) AS first, max(ts) AS last FROM net
       WHERE kind IN ('firewall', 'flow', 'dns') AND src IN ${inList(
         d,
         out.map((p) => p.ip),
       )} GROUP BY src`;
    for (const r of await sql.query(q2)) {
      const p = out.find((x) => x.ip === String(r.src));
      if (!p) continue;
      p.refs = refsOf(r);
      if (!Number.isFinite(p.first)) p.first = num(r.first);
      if (!Number.isFinite(p.last)) p.last = num(r.last);
    }
  }
  return out.sort((a, b) => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0));
}

/** Internal hosts on a proxy port for MIN_CLIENTS hosts or more: the proxy log's host names they resolve. */
const MIN_CLIENTS = 5;

async function resolvingProxies(
  sql: Sql,
  ctx: NetworkContext,
): Promise<Map<string, { clients: number; mirrored: number }>> {
  const d = sql.dialect;
  const ports = ctx.opts.proxyPorts.map(Number).filter(Number.isFinite);
  const out = new Map<string, { clients: number; mirrored: number }>();
  if (!ports.length) return out;
  const q = `WITH c AS (SELECT dst_ip AS ip, ${d.countDistinct('src')} AS clients FROM net
              WHERE kind IN ('firewall', 'flow') AND src_int AND dst_int AND dst_ip IS NOT NULL AND NOT blocked
                AND dst_port IN (${ports.join(', ')})
              GROUP BY dst_ip HAVING ${d.countDistinct('src')} >= ${MIN_CLIENTS}),
      pn AS (SELECT lower(dest) AS name, 1 AS hit FROM net WHERE kind = 'proxy' AND dest IS NOT NULL GROUP BY lower(dest)),
      pc AS (SELECT DISTINCT src FROM net WHERE kind = 'proxy' AND src IS NOT NULL),
      q AS (SELECT src, lower(hname) AS name FROM net WHERE kind = 'dns' AND hname IS NOT NULL
              AND src IN (SELECT ip FROM c) GROUP BY src, lower(hname))
    SELECT q.src, max(c.clients) AS clients, count(*) AS names, ${d.countIf('coalesce(pn.hit, 0) = 1')} AS mirrored
      FROM q JOIN c ON c.ip = q.src LEFT JOIN pn ON pn.name = q.name
     WHERE q.src NOT IN (SELECT src FROM pc)
     GROUP BY q.src`;
  for (const r of await sql.query(q)) {
    const mirrored = num(r.mirrored);
    if (mirrored >= MIN_MIRRORED && mirrored >= MIN_SHARE * num(r.names))
      out.set(String(r.src), { clients: num(r.clients), mirrored });
  }
  return out;
}

/** One `proxy-relay` finding per proxy whose own records were seen (low: context for the reader). */
export function proxyRelayFindings(proxies: readonly ProxyRole[], set: number): Finding[] {
  return proxies
    .filter((p) => p.records > 0 || p.resolved)
    .map((p) =>
      makeFinding({
        kind: 'proxy-relay',
        severity: 'low',
        host: p.ip,
        peer: null,
        first: p.first,
        last: p.last,
        count: p.records,
        evidence: p.refs ?? [],
        message: p.named
          ? 'network.proxy_relay_named'
          : p.records
            ? 'network.proxy_relay'
            : 'network.proxy_relay_resolving',
        params: {
          host: p.ip,
          records: p.records,
          dests: p.dests,
          mirrored: p.mirrored,
          set,
          clients: p.clients ?? 0,
          resolved: p.resolved ?? 0,
        },
        details: {
          named: p.named || undefined,
          destinations: p.dests,
          mirrored: p.mirrored,
          clients: p.clients,
          resolved_names: p.resolved,
          set_aside: set,
        },
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
