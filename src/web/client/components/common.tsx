/** Small pieces every view uses: data loading, badges, pivots from a value, tables, review buttons. */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, get, post, type Query } from '../api.ts';
import { t } from '../i18n.ts';
import { href } from '../router.ts';
import { time } from '../format.ts';

export interface Loaded<T> {
  data?: T;
  error?: string;
  loading: boolean;
  reload: () => void;
}

/** GETs `path` whenever the query (or `extra`) changes; stale answers are dropped. */
export function useApi<T>(path: string | null, q: Query = {}, extra: unknown[] = []): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: string; loading: boolean }>({ loading: true });
  const [n, setN] = useState(0);
  const key = JSON.stringify([path, q, extra, n]);
  useEffect(() => {
    if (!path) return;
    const ctl = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    get<T>(path, q, ctl.signal)
      .then((data) => setState({ data, loading: false }))
      .catch((e: unknown) => {
        if (ctl.signal.aborted) return;
        setState({ error: e instanceof ApiError ? `${e.status}` : String(e), loading: false });
      });
    return () => ctl.abort();
  }, [key]);
  return { ...state, reload: () => setN((x) => x + 1) };
}

export function Status({ loaded }: { loaded: Loaded<unknown> }) {
  if (loaded.error) return <div class="error">{t('web.error', { error: loaded.error })}</div>;
  if (loaded.loading && !loaded.data) return <div class="loading">{t('web.loading')}</div>;
  return null;
}

export function Badge({ kind, value }: { kind: string; value: string | null | undefined }) {
  if (!value) return null;
  return <span class={`badge ${kind}-${value.replace(/[^a-z0-9-]/gi, '')}`}>{t(`web.${kind}.${value}`)}</span>;
}

export function Section({
  title,
  children,
  actions,
}: {
  title: string;
  children: ComponentChildren;
  actions?: ComponentChildren;
}) {
  return (
    <section class="section">
      <header>
        <h2>{title}</h2>
        {actions}
      </header>
      {children}
    </section>
  );
}

export type PivotKind = 'host' | 'account' | 'addr' | 'rule' | 'dst';

/** A value one can pivot on: a click opens the views it leads to. */
export function Pivot({ kind, value, label }: { kind: PivotKind; value: string | null | undefined; label?: string }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent): void => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);
  if (value === null || value === undefined || value === '') return <span class="muted">-</span>;
  const items: Array<[string, string]> = [];
  if (kind === 'host') {
    items.push([t('web.pivot.host_page'), href('host', {}, value)]);
    items.push([t('web.pivot.timeline'), href('timeline', { host: value })]);
    items.push([t('web.pivot.events'), href('timeline', { src: 'ev', host: value })]);
    items.push([t('web.pivot.network'), href('network', { host: value })]);
  } else if (kind === 'account') {
    items.push([t('web.pivot.timeline'), href('timeline', { account: value })]);
    items.push([t('web.pivot.events'), href('timeline', { src: 'ev', account: value })]);
    items.push([t('web.pivot.logons'), href('graphs', { g: 'logons', focus: `a:${value.toLowerCase()}` })]);
  } else if (kind === 'addr' || kind === 'dst') {
    items.push([t('web.pivot.timeline'), href('timeline', { addr: value })]);
    items.push([t('web.pivot.events'), href('timeline', { src: 'ev', addr: value })]);
    items.push([t('web.pivot.network'), href('network', kind === 'dst' ? { dst: value } : { host: value })]);
  } else if (kind === 'rule') {
    items.push([t('web.pivot.timeline'), href('timeline', { rule: value })]);
  }
  return (
    <span class="pivot" ref={ref}>
      <button type="button" class="pivot-value" title={value} onClick={(e) => (e.stopPropagation(), setOpen(!open))}>
        {label ?? value}
      </button>
      {open && (
        <span class="pivot-menu" role="menu">
          {items.map(([text, to]) => (
            <a role="menuitem" href={to} onClick={(e) => (e.stopPropagation(), setOpen(false))}>
              {text}
            </a>
          ))}
        </span>
      )}
    </span>
  );
}

export function HostLink({ name }: { name: string | null | undefined }) {
  if (!name) return <span class="muted">-</span>;
  return <Pivot kind="host" value={name} />;
}

export function Empty({ when, children }: { when: boolean; children?: ComponentChildren }) {
  return when ? <div class="empty">{children ?? t('web.none')}</div> : null;
}

export interface ReviewMarkView {
  status: string;
  reason?: string;
  author?: string;
  ts?: string;
}

/** Confirmed / false positive (with a reason) / needs work / clear, for one finding or detection. */
export function ReviewButtons({
  target,
  itemKey,
  mark,
  label,
  onChange,
}: {
  target: 'finding' | 'detection';
  itemKey: string;
  mark: ReviewMarkView | null | undefined;
  label: string;
  onChange?: () => void;
}) {
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const send = async (status: string | null, why?: string): Promise<void> => {
    setBusy(true);
    try {
      await post('/review', { target, key: itemKey, status, reason: why, label: label.slice(0, 500) });
      setAsking(false);
      onChange?.();
    } finally {
      setBusy(false);
    }
  };
  return (
    <span class="review" data-key={itemKey}>
      {mark && <Badge kind="review" value={mark.status} />}
      {mark?.reason && <span class="review-reason">{mark.reason}</span>}
      <button type="button" class="small" disabled={busy} onClick={() => send('confirmed')}>
        {t('web.review.confirm')}
      </button>
      <button type="button" class="small fp" disabled={busy} onClick={() => setAsking(!asking)}>
        {t('web.review.fp')}
      </button>
      <button type="button" class="small" disabled={busy} onClick={() => send('needs-work')}>
        {t('web.review.needs_work')}
      </button>
      {mark && (
        <button type="button" class="small" disabled={busy} onClick={() => send(null)}>
          {t('web.review.clear')}
        </button>
      )}
      {asking && (
        <form
          class="fp-reason"
          onSubmit={(e) => {
            e.preventDefault();
            void send('false-positive', reason);
          }}
        >
          <input
            type="text"
            name="reason"
            placeholder={t('web.review.reason')}
            value={reason}
            onInput={(e) => setReason((e.target as HTMLInputElement).value)}
          />
          <button type="submit" class="small fp" disabled={busy}>
            {t('web.review.fp_save')}
          </button>
        </form>
      )}
    </span>
  );
}

/** A plain table from rows and column renderers. */
export function Table<R>({
  rows,
  cols,
  onRow,
  rowClass,
}: {
  rows: R[];
  cols: Array<[string, (r: R) => ComponentChildren]>;
  onRow?: (r: R) => void;
  rowClass?: (r: R) => string;
}) {
  if (!rows.length) return <div class="empty">{t('web.none')}</div>;
  return (
    <div class="table-wrap">
      <table class="table">
        <thead>
          <tr>
            {cols.map(([h]) => (
              <th>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr
              class={`${onRow ? 'clickable ' : ''}${rowClass?.(r) ?? ''}`}
              onClick={onRow ? () => onRow(r) : undefined}
            >
              {cols.map(([, f]) => (
                <td>{f(r)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A time in the case's zone that does not wrap. */
export function T({ us }: { us: unknown }) {
  return <span class="ts">{time(us)}</span>;
}
