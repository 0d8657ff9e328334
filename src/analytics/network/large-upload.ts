/**
 * `large-upload`: bytes sent out by an internal host per local day, absolute and against the
 * host's own other days. Sources are records that count client→server bytes: proxy `cs-bytes`
 * (Zeek http; Squid's native format does not log request sizes), and flows (`orig_bytes` of Zeek
 * conn / EVE flow). When the upload went to the proxy, the proxy's long tunnels of that host at the
 * same time name the real destination.
 */
import type { EvidenceRef, Finding, FindingSeverity } from '../../core/finding.ts';
import type { Sql } from '../sql.ts';
import { fmtBytes, fmtTime, listEn, listJa } from './fmt.ts';
import { makeFinding, shiftSeverity } from './make.ts';
import type { NetworkContext } from './options.ts';
import type { OrgProfile } from './profile.ts';
import { num, refOfRecord } from './sql-parts.ts';
import { medianOf } from './stats.ts';

interface Day {
  bytes: number;
  date: string;
  first: number;
  last: number;
  offHours: number;
  /** largest transfers of the day: [bytes, start µs, end µs, destination] */
  top: Array<[number, number, number, string]>;
  refs: EvidenceRef[];
}

interface Tunnel {
  start: number;
  end: number;
  dest: string;
}

const TOP = 5;
const MAX_TUNNELS = 500;
const LONG_TUNNEL_MS = 60_000;

/** The local date YYYY-MM-DD of a local day index (days since 1970-01-01). */
function dateOf(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** `large-upload`: bytes sent out per internal host and local day, streamed per host. */
export async function largeUploadFindings(sql: Sql, ctx: NetworkContext, profile: OrgProfile): Promise<Finding[]> {
  const d = sql.dialect;
  const { opts } = ctx;
  const proxies = opts.proxies.length ? `dest IN (${opts.proxies.map((x) => d.str(x)).join(', ')})` : 'false';
  const ports = opts.proxyPorts.map(Number).filter(Number.isFinite);
  const viaProxy = `(${proxies}${ports.length ? ` OR dst_port IN (${ports.join(', ')})` : ''})`;
  // flows to a web proxy count as outbound (the proxy forwards them); flows to other internal peers do not
  const rows = `SELECT * FROM net WHERE kind IN ('proxy', 'flow') AND ts IS NOT NULL AND src_int AND b_out > 0
      AND NOT (kind = 'flow' AND dest IS NOT NULL AND d_int AND NOT ${viaProxy})`;
  const top = d.record({
    b: 'b_out',
    t: 'ts',
    e: 'ts + coalesce(dur, coalesce(dur_ms, 0) / 1000) * 1000000',
    d: "coalesce(dest, '?')",
    f: 'file',
    s: 'seq',
    l: 'line',
    r: 'rec',
    o: 'off',
  });
  const q = `SELECT src, kind, lday, sum(b_out) AS bytes, min(ts) AS first, max(ts) AS last,
        ${d.sumIf('b_out', 'offh IS NOT NULL')} AS off_bytes, ${d.lastK(top, 'b_out, -ts, -seq', TOP)} AS top
      FROM (${rows}) u GROUP BY src, kind, lday ORDER BY src, lday, kind`;
  const out: Finding[] = [];
  let host: string | undefined;
  let byKind = new Map<string, Map<number, Day>>();
  const flush = async (): Promise<void> => {
    if (host !== undefined) out.push(...(await hostFindings(sql, ctx, profile, host, byKind)));
    byKind = new Map();
  };
  for await (const r of sql.stream(q)) {
    const h = String(r.src);
    if (h !== host) {
      await flush();
      host = h;
    }
    const kind = String(r.kind);
    const tops = (Array.isArray(r.top) ? r.top : []) as Array<Record<string, unknown>>;
    const day: Day = {
      bytes: num(r.bytes),
      date: dateOf(num(r.lday)),
      first: num(r.first),
      last: num(r.last),
      offHours: num(r.off_bytes) || 0,
      top: tops.map((x) => [num(x.b), num(x.t), num(x.e), String(x.d)]),
      refs: tops
        .map((x) => refOfRecord({ f: String(x.f), s: x.s, l: x.l, r: x.r, o: x.o, t: x.t }))
        .sort((a, b) => (a.ts ?? 0) - (b.ts ?? 0)),
    };
    let byDay = byKind.get(kind);
    if (!byDay) byKind.set(kind, (byDay = new Map()));
    byDay.set(num(r.lday), day);
  }
  await flush();
  return out;
}

/** The long proxy tunnels of a host (Squid logs a request when it ends: the tunnel started `elapsed` earlier). */
async function tunnelsOf(sql: Sql, host: string): Promise<Tunnel[]> {
  const rows = await sql.query(`SELECT ts, dur_ms, dest FROM net
     WHERE kind = 'proxy' AND src = ${sql.dialect.str(host)} AND src_int AND ts IS NOT NULL AND dest IS NOT NULL
       AND dur_ms >= ${LONG_TUNNEL_MS} ORDER BY dur_ms DESC, ts, seq LIMIT ${MAX_TUNNELS}`);
  return rows.map((r) => ({ start: num(r.ts) - num(r.dur_ms) * 1000, end: num(r.ts), dest: String(r.dest) }));
}

async function hostFindings(
  sql: Sql,
  ctx: NetworkContext,
  profile: OrgProfile,
  host: string,
  byKind: Map<string, Map<number, Day>>,
): Promise<Finding[]> {
  const { opts } = ctx;
  const t = opts.thresholds;
  const out: Finding[] = [];
  let tunnels: Tunnel[] | undefined;
  if (opts.allow.host(host, 'large-upload')) return out;
  // Per day, the source that saw the most (proxy and flow logs may see the same bytes).
  const merged = new Map<number, Day>();
  for (const byDay of byKind.values()) {
    for (const [day, d] of byDay) {
      const have = merged.get(day);
      if (!have || d.bytes > have.bytes) merged.set(day, d);
    }
  }
  const daily = [...merged.entries()];
  for (const [day, d] of daily) {
    if (d.bytes < t.uploadMinBytes) continue;
    const others = daily
      .filter(([k]) => k !== day)
      .map(([, o]) => o.bytes)
      .sort((a, b) => a - b);
    const baseline = others.length ? medianOf(others) : NaN;
    const factor = baseline > 0 ? d.bytes / baseline : others.length ? Infinity : NaN;
    const relative = Number.isFinite(factor) || factor === Infinity ? factor >= t.uploadBaselineFactor : false;
    const absolute = d.bytes >= t.uploadAbsoluteBytes;
    if (!relative && !absolute) continue;
    if (!tunnels && d.top.some(([, , , dest]) => ctx.internal.has(dest))) tunnels = await tunnelsOf(sql, host);
    const dests = destinations(ctx, tunnels ?? [], d);
    if (dests.some((x) => opts.allow.pair(host, x, undefined, 'large-upload'))) continue;
    // Sharing files with a service much of the organisation uses is business as usual below the absolute mark.
    const toCommon = dests.length > 0 && dests.every((x) => profile.isCommon(x));
    if (toCommon && !absolute) continue;
    let severity: FindingSeverity;
    if (relative) severity = d.offHours >= d.bytes / 2 || d.bytes >= t.uploadAbsoluteBytes ? 'high' : 'medium';
    else severity = Number.isFinite(factor) && factor < 3 ? 'low' : 'medium';
    if (toCommon) severity = shiftSeverity(severity, -1);
    out.push(
      makeFinding({
        kind: 'large-upload',
        severity,
        host,
        peer: dests[0] ?? null,
        first: d.first,
        last: d.last,
        count: 1,
        evidence: d.refs,
        message: Number.isFinite(factor) ? 'network.large_upload' : 'network.large_upload_nobase',
        params: {
          host,
          bytes: fmtBytes(d.bytes),
          date: d.date,
          factor:
            factor === Infinity
              ? '∞'
              : Number.isFinite(factor)
                ? factor >= 10
                  ? Math.round(factor)
                  : factor.toFixed(1)
                : '?',
          baseline: fmtBytes(baseline),
          offhours: fmtBytes(d.offHours),
          dests_en: listEn(dests, 3),
          dests_ja: listJa(dests, 3),
          first: fmtTime(d.first, opts.timeZone),
          last: fmtTime(d.last, opts.timeZone),
        },
        attack: ['T1041', 'T1567'],
        details: {
          date: d.date,
          bytes: d.bytes,
          baseline_bytes: Number.isFinite(baseline) ? baseline : undefined,
          factor: Number.isFinite(factor) ? Math.round(factor * 10) / 10 : undefined,
          other_days: others.length,
          off_hours_bytes: d.offHours,
          destinations: dests,
          largest: d.top.map(([b, s, , dest]) => ({ bytes: b, at: s, dest })),
        },
      }),
    );
  }
  return out;
}

/**
 * Where the day's largest transfers went: their own destination, or for a flow to the proxy the
 * proxy tunnel of the same host that covers the same time span best (at least half of both).
 */
function destinations(ctx: NetworkContext, tunnels: Tunnel[], d: Day): string[] {
  const names: string[] = [];
  for (const [, start, end, dest] of d.top) {
    if (!ctx.internal.has(dest)) {
      if (!names.includes(dest)) names.push(dest);
      continue;
    }
    let best: Tunnel | undefined;
    let bestRatio = 0.5;
    for (const tn of tunnels) {
      const overlap = Math.min(end, tn.end) - Math.max(start, tn.start);
      const ratio = overlap / Math.max(end - start, tn.end - tn.start, 1);
      if (ratio >= bestRatio) {
        best = tn;
        bestRatio = ratio;
      }
    }
    if (best && !names.includes(best.dest)) names.push(best.dest);
  }
  return names;
}
