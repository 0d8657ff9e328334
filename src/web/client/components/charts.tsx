/**
 * Charts with uPlot (small, fast, canvas): time series and bars over time in the organisation's zone,
 * and plain histograms. Data are columns: x first, then one array per series.
 */
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import { getZone } from '../format.ts';

export interface SeriesSpec {
  label: string;
  color: string;
  /** bars (default), points or line */
  kind?: 'bars' | 'points' | 'line';
  scale?: string;
}

const bars = uPlot.paths.bars!({ size: [0.9, 60], align: 1 });

function series(s: SeriesSpec): uPlot.Series {
  const base: uPlot.Series = { label: s.label, stroke: s.color, fill: `${s.color}88`, scale: s.scale ?? 'y' };
  if ((s.kind ?? 'bars') === 'bars') return { ...base, paths: bars, points: { show: false } };
  if (s.kind === 'points')
    return { ...base, fill: undefined, paths: () => null, points: { show: true, size: 5, fill: s.color } };
  return { ...base, fill: undefined, points: { show: false } };
}

/** A chart; `time` makes x epoch seconds shown in the case's zone. `onSelect` gets a dragged x range. */
export function Chart({
  data,
  specs,
  time = true,
  height = 160,
  onSelect,
  xLabel,
  yLog,
  testId,
}: {
  data: Array<Array<number | null>>;
  specs: SeriesSpec[];
  time?: boolean;
  height?: number;
  onSelect?: (from: number, to: number) => void;
  xLabel?: string;
  yLog?: boolean;
  testId?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el || !data.length || !data[0]!.length) return;
    const zone = getZone();
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height,
      scales: { x: { time }, y: yLog ? { distr: 3 } : {} },
      legend: { show: specs.length > 1 },
      cursor: { drag: { x: !!onSelect, y: false, setScale: false } },
      axes: [
        { label: xLabel, stroke: '#555', grid: { stroke: '#eee' } },
        { stroke: '#555', grid: { stroke: '#eee' } },
      ],
      series: [{}, ...specs.map(series)],
      ...(time ? { tzDate: (ts: number) => uPlot.tzDate(new Date(ts * 1e3), zone) } : {}),
      hooks: onSelect
        ? {
            setSelect: [
              (u: uPlot) => {
                if (u.select.width < 3) return;
                const a = u.posToVal(u.select.left, 'x');
                const b = u.posToVal(u.select.left + u.select.width, 'x');
                u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
                onSelect(a, b);
              },
            ],
          }
        : {},
    };
    const plot = new uPlot(opts, data as uPlot.AlignedData, el);
    const ro = new ResizeObserver(() => plot.setSize({ width: Math.max(200, el.clientWidth), height }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.destroy();
    };
  }, [data, specs.map((s) => s.label).join('|'), height]);
  return <div class="chart" ref={box} data-testid={testId} data-points={data[0]?.length ?? 0} />;
}

/** Counts of `values` in `bins` equal bins between 0 and `max` (values above max go into the last bin). */
export function histogram(values: number[], bins: number, max: number): { x: number[]; y: number[] } {
  const width = max / bins || 1;
  const y = new Array<number>(bins).fill(0);
  for (const v of values) {
    if (!Number.isFinite(v) || v < 0) continue;
    y[Math.min(bins - 1, Math.floor(v / width))]!++;
  }
  return { x: y.map((_, i) => i * width), y };
}

/** The value below which `q` (0..1) of the sorted values lie. */
export function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.floor(q * (sorted.length - 1))))]!;
}
