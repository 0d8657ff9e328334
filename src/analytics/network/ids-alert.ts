/**
 * `ids-alert`: IDS/IPS alerts grouped per internal host and signature, with the highest priority
 * seen (Snort priority / Suricata severity: 1 is the most severe). The host is the internal end of
 * the alert: an alert on a server's answer (source port a service, destination an ephemeral port)
 * belongs to the client that received it.
 */
import type { EvidenceRef, Finding, FindingSeverity } from '../../core/finding.ts';
import type { Row, Sql } from '../sql.ts';
import { fmtTime, listEn, listJa } from './fmt.ts';
import { makeFinding } from './make.ts';
import type { NetworkContext } from './options.ts';
import { countsOf, num, ORDER, refsOf, refsSql, text } from './sql-parts.ts';

interface Group {
  host: string;
  signature: string;
  sid: number | undefined;
  category: string | undefined;
  priority: number;
  count: number;
  first: number;
  last: number;
  blocked: number;
  peers: Array<[string, number]>;
  refs: EvidenceRef[];
}

const MAX_PEERS = 50;

/**
 * Classifications (Snort classification.config descriptions and short names, as Suricata and Snort
 * log them) of policy, informational and reconnaissance signatures: what the organisation allows or
 * what any host does now and then. Alone they do not make a host suspicious, whatever their priority.
 */
const WEAK_CLASSES = new Set([
  'potential corporate privacy violation',
  'policy-violation',
  'misc activity',
  'misc-activity',
  'generic protocol command decode',
  'protocol-command-decode',
  'not suspicious traffic',
  'not-suspicious',
  'unknown traffic',
  'unknown',
  'device retrieving external ip address detected',
  'external-ip-check',
  'detection of a non-standard protocol or event',
  'non-standard-protocol',
  'generic icmp event',
  'icmp-event',
  'attempted information leak',
  'attempted-recon',
  'detection of a network scan',
  'network-scan',
]);

/** A policy, informational or reconnaissance alert, or priority 3 and below. */
export function isWeakAlert(category: string | undefined, priority: number | undefined): boolean {
  if (priority !== undefined && priority >= 3) return true;
  return category !== undefined && WEAK_CLASSES.has(category.trim().toLowerCase());
}

/** The same signature on at least this share of the hosts (and five) is one organisation-wide finding. */
const WIDESPREAD_SHARE = 0.2;
const WIDESPREAD_MIN = 5;

/**
 * `ids-alert`: IDS alerts per internal end (column `ihost`, see net-row.ts) and signature. Weak alerts
 * (isWeakAlert) stay low unless `corroborated` holds the host (another analysis judged it high);
 * a signature on most hosts is one finding for the organisation.
 */
export async function idsAlertFindings(
  sql: Sql,
  ctx: NetworkContext,
  corroborated: ReadonlySet<string> = new Set(),
  hostCount = 0,
): Promise<Finding[]> {
  const d = sql.dialect;
  const key = `coalesce(CAST(sid AS VARCHAR), sig)`;
  const rows = `SELECT *, ${key} AS k FROM net WHERE kind = 'ids' AND ihost IS NOT NULL`;
  const widespread = new Map<string, { hosts: number; row?: Row; count: number; first: number; last: number }>();
  const wq = `SELECT ${key} AS k, ${d.countDistinct('ihost')} AS hosts FROM net WHERE kind = 'ids' AND ihost IS NOT NULL GROUP BY k`;
  const limit = Math.max(WIDESPREAD_MIN, WIDESPREAD_SHARE * hostCount);
  for (const r of await sql.query(wq))
    if (num(r.hosts) >= limit)
      widespread.set(String(r.k), { hosts: num(r.hosts), count: 0, first: Infinity, last: -Infinity });
  const q = `WITH a AS (${rows}),
      p AS (SELECT ihost, k, ipeer, count(*) AS n, min(ts) AS t0 FROM a GROUP BY ihost, k, ipeer),
      pl AS (SELECT ihost, k, ${d.list('ipeer', 't0, ipeer', MAX_PEERS)} AS peers, ${d.list('n', 't0, ipeer', MAX_PEERS)} AS peer_n,
                    count(*) AS peer_count FROM p GROUP BY ihost, k)
    SELECT g.*, pl.peers, pl.peer_n, pl.peer_count FROM (
      SELECT ihost, k, ${d.argMin('sig', ORDER)} AS sig, ${d.argMin('sid', ORDER)} AS sid, ${d.argMin('cat', ORDER)} AS cat,
             min(prio) AS prio, count(*) AS n, min(ts) AS first, max(ts) AS last, ${d.countIf('blocked')} AS blocked,
             ${refsSql(d, 8)}
        FROM a GROUP BY ihost, k) g JOIN pl ON pl.ihost = g.ihost AND pl.k = g.k ORDER BY g.ihost, g.k`;
  const out: Finding[] = [];
  for await (const r of sql.stream(q)) {
    const sid = num(r.sid);
    const prio = num(r.prio);
    const g: Group = {
      host: String(r.ihost),
      signature: String(r.sig),
      sid: Number.isFinite(sid) ? sid : undefined,
      category: text(r.cat),
      priority: Number.isFinite(prio) ? prio : Infinity,
      count: num(r.n),
      first: num(r.first),
      last: num(r.last),
      blocked: num(r.blocked),
      peers: countsOf(r.peers, r.peer_n),
      refs: refsOf(r),
    };
    const wide = widespread.get(String(r.k));
    if (wide) {
      wide.row ??= r;
      wide.count += g.count;
      wide.first = Math.min(wide.first, g.first);
      wide.last = Math.max(wide.last, g.last);
      continue;
    }
    const f = idsFinding(ctx, g, Math.min(MAX_PEERS, num(r.peer_count)), corroborated.has(g.host));
    if (f) out.push(f);
  }
  for (const w of widespread.values()) if (w.row) out.push(widespreadFinding(ctx, w as Required<typeof w>, hostCount));
  return out;
}

/** One finding for a signature seen on most hosts: low, the organisation's normal noise (or a worm: the count says). */
function widespreadFinding(
  ctx: NetworkContext,
  w: { hosts: number; row: Row; count: number; first: number; last: number },
  total: number,
): Finding {
  const r = w.row;
  const sid = num(r.sid);
  const prio = num(r.prio);
  const weak = isWeakAlert(text(r.cat), Number.isFinite(prio) ? prio : undefined);
  return makeFinding({
    kind: 'ids-alert',
    severity: weak ? 'low' : 'medium',
    host: null,
    peer: null,
    first: w.first,
    last: w.last,
    count: w.count,
    evidence: refsOf(r),
    message: 'network.ids_alert_widespread',
    params: {
      signature: String(r.sig),
      sid: Number.isFinite(sid) ? sid : '?',
      priority: Number.isFinite(prio) ? prio : '?',
      hosts: w.hosts,
      total: Math.max(total, w.hosts),
      count: w.count,
      first: fmtTime(w.first, ctx.opts.timeZone),
      last: fmtTime(w.last, ctx.opts.timeZone),
    },
    details: {
      scope: 'organisation',
      signature: String(r.sig),
      sid: Number.isFinite(sid) ? sid : undefined,
      category: text(r.cat),
      priority: Number.isFinite(prio) ? prio : undefined,
      host_count: w.hosts,
      weak: weak || undefined,
    },
  });
}

function idsFinding(ctx: NetworkContext, g: Group, peerCount: number, corroborated: boolean): Finding | undefined {
  const { opts } = ctx;
  if (opts.allow.host(g.host, 'ids-alert')) return undefined;
  const peers = [...g.peers].sort((a, b) => b[1] - a[1]).map(([p]) => p);
  if (peers.length && peers.every((p) => opts.allow.pair(g.host, p, undefined, 'ids-alert'))) return undefined;
  const prio = Number.isFinite(g.priority) ? g.priority : undefined;
  const weak = isWeakAlert(g.category, prio);
  const severity: FindingSeverity = weak && !corroborated ? 'low' : prio === 1 ? 'high' : prio === 2 ? 'medium' : 'low';
  return makeFinding({
    kind: 'ids-alert',
    severity,
    host: g.host,
    peer: peers.length === 1 ? peers[0] : null,
    first: g.first,
    last: g.last,
    count: g.count,
    evidence: g.refs,
    message: 'network.ids_alert',
    params: {
      host: g.host,
      signature: g.signature,
      sid: g.sid ?? '?',
      priority: prio ?? '?',
      count: g.count,
      peers: peers.length,
      peers_en: listEn(peers, 4),
      peers_ja: listJa(peers, 4),
      first: fmtTime(g.first, opts.timeZone),
      last: fmtTime(g.last, opts.timeZone),
    },
    details: {
      signature: g.signature,
      sid: g.sid,
      category: g.category,
      priority: prio,
      blocked: g.blocked,
      peers: peers.slice(0, MAX_PEERS),
      peer_count: peerCount,
      weak: weak || undefined,
      corroborated: (weak && corroborated) || undefined,
    },
  });
}
