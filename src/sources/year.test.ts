import { describe, expect, it } from 'vitest';
import { YearGuess, type YearAnchor } from './year.ts';

const us = (iso: string): number => Date.parse(iso) * 1000;
const DAY = 86_400_000_000;
const anchor = (from: string, to: string, scope: YearAnchor['scope'] = 'host', days: string[] = []): YearAnchor => ({
  fromUs: us(from),
  toUs: us(to),
  days: days.map((d) => Math.floor(us(d) / DAY)),
  scope,
  basis: 'wtmp',
});
const years = (g: YearGuess, stamps: Array<[number, number]>): number[] => stamps.map(([m, d]) => g.yearOf(m, d));

describe('years of year-less stamps', () => {
  it('takes the year of the dated evidence of the host, not the file time', () => {
    // the corpus case: auth.log unpacked in 2026 beside a wtmp that reaches from 2020 to 2021
    const days = ['2020-03-30', '2020-05-04', '2020-08-27', '2021-10-20', '2021-10-27', '2021-10-29'];
    const g = new YearGuess(
      anchor('2020-03-30T12:35:44Z', '2021-10-29T21:19:55Z', 'host', days),
      us('2026-11-22T22:23:00Z'),
    );
    expect(
      years(g, [
        [10, 27],
        [10, 29],
      ]),
    ).toEqual([2021, 2021]);
    expect(g.basis).toBe('host');
  });

  it('crosses New Year inside a file (anchor before, after and around the turn of the year)', () => {
    const stamps: Array<[number, number]> = [
      [12, 30],
      [12, 31],
      [1, 1],
      [1, 2],
    ];
    const want = [2023, 2023, 2024, 2024];
    expect(years(new YearGuess(anchor('2023-12-01T00:00:00Z', '2023-12-31T00:00:00Z')), stamps)).toEqual(want);
    expect(years(new YearGuess(anchor('2024-01-02T00:00:00Z', '2024-02-01T00:00:00Z')), stamps)).toEqual(want);
    expect(years(new YearGuess(anchor('2023-12-29T00:00:00Z', '2024-01-03T00:00:00Z')), stamps)).toEqual(want);
    // file time just after New Year: the December lines belong to the year before
    expect(years(new YearGuess(undefined, us('2024-01-03T10:00:00Z')), stamps)).toEqual(want);
  });

  it('keeps the order of a file whose lines lie half a year from the anchor', () => {
    // the nearest year alone would flip between Dec 10 (after) and Dec 20 (before) an anchor in mid-June
    const g = new YearGuess(anchor('2024-06-14T00:00:00Z', '2024-06-16T00:00:00Z'));
    const ys = years(g, [
      [12, 10],
      [12, 15],
      [12, 20],
    ]);
    expect(new Set(ys).size).toBe(1);
  });

  it('a late line of the old year after New Year does not move the year back for the lines after it', () => {
    const g = new YearGuess(anchor('2023-12-01T00:00:00Z', '2024-01-05T00:00:00Z'));
    expect(
      years(g, [
        [12, 31],
        [1, 1],
        [12, 31],
        [1, 1],
      ]),
    ).toEqual([2023, 2024, 2023, 2024]);
  });

  it('guesses from the file time when nothing is dated: at or before it, one day of slack, Feb 29 in a leap year', () => {
    const g = (mtime: string): YearGuess => new YearGuess(undefined, us(mtime));
    expect(g('2024-01-02T12:00:00Z').yearOf(1, 3)).toBe(2024);
    expect(g('2024-01-02T12:00:00Z').yearOf(1, 5)).toBe(2023);
    expect(g('2023-06-01T00:00:00Z').yearOf(2, 29)).toBe(2020);
    expect(g('2023-06-01T00:00:00Z').basis).toBe('mtime');
    expect(new YearGuess().basis).toBe('clock');
  });

  it('an anchor of other hosts is used the same way, and says so', () => {
    const g = new YearGuess(anchor('2021-10-01T00:00:00Z', '2021-10-31T00:00:00Z', 'case'), us('2026-01-01T00:00:00Z'));
    expect(g.yearOf(10, 14)).toBe(2021);
    expect(g.basis).toBe('case');
  });
});

describe('years of stamps that are not in file order', () => {
  it('a collection of lines from many dates takes each year on its own (file time)', () => {
    const g = new YearGuess(undefined, us('2005-08-14T12:00:00Z'));
    expect(
      years(g, [
        [8, 1],
        [1, 20],
        [12, 2],
        [3, 3],
      ]),
    ).toEqual([2005, 2005, 2004, 2005]);
  });
});
