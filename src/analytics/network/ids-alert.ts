/**
 * `ids-alert`: IDS/IPS alerts grouped per internal host and signature, with the highest priority
 * seen (Snort priority / Suricata severity: 1 is the most severe). The host is the internal end of
 * the alert: an alert on a server's answer (source port a service, destination an ephemeral port)
 * belongs to the client that received it.
 */
import type { Event } from '../../core/event.ts';
import type { Finding, FindingSeverity } from '../../core/finding.ts';
import type { Analyzer } from '../types.ts';
import { netKind, num, own, str } from './event-view.ts';
import { fmtTime, listEn, listJa } from './fmt.ts';
import { makeFinding } from './make.ts';
import type { NetworkContext } from './options.ts';
import { RefSample } from './refs.ts';

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
  peers: Map<string, number>;
  refs: RefSample;
}

const MAX_PEERS = 50;

export class IdsAlertAnalyzer implements Analyzer {
  readonly id = 'network.ids-alert';
  private readonly groups = new Map<string, Group>();

  constructor(private readonly ctx: NetworkContext) {}

  wants(e: Event): boolean {
    return netKind(e) === 'ids';
  }

  /** The internal end of an alert, and the other end. */
  private ends(e: Event): [string, string] | undefined {
    const src = str(e.fields.src_ip) ?? e.host;
    const dst = str(e.fields.dst_ip);
    if (!src) return dst ? [dst, '?'] : undefined;
    if (!dst) return [src, '?'];
    const si = this.ctx.internal.has(src);
    const di = this.ctx.internal.has(dst);
    if (si && !di) return [src, dst];
    if (di && !si) return [dst, src];
    const sp = num(e.fields.src_port);
    const dp = num(e.fields.dst_port);
    const serverAnswer =
      sp !== undefined &&
      dp !== undefined &&
      (sp < 1024 || SERVICE_PORTS.has(sp)) &&
      dp >= 1024 &&
      !SERVICE_PORTS.has(dp);
    return serverAnswer ? [dst, src] : [src, dst];
  }

  add(e: Event): void {
    const ends = this.ends(e);
    if (!ends) return;
    const [host, peer] = ends;
    const signature = str(e.fields.signature) ?? `sid ${str(e.fields.sid) ?? '?'}`;
    const sid = num(e.fields.sid);
    const key = own(`${host}\u0000${sid ?? signature}`);
    let g = this.groups.get(key);
    if (!g) {
      g = {
        host: own(host),
        signature: own(signature.slice(0, 300)),
        sid,
        category: ((c) => (c ? own(c) : undefined))(str(e.fields.category)),
        priority: Infinity,
        count: 0,
        first: e.ts,
        last: e.ts,
        blocked: 0,
        peers: new Map(),
        refs: new RefSample(8),
      };
      this.groups.set(key, g);
    }
    g.count++;
    if (e.ts < g.first) g.first = e.ts;
    if (e.ts > g.last) g.last = e.ts;
    const p = num(e.fields.priority);
    if (p !== undefined && p < g.priority) g.priority = p;
    if (e.fields.action === 'blocked') g.blocked++;
    const seen = g.peers.get(peer);
    if (seen !== undefined) g.peers.set(peer, seen + 1);
    else if (g.peers.size < MAX_PEERS) g.peers.set(own(peer), 1);
    g.refs.add(e);
  }

  finish(): Finding[] {
    const { opts } = this.ctx;
    const out: Finding[] = [];
    for (const g of this.groups.values()) {
      if (opts.allow.host(g.host, 'ids-alert')) continue;
      const peers = [...g.peers.entries()].sort((a, b) => b[1] - a[1]).map(([p]) => p);
      if (peers.length && peers.every((p) => opts.allow.pair(g.host, p, undefined, 'ids-alert'))) continue;
      const prio = Number.isFinite(g.priority) ? g.priority : undefined;
      const severity: FindingSeverity = prio === 1 ? 'high' : prio === 2 ? 'medium' : 'low';
      out.push(
        makeFinding({
          kind: 'ids-alert',
          severity,
          host: g.host,
          peer: peers.length === 1 ? peers[0] : null,
          first: g.first,
          last: g.last,
          count: g.count,
          evidence: g.refs.refs(),
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
            peer_count: g.peers.size,
          },
        }),
      );
    }
    return out;
  }
}

const SERVICE_PORTS = new Set([
  80, 443, 445, 139, 135, 3389, 5985, 5986, 3128, 8080, 8000, 8443, 8888, 1433, 3306, 5432,
]);
