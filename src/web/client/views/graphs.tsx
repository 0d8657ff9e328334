/**
 * The spread graph (composite analysis) and a LogonTracer-style logon graph (source → account → host,
 * Security 4624/4625/4648/4672/4768/4769/4776 and RDP), with a time filter, zoom, and a click through to
 * the host page or the account's timeline. The nodes and edges are listed as text below the canvas.
 */
import { useState } from 'preact/hooks';
import { Badge, T, Pivot, Status, Table, useApi } from '../components/common.tsx';
import { CyGraph, type GEdge, type GNode } from '../components/graph.tsx';
import { fromLocalInput, num, toLocalInput } from '../format.ts';
import { t } from '../i18n.ts';
import { go, href } from '../router.ts';

export function GraphsView({ params }: { params: Record<string, string> }) {
  const g = params.g === 'logons' ? 'logons' : 'spread';
  const q = { from: params.from, to: params.to, system: g === 'logons' ? params.system : undefined };
  const loaded = useApi<{ nodes: GNode[]; edges: GEdge[]; truncated?: boolean }>(`/graph/${g}`, q);
  const [picked, setPicked] = useState<GNode | null>(null);
  const set = (next: Record<string, string | undefined>): void => go('graphs', { ...params, ...next });
  const d = loaded.data;
  const names = new Map((d?.nodes ?? []).map((n) => [n.id, n.label]));
  return (
    <div class="graphs-view">
      <div class="filters">
        <a class={`tab${g === 'spread' ? ' active' : ''}`} href={href('graphs', { g: 'spread' })}>
          {t('web.graph.spread')}
        </a>
        <a class={`tab${g === 'logons' ? ' active' : ''}`} href={href('graphs', { g: 'logons' })}>
          {t('web.graph.logons')}
        </a>

        <label>
          {t('web.tl.from')}{' '}
          <input
            type="datetime-local"
            value={toLocalInput(params.from ? Number(params.from) : undefined)}
            onChange={(e) => set({ from: String(fromLocalInput((e.target as HTMLInputElement).value) ?? '') })}
          />
        </label>
        <label>
          {t('web.tl.to')}{' '}
          <input
            type="datetime-local"
            value={toLocalInput(params.to ? Number(params.to) : undefined)}
            onChange={(e) => set({ to: String(fromLocalInput((e.target as HTMLInputElement).value) ?? '') })}
          />
        </label>
        {g === 'logons' && (
          <label>
            <input
              type="checkbox"
              checked={params.system === '1'}
              onChange={(e) => set({ system: (e.target as HTMLInputElement).checked ? '1' : undefined })}
            />{' '}
            {t('web.graph.system_accounts')}
          </label>
        )}

        <span class="muted">{t('web.graph.hint')}</span>
      </div>
      <Status loaded={loaded} />
      {d && !loaded.loading && (
        <div class="graph-layout">
          <CyGraph
            nodes={d.nodes}
            edges={d.edges}
            focus={params.focus}
            layout="cose"
            onPick={(n) => {
              setPicked(n);
              if (n.kind === 'host' && n.host && g === 'spread') go('host', {}, n.host);
            }}
          />
          <aside class="graph-side">
            {picked && (
              <div class="picked" data-testid="picked">
                <h3>{picked.label}</h3>
                {picked.host && <a href={href('host', {}, picked.host)}>{t('web.pivot.host_page')}</a>}{' '}
                {picked.kind === 'account' && (
                  <a href={href('timeline', { src: 'ev', account: picked.label })}>{t('web.pivot.events')}</a>
                )}{' '}
                {picked.kind !== 'account' && !picked.host && <Pivot kind="addr" value={picked.label} />}
              </div>
            )}
            <p class="muted">
              {t('web.graph.counts', { nodes: d.nodes.length, edges: d.edges.length })}
              {d.truncated ? ` ${t('web.graph.truncated')}` : ''}
            </p>
          </aside>
        </div>
      )}
      {d && !loaded.loading && (
        <details class="graph-lists" open={d.nodes.length < 40}>
          <summary>{t('web.graph.lists')}</summary>
          <Table
            rows={d.nodes}
            cols={[
              [t('web.col.node'), (n) => <span data-testid="graph-node">{n.label}</span>],
              [t('web.col.kind'), (n) => t(`web.node.${n.kind}`)],
              [
                t('web.col.verdict'),
                (n) => (n.tag ? <Badge kind={n.kind === 'account' ? 'node' : 'verdict'} value={n.tag} /> : null),
              ],
            ]}
          />
          <Table
            rows={d.edges}
            cols={[
              [t('web.col.from'), (e) => names.get(e.source) ?? e.source],
              [t('web.col.to'), (e) => names.get(e.target) ?? e.target],
              [t('web.col.how'), (e) => e.label],
              [t('web.col.count'), (e) => num(e.count)],
              [t('web.col.first_seen'), (e) => <T us={e.first} />],
              [t('web.col.last_seen'), (e) => <T us={e.last} />],
            ]}
          />
        </details>
      )}
    </div>
  );
}
