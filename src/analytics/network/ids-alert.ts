/**
 * `ids-alert`: IDS/IPS alerts grouped per internal host and signature, with the highest priority
 * seen (Snort priority / Suricata severity: 1 is the most severe). The host is the internal end of
 * the alert: an alert on a server's answer (source port a service, destination an ephemeral port)
 * belongs to the client that received it.
 */
import type { EvidenceRef, Finding, FindingSeverity } from '../../core/finding.ts';
import type { Sql } from '../sql.ts';
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

/** `ids-alert`: IDS alerts per internal end (column `ihost`, see net-row.ts) and signature. */
export async function idsAlertFindings(sql: Sql, ctx: NetworkContext): Promise<Finding[]> {
  const d = sql.dialect;
  const key = `coalesce(CAST(sid AS VARCHAR), sig)`;
  const rows = `SELECT *, ${key} AS k FROM net WHERE kind = 'ids' AND ihost IS NOT NULL`;
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
    const f = idsFinding(ctx, g, Math.min(MAX_PEERS, num(r.peer_count)));
    if (f) out.push(f);
  }
  return out;
}

function idsFinding(ctx: NetworkContext, g: Group, peerCount: number): Finding | undefined {
  const { opts } = ctx;
  if (opts.allow.host(g.host, 'ids-alert')) return undefined;
  const peers = [...g.peers].sort((a, b) => b[1] - a[1]).map(([p]) => p);
  if (peers.length && peers.every((p) => opts.allow.pair(g.host, p, undefined, 'ids-alert'))) return undefined;
  const prio = Number.isFinite(g.priority) ? g.priority : undefined;
  const severity: FindingSeverity = prio === 1 ? 'high' : prio === 2 ? 'medium' : 'low';
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
    },
  });
}
