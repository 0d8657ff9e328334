/**
 * `ioc-match` and `dns-cnc` (route #1 of the network investigation: the name resolution of the C&C
 * server). Every request, connection, DNS query or alert that touches an indicator is grouped per
 * internal host and indicator: first and last contact, through which logs, whether it got through,
 * and whether the host was still in contact when its log ended ("is anyone connected now?").
 * Squid writes a CONNECT line only when the tunnel closes and firewalls log new states, so "still
 * connected" is judged from the last contact: within `activeWindowSeconds` (or three usual
 * intervals) of the end of that log, or a Zeek open_conn record.
 */
import type { EvidenceRef, Finding } from '../../core/finding.ts';
import type { Indicator, IocSet } from '../../ioc/index.ts';
import type { Literal, Sql } from '../sql.ts';
import { normName, type NetKind } from './event-view.ts';
import { fmtDurationEn, fmtDurationJa, fmtTime, listEn, listJa } from './fmt.ts';
import { makeFinding } from './make.ts';
import type { NetworkContext } from './options.ts';
import type { OrgProfile } from './profile.ts';
import { num, ORDER, refsOf, refsSql, strings } from './sql-parts.ts';
import { medianOf } from './stats.ts';

/** The part of an indicator set the analyses use (src/ioc IocSet satisfies it). */
export type IocMatcher = Pick<
  IocSet,
  'matchIp' | 'matchDomain' | 'matchUrl' | 'matchHash' | 'matchHost' | 'size' | 'all'
>;

const MAX_TIMES = 4096;
/** values fetched per group for the small distinct lists of a finding (peers, record types, answers) */
const SAMPLE = 200;

interface Group {
  host: string;
  ind: Indicator;
  count: number;
  first: number;
  last: number;
  lastKind: NetKind;
  channels: Map<NetKind, number>;
  blocked: number;
  open: boolean;
  peers: string[];
  times: number[];
  refs: EvidenceRef[];
}

/** Distinct values in first-seen order, at most `max`. */
function firstDistinct(values: string[], max: number): string[] {
  const out: string[] = [];
  for (const v of values) if (!out.includes(v) && out.length < max) out.push(v);
  return out;
}

/** Index of every indicator, so that SQL can carry it as a number. */
function indexOf(iocs: IocMatcher): { list: Indicator[]; id: Map<Indicator, number> } {
  const list = [...iocs.all()];
  return { list, id: new Map(list.map((x, i) => [x, i])) };
}

/** Hosts named in URL indicators: only their requests are worth the URL normalisation. */
function urlHosts(iocs: IocMatcher): Set<string> {
  const out = new Set<string>();
  for (const ind of iocs.all()) {
    if (ind.type !== 'url') continue;
    const m = /^(?:[a-z][a-z0-9+.-]*:\/\/)?(?:[^@/]*@)?(\[[^\]]+\]|[^:/?#]+)/i.exec(ind.value);
    if (m) out.add(m[1].toLowerCase().replace(/^\[|\]$/g, ''));
  }
  return out;
}

/**
 * Every record that touches an indicator, once per record and indicator, as SQL over `net`: the
 * indicators are matched in JavaScript against the distinct names, addresses, DNS answers, hashes
 * and (for hosts of URL indicators) URLs of the store, and the matches go back as literal tables.
 * Per record the first match of an indicator names the peer: URL, then name, destination, source
 * (an inbound contact: the host is the destination), DNS answer, file hash.
 */
async function hitsSql(sql: Sql, iocs: IocMatcher): Promise<string | undefined> {
  const d = sql.dialect;
  const { id } = indexOf(iocs);
  const idOf = (ind: Indicator | undefined): number | undefined => (ind ? id.get(ind) : undefined);
  const names: Literal[][] = [];
  const urlCands: string[] = [];
  const hosts = urlHosts(iocs);
  for await (const r of sql.stream(
    `SELECT DISTINCT hname, kind = 'proxy' AS proxy FROM net WHERE hname IS NOT NULL AND kind IN ('proxy', 'tls', 'dns')`,
  )) {
    const v = String(r.hname);
    const i = idOf(iocs.matchHost(normName(v)));
    if (i !== undefined) names.push([v, i]);
    if (r.proxy && hosts.has(normName(v))) urlCands.push(v);
  }
  const ips: Literal[][] = [];
  for await (const r of sql.stream(
    `SELECT DISTINCT v FROM (SELECT dst_ip AS v FROM net WHERE kind <> 'dns' UNION ALL SELECT src_ip AS v FROM net WHERE kind NOT IN ('proxy', 'dns')) x WHERE v IS NOT NULL`,
  )) {
    const i = idOf(iocs.matchIp(String(r.v)));
    if (i !== undefined) ips.push([String(r.v), i]);
  }
  const answers: Literal[][] = [];
  for await (const r of sql.stream(`SELECT DISTINCT answers FROM net WHERE kind = 'dns' AND answers IS NOT NULL`)) {
    const seen = new Set<number>();
    for (const a of (JSON.parse(String(r.answers)) as string[]).slice(0, 32)) {
      const i = idOf(iocs.matchHost(normName(a)));
      if (i !== undefined && !seen.has(i)) {
        seen.add(i);
        answers.push([String(r.answers), i, a]);
      }
    }
  }
  const hashes: Literal[][] = [];
  for await (const r of sql.stream(`SELECT DISTINCT hashes FROM net WHERE hashes IS NOT NULL`)) {
    const seen = new Set<number>();
    for (const h of String(r.hashes).split(' ')) {
      const i = idOf(iocs.matchHash(h));
      if (i !== undefined && !seen.has(i)) {
        seen.add(i);
        hashes.push([String(r.hashes), i, h]);
      }
    }
  }
  const urls: Literal[][] = [];
  if (urlCands.length) {
    for await (const r of sql.stream(
      `SELECT n.file, n.seq, n.hname, e.fields FROM net n JOIN events e ON e.file = n.file AND e.seq = n.seq
        WHERE n.kind = 'proxy' AND n.hname IN (${urlCands.map((v) => d.str(v)).join(', ')})`,
    )) {
      const f = JSON.parse(String(r.fields)) as Record<string, unknown>;
      const url = typeof f.url === 'string' && f.url ? f.url : typeof f['c-uri'] === 'string' ? f['c-uri'] : undefined;
      if (!url?.includes('/')) continue;
      const i = idOf(iocs.matchUrl(url));
      if (i !== undefined) urls.push([String(r.file), num(r.seq), i, String(r.hname ?? url)]);
    }
  }
  const cols = `n.file, n.seq, n.ts, n.kind, n.blocked, n.open, n.line, n.rec, n.off, n.src, n.dst_ip`;
  const parts: string[] = [];
  if (urls.length)
    parts.push(
      `SELECT ${cols}, m.ind, m.peer, false AS inbound, 0 AS prio FROM net n JOIN ${d.values(
        [
          ['file', 'VARCHAR'],
          ['seq', 'BIGINT'],
          ['ind', 'INTEGER'],
          ['peer', 'VARCHAR'],
        ],
        urls,
      )} m ON n.file = m.file AND n.seq = m.seq`,
    );
  if (names.length)
    parts.push(
      `SELECT ${cols}, m.ind, n.hname AS peer, false AS inbound, 1 AS prio FROM net n JOIN ${d.values(
        [
          ['v', 'VARCHAR'],
          ['ind', 'INTEGER'],
        ],
        names,
      )} m ON n.hname = m.v WHERE n.kind IN ('proxy', 'tls', 'dns')`,
    );
  if (ips.length) {
    const t = d.values(
      [
        ['v', 'VARCHAR'],
        ['ind', 'INTEGER'],
      ],
      ips,
    );
    parts.push(
      `SELECT ${cols}, m.ind, n.dst_ip AS peer, false AS inbound, 2 AS prio FROM net n JOIN ${t} m ON n.dst_ip = m.v WHERE n.kind <> 'dns'`,
      `SELECT ${cols}, m.ind, n.src_ip AS peer, true AS inbound, 3 AS prio FROM net n JOIN ${t} m ON n.src_ip = m.v WHERE n.kind NOT IN ('proxy', 'dns')`,
    );
  }
  if (answers.length)
    parts.push(
      `SELECT ${cols}, m.ind, coalesce(n.hname, m.a) AS peer, false AS inbound, 2 AS prio FROM net n JOIN ${d.values(
        [
          ['v', 'VARCHAR'],
          ['ind', 'INTEGER'],
          ['a', 'VARCHAR'],
        ],
        answers,
      )} m ON n.answers = m.v WHERE n.kind = 'dns'`,
    );
  if (hashes.length)
    parts.push(
      `SELECT ${cols}, m.ind, coalesce(n.dst_ip, m.h) AS peer, false AS inbound, 4 AS prio FROM net n JOIN ${d.values(
        [
          ['v', 'VARCHAR'],
          ['ind', 'INTEGER'],
          ['h', 'VARCHAR'],
        ],
        hashes,
      )} m ON n.hashes = m.v WHERE n.kind NOT IN ('proxy', 'dns', 'firewall')`,
    );
  if (!parts.length) return undefined;
  // one row per record and indicator (the first match names the peer), then the host it belongs to
  return `SELECT * FROM (
    SELECT CASE WHEN inbound THEN dst_ip ELSE src END AS host, ind, peer, file, seq, ts, kind, blocked, open, line, rec, off
      FROM (SELECT file, seq, ind, ${d.argMin('peer', 'prio')} AS peer, ${d.argMin('inbound', 'prio')} AS inbound,
                   min(ts) AS ts, min(kind) AS kind, ${d.any('blocked')} AS blocked, ${d.any('open')} AS open,
                   min(line) AS line, min(rec) AS rec, min(off) AS off, min(src) AS src, min(dst_ip) AS dst_ip
              FROM (${parts.join('\n UNION ALL ')}) h GROUP BY file, seq, ind) r) x WHERE host IS NOT NULL`;
}

/** `ioc-match`: per internal host and indicator, every contact through any log, and whether it is still going on. */
export async function iocMatchFindings(
  sql: Sql,
  ctx: NetworkContext,
  profile: OrgProfile,
  iocs: IocMatcher,
): Promise<Finding[]> {
  if (iocs.size === 0) return [];
  const hits = await hitsSql(sql, iocs);
  if (!hits) return [];
  const d = sql.dialect;
  const { list } = indexOf(iocs);
  const kinds = ['proxy', 'firewall', 'dns', 'ids', 'flow', 'tls'];
  const groups: Group[] = [];
  const q = `WITH h AS (${hits})
    SELECT host, ind, count(*) AS n, min(ts) AS first, max(ts) AS last, ${d.argMax('kind', ORDER)} AS last_kind,
           ${kinds.map((k) => `${d.countIf(`kind = '${k}'`)} AS c_${k}, min(CASE WHEN kind = '${k}' THEN ts END) AS t_${k}`).join(', ')},
           ${d.countIf('blocked')} AS blocked, ${d.any('open')} AS open,
           ${d.firstK('peer', ORDER, SAMPLE)} AS peers, ${d.list('ts', ORDER, MAX_TIMES)} AS times, ${refsSql(d, 10)}
      FROM h GROUP BY host, ind ORDER BY host, ind`;
  for await (const r of sql.stream(q)) {
    // channels in the order the host first used them (a name is resolved before it is contacted)
    const channels = new Map<NetKind, number>();
    const used = kinds.filter((k) => num(r[`c_${k}`]) > 0);
    used.sort((a, b) => (num(r[`t_${a}`]) || 0) - (num(r[`t_${b}`]) || 0));
    for (const k of used) channels.set(k as NetKind, num(r[`c_${k}`]));
    groups.push({
      host: String(r.host),
      ind: list[num(r.ind)]!,
      count: num(r.n),
      first: num(r.first),
      last: num(r.last),
      lastKind: r.last_kind as NetKind,
      channels,
      blocked: num(r.blocked),
      open: r.open === true,
      peers: firstDistinct(strings(r.peers), 20),
      times: strings(r.times).map(Number),
      refs: refsOf(r),
    });
  }
  return report(ctx, profile, groups);
}

function report(ctx: NetworkContext, profile: OrgProfile, groups: Group[]): Finding[] {
  const { opts } = ctx;
  const out: Finding[] = [];
  for (const g of groups) {
    if (opts.allow.host(g.host, 'ioc-match')) continue;
    const end = profile.endOf(g.lastKind);
    const times = g.times.sort((a, b) => a - b);
    const gaps: number[] = [];
    for (let i = 1; i < times.length; i++) if (times[i] > times[i - 1]) gaps.push(times[i] - times[i - 1]);
    gaps.sort((a, b) => a - b);
    const usual = gaps.length >= 2 ? medianOf(gaps) : 0;
    const window = Math.max(opts.thresholds.activeWindowSeconds * 1e6, 3 * usual);
    const sinceEnd = end - g.last;
    const active = g.open || (Number.isFinite(sinceEnd) && sinceEnd <= window);
    const onlyBlocked = g.blocked === g.count;
    const onlyDns = g.channels.size === 1 && g.channels.has('dns');
    const channels = [...g.channels.entries()].map(([k, n]) => `${k} ${n}`);
    const label = g.ind.label ? ` "${g.ind.label.slice(0, 80)}"` : '';
    out.push(
      makeFinding({
        kind: 'ioc-match',
        severity: active && !onlyBlocked && !onlyDns ? 'critical' : 'high',
        host: g.host,
        peer: g.ind.value,
        first: g.first,
        last: g.last,
        count: g.count,
        evidence: g.refs,
        message: !active
          ? 'network.ioc_match'
          : onlyDns
            ? 'network.ioc_match_resolving'
            : onlyBlocked
              ? 'network.ioc_match_trying'
              : 'network.ioc_match_active',
        params: {
          host: g.host,
          indicator: g.ind.value,
          type: g.ind.type,
          label,
          count: g.count,
          channels_en: listEn(channels),
          channels_ja: listJa(channels),
          first: fmtTime(g.first, opts.timeZone),
          last: fmtTime(g.last, opts.timeZone),
          ago_en: fmtDurationEn(Math.max(0, sinceEnd / 1e6)),
          ago_ja: fmtDurationJa(Math.max(0, sinceEnd / 1e6)),
        },
        attack: ['T1071'],
        details: {
          indicator: g.ind.value,
          indicator_type: g.ind.type,
          indicator_source: g.ind.source,
          indicator_label: g.ind.label,
          channels: Object.fromEntries(g.channels),
          blocked: g.blocked,
          active_at_end: active,
          open_connection: g.open || undefined,
          seconds_before_log_end: Number.isFinite(sinceEnd) ? Math.round(sinceEnd / 1e6) : undefined,
          usual_interval_s: usual ? Math.round(usual / 1e6) : undefined,
          peers: g.peers,
        },
      }),
    );
  }
  return out;
}

/** `dns-cnc`: each host that resolved an indicator domain (or got an indicator address in an answer). */
export async function dnsCncFindings(sql: Sql, ctx: NetworkContext, iocs: IocMatcher): Promise<Finding[]> {
  if (iocs.size === 0) return [];
  const d = sql.dialect;
  const { list, id } = indexOf(iocs);
  const byQuery: Literal[][] = [];
  for await (const r of sql.stream(`SELECT DISTINCT hname FROM net WHERE kind = 'dns' AND hname IS NOT NULL`)) {
    const ind = iocs.matchDomain(normName(String(r.hname)));
    if (ind) byQuery.push([String(r.hname), id.get(ind)!]);
  }
  const byAnswer: Literal[][] = [];
  for await (const r of sql.stream(`SELECT DISTINCT answers FROM net WHERE kind = 'dns' AND answers IS NOT NULL`)) {
    for (const a of (JSON.parse(String(r.answers)) as string[]).slice(0, 32)) {
      const ind = iocs.matchIp(a) ?? iocs.matchDomain(normName(a));
      if (ind) {
        byAnswer.push([String(r.answers), id.get(ind)!]);
        break;
      }
    }
  }
  if (!byQuery.length && !byAnswer.length) return [];
  const q = d.values(
    [
      ['v', 'VARCHAR'],
      ['ind', 'INTEGER'],
    ],
    byQuery,
  );
  const an = d.values(
    [
      ['v', 'VARCHAR'],
      ['ind', 'INTEGER'],
    ],
    byAnswer,
  );
  const rows = `SELECT n.*, coalesce(mq.ind, ma.ind) AS ind, regexp_replace(lower(n.hname), '\\.$', '') AS query
      FROM net n LEFT JOIN ${q} mq ON n.hname = mq.v LEFT JOIN ${an} ma ON n.answers = ma.v
     WHERE n.kind = 'dns' AND n.hname IS NOT NULL AND n.src IS NOT NULL AND (mq.ind IS NOT NULL OR ma.ind IS NOT NULL)`;
  const out: Finding[] = [];
  for await (const r of sql.stream(`SELECT src AS host, query, ${d.argMin('ind', ORDER)} AS ind, count(*) AS n,
        min(ts) AS first, max(ts) AS last, ${d.firstK('rtype', ORDER, SAMPLE)} AS types,
        ${d.firstK('rcode', ORDER, SAMPLE)} AS rcodes, ${d.firstK('answers', ORDER, SAMPLE)} AS answers,
        ${d.firstK('dst_ip', ORDER, SAMPLE)} AS servers, ${refsSql(d, 10)}
      FROM (${rows}) x GROUP BY src, query ORDER BY src, query`)) {
    const host = String(r.host);
    if (ctx.opts.allow.host(host, 'dns-cnc')) continue;
    const ind = list[num(r.ind)]!;
    const answers = firstDistinct(
      strings(r.answers).flatMap((a) => JSON.parse(a) as string[]),
      20,
    );
    const types = firstDistinct(strings(r.types), 10);
    const g = {
      host,
      query: String(r.query),
      count: num(r.n),
      first: num(r.first),
      last: num(r.last),
    };
    out.push(
      makeFinding({
        kind: 'dns-cnc',
        severity: 'high',
        host: g.host,
        peer: g.query,
        first: g.first,
        last: g.last,
        count: g.count,
        evidence: refsOf(r),
        message: answers.length ? 'network.dns_cnc_answers' : 'network.dns_cnc',
        params: {
          host: g.host,
          query: g.query,
          indicator: ind.value,
          count: g.count,
          types: types.join('/') || '?',
          first: fmtTime(g.first, ctx.opts.timeZone),
          last: fmtTime(g.last, ctx.opts.timeZone),
          answers_en: listEn(answers),
          answers_ja: listJa(answers),
        },
        attack: ['T1071.004'],
        details: {
          indicator: ind.value,
          indicator_source: ind.source,
          record_types: types,
          rcodes: firstDistinct(strings(r.rcodes), 10),
          answers,
          servers: firstDistinct(strings(r.servers), 10),
        },
      }),
    );
  }
  return out;
}
