/**
 * Connection edges (source → destination:port/proto) with first/last time, touches, blocked
 * touches, bytes and the local days they were seen on, grouped in the store and handed over one
 * source at a time (at most `perSource` edges each, the earliest): the scan, lateral-movement and
 * policy analyses each ask for the records they care about.
 */
import type { EvidenceRef } from '../../core/finding.ts';
import type { Sql } from '../sql.ts';
import { num, ORDER, refExpr, refOfRecord } from './sql-parts.ts';

export interface Edge {
  src: string;
  dst: string;
  port: number;
  proto: string;
  first: number;
  last: number;
  n: number;
  blocked: number;
  bytes: number;
  /** bit i = seen on a local day with index ≡ i (mod 31) */
  days: number;
  ref: EvidenceRef;
}

export interface SourceEdges {
  src: string;
  edges: Edge[];
  /** edges not kept because the source had too many */
  dropped: number;
}

export function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export interface EdgeQuery {
  /** condition on `net` rows */
  where: string;
  /** what counts as a blocked touch */
  blocked: string;
  perSource: number;
  /** keep the local-day bits (lateral movement: routine edges repeat on several days) */
  days?: boolean;
}

/** The edges of every source, one source at a time, in order of first contact. */
export async function* edgesBySource(sql: Sql, q: EdgeQuery): AsyncGenerator<SourceEdges> {
  const d = sql.dialect;
  const days = q.days ? d.bitOr(d.shl('1', '((lday % 31) + 31) % 31')) : '0';
  const stmt = `SELECT src, dst_ip AS dst, coalesce(dst_port, -1) AS port, coalesce(proto, '') AS proto, count(*) AS n,
        min(ts) AS first, max(ts) AS last, ${d.countIf(q.blocked)} AS blocked, sum(coalesce(fbytes, 0)) AS bytes,
        ${days} AS days, ${d.firstK(refExpr(d), ORDER, 1)} AS ref
      FROM net WHERE ${q.where}
     GROUP BY src, dst_ip, coalesce(dst_port, -1), coalesce(proto, '')
     ORDER BY src, first, dst, port, proto`;
  let cur: SourceEdges | undefined;
  for await (const r of sql.stream(stmt)) {
    const src = String(r.src);
    if (cur && cur.src !== src) {
      yield cur;
      cur = undefined;
    }
    cur ??= { src, edges: [], dropped: 0 };
    if (cur.edges.length >= q.perSource) {
      cur.dropped++;
      continue;
    }
    const ref = (r.ref as Array<Parameters<typeof refOfRecord>[0]>)[0]!;
    cur.edges.push({
      src,
      dst: String(r.dst),
      port: num(r.port),
      proto: String(r.proto),
      first: num(r.first),
      last: num(r.last),
      n: num(r.n),
      blocked: num(r.blocked),
      bytes: num(r.bytes),
      days: num(r.days),
      ref: refOfRecord(ref),
    });
  }
  if (cur) yield cur;
}

/**
 * The window of `windowUs` over edges (sorted by first time) holding the most distinct
 * destinations, and the most distinct ports on one destination.
 */
export function densestWindow(
  sorted: readonly Edge[],
  windowUs: number,
): { hosts: number; hostsAt: [number, number]; ports: number; portsDst: string; portsAt: [number, number] } {
  const perDst = new Map<string, number>();
  let lo = 0;
  let best = {
    hosts: 0,
    hostsAt: [0, 0] as [number, number],
    ports: 0,
    portsDst: '',
    portsAt: [0, 0] as [number, number],
  };
  for (let hi = 0; hi < sorted.length; hi++) {
    const e = sorted[hi];
    perDst.set(e.dst, (perDst.get(e.dst) ?? 0) + 1);
    while (sorted[lo].first < e.first - windowUs) {
      const d = sorted[lo].dst;
      const c = perDst.get(d)! - 1;
      if (c === 0) perDst.delete(d);
      else perDst.set(d, c);
      lo++;
    }
    if (perDst.size > best.hosts) best = { ...best, hosts: perDst.size, hostsAt: [lo, hi] };
    const p = perDst.get(e.dst)!;
    if (p > best.ports) best = { ...best, ports: p, portsDst: e.dst, portsAt: [lo, hi] };
  }
  return best;
}
