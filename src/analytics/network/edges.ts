/**
 * Connection edges (source → destination:port/proto) with first/last time, touches, blocked
 * touches, bytes and the local days they were seen on, bounded per source and overall. The scan,
 * lateral-movement and policy analyses each keep one for the records they care about.
 */
import type { Event } from '../../core/event.ts';
import type { EvidenceRef } from '../../core/finding.ts';
import { own } from './event-view.ts';
import { refOf } from './refs.ts';

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
  edges: Map<string, Edge>;
  /** edges not kept because the source had too many */
  dropped: number;
}

export function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export class EdgeStore {
  readonly sources = new Map<string, SourceEdges>();
  private total = 0;

  constructor(
    private readonly perSource = 20_000,
    private readonly overall = 1_000_000,
  ) {}

  add(
    e: Event,
    src: string,
    dst: string,
    port: number,
    proto: string,
    blocked: boolean,
    bytes: number,
    day: number,
  ): Edge | undefined {
    let s = this.sources.get(src);
    if (!s) {
      s = { src: own(src), edges: new Map(), dropped: 0 };
      this.sources.set(s.src, s);
    }
    const key = `${dst}|${port}|${proto}`;
    let edge = s.edges.get(key);
    if (!edge) {
      if (s.edges.size >= this.perSource || this.total >= this.overall) {
        s.dropped++;
        return undefined;
      }
      edge = {
        src: s.src,
        dst: own(dst),
        port,
        proto: own(proto),
        first: e.ts,
        last: e.ts,
        n: 0,
        blocked: 0,
        bytes: 0,
        days: 0,
        ref: refOf(e),
      };
      s.edges.set(own(key), edge);
      this.total++;
    }
    edge.n++;
    if (e.ts < edge.first) {
      edge.first = e.ts;
      edge.ref = refOf(e);
    }
    if (e.ts > edge.last) edge.last = e.ts;
    if (blocked) edge.blocked++;
    edge.bytes += bytes;
    edge.days |= 1 << (((day % 31) + 31) % 31);
    return edge;
  }
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
