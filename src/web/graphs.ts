/**
 * The two graphs of the workspace as nodes and edges for the browser (Cytoscape.js draws them):
 * the spread graph of the composite analysis (hosts, external peers, lateral movement, C&C, exfiltration)
 * and a LogonTracer-style logon graph (source address/host → account → target host, with the event ids,
 * logon types and counts; accounts that used special privileges (4672) are marked).
 */
import type { Composite } from '../case/composite.ts';
import { isIp } from '../case/identity.ts';
import type { Db } from './queries/db.ts';
import { logonRows } from './queries/graph.ts';

export interface GraphNode {
  id: string;
  label: string;
  kind: 'host' | 'account' | 'source' | 'external';
  /** verdict of a host, `admin` for a privileged account */
  tag?: string;
  /** composite host name (for the click-through) */
  host?: string;
}
export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  kind: string;
  label: string;
  count: number;
  first: number | null;
  last: number | null;
  failed?: number;
}
export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  truncated?: boolean;
}

/** The spread graph; with a time range, only the edges active in it (and the hosts). */
export function spreadGraph(c: Composite | undefined, from?: number, to?: number): Graph {
  if (!c) return { nodes: [], edges: [] };
  const inRange = (e: { first_seen: number; last_seen: number }): boolean =>
    (from === undefined || e.last_seen >= from) && (to === undefined || e.first_seen < to);
  const nodes = new Map<string, GraphNode>();
  for (const h of c.hosts)
    nodes.set(`h:${h.name}`, {
      id: `h:${h.name}`,
      label: h.name,
      kind: 'host',
      tag: h.patient_zero ? 'patient-zero' : h.verdict,
      host: h.name,
    });
  const node = (name: string): string => {
    if (nodes.has(`h:${name}`)) return `h:${name}`;
    const id = `x:${name}`;
    if (!nodes.has(id)) nodes.set(id, { id, label: name, kind: 'external' });
    return id;
  };
  const edges: GraphEdge[] = c.edges.filter(inRange).map((e, i) => ({
    id: `e${i}`,
    source: node(e.from),
    target: node(e.to),
    kind: e.kind,
    label: e.label,
    count: e.count,
    first: e.first_seen,
    last: e.last_seen,
  }));
  return { nodes: [...nodes.values()], edges };
}

/** Machine and service accounts LogonTracer leaves out by default. */
const SYSTEM_ACCOUNT = /(\$$|^(system|local service|network service|anonymous logon|dwm-\d+|umfd-\d+|-)$)/i;
const MAX_EDGES = 2000;

export async function logonGraph(
  db: Db,
  hostOf: (raw: string) => string,
  o: { from?: number; to?: number; system?: boolean },
): Promise<Graph> {
  const rows = await logonRows(db, o.from, o.to);
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  const hostNode = (raw: string, kind: 'host' | 'source'): string => {
    const name = hostOf(raw);
    const id = `h:${name}`;
    const n = nodes.get(id);
    if (!n) nodes.set(id, { id, label: name, kind, host: isIp(name) ? undefined : name });
    else if (kind === 'host') n.kind = 'host';
    return id;
  };
  const edge = (source: string, target: string, r: Record<string, unknown>, failed: boolean): void => {
    const eid = String(r.event_id);
    const type = r.logon_type ? `/${r.logon_type}` : '';
    const key = `${source}\u0000${target}`;
    const n = Number(r.n);
    const first = Number(r.first);
    const last = Number(r.last);
    const e = edges.get(key);
    if (!e) {
      edges.set(key, {
        id: `e${edges.size}`,
        source,
        target,
        kind: failed ? 'failed' : 'logon',
        label: `${eid}${type}`,
        count: n,
        first,
        last,
        failed: failed ? n : 0,
      });
      return;
    }
    e.count += n;
    e.failed = (e.failed ?? 0) + (failed ? n : 0);
    if (e.failed < e.count) e.kind = 'logon';
    e.first = Math.min(e.first ?? first, first);
    e.last = Math.max(e.last ?? last, last);
    const labels = e.label.split(' ');
    if (!labels.includes(`${eid}${type}`) && labels.length < 8) e.label += ` ${eid}${type}`;
  };
  for (const r of rows) {
    const account = String(r.account ?? '');
    if (!account || (!o.system && SYSTEM_ACCOUNT.test(account))) continue;
    if (edges.size >= MAX_EDGES) break;
    const aid = `a:${account}`;
    if (!nodes.has(aid)) nodes.set(aid, { id: aid, label: account, kind: 'account' });
    const eid = Number(r.event_id);
    if (eid === 4672) {
      nodes.get(aid)!.tag = 'admin';
      continue;
    }
    const host = r.host === null || r.host === undefined ? '' : String(r.host);
    const failed = eid === 4625;
    if (eid === 4648) {
      // explicit credentials: the host where they were typed → the account → the server they were for
      if (host) edge(hostNode(host, 'host'), aid, r, false);
      const server = String(r.target_server ?? '').replace(/^\\\\/, '');
      if (server && server !== '-' && !/^localhost$/i.test(server)) edge(aid, hostNode(server, 'host'), r, false);
      continue;
    }
    if (host) edge(aid, hostNode(host, 'host'), r, failed);
    const source = String(r.source ?? '');
    if (source && source !== '-' && source !== '127.0.0.1') edge(hostNode(source, 'source'), aid, r, failed);
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()], truncated: edges.size >= MAX_EDGES };
}
