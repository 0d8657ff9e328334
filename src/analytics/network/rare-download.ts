/**
 * `rare-download` (seed 001): executables and scripts (column `exe_url`: by extension or content type)
 * fetched by name from a destination that no other host of the organisation uses. Bare addresses are
 * `ip-direct-http`'s; scripts a browser loads with a page (.js) are not downloads. A tool that is not a
 * browser (PowerShell, curl, an implant) fetching them is high; a browser medium (a person may have
 * been lured to it, or needed it: the file names say which).
 */
import type { Finding, FindingSeverity } from '../../core/finding.ts';
import type { Sql } from '../sql.ts';
import { fmtTime, listEn, listJa } from './fmt.ts';
import { makeFinding } from './make.ts';
import type { NetworkContext } from './options.ts';
import type { OrgProfile } from './profile.ts';
import { num, ORDER, refsOf, refsSql, strings } from './sql-parts.ts';

const MAX_URLS = 20;

export async function rareDownloadFindings(sql: Sql, ctx: NetworkContext, profile: OrgProfile): Promise<Finding[]> {
  const d = sql.dialect;
  const pageScript = `(ua_browser AND (lower(exe_url) LIKE '%.js' OR lower(exe_url) LIKE '%.js?%' OR lower(exe_url) LIKE '%.jse'))`;
  const q = `SELECT src, dkey, count(*) AS n, min(ts) AS first, max(ts) AS last, ${d.every('ua_browser')} AS browser_only,
        ${d.firstK('exe_url', ORDER, MAX_URLS)} AS urls, ${d.argMin('ua', ORDER)} AS ua, ${refsSql(d, 4)}
      FROM net
     WHERE kind = 'proxy' AND exe_url IS NOT NULL AND src_int AND dkey IS NOT NULL AND NOT d_ip AND NOT d_int
       AND ts IS NOT NULL AND NOT ${pageScript}
     GROUP BY src, dkey ORDER BY src, dkey`;
  const out: Finding[] = [];
  const { opts } = ctx;
  for await (const r of sql.stream(q)) {
    const host = String(r.src);
    const dest = String(r.dkey);
    const users = profile.prevalence(dest);
    if (users > 1 || opts.allow.pair(host, dest, undefined, 'rare-download')) continue;
    const browser = r.browser_only === true;
    const severity: FindingSeverity = browser ? 'medium' : 'high';
    const urls = [...new Set(strings(r.urls))];
    const first = num(r.first);
    const last = num(r.last);
    out.push(
      makeFinding({
        kind: 'rare-download',
        severity,
        host,
        peer: dest,
        first,
        last,
        count: num(r.n),
        evidence: refsOf(r),
        message: 'network.rare_download',
        params: {
          host,
          dest,
          count: num(r.n),
          urls_en: listEn(urls, 3),
          urls_ja: listJa(urls, 3),
          ua: String(r.ua ?? '-').slice(0, 120),
          first: fmtTime(first, opts.timeZone),
          last: fmtTime(last, opts.timeZone),
        },
        attack: ['T1105'],
        details: { urls, browser_only: browser || undefined, hosts_using: users, user_agent: r.ua ?? undefined },
      }),
    );
  }
  return out;
}
