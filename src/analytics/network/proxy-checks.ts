/**
 * Two checks on proxy logs from JPCERT/CC's and IPA's guidance (seed 000/001 照合分析):
 * - `connect-nonstandard-port`: CONNECT to a port other than 443 (and 80), i.e. a tunnel that is
 *   not HTTPS — RATs that tunnel their own protocol through the proxy;
 * - `ip-direct-http`: HTTP to a bare IP address (no name resolution: typical of droppers and
 *   C&C), worst when it fetched an executable.
 * Both are ranked by how many hosts of the organisation use the same destination.
 */
import type { Event } from '../../core/event.ts';
import type { EvidenceRef, Finding, FindingSeverity } from '../../core/finding.ts';
import type { Sql } from '../sql.ts';
import { str } from './event-view.ts';
import { fmtTime, listEn, listJa } from './fmt.ts';
import { isIpLiteral } from './ip.ts';
import { makeFinding } from './make.ts';
import type { NetworkContext } from './options.ts';
import type { OrgProfile } from './profile.ts';
import { countsOf, num, ORDER, refsOf, refsSql, strings } from './sql-parts.ts';

interface Group {
  host: string;
  dest: string;
  port: number;
  count: number;
  first: number;
  last: number;
  ok: number;
  methods: Map<string, number>;
  exe: string[];
  refs: EvidenceRef[];
}

/** The columns every group of these checks has (count, times, successes, methods, references). */
function groupCols(sql: Sql): string {
  const d = sql.dialect;
  return `count(*) AS n, min(ts) AS first, max(ts) AS last, ${d.countIf('status >= 200 AND status < 400')} AS ok, ${refsSql(d, 8)}`;
}

function groupOf(r: Record<string, unknown>, host: string, dest: string, port: number): Group {
  return {
    host,
    dest,
    port,
    count: num(r.n),
    first: num(r.first),
    last: num(r.last),
    ok: num(r.ok),
    methods: new Map(),
    exe: [],
    refs: refsOf(r),
  };
}

/** `connect-nonstandard-port` over the proxy's CONNECT requests. */
export async function connectPortFindings(sql: Sql, ctx: NetworkContext, profile: OrgProfile): Promise<Finding[]> {
  const d = sql.dialect;
  const ports = ctx.opts.connectPorts.map(Number).filter(Number.isFinite);
  const rows = `SELECT * FROM net WHERE kind = 'proxy' AND method = 'CONNECT' AND dst_port IS NOT NULL
      ${ports.length ? `AND dst_port NOT IN (${ports.join(', ')})` : ''} AND src_int AND dest IS NOT NULL AND has_host`;
  const q = `WITH c AS (${rows}),
      u AS (SELECT dest, dst_port, ${d.countDistinct('src')} AS users FROM c GROUP BY dest, dst_port)
    SELECT g.*, u.users FROM (SELECT src, dest, dst_port, ${groupCols(sql)} FROM c GROUP BY src, dest, dst_port) g
      JOIN u ON u.dest = g.dest AND u.dst_port = g.dst_port ORDER BY g.src, g.dest, g.dst_port`;
  const out: Finding[] = [];
  for await (const r of sql.stream(q)) {
    const g = groupOf(r, String(r.src), String(r.dest), num(r.dst_port));
    g.methods.set('CONNECT', g.count);
    const f = connectFinding(ctx, profile, g, num(r.users));
    if (f) out.push(f);
  }
  return out;
}

function connectFinding(ctx: NetworkContext, profile: OrgProfile, g: Group, users: number): Finding | undefined {
  const { opts } = ctx;
  const total = Math.max(1, profile.hostCount());
  if (opts.allow.pair(g.host, g.dest, g.port, 'connect-nonstandard-port')) return undefined;
  const ipLiteral = isIpLiteral(g.dest);
  const rare = users <= profile.rareLimit();
  // A bare address that few use is what RATs tunnel to; a named service may be a vendor's.
  let severity: FindingSeverity =
    users / total >= opts.thresholds.commonShare ? 'low' : rare && ipLiteral ? 'high' : 'medium';
  if (g.ok === 0 && severity === 'high') severity = 'medium'; // refused by the proxy every time
  return makeFinding({
    kind: 'connect-nonstandard-port',
    severity,
    host: g.host,
    peer: `${g.dest}:${g.port}`,
    first: g.first,
    last: g.last,
    count: g.count,
    evidence: g.refs,
    message: 'network.connect_port',
    params: {
      host: g.host,
      dest: g.dest,
      port: g.port,
      count: g.count,
      hosts: users,
      total,
      first: fmtTime(g.first, opts.timeZone),
      last: fmtTime(g.last, opts.timeZone),
    },
    attack: ['T1090', 'T1571'],
    details: { port: g.port, hosts_using: users, ip_literal: ipLiteral, succeeded: g.ok },
  });
}

const EXE_EXT = new Set([
  'exe',
  'dll',
  'scr',
  'msi',
  'bat',
  'cmd',
  'ps1',
  'vbs',
  'js',
  'jse',
  'hta',
  'jar',
  'lnk',
  'cpl',
  'sys',
  'com',
  'pif',
  'elf',
  'sh',
  'bin',
  'iso',
  'img',
]);
const EXE_MIME =
  /^application\/(?:x-msdownload|x-msdos-program|x-dosexec|x-executable|vnd\.microsoft\.portable-executable|x-ms-installer|x-sh|java-archive|hta)\b/i;

/** Did this request fetch an executable (by extension of the path or by content type)? */
export function isExecutableFetch(e: Event): boolean {
  const ext = str(e.fields['c-uri-extension']);
  if (ext && EXE_EXT.has(ext.toLowerCase())) return true;
  const mime = str(e.fields.mime_type);
  return mime !== undefined && EXE_MIME.test(mime);
}

/** `ip-direct-http` over proxy requests whose host is a bare public address. */
export async function ipDirectFindings(sql: Sql, ctx: NetworkContext, profile: OrgProfile): Promise<Finding[]> {
  const d = sql.dialect;
  // intranet servers by address are common and harmless; Internet clients asking our servers are not our hosts
  const rows = `SELECT *, CASE WHEN ${d.startsWith('dest', "'['")} THEN substr(dest, 2, length(dest) - 2) ELSE dest END AS ip
      FROM net WHERE kind = 'proxy' AND has_host AND d_ip AND NOT d_int AND dest IS NOT NULL AND src IS NOT NULL AND src_int`;
  const q = `WITH p AS (${rows}),
      m AS (SELECT src, ip, coalesce(method, '?') AS method, count(*) AS n, min(ts) AS t0 FROM p GROUP BY src, ip, coalesce(method, '?')),
      ms AS (SELECT src, ip, ${d.list('method', 't0, method', 10)} AS methods, ${d.list('n', 't0, method', 10)} AS method_n FROM m GROUP BY src, ip)
    SELECT g.*, ms.methods, ms.method_n FROM (
      SELECT src, ip, ${d.argMin('coalesce(dst_port, 0)', ORDER)} AS port, ${groupCols(sql)},
             ${d.firstK('exe_url', ORDER, 200)} AS exe
        FROM p GROUP BY src, ip) g JOIN ms ON ms.src = g.src AND ms.ip = g.ip ORDER BY g.src, g.ip`;
  const out: Finding[] = [];
  for await (const r of sql.stream(q)) {
    const g = groupOf(r, String(r.src), String(r.ip), num(r.port));
    for (const [m, n] of countsOf(r.methods, r.method_n)) g.methods.set(m, n);
    for (const u of strings(r.exe)) if (!g.exe.includes(u) && g.exe.length < 10) g.exe.push(u);
    const f = ipDirectFinding(ctx, profile, g);
    if (f) out.push(f);
  }
  return out;
}

function ipDirectFinding(ctx: NetworkContext, profile: OrgProfile, g: Group): Finding | undefined {
  const { opts } = ctx;
  if (opts.allow.pair(g.host, g.dest, g.port || undefined, 'ip-direct-http')) return undefined;
  const users = profile.prevalence(g.dest);
  const common = profile.isCommon(g.dest);
  let severity: FindingSeverity;
  if (g.exe.length) severity = common ? 'medium' : 'high';
  else if (common) severity = 'low';
  else severity = profile.isRare(g.dest) ? 'medium' : 'low';
  const methods = [...g.methods.entries()].map(([m, n]) => `${m} ${n}`);
  return makeFinding({
    kind: 'ip-direct-http',
    severity,
    host: g.host,
    peer: g.dest,
    first: g.first,
    last: g.last,
    count: g.count,
    evidence: g.refs,
    message: g.exe.length ? 'network.ip_direct_exe' : 'network.ip_direct',
    params: {
      host: g.host,
      ip: g.dest,
      count: g.count,
      methods_en: listEn(methods),
      methods_ja: listJa(methods),
      exe_en: listEn(g.exe, 3),
      exe_ja: listJa(g.exe, 3),
      hosts: users,
      first: fmtTime(g.first, opts.timeZone),
      last: fmtTime(g.last, opts.timeZone),
    },
    attack: g.exe.length ? ['T1105', 'T1071.001'] : ['T1071.001'],
    details: { executables: g.exe, methods: Object.fromEntries(g.methods), hosts_using: users, succeeded: g.ok },
  });
}
