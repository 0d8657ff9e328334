/**
 * `off-hours`: traffic outside business hours (nights, weekends, Japanese public holidays, extra
 * days off of the organisation) per internal host and destination. Destinations that much of the
 * organisation uses (update services, the sites everyone reads) are left out, so what remains is a
 * host talking at night to something few others talk to — a C&C channel, an upload, or a person
 * working late on an unusual site, ranked in that order by persistence and volume. A browser that
 * visits a rare site on one evening is a person and is not reported; the same few hours night after
 * night is a scheduled job and stays low.
 */
import type { EvidenceRef, Finding, FindingSeverity } from '../../core/finding.ts';
import type { Sql } from '../sql.ts';
import { popcount } from './edges.ts';
import { fmtBytes, fmtTime, listEn, listJa } from './fmt.ts';
import { makeFinding } from './make.ts';
import type { NetworkContext } from './options.ts';
import type { OrgProfile } from './profile.ts';
import { countsOf, num, refsOf, refsSql } from './sql-parts.ts';

interface Group {
  host: string;
  dest: string;
  count: number;
  first: number;
  last: number;
  out: number;
  in: number;
  reasons: Array<[string, number]>;
  /** distinct local (day, hour) slots with traffic (at most 2000 counted): persistence over time */
  slots: number;
  days: number;
  /** bit h = traffic in local hour h of the day */
  hoursOfDay: number;
  /** every request came from a browser User-Agent (a person at the keyboard) */
  browserOnly: boolean;
  refs: EvidenceRef[];
}

const REASON_JA: Record<string, string> = { night: '夜間', weekend: '週末', holiday: '祝日', extra: '休業日' };

/** `off-hours` over proxy, flow, TLS and passed firewall records outside business hours (column `offh`). */
export async function offHoursFindings(sql: Sql, ctx: NetworkContext, profile: OrgProfile): Promise<Finding[]> {
  const d = sql.dialect;
  const service = ctx.opts.servicePorts.map(Number).filter(Number.isFinite);
  const rows = `SELECT * FROM net
     WHERE kind IN ('proxy', 'flow', 'tls', 'firewall') AND ts IS NOT NULL AND offh IS NOT NULL
       AND NOT (kind = 'firewall' AND blocked)
       ${service.length ? `AND (kind = 'proxy' OR dst_port IS NULL OR dst_port NOT IN (${service.join(', ')}))` : ''}
       AND src_int AND dkey IS NOT NULL AND NOT d_int`;
  const q = `WITH o AS (${rows}),
      rs AS (SELECT src, dkey, offh, count(*) AS n FROM o GROUP BY src, dkey, offh),
      rl AS (SELECT src, dkey, ${d.list('offh', 'n DESC, offh')} AS reasons, ${d.list('n', 'n DESC, offh')} AS reason_n FROM rs GROUP BY src, dkey)
    SELECT g.*, rl.reasons, rl.reason_n FROM (
      SELECT src, dkey, count(*) AS n, min(ts) AS first, max(ts) AS last, sum(coalesce(b_out, 0)) AS b_out,
             sum(coalesce(b_in, 0)) AS b_in, ${d.countDistinct('lday * 24 + lhour')} AS slots, ${d.countDistinct('lday')} AS days,
             ${d.bitOr(d.shl('1', 'lhour'))} AS hours, ${d.every('ua_browser')} AS browser_only, ${refsSql(d, 6)}
        FROM o GROUP BY src, dkey) g JOIN rl ON rl.src = g.src AND rl.dkey = g.dkey ORDER BY g.src, g.dkey`;
  const out: Finding[] = [];
  for await (const r of sql.stream(q)) {
    const g: Group = {
      host: String(r.src),
      dest: String(r.dkey),
      count: num(r.n),
      first: num(r.first),
      last: num(r.last),
      out: num(r.b_out),
      in: num(r.b_in),
      reasons: countsOf(r.reasons, r.reason_n),
      slots: Math.min(2000, num(r.slots)),
      days: num(r.days),
      hoursOfDay: num(r.hours),
      browserOnly: r.browser_only === true,
      refs: refsOf(r),
    };
    const f = finding(ctx, profile, g);
    if (f) out.push(f);
  }
  return out;
}

function finding(ctx: NetworkContext, profile: OrgProfile, g: Group): Finding | undefined {
  const { opts } = ctx;
  const t = opts.thresholds;
  if (opts.allow.pair(g.host, g.dest, undefined, 'off-hours')) return undefined;
  const bigUpload = g.out >= t.uploadMinBytes;
  if (profile.isCommon(g.dest) && !bigUpload) return undefined;
  const rare = profile.isRare(g.dest);
  if (!rare && !bigUpload) return undefined;
  if (g.count < t.offHoursMinRequests && !bigUpload) return undefined;
  // Automation shows as traffic in many separate off-hours slots over several days; a scheduled
  // job as the same few hours of the day, night after night; a person as a browser now and then.
  const persistent = g.slots >= 6 && g.days >= 2;
  const scheduled = popcount(g.hoursOfDay) <= 4 && g.days >= 3;
  if (g.browserOnly && !persistent && !bigUpload) return undefined;
  let severity: FindingSeverity = 'low';
  if (bigUpload || (persistent && !scheduled)) severity = 'high';
  else if (!scheduled && (g.days >= 2 || g.slots >= 4)) severity = 'medium';
  const reasons = g.reasons;
  return makeFinding({
    kind: 'off-hours',
    severity,
    host: g.host,
    peer: g.dest,
    first: g.first,
    last: g.last,
    count: g.count,
    evidence: g.refs,
    message: 'network.off_hours',
    params: {
      host: g.host,
      dest: g.dest,
      count: g.count,
      when_en: listEn(reasons.map(([r, n]) => `${r} ${n}`)),
      when_ja: listJa(reasons.map(([r, n]) => `${REASON_JA[r] ?? r} ${n} 件`)),
      hours: g.slots,
      days: g.days,
      sent: fmtBytes(g.out),
      received: fmtBytes(g.in),
      hosts: profile.prevalence(g.dest),
      first: fmtTime(g.first, opts.timeZone),
      last: fmtTime(g.last, opts.timeZone),
    },
    attack: ['T1071'],
    details: {
      reasons: Object.fromEntries(reasons),
      active_hours: g.slots,
      active_days: g.days,
      scheduled: scheduled || undefined,
      browser_only: g.browserOnly || undefined,
      bytes_out: g.out,
      bytes_in: g.in,
      hosts_using: profile.prevalence(g.dest),
      business_hours: opts.businessHours,
      time_zone: opts.timeZone,
    },
  });
}
