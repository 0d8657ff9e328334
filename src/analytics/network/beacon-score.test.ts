import { describe, expect, it } from 'vitest';
import { Rng } from '../../../test/support/network-scenario/rng.ts';
import { beaconScore, ritaHistogramScore, ritaScore, ritaSkewMad } from './beacon-score.ts';

// Expected values are RITA v5's own unit-test vectors (activecm/rita analysis/beacons_test.go).
function deltas(ts: number[]): number[] {
  const s = [...ts].sort((a, b) => a - b);
  const d: number[] = [];
  for (let i = 1; i < s.length; i++) if (s[i] > s[i - 1]) d.push(s[i] - s[i - 1]);
  return d;
}

describe("RITA sub-scores against RITA's test vectors", () => {
  it('timestamp score (getTimestampScore)', () => {
    expect(ritaSkewMad(deltas([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), 1)).toBeCloseTo(1, 3);
    expect(
      ritaSkewMad(
        deltas([
          1517338924, 1517338984, 1517339044, 1517339104, 1517339164, 1517339224, 1517339284, 1517339344, 1517339404,
          1517339464,
        ]),
        1,
      ),
    ).toBeCloseTo(1, 3);
    expect(
      ritaSkewMad(
        deltas([
          1517338924, 1517339022, 1517339121, 1517339220, 1517339320, 1517339420, 1517339520, 1517339621, 1517339722,
          1517339824,
        ]),
        1,
      ),
    ).toBeCloseTo(0.995, 3);
    expect(
      ritaSkewMad(
        deltas([
          1517338924, 1517339022, 1517339322, 1517339420, 1517339720, 1517339818, 1517340118, 1517340216, 1517340516,
          1517340614, 1517340914,
        ]),
        1,
      ),
    ).toBeCloseTo(0.746, 3);
    expect(
      ritaSkewMad(
        deltas([
          1517338924, 1517338925, 1517339224, 1517339249, 1517344224, 1517344314, 1517344316, 1517344358, 1517344858,
          1517346358,
        ]),
        1,
      ),
    ).toBeCloseTo(0.083, 3);
  });

  it('data size score (getDataSizeScore / calculateStatisticalScore)', () => {
    expect(ritaSkewMad([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0)).toBeCloseTo(0.773, 3);
    expect(ritaSkewMad([60, 60, 60, 60, 60, 60, 60, 60, 60], 0)).toBe(1);
    expect(ritaSkewMad([98, 99, 99, 100, 100, 100, 101, 101, 102], 0)).toBeCloseTo(0.995, 3);
    expect(Math.abs(ritaSkewMad([524885, 1, 5000, 98654, 50, 41, 965842, 3], 0) - 0.008)).toBeLessThanOrEqual(0.001);
    expect(ritaSkewMad([0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 0)).toBe(0.5);
    expect(ritaSkewMad([0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 1)).toBe(1);
    expect(ritaSkewMad([7, 8, 7, 8, 7, 8, 7, 8, 7], 1)).toBe(1);
    expect(ritaSkewMad([1, 1, 2, 2, 2, 2], 1)).toBe(1);
  });

  it("histogram score (getHistogramScore) from the histograms of RITA's cases", () => {
    expect(ritaHistogramScore([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 6).score).toBeCloseTo(0.478, 3);
    expect(ritaHistogramScore(new Array(24).fill(1), 11).score).toBe(1);
    expect(ritaHistogramScore([1, 0, 2, 0, 3, 0, 2, 1], 6).score).toBeCloseTo(0.064, 3);
    expect(ritaHistogramScore([7, 2, 1, 0, 0, 1, 0, 0, 0, 1], 6).score).toBe(0);
    expect(ritaHistogramScore([4, 1, 4, 1, 4, 1, 4, 1, 4, 1], 6).score).toBe(1);
    expect(ritaHistogramScore([2, 0, 3, 0, 1], 6).score).toBeCloseTo(0.028, 3);
    expect(ritaHistogramScore([10, ...new Array(23).fill(0)], 1).score).toBe(0);
  });

  it('perfect hourly beacon over a day scores 1', () => {
    const ts = Array.from({ length: 24 }, (_, i) => 1517338924 + i * 3600);
    const r = ritaScore(ts, new Array(24).fill(500), 1517338924, 1517338924 + 24 * 3600);
    expect(r.score).toBe(1);
  });
});

/** A day of connection times (s) of an implant: sleep, jitter model, extra connections per beat. */
function implant(
  rng: Rng,
  opts: { sleep: number; jitter: (r: Rng, s: number) => number; perBeat?: number; miss?: number; hours?: number },
): { ts: number[]; sizes: number[] } {
  const ts: number[] = [];
  const sizes: number[] = [];
  const end = (opts.hours ?? 24) * 3600;
  for (let t = rng.uniform(0, opts.sleep); t < end; t += opts.jitter(rng, opts.sleep)) {
    if (opts.miss && rng.chance(opts.miss)) continue;
    const n = opts.perBeat ?? 1;
    for (let i = 0; i < n; i++) {
      ts.push(Math.floor(t + i * rng.uniform(0.2, 2)));
      sizes.push(i === 0 ? 5100 + rng.int(-40, 40) : rng.int(800, 60_000));
    }
  }
  return { ts, sizes };
}

function ours(d: { ts: number[]; sizes: number[] }, hours = 24): number {
  const order = d.ts.map((_, i) => i).sort((a, b) => d.ts[a] - d.ts[b]);
  const ts = order.map((i) => d.ts[i]);
  return beaconScore({
    ts,
    sizes: order.map((i) => d.sizes[i]),
    hours: ts.map((t) => Math.floor(t / 3600) % 24),
    start: 0,
    end: hours * 3600,
    burstSeconds: 5,
  }).score;
}

describe('konseki beacon score vs RITA on jittered implants (one day, seeded)', () => {
  const uniform = (j: number) => (r: Rng, s: number) => s * (1 + r.uniform(-j, j));
  const cobalt = (j: number) => (r: Rng, s: number) => s * (1 - r.uniform(0, j));
  const cases: Array<[string, Parameters<typeof implant>[1]]> = [
    ['uniform ±20 %', { sleep: 300, jitter: uniform(0.2) }],
    ['uniform ±50 %', { sleep: 300, jitter: uniform(0.5) }],
    ['Cobalt Strike jitter 50 %', { sleep: 120, jitter: cobalt(0.5) }],
    ['Cobalt Strike jitter 80 %', { sleep: 120, jitter: cobalt(0.8) }],
    ['check-in + task post (2 connections per beat)', { sleep: 300, jitter: cobalt(0.3), perBeat: 2 }],
    ['3 connections per beat', { sleep: 600, jitter: uniform(0.3), perBeat: 3 }],
    ['20 % missed beats', { sleep: 300, jitter: uniform(0.3), miss: 0.2 }],
  ];
  for (const [name, opts] of cases) {
    it(`${name}: konseki ≥ 0.8 and within 0.05 of RITA or above`, () => {
      const scores = [1, 2, 3].map((seed) => {
        const d = implant(new Rng(`${name}-${seed}`), opts);
        return { ours: ours(d), rita: ritaScore(d.ts, d.sizes, 0, 86_400).score };
      });
      for (const s of scores) {
        expect(s.ours).toBeGreaterThanOrEqual(0.8);
        expect(s.ours).toBeGreaterThanOrEqual(s.rita - 0.05);
      }
    });
  }

  it('bursts of several connections per beat defeat RITA but not konseki', () => {
    const d = implant(new Rng('burst'), { sleep: 300, jitter: uniform(0.3), perBeat: 3 });
    expect(ritaScore(d.ts, d.sizes, 0, 86_400).ts).toBeLessThan(0.6);
    expect(ours(d)).toBeGreaterThan(0.85);
  });

  it('Poisson (human-like) arrivals in office hours stay below the report threshold', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const r = new Rng(`poisson-${seed}`);
      const ts: number[] = [];
      const sizes: number[] = [];
      for (let day = 0; day < 5; day++) {
        for (let t = day * 86_400 + 9 * 3600; t < day * 86_400 + 18 * 3600; t += r.exp(600)) {
          ts.push(Math.floor(t));
          sizes.push(Math.round(r.logNormal(30_000, 1.2)));
        }
      }
      expect(ours({ ts, sizes }, 5 * 24)).toBeLessThan(0.7);
    }
  });
});
