/**
 * Beacon scoring. `ritaScore` is RITA v5's published method (activecm/rita analysis/beacons.go, as
 * summarised in the shared network anchors §1.2): timestamp, data-size, histogram and duration
 * sub-scores at 0.25 each. `beaconScore` is konseki's, built to survive what real implants do and
 * RITA does not expect:
 * - several connections per beat (check-in + result post, retries): bursts closer than a few
 *   seconds become one beat before intervals are taken;
 * - missed beats (sleeping laptop, dropped check-ins): intervals near 2–4 periods count as regular;
 * - wide bounded jitter (Cobalt Strike style `sleep × (1 − random·jitter)`): regularity is also
 *   judged by the coefficient of variation of the central intervals, which stays low for bounded
 *   jitter and is near 1 for human, Poisson-like traffic;
 * - sizes that change when tasks arrive: the share of beats at the usual size counts too;
 * - the spread over the day is judged on local hours of the day over the whole log (24 bins), so a
 *   week of logs shows a workstation's 24-hour rhythm rather than 7-hour slices.
 */
import { clamp01, mad, medianOf, quartilesRita, round3, sortedCopy, type NumArray } from './stats.ts';

export interface RitaParts {
  ts: number;
  ds: number;
  hist: number;
  dur: number;
  score: number;
}

/** Bowley skew + MADM sub-score of RITA (`madDefault` when the median is below 1). */
export function ritaSkewMad(values: NumArray, madDefault: number): number {
  if (values.length < 3) return 0;
  const sorted = sortedCopy(values);
  const [q1, q2, q3] = quartilesRita(sorted);
  let skew = 0;
  const den = q3 - q1;
  if (den >= 10 && q2 !== q1 && q2 !== q3) skew = (q1 + q3 - 2 * q2) / den;
  const skewScore = 1 - Math.abs(skew);
  let madScore = madDefault;
  if (q2 >= 1) {
    const m = mad(sorted, q2);
    madScore = (q2 - m) / q2;
  }
  if (!(madScore >= 0)) madScore = 0;
  return round3((clamp01(skewScore) + madScore) / 2);
}

/** RITA's histogram score of bin counts: max(1 − CV, bimodal fit). */
export function ritaHistogramScore(
  bins: NumArray,
  minHoursSeen = 11,
  sensitivity = 0.05,
  outliers = 1,
): { score: number; activeBins: number } {
  const n = bins.length;
  let total = 0;
  let max = 0;
  let active = 0;
  for (let i = 0; i < n; i++) {
    total += bins[i];
    if (bins[i] > max) max = bins[i];
    if (bins[i] > 0) active++;
  }
  if (total === 0) return { score: 0, activeBins: 0 };
  const mean = total / n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (bins[i] - mean) ** 2;
  const cv = Math.sqrt(v / n) / mean;
  const cvScore = cv > 1 ? 0 : round3(1 - cv);
  let fit = 0;
  if (active >= Math.max(6, minHoursSeen)) {
    const binSize = Math.ceil(max * sensitivity) || 1;
    const freq = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      if (bins[i] === 0) continue;
      const b = Math.floor(bins[i] / binSize);
      freq.set(b, (freq.get(b) ?? 0) + 1);
    }
    const top = [...freq.values()].sort((a, b) => b - a);
    fit = Math.min(1, ((top[0] ?? 0) + (top[1] ?? 0)) / Math.max(active - outliers, 1));
  }
  return { score: Math.max(cvScore, round3(fit)), activeBins: active };
}

/** Longest run of non-empty bins, wrapping around the end. */
function longestRun(bins: NumArray): number {
  const n = bins.length;
  let best = 0;
  let run = 0;
  for (let i = 0; i < 2 * n; i++) {
    if (bins[i % n] > 0) {
      run++;
      if (run > best) best = run;
    } else run = 0;
  }
  return Math.min(best, n);
}

/**
 * RITA v5 beacon score of one pair: `ts` connection times in seconds (any order), `sizes` bytes
 * per connection, [start, end] the analysis window in seconds (RITA: the last 24 h of the data).
 */
export function ritaScore(ts: NumArray, sizes: NumArray, start: number, end: number): RitaParts {
  const sorted = sortedCopy(ts);
  const deltas: number[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const d = sorted[i] - sorted[i - 1];
    if (d > 0) deltas.push(d);
  }
  const tsScore = sorted.length >= 4 && deltas.length >= 3 ? ritaSkewMad(deltas, 1) : 0;
  const dsScore = sizes.length >= 3 ? ritaSkewMad(sizes, 0) : 0;
  const span = Math.max(end - start, 1);
  const bins = new Float64Array(24);
  for (const t of sorted) {
    const b = Math.min(23, Math.max(0, Math.floor(((t - start) / span) * 24)));
    bins[b]++;
  }
  const hist = ritaHistogramScore(bins);
  let dur = 0;
  if (hist.activeBins >= 6 && sorted.length) {
    const coverage = Math.min(1, Math.ceil(((sorted[sorted.length - 1] - sorted[0]) / span) * 1000) / 1000);
    const consistency = Math.min(1, Math.ceil((longestRun(bins) / 12) * 1000) / 1000);
    dur = Math.max(coverage, consistency);
  }
  const score = round3(0.25 * tsScore + 0.25 * dsScore + 0.25 * hist.score + 0.25 * dur);
  return { ts: tsScore, ds: dsScore, hist: hist.score, dur, score };
}

export interface BeaconParts {
  /** regularity of intervals (max of RITA's skew/MAD and the jitter/missed-beat aware measures) */
  ts: number;
  ds: number;
  /** spread over the 24 local hours of the day */
  hist: number;
  /** how much of the log's time the pair was active */
  dur: number;
  score: number;
  /** typical interval between beats (s) */
  period: number;
  beats: number;
  /** share of beats that came right after a gap of more than 4 periods */
  gapShare: number;
}

export interface BeaconInput {
  /** connection times (s), sorted ascending */
  ts: NumArray;
  /** bytes per connection, same order as `ts` */
  sizes: NumArray;
  /** local hour of day (0..23) per connection, same order */
  hours: NumArray;
  /** first and last second of the log */
  start: number;
  end: number;
  burstSeconds: number;
}

/** Merge connections closer than `burst` seconds into beats; returns beat start times and their total sizes. */
export function beats(ts: NumArray, sizes: NumArray, burst: number): { times: Float64Array; sizes: Float64Array } {
  const times: number[] = [];
  const sz: number[] = [];
  let lastT = -Infinity;
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i];
    if (t - lastT <= burst && times.length) {
      sz[sz.length - 1] += sizes[i];
    } else {
      times.push(t);
      sz.push(sizes[i]);
    }
    lastT = t;
  }
  return { times: Float64Array.from(times), sizes: Float64Array.from(sz) };
}

/** Share of intervals that are one period (±50 %) or 2–4 periods (±0.25 period: missed beats, counted 0.75). */
export function multipleRegularity(sortedDeltas: Float64Array, period: number): { regular: number; gaps: number } {
  let score = 0;
  let counted = 0;
  let gaps = 0;
  for (const d of sortedDeltas) {
    const k = d / period;
    if (k > 4.5) {
      gaps++;
      continue;
    }
    counted++;
    if (k >= 0.5 && k <= 1.5) score += 1;
    else if (k > 1.5) {
      if (Math.abs(k - Math.round(k)) <= 0.25) score += 0.75;
    }
  }
  return { regular: counted ? score / counted : 0, gaps };
}

/** 1 − coefficient of variation of the central 90 % of intervals (bounded jitter keeps it low). */
export function cvRegularity(sortedDeltas: Float64Array): number {
  const n = sortedDeltas.length;
  if (n < 3) return 0;
  const lo = Math.floor(n * 0.05);
  const hi = Math.max(lo + 2, Math.ceil(n * 0.95));
  let sum = 0;
  let cnt = 0;
  for (let i = lo; i < hi && i < n; i++) {
    sum += sortedDeltas[i];
    cnt++;
  }
  const mean = sum / cnt;
  if (!(mean > 0)) return 0;
  let v = 0;
  for (let i = lo; i < hi && i < n; i++) v += (sortedDeltas[i] - mean) ** 2;
  return clamp01(1 - Math.sqrt(v / cnt) / mean);
}

/** Share of beats whose size is within 5 % (or 32 bytes) of the median beat size. */
export function sizeModeShare(sizes: Float64Array): number {
  if (sizes.length < 3) return 0;
  const med = medianOf(sortedCopy(sizes));
  const tol = Math.max(32, med * 0.05);
  let near = 0;
  for (const s of sizes) if (Math.abs(s - med) <= tol) near++;
  return near / sizes.length;
}

export function beaconScore(input: BeaconInput): BeaconParts {
  const b = beats(input.ts, input.sizes, input.burstSeconds);
  const n = b.times.length;
  const deltas = new Float64Array(Math.max(0, n - 1));
  for (let i = 1; i < n; i++) deltas[i - 1] = b.times[i] - b.times[i - 1];
  const sortedDeltas = sortedCopy(deltas);
  const period = medianOf(sortedDeltas);
  let ts = 0;
  let gapShare = 0;
  if (n >= 4 && deltas.length >= 3 && period > 0) {
    const mr = multipleRegularity(sortedDeltas, period);
    gapShare = mr.gaps / deltas.length;
    const inner = sortedDeltas.filter((d) => d <= 4.5 * period);
    ts = Math.max(ritaSkewMad(inner, 1), 0.5 * mr.regular + 0.5 * cvRegularity(inner));
  }
  const ds = n >= 3 ? Math.max(ritaSkewMad(b.sizes, 0), sizeModeShare(b.sizes)) : 0;
  const hours = new Float64Array(24);
  for (let i = 0; i < input.hours.length; i++) hours[input.hours[i]]++;
  const hist = ritaHistogramScore(hours, 11).score;
  const span = Math.max(input.end - input.start, 1);
  let dur = 0;
  if (n >= 2) {
    const coverage = clamp01((b.times[n - 1] - b.times[0]) / span);
    dur = coverage * (1 - Math.min(0.5, gapShare));
  }
  const score = round3(0.4 * ts + 0.2 * ds + 0.2 * hist + 0.2 * dur);
  return {
    ts: round3(ts),
    ds: round3(ds),
    hist,
    dur: round3(dur),
    score,
    period,
    beats: n,
    gapShare: round3(gapShare),
  };
}
