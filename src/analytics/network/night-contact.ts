/**
 * Off-hours as single events (issue 15): what `off-hours` leaves out because it happened once.
 *
 * `night-contact`: a host's whole contact with a rare external destination falls within the deep
 * night (`deepNight`, 00:00–05:00 by default) of one single night — a stager fetched at 03:14, a
 * one-off upload. Scheduled jobs come back night after night and people do not browse at 03:00; a
 * browser User-Agent lowers it to low.
 *
 * `night-internal`: remote administration (SMB, RPC, RDP, WinRM, SSH) at night between two internal
 * hosts that never talk during business hours, in either direction. Backup and monitoring jobs talk
 * by day or every night (three nights or more are routine and not reported).
 */
import type { Finding, FindingSeverity } from '../../core/finding.ts';
import type { Sql } from '../sql.ts';
import { fmtTime, listEn, listJa } from './fmt.ts';
import { makeFinding } from './make.ts';
import type { NetworkContext } from './options.ts';
import type { OrgProfile } from './profile.ts';
import { num, refsOf, refsSql, strings } from './sql-parts.ts';

const ROUTINE_NIGHTS = 3;

function deepNightSql(ctx: NetworkContext): string {
  const [a, b] = ctx.opts.thresholds.deepNight.map((x) => Math.floor(Number(x)));
  return a <= b ? `(lhour >= ${a} AND lhour < ${b})` : `(lhour >= ${a} OR lhour < ${b})`;
}

export async function nightContactFindings(sql: Sql, ctx: NetworkContext, profile: OrgProfile): Promise<Finding[]> {
  const d = sql.dialect;
  const service = ctx.opts.servicePorts.map(Number).filter(Number.isFinite);
  const deep = deepNightSql(ctx);
  const q = `SELECT src, dkey, count(*) AS n, min(ts) AS first, max(ts) AS last, ${d.countDistinct('lday')} AS nights,
        ${d.every('ua_browser')} AS browser_only, ${d.distinct('method', 5)} AS methods, ${refsSql(d, 4)}
      FROM net
     WHERE kind IN ('proxy', 'flow', 'tls', 'firewall') AND ts IS NOT NULL AND lhour IS NOT NULL
       AND NOT (kind = 'firewall' AND blocked) AND src_int AND dkey IS NOT NULL AND NOT d_int
       ${service.length ? `AND (kind = 'proxy' OR dst_port IS NULL OR dst_port NOT IN (${service.join(', ')}))` : ''}
     GROUP BY src, dkey
    HAVING ${d.every(deep)} AND ${d.countDistinct('lday')} = 1
     ORDER BY src, dkey`;
  const out: Finding[] = [];
  const { opts } = ctx;
  for await (const r of sql.stream(q)) {
    const host = String(r.src);
    const dest = String(r.dkey);
    if (!profile.isRare(dest) || opts.allow.pair(host, dest, undefined, 'night-contact')) continue;
    const browser = r.browser_only === true;
    const severity: FindingSeverity = browser ? 'low' : 'medium';
    const first = num(r.first);
    const last = num(r.last);
    out.push(
      makeFinding({
        kind: 'night-contact',
        severity,
        host,
        peer: dest,
        first,
        last,
        count: num(r.n),
        evidence: refsOf(r),
        message: 'network.night_contact',
        params: {
          host,
          dest,
          count: num(r.n),
          first: fmtTime(first, opts.timeZone),
          last: fmtTime(last, opts.timeZone),
          hosts: profile.prevalence(dest),
        },
        attack: ['T1071', 'T1105'],
        details: {
          hosts_using: profile.prevalence(dest),
          browser_only: browser || undefined,
          methods: strings(r.methods),
          deep_night: opts.thresholds.deepNight,
          time_zone: opts.timeZone,
        },
      }),
    );
  }
  return out;
}

export async function nightInternalFindings(sql: Sql, ctx: NetworkContext): Promise<Finding[]> {
  const d = sql.dialect;
  const { opts } = ctx;
  const admin = opts.adminPorts.map(Number).filter(Number.isFinite);
  if (!admin.length) return [];
  const [bs, be] = opts.businessHours;
  const night = `(lhour < ${Math.floor(bs)} OR lhour >= ${Math.ceil(be)})`;
  const e = `SELECT * FROM net WHERE kind IN ('firewall', 'flow') AND ts IS NOT NULL AND src_int AND d_int AND dest IS NOT NULL`;
  const q = `WITH e AS (${e}),
      dd AS (SELECT src, dest, 1 AS seen FROM e WHERE offh IS NULL GROUP BY src, dest),
      n AS (SELECT src, dest, count(*) AS n, min(ts) AS first, max(ts) AS last, ${d.countDistinct('lday')} AS nights,
                   ${d.distinct('dst_port', 10)} AS ports, ${refsSql(d, 4)}
              FROM e WHERE ${night} AND NOT blocked AND dst_port IN (${admin.join(', ')}) GROUP BY src, dest)
    SELECT n.* FROM n LEFT JOIN dd a ON a.src = n.src AND a.dest = n.dest LEFT JOIN dd b ON b.src = n.dest AND b.dest = n.src
     WHERE coalesce(a.seen, 0) = 0 AND coalesce(b.seen, 0) = 0 AND n.nights < ${ROUTINE_NIGHTS}
     ORDER BY n.src, n.dest`;
  const out: Finding[] = [];
  for await (const r of sql.stream(q)) {
    const host = String(r.src);
    const dest = String(r.dest);
    if (opts.allow.host(host, 'night-internal') || opts.allow.pair(host, dest, undefined, 'night-internal')) continue;
    const ports = strings(r.ports)
      .map(Number)
      .sort((a, b) => a - b)
      .map(String);
    const first = num(r.first);
    const last = num(r.last);
    out.push(
      makeFinding({
        kind: 'night-internal',
        severity: 'high',
        host,
        peer: dest,
        first,
        last,
        count: num(r.n),
        evidence: refsOf(r),
        message: 'network.night_internal',
        params: {
          host,
          dest,
          count: num(r.n),
          ports_en: listEn(ports),
          ports_ja: listJa(ports),
          nights: num(r.nights),
          first: fmtTime(first, opts.timeZone),
          last: fmtTime(last, opts.timeZone),
        },
        attack: ['T1021'],
        details: { ports: ports.map(Number), nights: num(r.nights), business_hours: opts.businessHours },
      }),
    );
  }
  return out;
}
