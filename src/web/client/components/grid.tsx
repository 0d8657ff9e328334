/**
 * A virtualised grid over a server-side result: only the rows in view (plus a margin) are in the DOM,
 * fetched a page at a time. Millions of rows scroll with a few dozen elements. Past the height a
 * browser can lay out, the scroll bar maps proportionally onto the rows.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';

export interface Column<R> {
  key: string;
  label: string;
  /** CSS grid track, e.g. `160px` or `minmax(200px, 1fr)` */
  width: string;
  render: (r: R) => ComponentChildren;
  /** plain text of the cell (its tooltip) */
  text?: (r: R) => string;
}

const ROW = 26;
const PAGE = 200;
/** The tallest spacer used; browsers stop laying out near 33 million pixels. */
const MAX_HEIGHT = 8_000_000;

export function Grid<R extends { id: unknown }>({
  total,
  fetchPage,
  columns,
  onSelect,
  selected,
  resetKey,
  rowClass,
}: {
  total: number | null;
  fetchPage: (offset: number, limit: number) => Promise<R[]>;
  columns: Column<R>[];
  onSelect: (r: R) => void;
  selected?: unknown;
  /** changes when the query changes: cached pages are dropped */
  resetKey: string;
  rowClass?: (r: R) => string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const pages = useRef(new Map<number, R[] | 'loading'>());
  const [, setTick] = useState(0);
  const [view, setView] = useState({ top: 0, height: 600 });
  const currentKey = useRef(resetKey);
  if (currentKey.current !== resetKey) {
    // a new query: the cached pages belong to the old one
    currentKey.current = resetKey;
    pages.current = new Map();
  }

  useEffect(() => {
    if (box.current) box.current.scrollTop = 0;
    setView((v) => ({ ...v, top: 0 }));
    setTick((x) => x + 1);
  }, [resetKey]);

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = (): void => setView({ top: el.scrollTop, height: el.clientHeight });
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const n = total ?? 0;
  const full = n * ROW;
  const spacer = Math.min(full, MAX_HEIGHT);
  const maxScroll = Math.max(1, spacer - view.height);
  const scale = full > MAX_HEIGHT ? (full - view.height) / maxScroll : 1;
  const virtualTop = view.top * scale;
  const first = Math.max(0, Math.floor(virtualTop / ROW) - 5);
  const visible = Math.ceil(view.height / ROW) + 10;
  const last = Math.min(n, first + visible);

  useEffect(() => {
    if (total === null) return;
    const want = new Set<number>();
    for (let i = first; i < last; i += PAGE) want.add(Math.floor(i / PAGE));
    if (last > 0) want.add(Math.floor((last - 1) / PAGE));
    const key = resetKey;
    for (const p of want) {
      if (pages.current.has(p)) continue;
      pages.current.set(p, 'loading');
      fetchPage(p * PAGE, PAGE)
        .then((rows) => {
          if (key !== currentKey.current) return;
          pages.current.set(p, rows);
          setTick((x) => x + 1);
        })
        .catch(() => pages.current.delete(p));
    }
  }, [first, last, resetKey, total]);

  const template = columns.map((c) => c.width).join(' ');
  const rows: ComponentChildren[] = [];
  const offset = virtualTop - view.top;
  for (let i = first; i < last; i++) {
    const page = pages.current.get(Math.floor(i / PAGE));
    const r = Array.isArray(page) ? page[i % PAGE] : undefined;
    const top = i * ROW - offset;
    rows.push(
      // biome-ignore lint/a11y/useSemanticElements: rows of a virtualised grid are positioned one by one; a <tr> cannot be
      <div
        class={`grid-row${r && r.id === selected ? ' selected' : ''}${r && rowClass ? ` ${rowClass(r)}` : ''}`}
        style={{ top: `${top}px`, gridTemplateColumns: template }}
        data-row={i}
        role="row"
        tabIndex={r ? 0 : -1}
        onClick={r ? () => onSelect(r) : undefined}
        onKeyDown={(e) => {
          if (r && (e.key === 'Enter' || e.key === ' ')) {
            e.preventDefault();
            onSelect(r);
          } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            const next = (e.currentTarget as HTMLElement).parentElement?.querySelector<HTMLElement>(
              `[data-row="${i + (e.key === 'ArrowDown' ? 1 : -1)}"]`,
            );
            next?.focus();
            if (!next && box.current) box.current.scrollTop += e.key === 'ArrowDown' ? ROW : -ROW;
          }
        }}
      >
        {r
          ? columns.map((c) => (
              <div class={`cell cell-${c.key}`} title={c.text?.(r)}>
                {c.render(r)}
              </div>
            ))
          : columns.map((c) => <div class={`cell cell-${c.key} pending`}>…</div>)}
      </div>,
    );
  }
  return (
    <div class="grid">
      <div class="grid-head" style={{ gridTemplateColumns: template }}>
        {columns.map((c) => (
          <div class={`cell cell-${c.key}`}>{c.label}</div>
        ))}
      </div>
      <div
        class="grid-body"
        ref={box}
        onScroll={(e) => setView({ top: (e.target as HTMLDivElement).scrollTop, height: view.height })}
      >
        <div class="grid-spacer" style={{ height: `${spacer}px` }}>
          {rows}
        </div>
      </div>
    </div>
  );
}
