/**
 * Network charts: host–destination pairs; for one pair, every contact in time, the histogram of the
 * intervals between contacts (a beacon shows as one narrow peak) and the bytes over time; an off-hours
 * heat map (weekday × hour in the organisation's zone); the top talkers.
 */
import { useMemo, useState } from 'preact/hooks';
import { Chart, histogram, quantile } from '../components/charts.tsx';
import { HostLink, T, Section, Status, Table, useApi } from '../components/common.tsx';
import { bytes, duration, getZone, num, time } from '../format.ts';
import { summary, t } from '../i18n.ts';
import { go, href } from '../router.ts';

type J = Record<string, unknown>;
const _arr = (v: unknown): J[] => (Array.isArray(v) ? (v as J[]) : []);

function Heatmap({ q }: { q: Record<string, string | undefined> }) {
  const loaded = useApi<{ timeZone: string; grid: number[][] }>('/net/heatmap', q);
  const grid = loaded.data?.grid;
  if (!grid) return <Status loaded={loaded} />;
  const max = Math.max(1, ...grid.flat());
  const days = t('web.net.days').split(',');
  return (
    <div class="heatmap" data-testid="heatmap">
      <div class="heat-row heat-head">
        <span />
        {Array.from({ length: 24 }, (_, h) => (
          <span>{h}</span>
        ))}
      </div>
      {grid.map((row, d) => (
        <div class="heat-row">
          <span class="heat-day">{days[d] ?? d + 1}</span>
          {row.map((n, h) => (
            <span
              class="heat-cell"
              title={`${days[d] ?? ''} ${h}:00 — ${n}`}
              style={{ backgroundColor: n ? `rgba(198, 40, 40, ${0.12 + (0.88 * n) / max})` : '#f4f4f4' }}
            >
              {n ? '' : ''}
            </span>
          ))}
        </div>
      ))}
      <p class="muted">{t('web.net.zone', { zone: loaded.data?.timeZone ?? getZone() })}</p>
    </div>
  );
}

function Pair({ host, dst, format }: { host: string; dst: string; format?: string }) {
  const loaded = useApi<{
    ts: number[];
    bytesOut: Array<number | null>;
    bytesIn: Array<number | null>;
    total: number;
    findings: J[];
    formats: Array<{ format: string; n: number }>;
  }>('/net/pair', { host, dst, format });
  const [yBytes, setYBytes] = useState(true);
  const d = loaded.data;
  const charts = useMemo(() => {
    if (!d?.ts.length) return undefined;
    const secs = d.ts.map((x) => x / 1e6);
    const intervals: number[] = [];
    for (let i = 1; i < secs.length; i++) intervals.push(secs[i]! - secs[i - 1]!);
    const sorted = [...intervals].sort((a, b) => a - b);
    const max = Math.max(1, quantile(sorted, 0.98));
    const h = histogram(intervals, 60, max);
    return {
      contacts: [secs, d.bytesOut.map((b, i) => b ?? d.bytesIn[i] ?? 1)],
      hist: [h.x, h.y],
      median: quantile(sorted, 0.5),
      intervals: intervals.length,
    };
  }, [d]);
  if (!d) return <Status loaded={loaded} />;
  return (
    <div class="pair">
      <h2>
        <HostLink name={host} /> → <span class="value">{dst}</span>
      </h2>
      <p class="muted" data-testid="pair-summary">
        {t('web.net.pair_summary', {
          n: num(d.total),
          shown: num(d.ts.length),
          median: charts ? duration(charts.median) : '-',
          first: time(d.ts[0]),
          last: time(d.ts[d.ts.length - 1]),
        })}
      </p>
      <div class="tabs">
        <a class={`tab${format ? '' : ' active'}`} href={href('network', { host, dst, pair: 1 })}>
          {t('web.net.all_formats')}
        </a>
        {d.formats.map((f) => (
          <a
            class={`tab${format === f.format ? ' active' : ''}`}
            href={href('network', { host, dst, format: f.format, pair: 1 })}
          >
            {`${f.format} (${num(f.n)})`}
          </a>
        ))}
      </div>
      {d.findings.length > 0 && (
        <ul class="why">
          {d.findings.map((f) => (
            <li>
              <b>{String(f.kind)}</b>: {summary(f)}
            </li>
          ))}
        </ul>
      )}
      {charts && (
        <>
          <Section
            title={t('web.net.contacts')}
            actions={
              <label class="small">
                <input type="checkbox" checked={yBytes} onChange={() => setYBytes(!yBytes)} /> {t('web.net.y_bytes')}
              </label>
            }
          >
            <Chart
              testId="contacts-chart"
              data={yBytes ? charts.contacts : [charts.contacts[0]!, charts.contacts[0]!.map(() => 1)]}
              specs={[{ label: t('web.net.contact'), color: '#1565c0', kind: 'points' }]}
              yLog={yBytes}
            />
          </Section>
          <Section title={t('web.net.intervals', { n: num(charts.intervals) })}>
            <Chart
              testId="interval-chart"
              data={charts.hist}
              time={false}
              xLabel={t('web.net.interval_s')}
              specs={[{ label: t('web.net.intervals_label'), color: '#7b1fa2' }]}
            />
          </Section>
        </>
      )}
      <Section title={t('web.net.heatmap')}>
        <Heatmap q={{ host, dst, format }} />
      </Section>
    </div>
  );
}

export function NetworkView({ params }: { params: Record<string, string> }) {
  const q = { host: params.host, dst: params.dst, format: params.format };
  const [draft, setDraft] = useState(q);
  const pairs = useApi<{ pairs: J[] }>(params.pair ? null : '/net/pairs', q);
  const top = useApi<{ talkers: J[] }>(params.pair ? null : '/net/top', q);
  const vol = useApi<{ from: number; width: number; out: number[]; in: number[]; n: number[] }>(
    params.pair ? null : '/net/volume',
    { ...q, buckets: 168 },
  );
  const v = vol.data;
  const volume = useMemo(
    () => (v?.n.length ? [v.n.map((_, i) => (v.from + i * v.width) / 1e6), v.out, v.in] : []),
    [v],
  );
  return (
    <div class="network-view">
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          go('network', draft);
        }}
      >
        <input
          type="text"
          name="host"
          placeholder={t('web.col.host')}
          value={draft.host ?? ''}
          onInput={(e) => setDraft({ ...draft, host: (e.target as HTMLInputElement).value })}
        />
        <input
          type="text"
          name="dst"
          placeholder={t('web.col.peer')}
          value={draft.dst ?? ''}
          onInput={(e) => setDraft({ ...draft, dst: (e.target as HTMLInputElement).value })}
        />
        <input
          type="text"
          name="format"
          placeholder={t('web.col.format')}
          value={draft.format ?? ''}
          onInput={(e) => setDraft({ ...draft, format: (e.target as HTMLInputElement).value })}
        />
        <button type="submit">{t('web.tl.apply')}</button>
        <button type="button" onClick={() => go('network')}>
          {t('web.tl.clear')}
        </button>
        {params.pair && <a href={href('network', { host: params.host, dst: params.dst })}>{t('web.net.back')}</a>}
      </form>
      {params.pair && params.host && params.dst ? (
        <Pair host={params.host} dst={params.dst} format={params.format} />
      ) : (
        <>
          <Section title={t('web.net.volume')}>
            <Status loaded={vol} />
            {volume.length > 0 && (
              <Chart
                data={volume}
                specs={[
                  { label: t('web.col.bytes_out'), color: '#c62828', kind: 'line' },
                  { label: t('web.col.bytes_in'), color: '#1565c0', kind: 'line' },
                ]}
                onSelect={() => undefined}
              />
            )}
          </Section>
          <Section title={t('web.net.heatmap')}>
            <Heatmap q={q} />
          </Section>
          <Section title={t('web.net.pairs')}>
            <Status loaded={pairs} />
            <Table
              rows={pairs.data?.pairs ?? []}
              onRow={(p) => go('network', { host: String(p.host), dst: String(p.dst), format: params.format, pair: 1 })}
              cols={[
                [t('web.col.host'), (p) => <HostLink name={String(p.host)} />],
                [
                  t('web.col.peer'),
                  (p) => (
                    <span class="value" data-testid="pair-dst">
                      {String(p.dst)}
                    </span>
                  ),
                ],
                [t('web.col.count'), (p) => num(p.n)],
                [t('web.col.bytes_out'), (p) => bytes(p.bytes_out)],
                [t('web.col.bytes_in'), (p) => bytes(p.bytes_in)],
                [t('web.col.format'), (p) => String(p.formats ?? '')],
                [t('web.col.first_seen'), (p) => <T us={p.first} />],
                [t('web.col.last_seen'), (p) => <T us={p.last} />],
              ]}
            />
          </Section>
          <Section title={t('web.net.top')}>
            <Table
              rows={top.data?.talkers ?? []}
              cols={[
                [t('web.col.host'), (p) => <HostLink name={String(p.host)} />],
                [t('web.col.bytes_out'), (p) => bytes(p.bytes_out)],
                [t('web.col.bytes_in'), (p) => bytes(p.bytes_in)],
                [t('web.col.count'), (p) => num(p.n)],
                [t('web.col.destinations'), (p) => num(p.destinations)],
                [t('web.col.first_seen'), (p) => <T us={p.first} />],
                [t('web.col.last_seen'), (p) => <T us={p.last} />],
              ]}
            />
          </Section>
        </>
      )}
    </div>
  );
}
