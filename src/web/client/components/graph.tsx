/**
 * Graphs with Cytoscape.js (canvas: labels from the logs are drawn as pixels, never parsed as markup).
 * Nodes are coloured by kind and verdict; a click on a node hands it to `onPick`. The node and edge lists
 * are also rendered as text tables beside the canvas (readable, searchable, and what the tests check).
 */
import cytoscape from 'cytoscape';
import { useEffect, useRef } from 'preact/hooks';

export interface GNode {
  id: string;
  label: string;
  kind: string;
  tag?: string;
  host?: string;
}
export interface GEdge {
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

const COLORS: Record<string, string> = {
  compromised: '#c62828',
  'patient-zero': '#7b1fa2',
  suspicious: '#ef6c00',
  unknown: '#607d8b',
  external: '#37474f',
  account: '#1565c0',
  admin: '#ad1457',
  source: '#78909c',
};
const EDGE_COLORS: Record<string, string> = {
  lateral: '#c62828',
  logon: '#455a64',
  failed: '#ef6c00',
  c2: '#7b1fa2',
  exfil: '#d81b60',
  download: '#6d4c41',
  scan: '#f9a825',
};

function color(n: GNode): string {
  if (n.kind === 'account') return n.tag === 'admin' ? COLORS.admin! : COLORS.account!;
  if (n.kind === 'external') return COLORS.external!;
  if (n.kind === 'source') return COLORS.source!;
  return COLORS[n.tag ?? 'unknown'] ?? COLORS.unknown!;
}

export function CyGraph({
  nodes,
  edges,
  onPick,
  focus,
  layout = 'cose',
}: {
  nodes: GNode[];
  edges: GEdge[];
  onPick: (n: GNode) => void;
  focus?: string;
  layout?: 'cose' | 'breadthfirst';
}) {
  const box = useRef<HTMLDivElement>(null);
  const cyRef = useRef<cytoscape.Core | null>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const cy = cytoscape({
      container: el,
      elements: [
        ...nodes.map((n) => ({
          data: {
            id: n.id,
            label: n.label,
            color: color(n),
            shape: n.kind === 'account' ? 'ellipse' : n.kind === 'external' ? 'diamond' : 'round-rectangle',
          },
        })),
        ...edges
          .filter((e) => byId.has(e.source) && byId.has(e.target))
          .map((e) => ({
            data: {
              id: e.id,
              source: e.source,
              target: e.target,
              label: `${e.label} ×${e.count}`,
              color: EDGE_COLORS[e.kind] ?? '#90a4ae',
              width: Math.min(8, 1 + Math.log2(1 + e.count)),
            },
          })),
      ],
      style: [
        {
          selector: 'node',
          style: {
            label: 'data(label)',
            'background-color': 'data(color)',
            shape: 'data(shape)' as unknown as cytoscape.Css.NodeShape,
            color: '#222',
            'font-size': 11,
            'text-valign': 'bottom',
            'text-margin-y': 4,
            width: 26,
            height: 26,
          },
        },
        {
          selector: 'edge',
          style: {
            label: 'data(label)',
            'font-size': 9,
            color: '#555',
            width: 'data(width)',
            'line-color': 'data(color)',
            'target-arrow-color': 'data(color)',
            'target-arrow-shape': 'triangle',
            'curve-style': 'bezier',
            'text-rotation': 'autorotate',
          },
        },
        { selector: 'node:selected', style: { 'border-width': 3, 'border-color': '#000' } },
      ],
      layout: { name: layout, animate: false, padding: 20 } as cytoscape.LayoutOptions,
      wheelSensitivity: 0.3,
      minZoom: 0.1,
      maxZoom: 4,
    });
    cy.on('tap', 'node', (ev) => {
      const n = byId.get(ev.target.id() as string);
      if (n) onPick(n);
    });
    cyRef.current = cy;
    el.dataset.nodes = String(cy.nodes().length);
    el.dataset.edges = String(cy.edges().length);
    return () => {
      cy.destroy();
      cyRef.current = null;
    };
  }, [nodes, edges]);
  useEffect(() => {
    const cy = cyRef.current;
    if (!cy || !focus) return;
    const n = cy.getElementById(focus);
    if (n.nonempty()) {
      cy.elements().unselect();
      n.select();
      cy.animate({ center: { eles: n }, zoom: 1.5 }, { duration: 0 });
    }
  }, [focus, nodes]);
  return (
    <div class="graph-wrap">
      <div class="graph" ref={box} data-testid="graph" />
      <div class="graph-tools">
        <button type="button" class="small" onClick={() => cyRef.current?.fit(undefined, 20)}>
          ⤢
        </button>
        <button type="button" class="small" onClick={() => cyRef.current?.zoom(cyRef.current.zoom() * 1.3)}>
          +
        </button>
        <button type="button" class="small" onClick={() => cyRef.current?.zoom(cyRef.current.zoom() / 1.3)}>
          −
        </button>
      </div>
    </div>
  );
}
