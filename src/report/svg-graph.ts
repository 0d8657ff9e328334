/**
 * The spread graph as inline SVG, laid out here (no library): internal hosts in layers by how the
 * compromise spread (breadth-first from the hosts nobody reached first), external peers that only send in
 * a column on the left and the other external peers in a column on the right; nodes in each layer
 * ordered by the barycentre of their neighbours to keep crossings down. Every label is escaped text; ids
 * and classes are generated, never taken from the data.
 */
import { html } from '../core/escape.ts';
import type { ReportEdge, ReportHost, Verdict } from './model.ts';

export const MAX_GRAPH_NODES = 60;

export interface LaidNode {
  id: string;
  name: string;
  sub: string;
  verdict: Verdict | 'external';
  layer: number;
  x: number;
  y: number;
  firstSeen: number;
}
/** `lane` is set for edges that do not join neighbouring columns: they run through the gaps and a lane below the nodes. */
export interface LaidEdge {
  from: LaidNode;
  to: LaidNode;
  kind: ReportEdge['kind'];
  label: string;
  lane?: number;
}
export interface GraphLayout {
  nodes: LaidNode[];
  edges: LaidEdge[];
  width: number;
  height: number;
  omitted: number;
  lanesTop: number;
}

const NODE_W = 170;
const NODE_H = 46;
const COL_W = 300;
const ROW_H = 70;
const MARGIN = 40;
const LANE = 8;
const VERDICT_WEIGHT: Record<string, number> = { compromised: 3, suspicious: 2, unknown: 1, clean: 0, external: 1 };

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

export function layoutGraph(hosts: ReportHost[], edges: ReportEdge[], maxNodes = MAX_GRAPH_NODES): GraphLayout {
  const hostByName = new Map(hosts.map((h) => [h.name, h]));
  const names = new Set<string>();
  for (const e of edges) if (e.from !== e.to) names.add(e.from).add(e.to);
  for (const h of hosts) if (h.verdict === 'compromised' || h.verdict === 'suspicious') names.add(h.name);
  const degree = new Map<string, number>();
  for (const e of edges) for (const n of [e.from, e.to]) degree.set(n, (degree.get(n) ?? 0) + 1);
  let kept = [...names];
  let omitted = 0;
  if (kept.length > maxNodes) {
    const score = (n: string): number =>
      (degree.get(n) ?? 0) + 10 * VERDICT_WEIGHT[hostByName.get(n)?.verdict ?? 'external']!;
    kept = kept.sort((a, b) => score(b) - score(a) || a.localeCompare(b)).slice(0, maxNodes);
    omitted = names.size - kept.length;
  }
  const keptSet = new Set(kept);

  // merge parallel edges, keep the earliest time and every distinct label
  const merged = new Map<
    string,
    { from: string; to: string; kind: ReportEdge['kind']; labels: Set<string>; first: number }
  >();
  for (const e of edges) {
    if (e.from === e.to || !keptSet.has(e.from) || !keptSet.has(e.to)) continue;
    const key = `${e.from}\u0000${e.to}\u0000${e.kind}`;
    const m = merged.get(key) ?? { from: e.from, to: e.to, kind: e.kind, labels: new Set<string>(), first: Infinity };
    if (e.label) m.labels.add(e.label);
    m.first = Math.min(m.first, e.first_seen ?? Infinity);
    merged.set(key, m);
  }
  const medges = [...merged.values()];

  const internal = kept.filter((n) => hostByName.has(n));
  const external = kept.filter((n) => !hostByName.has(n));
  const first = (n: string): number => hostByName.get(n)?.first_seen ?? Infinity;
  const layer = new Map<string, number>();
  const out = new Map<string, string[]>();
  const hasInternalIn = new Set<string>();
  for (const e of medges) {
    if (hostByName.has(e.from) && hostByName.has(e.to)) {
      out.set(e.from, [...(out.get(e.from) ?? []), e.to]);
      hasInternalIn.add(e.to);
    }
  }
  const order = [...internal].sort(
    (a, b) => Number(hasInternalIn.has(a)) - Number(hasInternalIn.has(b)) || first(a) - first(b) || a.localeCompare(b),
  );
  for (const root of order) {
    if (layer.has(root)) continue;
    layer.set(root, 0);
    const queue = [root];
    for (let qi = 0; qi < queue.length; qi++) {
      const u = queue[qi]!;
      for (const v of out.get(u) ?? []) {
        if (layer.has(v)) continue;
        layer.set(v, layer.get(u)! + 1);
        queue.push(v);
      }
    }
  }
  // an external peer sits one column after the deepest host that reaches it, or one before the
  // shallowest host it reaches when it only sends (a download source, an intrusion origin)
  for (const n of external) {
    const from = medges.filter((e) => e.to === n && layer.has(e.from)).map((e) => layer.get(e.from)!);
    const to = medges.filter((e) => e.from === n && layer.has(e.to)).map((e) => layer.get(e.to)!);
    layer.set(n, from.length ? Math.max(...from) + 1 : to.length ? Math.min(...to) - 1 : 0);
  }

  const layers = new Map<number, string[]>();
  for (const n of kept) layers.set(layer.get(n)!, [...(layers.get(layer.get(n)!) ?? []), n]);
  const keys = [...layers.keys()].sort((a, b) => a - b);
  for (const k of keys) layers.get(k)!.sort((a, b) => first(a) - first(b) || a.localeCompare(b));
  const pos = (n: string): number => layers.get(layer.get(n)!)!.indexOf(n);
  const sweep = (neighbours: (n: string) => string[]): void => {
    for (const k of keys) {
      const row = layers.get(k)!;
      const bary = new Map(
        row.map((n) => {
          const ns = neighbours(n);
          return [n, ns.length ? ns.reduce((s, x) => s + pos(x), 0) / ns.length : pos(n)];
        }),
      );
      row.sort((a, b) => bary.get(a)! - bary.get(b)! || first(a) - first(b));
    }
  };
  const preds = (n: string): string[] =>
    medges.filter((e) => e.to === n && layer.get(e.from)! < layer.get(n)!).map((e) => e.from);
  const succs = (n: string): string[] =>
    medges.filter((e) => e.from === n && layer.get(e.to)! > layer.get(n)!).map((e) => e.to);
  sweep(preds);
  sweep(succs);
  sweep(preds);

  const minLayer = keys[0] ?? 0;
  const nodes = new Map<string, LaidNode>();
  let id = 0;
  let rows = 0;
  for (const k of keys) {
    const row = layers.get(k)!;
    rows = Math.max(rows, row.length);
    row.forEach((n, i) => {
      const h = hostByName.get(n);
      nodes.set(n, {
        id: `n${id++}`,
        name: n,
        sub: h?.ips?.length ? h.ips.join(', ') : '',
        verdict: h ? h.verdict : 'external',
        layer: k,
        x: MARGIN + (k - minLayer) * COL_W,
        y: MARGIN + i * ROW_H,
        firstSeen: first(n),
      });
    });
  }
  let lanes = 0;
  const laid: LaidEdge[] = medges.map((e) => {
    const from = nodes.get(e.from)!;
    const to = nodes.get(e.to)!;
    const edge: LaidEdge = { from, to, kind: e.kind, label: [...e.labels].join(', ') };
    if (to.layer - from.layer !== 1) edge.lane = lanes++;
    return edge;
  });
  const lanesTop = MARGIN + Math.max(1, rows) * ROW_H;
  const span = keys.length ? keys[keys.length - 1]! - minLayer + 1 : 1;
  return {
    nodes: [...nodes.values()],
    edges: laid,
    width: MARGIN * 2 + (span - 1) * COL_W + NODE_W,
    height: lanesTop + lanes * LANE + MARGIN,
    omitted,
    lanesTop,
  };
}

function edgePath(e: LaidEdge, lanesTop: number): { d: string; lx: number; ly: number } {
  const a = e.from;
  const b = e.to;
  const y1 = a.y + NODE_H / 2;
  const y2 = b.y + NODE_H / 2;
  if (e.lane === undefined) {
    const x1 = a.x + NODE_W;
    const x2 = b.x;
    const dx = (x2 - x1) / 2;
    return {
      d: `M${x1},${y1} C${x1 + dx},${y1} ${x2 - dx},${y2} ${x2},${y2}`,
      lx: (x1 + x2) / 2,
      ly: (y1 + y2) / 2 - 5,
    };
  }
  // through the gap after the source column, along its own lane under the nodes, up the gap before the target
  const shift = 10 + (e.lane % 6) * 5;
  const gx1 = a.x + NODE_W + shift;
  const gx2 = b.x - shift;
  const ly = lanesTop + e.lane * LANE;
  return {
    d: `M${a.x + NODE_W},${y1} L${gx1},${y1} L${gx1},${ly} L${gx2},${ly} L${gx2},${y2} L${b.x},${y2}`,
    lx: (gx1 + gx2) / 2,
    ly: ly - 2,
  };
}

/** Inline SVG of a layout. `title` is the accessible name; `kindLabel` gives the localized edge kind. */
export function renderSvg(
  g: GraphLayout,
  title: string,
  kindLabel: (k: string) => string,
  verdictLabel: (v: string) => string,
): string {
  const s: string[] = [];
  s.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="graph" viewBox="0 0 ${g.width} ${g.height}" width="${g.width}" height="${g.height}" role="img" aria-labelledby="graph-title">`,
  );
  s.push(`<title id="graph-title">${html(title)}</title>`);
  s.push('<defs>');
  for (const k of ['lateral', 'c2', 'exfil', 'download', 'scan', 'logon', 'other']) {
    s.push(
      `<marker id="arrow-${k}" class="arrow-${k}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker>`,
    );
  }
  s.push('</defs>');
  for (const e of g.edges) {
    const p = edgePath(e, g.lanesTop);
    const text = truncate(e.label || kindLabel(e.kind), 20);
    s.push(
      `<g class="edge edge-${e.kind}"><title>${html(`${e.from.name} → ${e.to.name}: ${kindLabel(e.kind)}${e.label ? ` (${e.label})` : ''}`, 500)}</title>`,
    );
    s.push(`<path d="${p.d}" marker-end="url(#arrow-${e.kind})"/>`);
    s.push(`<text x="${p.lx.toFixed(1)}" y="${p.ly.toFixed(1)}" text-anchor="middle">${html(text)}</text></g>`);
  }
  for (const n of g.nodes) {
    s.push(
      `<g class="node node-${n.verdict}" id="${n.id}"><title>${html(`${n.name}${n.sub ? ` (${n.sub})` : ''}: ${verdictLabel(n.verdict)}`, 500)}</title>`,
    );
    s.push(`<rect x="${n.x}" y="${n.y}" width="${NODE_W}" height="${NODE_H}" rx="6"/>`);
    s.push(`<text x="${n.x + 8}" y="${n.y + 19}" class="node-name">${html(truncate(n.name, 24))}</text>`);
    if (n.sub) s.push(`<text x="${n.x + 8}" y="${n.y + 36}" class="node-sub">${html(truncate(n.sub, 28))}</text>`);
    s.push('</g>');
  }
  s.push('</svg>');
  return s.join('\n');
}
