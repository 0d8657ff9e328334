/** Order statistics for the beacon scores (inputs are sorted ascending unless said otherwise). */

export type NumArray = ArrayLike<number>;

/** Quantile by linear interpolation between closest ranks (type 7). */
export function quantile(sorted: NumArray, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * Quartiles the way RITA computes them (montanaflynn/stats Quartile): the median of the lower and
 * upper halves, the middle element excluded when the count is odd.
 */
export function quartilesRita(sorted: NumArray): [number, number, number] {
  const n = sorted.length;
  const half = Math.floor(n / 2);
  const lower = Array.prototype.slice.call(sorted, 0, half) as number[];
  const upper = Array.prototype.slice.call(sorted, n % 2 === 0 ? half : half + 1) as number[];
  return [medianOf(lower), medianOf(sorted), medianOf(upper)];
}

export function medianOf(sorted: NumArray): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = n >> 1;
  return n % 2 ? sorted[h] : (sorted[h - 1] + sorted[h]) / 2;
}

/** Median absolute deviation about the median (unsorted input is fine). */
export function mad(values: NumArray, median: number): number {
  const dev = Float64Array.from(values as ArrayLike<number>, (v) => Math.abs(v - median));
  dev.sort();
  return medianOf(dev);
}

export function sortedCopy(values: NumArray): Float64Array {
  const a = Float64Array.from(values as ArrayLike<number>);
  a.sort();
  return a;
}

export function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export function clamp01(x: number): number {
  return x < 0 || Number.isNaN(x) ? 0 : Math.min(x, 1);
}
