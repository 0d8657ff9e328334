/**
 * `bulk-transfer` (seed 000 大量のHTTP通信): much traffic between a host and a rare destination when
 * the log does not say which way it went. Squid's native log has one byte count per line, and for a
 * CONNECT tunnel it does not tell an upload from a download, so `large-upload` (which needs request
 * sizes or flows) cannot see an exfiltration through a tunnel. Per host, destination and local day,
 * over proxy records without a request size: the volume, the CONNECT tunnels and how long they were
 * open, and the busiest hour's request count. A day is bulk when the volume reaches `uploadMinBytes`,
 * or ten or more long tunnels were open 20 minutes in all, or one hour holds `bulkBurstRequests`
 * requests. Destinations much of the organisation uses are left out; a pair that is bulk on three
 * days or more is a routine job (backup) and stays low; a rare destination at night is high.
 */
import type { EvidenceRef, Finding, FindingSeverity } from '../../core/finding.ts';
import type { Sql } from '../sql.ts';
import { fmtBytes, fmtDurationEn, fmtDurationJa, fmtTime } from './fmt.ts';
import { makeFinding } from './make.ts';
import type { NetworkContext } from './options.ts';
import type { OrgProfile } from './profile.ts';
import { num, refsOf, refsSql } from './sql-parts.ts';

interface Day {
  day: number;
  requests: number;
  bytes: number;
  offBytes: number;
  offRequests: number;
  tunnels: number;
  longTunnels: number;
  tunnelMs: number;
  peakHour: number;
  first: number;
  last: number;
  refs: EvidenceRef[];
}

/** A tunnel open this long (ms) carries a transfer, not a page or a check-in. */
const LONG_TUNNEL_MS = 30_000;
const MIN_LONG_TUNNELS = 10;
const MIN_TUNNEL_MS = 20 * 60_000;
/** bulk on this many days: a scheduled job */
const ROUTINE_DAYS = 3;

export async function bulkTransferFindings(sql: Sql, ctx: NetworkContext, profile: OrgProfile): Promise<Finding[]> {
  const d = sql.dialect;
  const rows = `SELECT * FROM net WHERE kind = 'proxy' AND b_out IS NULL AND src_int AND NOT d_int
      AND dkey IS NOT NULL AND ts IS NOT NULL AND lday IS NOT NULL`;
  const conn = `method = 'CONNECT'`;
  const q = `WITH b AS (${rows}),
      h AS (SELECT src, dkey, lday, max(n) AS peak FROM (SELECT src, dkey, lday, lhour, count(*) AS n FROM b GROUP BY src, dkey, lday, lhour) x GROUP BY src, dkey, lday)
    SELECT g.*, h.peak FROM (
      SELECT src, dkey, lday, count(*) AS n, sum(greatest(coalesce(size, 0), 0)) AS bytes,
             ${d.sumIf('greatest(coalesce(size, 0), 0)', 'offh IS NOT NULL')} AS off_bytes, ${d.countIf('offh IS NOT NULL')} AS off_n,
             ${d.countIf(conn)} AS tunnels, ${d.countIf(`${conn} AND dur_ms >= ${LONG_TUNNEL_MS}`)} AS long_tunnels,
             ${d.sumIf('coalesce(dur_ms, 0)', conn)} AS tunnel_ms, min(ts) AS first, max(ts) AS last, ${refsSql(d, 3)}
        FROM b GROUP BY src, dkey, lday) g JOIN h ON h.src = g.src AND h.dkey = g.dkey AND h.lday = g.lday
     WHERE g.bytes >= ${Number(ctx.opts.thresholds.uploadMinBytes)} OR h.peak >= ${Number(ctx.opts.thresholds.bulkBurstRequests)}
        OR (g.long_tunnels >= ${MIN_LONG_TUNNELS} AND g.tunnel_ms >= ${MIN_TUNNEL_MS})
     ORDER BY g.src, g.dkey, g.lday`;
  const pairs = new Map<string, { host: string; dest: string; days: Day[] }>();
  for await (const r of sql.stream(q)) {
    const key = `${String(r.src)}\u0000${String(r.dkey)}`;
    let p = pairs.get(key);
    if (!p) pairs.set(key, (p = { host: String(r.src), dest: String(r.dkey), days: [] }));
    p.days.push({
      day: num(r.lday),
      requests: num(r.n),
      bytes: num(r.bytes),
      offBytes: num(r.off_bytes),
      offRequests: num(r.off_n),
      tunnels: num(r.tunnels),
      longTunnels: num(r.long_tunnels),
      tunnelMs: num(r.tunnel_ms),
      peakHour: num(r.peak),
      first: num(r.first),
      last: num(r.last),
      refs: refsOf(r),
    });
  }
  const out: Finding[] = [];
  for (const p of pairs.values()) {
    const f = pairFinding(ctx, profile, p.host, p.dest, p.days);
    if (f) out.push(f);
  }
  return out;
}

/** Off-hours share of a day: by volume when there is volume, else by requests. */
function offShare(x: Day): number {
  return x.bytes > 0 ? x.offBytes / x.bytes : x.requests ? x.offRequests / x.requests : 0;
}

function pairFinding(
  ctx: NetworkContext,
  profile: OrgProfile,
  host: string,
  dest: string,
  days: Day[],
): Finding | undefined {
  const { opts } = ctx;
  if (opts.allow.pair(host, dest, undefined, 'bulk-transfer')) return undefined;
  if (profile.isCommon(dest)) return undefined;
  const rare = profile.isRare(dest);
  const routine = days.length >= ROUTINE_DAYS;
  const night = days.some((x) => offShare(x) >= 0.5);
  let severity: FindingSeverity;
  if (!rare) {
    if (!night) return undefined;
    severity = 'low';
  } else if (routine) severity = 'low';
  else if (night) severity = 'high';
  else severity = days.some((x) => x.bytes >= opts.thresholds.uploadAbsoluteBytes) ? 'medium' : 'low';
  const worst = [...days].sort((a, b) => b.bytes - a.bytes || b.tunnelMs - a.tunnelMs)[0]!;
  const sum = (f: (x: Day) => number): number => days.reduce((n, x) => n + f(x), 0);
  const bytes = sum((x) => x.bytes);
  const requests = sum((x) => x.requests);
  const tunnels = sum((x) => x.tunnels);
  const tunnelSec = sum((x) => x.tunnelMs) / 1000;
  const offPct = Math.round((100 * sum((x) => offShare(x) * (x.bytes || x.requests))) / (bytes || requests || 1));
  const date = new Date(worst.day * 86_400_000).toISOString().slice(0, 10);
  return makeFinding({
    kind: 'bulk-transfer',
    severity,
    host,
    peer: dest,
    first: Math.min(...days.map((x) => x.first)),
    last: Math.max(...days.map((x) => x.last)),
    count: requests,
    evidence: days.flatMap((x) => x.refs),
    message: 'network.bulk_transfer',
    params: {
      host,
      dest,
      bytes: fmtBytes(bytes),
      requests,
      tunnels,
      open_en: fmtDurationEn(tunnelSec),
      open_ja: fmtDurationJa(tunnelSec),
      days: days.length,
      off: offPct,
      date,
      peak: worst.peakHour,
      hosts: profile.prevalence(dest),
      first: fmtTime(worst.first, opts.timeZone),
    },
    attack: ['T1048', 'T1041'],
    details: {
      bytes,
      requests,
      tunnels,
      tunnel_seconds: Math.round(tunnelSec),
      off_hours_share: offPct / 100,
      days: days.map((x) => ({
        date: new Date(x.day * 86_400_000).toISOString().slice(0, 10),
        bytes: x.bytes,
        requests: x.requests,
        tunnels: x.tunnels,
        long_tunnels: x.longTunnels,
        tunnel_seconds: Math.round(x.tunnelMs / 1000),
        peak_hour_requests: x.peakHour,
      })),
      routine: routine || undefined,
      hosts_using: profile.prevalence(dest),
      direction: 'unknown',
    },
  });
}
