import { describe, expect, it } from 'vitest';
import type { ReportEdge, ReportHost } from './model.ts';
import { layoutGraph, renderSvg } from './svg-graph.ts';

const host = (name: string, first: number, verdict: ReportHost['verdict'] = 'compromised'): ReportHost => ({
  name,
  verdict,
  first_seen: first,
});

describe('layoutGraph', () => {
  const hosts = [
    host('PC-07', 1),
    host('FS01', 2),
    host('DC01', 3, 'suspicious'),
    host('PC-11', 4, 'suspicious'),
    host('PC-12', 5, 'clean'),
  ];
  const edges: ReportEdge[] = [
    { from: 'mail.example', to: 'PC-07', kind: 'download' },
    { from: 'PC-07', to: 'FS01', kind: 'lateral', label: 'SMB' },
    { from: 'PC-07', to: 'FS01', kind: 'lateral', label: 'PsExec' },
    { from: 'FS01', to: 'DC01', kind: 'lateral' },
    { from: 'PC-07', to: 'PC-11', kind: 'scan' },
    { from: 'DC01', to: 'PC-07', kind: 'logon' },
    { from: 'PC-07', to: 'c2.example', kind: 'c2' },
    { from: 'DC01', to: 'c2.example', kind: 'c2' },
    { from: 'PC-11', to: 'PC-11', kind: 'other' },
  ];
  const g = layoutGraph(hosts, edges);
  const node = (n: string) => g.nodes.find((x) => x.name === n)!;

  it('puts hosts in the order the compromise spread, external peers around them', () => {
    expect(['mail.example', 'PC-07', 'FS01', 'PC-11', 'DC01', 'c2.example'].map((n) => node(n).layer)).toEqual([
      -1, 0, 1, 1, 2, 3,
    ]);
    expect(g.nodes.some((n) => n.name === 'PC-12')).toBe(false); // clean and unconnected: not drawn
    expect(node('c2.example').verdict).toBe('external');
  });
  it('merges parallel edges, drops self-loops, routes long and backward edges through lanes', () => {
    const e = g.edges.find((x) => x.from.name === 'PC-07' && x.to.name === 'FS01')!;
    expect(e.label).toBe('SMB, PsExec');
    expect(g.edges.length).toBe(7);
    expect(g.edges.filter((x) => x.lane !== undefined).map((x) => `${x.from.name}>${x.to.name}`)).toEqual([
      'DC01>PC-07',
      'PC-07>c2.example',
    ]);
  });
  it('places no two nodes on each other and keeps everything inside the canvas', () => {
    const seen = new Set(g.nodes.map((n) => `${n.x},${n.y}`));
    expect(seen.size).toBe(g.nodes.length);
    for (const n of g.nodes) {
      expect(n.x).toBeGreaterThanOrEqual(0);
      expect(n.x + 170).toBeLessThanOrEqual(g.width);
      expect(n.y + 46).toBeLessThanOrEqual(g.lanesTop);
    }
    expect(g.lanesTop + 2 * 8).toBeLessThanOrEqual(g.height);
  });
  it('bounds the number of nodes and says how many were left out', () => {
    const many = Array.from({ length: 200 }, (_, i) => host(`H${i}`, i, i % 2 ? 'suspicious' : 'unknown'));
    const chain: ReportEdge[] = many.slice(1).map((h, i) => ({ from: many[i]!.name, to: h.name, kind: 'lateral' }));
    const big = layoutGraph(many, chain, 60);
    expect(big.nodes.length).toBe(60);
    expect(big.omitted).toBe(140);
  });
  it('survives cycles only (no root)', () => {
    const cyc = layoutGraph(
      [host('A', 2), host('B', 1)],
      [
        { from: 'A', to: 'B', kind: 'lateral' },
        { from: 'B', to: 'A', kind: 'lateral' },
      ],
    );
    expect(cyc.nodes.map((n) => [n.name, n.layer])).toEqual([
      ['B', 0],
      ['A', 1],
    ]);
  });
  it('renders ids and classes from its own vocabulary only', () => {
    const svg = renderSvg(
      layoutGraph([host('<b>x</b>', 1)], [{ from: '<b>x</b>', to: '"evil"', kind: 'c2', label: '<script>' }]),
      'g',
      (k) => k,
      (v) => v,
    );
    expect(svg).not.toMatch(/<b>|<script>|"evil"/);
    expect([...svg.matchAll(/ (?:id|class)="([^"]*)"/g)].map((m) => m[1]).every((v) => /^[a-z0-9 -]+$/.test(v!))).toBe(
      true,
    );
  });
});
