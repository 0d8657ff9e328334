/**
 * `rare-user-agent`: User-Agents that few hosts of the organisation use, or that are not browsers
 * (empty, scripting tools, forged or outdated browser strings). Measured against the whole
 * organisation: the share of internal hosts that sent the same string. Common browsers and the
 * Windows agents every host runs never qualify; rare browser builds are not reported unless they
 * look forged. Per-host detail is dropped once a User-Agent is seen on more than 16 hosts.
 */
import type { EvidenceRef, Finding, FindingSeverity } from '../../core/finding.ts';
import type { Sql } from '../sql.ts';
import { fmtTime, listEn, listJa } from './fmt.ts';
import { isIpLiteral } from './ip.ts';
import { makeFinding } from './make.ts';
import type { NetworkContext } from './options.ts';
import type { OrgProfile } from './profile.ts';
import { countsOf, num, refsSql, refsOf } from './sql-parts.ts';

export type UaClass = 'empty' | 'tool' | 'forged' | 'outdated' | 'browser' | 'app';

const TOOL =
  /^(?:curl|wget|python-requests|python-urllib|python\/|aiohttp|go-http-client|java\/|okhttp|libwww-perl|lwp::|winhttp|powershell|certutil|bitsadmin|nmap|sqlmap|masscan|zgrab|nikto|nuclei|httpie|axios|node-fetch|undici|ruby|perl|php|mshta|rclone|megacmd|winscp|pscp|filezilla|anydesk|ngrok)/i;
const TOOL_INSIDE = /WindowsPowerShell\/|CertUtil URL Agent|\bcurl\/|\bWget\//i;
const BROWSER = /^Mozilla\/5\.0 \([^)]{3,200}\).*(?:Chrome|Firefox|Safari|Edg|OPR|Version)\/\d/;
const OUTDATED = /MSIE [1-9]\.|MSIE 10\.|Trident\/[3-6]\.|Windows NT 5\.|Windows 9[58]|Firefox\/[1-9]\./;

/** What kind of client a User-Agent string claims to be, and why it looks wrong when it does. */
export function classifyUa(ua: string): UaClass {
  const u = ua.trim();
  if (!u || u === '-') return 'empty';
  if (TOOL.test(u) || TOOL_INSIDE.test(u)) return 'tool';
  if (/^Mozila|^Mozilla\/[0-3]\.|^Mozilla [^/]|^Mozilla\/\d\.\d\s{2}|^Mozilla\/5\.0$|\$\{|^[\w.-]{1,4}$/.test(u))
    return 'forged';
  if (/^Mozilla\/4\.0 \(compatible; ?MSIE/.test(u) || OUTDATED.test(u)) return 'outdated';
  if (BROWSER.test(u)) return 'browser';
  return 'app';
}

const WHY_EN: Record<UaClass, string> = {
  empty: 'empty',
  tool: 'scripting tool',
  forged: 'malformed or forged browser string',
  outdated: 'outdated browser',
  browser: 'browser',
  app: 'application',
};
const WHY_JA: Record<UaClass, string> = {
  empty: '空',
  tool: 'スクリプト・ツール',
  forged: '不正な形式または偽装されたブラウザ文字列',
  outdated: '古いブラウザ',
  browser: 'ブラウザ',
  app: 'アプリケーション',
};

interface HostUse {
  count: number;
  first: number;
  last: number;
  dests: Array<[string, number]>;
  refs: EvidenceRef[];
}

/** per-host detail only for User-Agents that at most this many hosts send */
const PER_HOST_MAX = 16;

function names(dests: Array<[string, number]>): string[] {
  return dests.map(([d]) => d);
}

/** `rare-user-agent` over the proxy log's User-Agents of internal hosts. */
export async function rareUaFindings(sql: Sql, ctx: NetworkContext, profile: OrgProfile): Promise<Finding[]> {
  const d = sql.dialect;
  const base = `SELECT src, coalesce(ua, '') AS ua, ua IS NOT NULL AS has_ua, dest, ts, seq, file, line, rec, off FROM net WHERE kind = 'proxy' AND src_int`;
  const [tot] = await sql.query(
    `SELECT ${d.countIf('has_ua')} AS with_ua, ${d.countIf('NOT has_ua')} AS without_ua, ${d.countDistinct('src')} AS hosts FROM (${base}) p`,
  );
  const withUa = num(tot?.with_ua) || 0;
  const withoutUa = num(tot?.without_ua) || 0;
  // A proxy that does not log User-Agents at all tells nothing about them.
  if (withUa === 0 || withoutUa > 9 * withUa) return [];
  const total = num(tot?.hosts) || 0;
  const q = `WITH p AS (${base}),
      u AS (SELECT ua, ${d.countDistinct('src')} AS users FROM p GROUP BY ua HAVING ${d.countDistinct('src')} <= ${PER_HOST_MAX}),
      pu AS (SELECT p.* FROM p JOIN u ON u.ua = p.ua),
      h AS (SELECT ua, src, count(*) AS n, min(ts) AS first, max(ts) AS last, ${refsSql(d, 5)} FROM pu GROUP BY ua, src),
      ds AS (SELECT ua, src, dest, count(*) AS n, min(ts) AS t0 FROM pu WHERE dest IS NOT NULL GROUP BY ua, src, dest),
      dl AS (SELECT ua, src, ${d.list('dest', 't0, dest', 16)} AS dests, ${d.list('n', 't0, dest', 16)} AS dest_n FROM ds GROUP BY ua, src)
    SELECT h.*, u.users, dl.dests, dl.dest_n FROM h JOIN u ON u.ua = h.ua LEFT JOIN dl ON dl.ua = h.ua AND dl.src = h.src
     ORDER BY h.ua, h.src`;
  const out: Finding[] = [];
  const rareLimit = profile.rareLimit();
  const { opts } = ctx;
  for await (const r of sql.stream(q)) {
    const ua = String(r.ua);
    const host = String(r.src);
    const users = num(r.users);
    const cls = classifyUa(ua);
    const rare = users <= rareLimit;
    const nonBrowser = cls !== 'browser' && cls !== 'app';
    if (!rare && !(nonBrowser && users < opts.thresholds.commonShare * total)) continue;
    if (cls === 'browser') continue;
    if (opts.allow.userAgent(ua, 'rare-user-agent') || opts.allow.host(host, 'rare-user-agent')) continue;
    const h: HostUse = {
      count: num(r.n),
      first: num(r.first),
      last: num(r.last),
      dests: countsOf(r.dests, r.dest_n),
      refs: refsOf(r),
    };
    const dests = [...h.dests].sort((a, b) => b[1] - a[1]);
    let toRare = 0;
    for (const [d, n] of dests) if (profile.isRare(d)) toRare += n;
    const rareShare = h.count ? toRare / h.count : 0;
    let severity: FindingSeverity;
    if (!rare || cls === 'app') severity = 'low';
    else if (cls === 'tool') severity = names(dests).some(isIpLiteral) ? 'high' : 'medium';
    else severity = rareShare >= 0.5 ? 'high' : 'medium';
    const destNames = names(dests);
    out.push(
      makeFinding({
        kind: 'rare-user-agent',
        severity,
        host,
        peer: destNames[0] ?? null,
        first: h.first,
        last: h.last,
        count: h.count,
        evidence: h.refs,
        message: ua ? 'network.rare_ua' : 'network.empty_ua',
        params: {
          host,
          ua: ua.slice(0, 200),
          count: h.count,
          hosts: users,
          total,
          why_en: WHY_EN[cls],
          why_ja: WHY_JA[cls],
          dests_en: listEn(destNames, 3),
          dests_ja: listJa(destNames, 3),
          first: fmtTime(h.first, opts.timeZone),
          last: fmtTime(h.last, opts.timeZone),
        },
        attack: ['T1071.001'],
        details: {
          user_agent: ua,
          class: cls,
          hosts_using: users,
          organisation_hosts: total,
          rare,
          destinations: Object.fromEntries(dests.slice(0, 10)),
          rare_destination_share: Math.round(rareShare * 100) / 100,
        },
      }),
    );
  }
  return out;
}
