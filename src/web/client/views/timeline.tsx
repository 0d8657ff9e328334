/**
 * The timeline: every detection (or, on request, every event) with filters by time, host, account,
 * address, level, rule, text, event id and review status, a histogram to pick a time range, a column
 * chooser, a virtualised grid and the full record of a clicked row. The filters live in the URL.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { get } from '../api.ts';
import { Chart } from '../components/charts.tsx';
import { Badge, Pivot, useApi } from '../components/common.tsx';
import { EventPanel, type Selection } from '../components/event-panel.tsx';
import { type Column, Grid } from '../components/grid.tsx';
import { fromLocalInput, num, time, toLocalInput } from '../format.ts';
import { t } from '../i18n.ts';
import { go } from '../router.ts';

type Row = Record<string, unknown> & { id: unknown };

const FILTER_KEYS = [
  'src',
  'from',
  'to',
  'host',
  'account',
  'addr',
  'level',
  'rule',
  'q',
  'eid',
  'channel',
  'format',
  'review',
];
const LEVELS = ['', 'informational', 'low', 'medium', 'high', 'critical'];
const REVIEWS = ['all', 'hide-fp', 'fp', 'confirmed', 'needs-work', 'unreviewed'];

const list = (v: unknown): string => (Array.isArray(v) ? v.join(', ') : v === null || v === undefined ? '' : String(v));

/** The index's short text of an event: a log line as it is, EVTX fields as `name: value ¦ …`. */
function summarize(text: unknown): string {
  const s = typeof text === 'string' ? text : '';
  if (!s.startsWith('{')) return s;
  return s
    .slice(1)
    .replace(/\}$/, '')
    .replace(/"([^"\\]*)":/g, '$1: ')
    .replace(/,(?=[A-Za-z_][\w.-]*: )/g, ' ¦ ')
    .replace(/"/g, '');
}

function detectionColumns(): Column<Row>[] {
  return [
    { key: 'ts', label: t('web.col.time'), width: '175px', render: (r) => time(r.ts) },
    {
      key: 'level',
      label: t('web.col.level'),
      width: '80px',
      render: (r) => <Badge kind="level" value={String(r.level)} />,
    },
    {
      key: 'rule_title',
      label: t('web.col.rule'),
      width: 'minmax(180px, 1.2fr)',
      render: (r) => String(r.rule_title ?? ''),
      text: (r) => String(r.rule_title ?? ''),
    },
    {
      key: 'host',
      label: t('web.col.host'),
      width: '130px',
      render: (r) => <Pivot kind="host" value={String(r.hkey ?? r.host ?? '')} label={String(r.host ?? '')} />,
    },
    {
      key: 'channel',
      label: t('web.col.channel'),
      width: '110px',
      render: (r) => String(r.channel ?? ''),
      text: (r) => String(r.channel ?? ''),
    },
    { key: 'event_id', label: t('web.col.eid'), width: '60px', render: (r) => String(r.event_id ?? '') },
    { key: 'record_id', label: t('web.col.record'), width: '80px', render: (r) => String(r.record_id ?? '') },
    {
      key: 'accounts',
      label: t('web.col.accounts'),
      width: '110px',
      render: (r) => <Pivot kind="account" value={(r.accounts as string[] | null)?.[0] ?? null} />,
      text: (r) => list(r.accounts),
    },
    {
      key: 'addrs',
      label: t('web.col.addrs'),
      width: '120px',
      render: (r) => <Pivot kind="addr" value={(r.addrs as string[] | null)?.[0] ?? null} />,
      text: (r) => list(r.addrs),
    },
    {
      key: 'details',
      label: t('web.col.details'),
      width: 'minmax(240px, 2fr)',
      render: (r) => String(r.details ?? ''),
      text: (r) => String(r.details ?? ''),
    },
    {
      key: 'extra',
      label: t('web.col.extra'),
      width: 'minmax(200px, 1fr)',
      render: (r) => String(r.extra ?? ''),
      text: (r) => String(r.extra ?? ''),
    },
    { key: 'rule_id', label: t('web.col.rule_id'), width: '120px', render: (r) => String(r.rule_id ?? '') },
    { key: 'tags', label: t('web.col.tags'), width: '160px', render: (r) => list(r.tags), text: (r) => list(r.tags) },
    {
      key: 'file',
      label: t('web.col.file'),
      width: '200px',
      render: (r) => String(r.file ?? ''),
      text: (r) => String(r.file ?? ''),
    },
    {
      key: 'review',
      label: t('web.col.review'),
      width: '110px',
      render: (r) => <Badge kind="review" value={r.review ? String(r.review) : null} />,
    },
  ];
}

function eventColumns(): Column<Row>[] {
  return [
    { key: 'ts', label: t('web.col.time'), width: '175px', render: (r) => time(r.ts) },
    {
      key: 'host',
      label: t('web.col.host'),
      width: '130px',
      render: (r) => <Pivot kind="host" value={String(r.hkey ?? r.host ?? '')} label={String(r.host ?? '')} />,
    },
    { key: 'format', label: t('web.col.format'), width: '110px', render: (r) => String(r.format ?? '') },
    {
      key: 'channel',
      label: t('web.col.channel'),
      width: '110px',
      render: (r) => String(r.channel ?? ''),
      text: (r) => String(r.channel ?? ''),
    },
    { key: 'event_id', label: t('web.col.eid'), width: '60px', render: (r) => String(r.event_id ?? '') },
    {
      key: 'accounts',
      label: t('web.col.accounts'),
      width: '110px',
      render: (r) => <Pivot kind="account" value={(r.accounts as string[] | null)?.[0] ?? null} />,
      text: (r) => list(r.accounts),
    },
    {
      key: 'addrs',
      label: t('web.col.addrs'),
      width: '120px',
      render: (r) => <Pivot kind="addr" value={(r.addrs as string[] | null)?.[0] ?? null} />,
      text: (r) => list(r.addrs),
    },
    {
      key: 'summary',
      label: t('web.col.summary'),
      width: 'minmax(300px, 3fr)',
      render: (r) => summarize(r.summary),
      text: (r) => summarize(r.summary),
    },
    {
      key: 'file',
      label: t('web.col.file'),
      width: '200px',
      render: (r) => String(r.file ?? ''),
      text: (r) => String(r.file ?? ''),
    },
  ];
}

const HIDDEN_BY_DEFAULT = new Set(['extra', 'rule_id', 'tags', 'file', 'record_id']);

function savedColumns(src: string): Set<string> | undefined {
  try {
    const v = localStorage.getItem(`konseki-cols-${src}`);
    return v ? new Set(JSON.parse(v) as string[]) : undefined;
  } catch {
    return undefined;
  }
}

export function TimelineView({ params }: { params: Record<string, string> }) {
  const src = params.src === 'ev' ? 'ev' : 'det';
  const query = useMemo(() => {
    const q: Record<string, string> = {};
    for (const k of FILTER_KEYS) if (params[k]) q[k] = params[k]!;
    q.src = src;
    return q;
  }, [JSON.stringify(params)]);
  const key = JSON.stringify(query);
  const [total, setTotal] = useState<number | null>(null);
  const [sel, setSel] = useState<Selection | null>(params.sel ? { type: src, id: params.sel } : null);
  const [draft, setDraft] = useState<Record<string, string>>(query);
  const [showCols, setShowCols] = useState(false);
  const all = src === 'det' ? detectionColumns() : eventColumns();
  const [visible, setVisible] = useState<Set<string>>(
    savedColumns(src) ?? new Set(all.map((c) => c.key).filter((k) => !HIDDEN_BY_DEFAULT.has(k))),
  );
  const [version, setVersion] = useState(0);
  const histogram = useApi<{ from: number; to: number; width: number; counts: number[] }>(
    '/histogram',
    { ...query, buckets: 160 },
    [version],
  );
  const hosts = useApi<Array<{ value: string; n: number }>>('/values', { field: src === 'det' ? 'host' : 'ev-host' });

  useEffect(() => {
    setDraft(query);
    setTotal(null);
    get<{ total: number }>('/count', query).then(
      (r) => setTotal(r.total),
      () => setTotal(0),
    );
  }, [key, version]);
  useEffect(
    () => setVisible(savedColumns(src) ?? new Set(all.map((c) => c.key).filter((k) => !HIDDEN_BY_DEFAULT.has(k)))),
    [src],
  );

  const apply = (next: Record<string, string>): void => go('timeline', next);
  const columns = all.filter((c) => visible.has(c.key));
  const input = (name: string, placeholder: string) => (
    <input
      type="text"
      name={name}
      placeholder={placeholder}
      value={draft[name] ?? ''}
      onInput={(e) => setDraft({ ...draft, [name]: (e.target as HTMLInputElement).value })}
    />
  );
  const timeInput = (name: string) => (
    <input
      type="datetime-local"
      name={name}
      aria-label={t(`web.tl.${name}`)}
      value={toLocalInput(draft[name] ? Number(draft[name]) : undefined)}
      onInput={(e) =>
        setDraft({ ...draft, [name]: String(fromLocalInput((e.target as HTMLInputElement).value) ?? '') })
      }
    />
  );
  const h = histogram.data;
  const chartData = useMemo(
    () => (h?.counts.length ? [h.counts.map((_, i) => (h.from + i * h.width) / 1e6), h.counts] : []),
    [h],
  );
  return (
    <div class="timeline-view">
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          apply(draft);
        }}
      >
        <select
          name="src"
          value={draft.src}
          onChange={(e) => apply({ ...draft, src: (e.target as HTMLSelectElement).value })}
        >
          <option value="det">{t('web.tl.detections')}</option>
          <option value="ev">{t('web.tl.events')}</option>
        </select>
        <span class="muted">{t('web.tl.from')}</span>
        {timeInput('from')}
        <span class="muted">{t('web.tl.to')}</span>
        {timeInput('to')}
        <input
          type="text"
          name="host"
          list="hosts-list"
          placeholder={t('web.col.host')}
          value={draft.host ?? ''}
          onInput={(e) => setDraft({ ...draft, host: (e.target as HTMLInputElement).value })}
        />
        <datalist id="hosts-list">
          {(hosts.data ?? []).map((x) => (
            <option value={x.value}>{`${x.value} (${x.n})`}</option>
          ))}
        </datalist>
        {input('account', t('web.col.accounts'))}
        {input('addr', t('web.col.addrs'))}
        {src === 'det' ? (
          <>
            <select
              name="level"
              value={draft.level ?? ''}
              onChange={(e) => setDraft({ ...draft, level: (e.target as HTMLSelectElement).value })}
            >
              {LEVELS.map((l) => (
                <option value={l}>{l ? `≥ ${t(`web.level.${l}`)}` : t('web.tl.any_level')}</option>
              ))}
            </select>
            {input('rule', t('web.col.rule'))}
            <select
              name="review"
              value={draft.review ?? 'all'}
              onChange={(e) => setDraft({ ...draft, review: (e.target as HTMLSelectElement).value })}
            >
              {REVIEWS.map((r) => (
                <option value={r}>{t(`web.tl.review.${r}`)}</option>
              ))}
            </select>
          </>
        ) : (
          <>
            {input('format', t('web.col.format'))}
            {input('channel', t('web.col.channel'))}
          </>
        )}
        {input('eid', t('web.col.eid'))}
        {input('q', t('web.tl.text'))}
        <button type="submit">{t('web.tl.apply')}</button>
        <button type="button" onClick={() => apply({ src })}>
          {t('web.tl.clear')}
        </button>
        <button type="button" onClick={() => setShowCols(!showCols)}>
          {t('web.tl.columns')}
        </button>
        <button type="button" onClick={() => void navigator.clipboard?.writeText(location.href)}>
          {t('web.tl.copy_link')}
        </button>
      </form>
      {showCols && (
        <div class="column-chooser">
          {all.map((c) => (
            <label>
              <input
                type="checkbox"
                checked={visible.has(c.key)}
                onChange={() => {
                  const next = new Set(visible);
                  if (next.has(c.key)) next.delete(c.key);
                  else next.add(c.key);
                  setVisible(next);
                  try {
                    localStorage.setItem(`konseki-cols-${src}`, JSON.stringify([...next]));
                  } catch {
                    // storage may be disabled
                  }
                }}
              />
              {c.label}
            </label>
          ))}
        </div>
      )}
      <div class="timeline-summary">
        <span class="count" data-testid="row-count">
          {total === null ? t('web.loading') : t('web.tl.rows', { n: num(total) })}
        </span>
        <span class="muted">{t('web.tl.drag_hint')}</span>
      </div>
      {chartData.length > 0 && (
        <Chart
          data={chartData}
          specs={[{ label: t('web.tl.rows_per_bucket'), color: '#1565c0' }]}
          height={120}
          onSelect={(a, b) => apply({ ...query, from: String(Math.floor(a * 1e6)), to: String(Math.ceil(b * 1e6)) })}
        />
      )}
      <div class="timeline-body">
        <Grid<Row>
          total={total}
          resetKey={`${key}|${version}`}
          columns={columns}
          selected={sel ? Number(sel.id) : undefined}
          rowClass={(r) => (r.review === 'false-positive' ? 'fp' : '')}
          fetchPage={(offset, limit) =>
            get<{ rows: Row[] }>('/rows', { ...query, offset, limit }).then((r) =>
              r.rows.map((x) => ({ ...x, id: Number(x.id) })),
            )
          }
          onSelect={(r) => setSel({ type: src, id: String(r.id) })}
        />
        {sel && (
          <EventPanel
            key={`${sel.type}:${sel.id}`}
            sel={sel}
            onClose={() => setSel(null)}
            onChange={() => setVersion((v) => v + 1)}
          />
        )}
      </div>
    </div>
  );
}
