/**
 * Everything about one host: verdict and 起点, its own mini-timeline, findings (with review), detections
 * by rule, logons into and out of it, processes started on it, its network peers and spread edges.
 */
import { useMemo, useState } from 'preact/hooks';
import { Chart } from '../components/charts.tsx';
import { Badge, T, HostLink, Pivot, ReviewButtons, Section, Status, Table, useApi } from '../components/common.tsx';
import { EventPanel, type Selection } from '../components/event-panel.tsx';
import { bytes, num, time } from '../format.ts';
import { summary, t } from '../i18n.ts';
import { go, href } from '../router.ts';

type J = Record<string, unknown>;
const arr = (v: unknown): J[] => (Array.isArray(v) ? (v as J[]) : []);
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

export function FindingsTable({ rows, onChange }: { rows: J[]; onChange: () => void }) {
  return (
    <Table
      rows={rows}
      rowClass={(f) => `sev-${String(f.severity)}${(f.review as J | null)?.status === 'false-positive' ? ' fp' : ''}`}
      cols={[
        [t('web.col.time'), (f) => <T us={f.first_seen} />],
        [t('web.col.severity'), (f) => <Badge kind="level" value={String(f.severity)} />],
        [t('web.col.kind'), (f) => String(f.kind)],
        [t('web.col.host'), (f) => <HostLink name={f.hkey as string | null} />],
        [t('web.col.peer'), (f) => <Pivot kind="dst" value={f.peer as string | null} />],
        [t('web.col.summary'), (f) => <span class="summary">{summary(f)}</span>],
        [
          t('web.col.review'),
          (f) => (
            <ReviewButtons
              target="finding"
              itemKey={String(f.key)}
              mark={f.review as never}
              label={String(f.summary_en ?? f.kind)}
              onChange={onChange}
            />
          ),
        ],
      ]}
    />
  );
}

export function HostView({ name }: { name: string }) {
  const loaded = useApi<J>(`/host/${encodeURIComponent(name)}`);
  const hist = useApi<{ from: number; width: number; counts: number[] }>('/histogram', {
    src: 'det',
    host: name,
    buckets: 120,
  });
  const [sel, setSel] = useState<Selection | null>(null);
  const d = loaded.data;
  const chart = useMemo(() => {
    const h = hist.data;
    return h?.counts.length ? [h.counts.map((_, i) => (h.from + i * h.width) / 1e6), h.counts] : [];
  }, [hist.data]);
  if (!d) return <Status loaded={loaded} />;
  const h = (d.host ?? null) as J | null;
  const det = (d.detections ?? {}) as J;
  return (
    <div class="host-view">
      <header class="host-head">
        <h1 data-testid="host-name">{name}</h1>
        {h && <Badge kind="verdict" value={String(h.verdict)} />}
        {h?.patient_zero && <span class="badge pz">{t('web.ov.patient_zero')}</span>}
        <span>{strs(d.ips).join(', ')}</span>
        {h && (
          <span class="muted">
            {t('web.host.summary', {
              confidence: Math.round(Number(h.confidence) * 100),
              first: time(h.first_seen, true),
              last: time(h.last_seen, true),
            })}
          </span>
        )}
        <a href={href('timeline', { host: name })}>{t('web.pivot.timeline')}</a>
        <a href={href('timeline', { src: 'ev', host: name })}>{t('web.pivot.events')}</a>
        <a href={href('network', { host: name })}>{t('web.pivot.network')}</a>
      </header>
      {h && strs(h.reasons).length > 0 && (
        <p class="muted">{t('web.host.reasons', { reasons: strs(h.reasons).join(', ') })}</p>
      )}
      {chart.length > 0 && (
        <Section title={t('web.host.mini_timeline')}>
          <Chart
            data={chart}
            specs={[{ label: t('web.ov.detections'), color: '#c62828' }]}
            height={110}
            onSelect={(a, b) => go('timeline', { host: name, from: Math.floor(a * 1e6), to: Math.ceil(b * 1e6) })}
          />
        </Section>
      )}
      <Section title={`${t('web.ov.findings')} (${arr(d.findings).length})`}>
        <FindingsTable rows={arr(d.findings)} onChange={loaded.reload} />
      </Section>
      <Section title={t('web.host.detections')}>
        <Table
          rows={arr(det.rules)}
          cols={[
            [t('web.col.level'), (r) => <Badge kind="level" value={String(r.level)} />],
            [
              t('web.col.rule'),
              (r) => <a href={href('timeline', { host: name, rule: String(r.rule_title) })}>{String(r.rule_title)}</a>,
            ],
            [t('web.col.count'), (r) => num(r.n)],
            [t('web.col.first_seen'), (r) => <T us={r.first} />],
            [t('web.col.last_seen'), (r) => <T us={r.last} />],
          ]}
        />
      </Section>
      <Section title={t('web.host.logons_in')}>
        <LogonTable rows={arr(d.logonsIn)} />
      </Section>
      <Section title={t('web.host.logons_out')}>
        <LogonTable rows={arr(d.logonsOut)} target />
      </Section>
      <Section title={t('web.host.processes')}>
        <Table
          rows={arr(d.processes)}
          onRow={(p) => setSel({ type: 'ev', id: String(p.id) })}
          cols={[
            [t('web.col.time'), (p) => <T us={p.ts} />],
            [t('web.col.image'), (p) => <span class="value">{String(p.image ?? '')}</span>],
            [t('web.col.command_line'), (p) => <span class="value cmd">{String(p.command_line ?? '')}</span>],
            [t('web.col.parent'), (p) => <span class="value">{String(p.parent ?? '')}</span>],
            [t('web.col.account'), (p) => <Pivot kind="account" value={p.account as string | null} />],
          ]}
        />
      </Section>
      <Section title={t('web.host.peers')}>
        <Table
          rows={arr(d.peers)}
          cols={[
            [
              t('web.col.peer'),
              (p) => <a href={href('network', { host: name, dst: String(p.dst), pair: 1 })}>{String(p.dst)}</a>,
            ],
            [t('web.col.count'), (p) => num(p.n)],
            [t('web.col.bytes_out'), (p) => bytes(p.bytes_out)],
            [t('web.col.bytes_in'), (p) => bytes(p.bytes_in)],
            [t('web.col.ports'), (p) => strs(p.ports).join(', ')],
            [t('web.col.format'), (p) => String(p.formats ?? '')],
            [t('web.col.first_seen'), (p) => <T us={p.first} />],
            [t('web.col.last_seen'), (p) => <T us={p.last} />],
          ]}
        />
      </Section>
      <Section title={t('web.host.edges')}>
        <Table
          rows={arr(d.edges)}
          cols={[
            [t('web.col.from'), (e) => <HostLink name={String(e.from)} />],
            [t('web.col.to'), (e) => <HostLink name={String(e.to)} />],
            [t('web.col.kind'), (e) => <Badge kind="edge" value={String(e.kind)} />],
            [t('web.col.how'), (e) => String(e.label)],
            [t('web.col.first_seen'), (e) => <T us={e.first_seen} />],
            [t('web.col.count'), (e) => num(e.count)],
          ]}
        />
      </Section>
      {sel && <EventPanel key={`${sel.type}:${sel.id}`} sel={sel} onClose={() => setSel(null)} />}
    </div>
  );
}

function LogonTable({ rows, target }: { rows: J[]; target?: boolean }) {
  return (
    <Table
      rows={rows}
      cols={[
        ...(target
          ? ([[t('web.col.target'), (r: J) => <HostLink name={String(r.target ?? '')} />]] as Array<
              [string, (r: J) => preact.ComponentChildren]
            >)
          : []),
        [t('web.col.eid'), (r) => String(r.event_id)],
        [
          t('web.col.account'),
          (r) => (
            <Pivot
              kind="account"
              value={r.account as string | null}
              label={`${r.domain ? `${String(r.domain)}\\` : ''}${String(r.account ?? '')}`}
            />
          ),
        ],
        [t('web.col.source_ip'), (r) => <Pivot kind="addr" value={(r.source_ip as string) || null} />],
        [t('web.col.workstation'), (r) => String(r.workstation ?? '')],
        [t('web.col.logon_type'), (r) => String(r.logon_type ?? '')],
        [t('web.col.count'), (r) => num(r.n)],
        [t('web.col.first_seen'), (r) => <T us={r.first} />],
        [t('web.col.last_seen'), (r) => <T us={r.last} />],
      ]}
    />
  );
}
