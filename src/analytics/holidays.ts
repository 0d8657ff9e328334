/**
 * Japanese public holidays (国民の祝日, 振替休日, 国民の休日) computed for any year from the rules of the
 * 祝日法 (Act on National Holidays, 1948) and its amendments, not from a list:
 * fixed dates, "Happy Monday" dates (2000/2003 amendments), equinox days from the usual
 * astronomical approximation (the Cabinet Office announces them a year ahead; the formula agrees
 * for 1900–2099), the one-off days of imperial events, the 2020/2021 Olympic moves, substitute
 * holidays (since 1973-04-12; since 2007 the next day that is not a holiday) and citizens'
 * holidays (a day between two holidays, since 1985-12-27).
 */

export interface Holiday {
  /** YYYY-MM-DD */
  date: string;
  name_ja: string;
  name_en: string;
}

type Raw = { m: number; d: number; ja: string; en: string };

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Day of week (0 = Sunday) of a Gregorian date. */
export function weekday(y: number, m: number, d: number): number {
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/** Day of month of the n-th Monday of a month. */
function nthMonday(y: number, m: number, n: number): number {
  const first = weekday(y, m, 1);
  return 1 + ((8 - first) % 7) + (n - 1) * 7;
}

/** Vernal equinox day in March (1900–2150; outside, the nearest formula is extended). */
export function vernalEquinoxDay(y: number): number {
  const base = y < 1980 ? 20.8357 : y <= 2099 ? 20.8431 : 21.851;
  const leapFix = y < 1980 ? Math.trunc((y - 1983) / 4) : Math.trunc((y - 1980) / 4);
  return Math.trunc(base + 0.242194 * (y - 1980) - leapFix);
}

/** Autumnal equinox day in September. */
export function autumnalEquinoxDay(y: number): number {
  const base = y < 1980 ? 23.2588 : y <= 2099 ? 23.2488 : 24.2488;
  const leapFix = y < 1980 ? Math.trunc((y - 1983) / 4) : Math.trunc((y - 1980) / 4);
  return Math.trunc(base + 0.242194 * (y - 1980) - leapFix);
}

/** The 国民の祝日 proper of a year (no substitute or citizens' holidays). */
function nationalHolidays(y: number): Raw[] {
  const h: Raw[] = [];
  const add = (m: number, d: number, ja: string, en: string): void => {
    h.push({ m, d, ja, en });
  };
  if (y < 1948) return h;
  // The act took effect on 1948-07-20: only the autumn holidays of 1948 exist.
  if (y >= 1949) {
    add(1, 1, '元日', "New Year's Day");
    if (y >= 2000) add(1, nthMonday(y, 1, 2), '成人の日', 'Coming of Age Day');
    else add(1, 15, '成人の日', 'Coming of Age Day');
    if (y >= 1967) add(2, 11, '建国記念の日', 'National Foundation Day');
    if (y >= 2020) add(2, 23, '天皇誕生日', "Emperor's Birthday");
    add(3, vernalEquinoxDay(y), '春分の日', 'Vernal Equinox Day');
    if (y <= 1988) add(4, 29, '天皇誕生日', "Emperor's Birthday");
    else if (y <= 2006) add(4, 29, 'みどりの日', 'Greenery Day');
    else add(4, 29, '昭和の日', 'Showa Day');
    add(5, 3, '憲法記念日', 'Constitution Memorial Day');
    if (y >= 2007) add(5, 4, 'みどりの日', 'Greenery Day');
    add(5, 5, 'こどもの日', "Children's Day");
    if (y === 2020) add(7, 23, '海の日', 'Marine Day');
    else if (y === 2021) add(7, 22, '海の日', 'Marine Day');
    else if (y >= 2003) add(7, nthMonday(y, 7, 3), '海の日', 'Marine Day');
    else if (y >= 1996) add(7, 20, '海の日', 'Marine Day');
    if (y === 2020) add(8, 10, '山の日', 'Mountain Day');
    else if (y === 2021) add(8, 8, '山の日', 'Mountain Day');
    else if (y >= 2016) add(8, 11, '山の日', 'Mountain Day');
    if (y >= 2003) add(9, nthMonday(y, 9, 3), '敬老の日', 'Respect for the Aged Day');
    else if (y >= 1966) add(9, 15, '敬老の日', 'Respect for the Aged Day');
    if (y === 2020) add(7, 24, 'スポーツの日', 'Sports Day');
    else if (y === 2021) add(7, 23, 'スポーツの日', 'Sports Day');
    else if (y >= 2022) add(10, nthMonday(y, 10, 2), 'スポーツの日', 'Sports Day');
    else if (y >= 2000) add(10, nthMonday(y, 10, 2), '体育の日', 'Health and Sports Day');
    else if (y >= 1966) add(10, 10, '体育の日', 'Health and Sports Day');
    if (y >= 1989 && y <= 2018) add(12, 23, '天皇誕生日', "Emperor's Birthday");
  }
  add(9, autumnalEquinoxDay(y), '秋分の日', 'Autumnal Equinox Day');
  add(11, 3, '文化の日', 'Culture Day');
  add(11, 23, '勤労感謝の日', 'Labour Thanksgiving Day');
  // Days of imperial events, each made a holiday by its own act.
  const special: Record<number, Raw[]> = {
    1959: [{ m: 4, d: 10, ja: '皇太子明仁親王の結婚の儀', en: 'Wedding of Crown Prince Akihito' }],
    1989: [{ m: 2, d: 24, ja: '昭和天皇の大喪の礼', en: 'Funeral of Emperor Showa' }],
    1990: [{ m: 11, d: 12, ja: '即位礼正殿の儀', en: 'Enthronement Ceremony' }],
    1993: [{ m: 6, d: 9, ja: '皇太子徳仁親王の結婚の儀', en: 'Wedding of Crown Prince Naruhito' }],
    2019: [
      { m: 5, d: 1, ja: '天皇の即位の日', en: 'Accession of the Emperor' },
      { m: 10, d: 22, ja: '即位礼正殿の儀', en: 'Enthronement Ceremony' },
    ],
  };
  for (const s of special[y] ?? []) h.push(s);
  if (y === 1948) return h.filter((r) => r.m > 7 || (r.m === 7 && r.d >= 20));
  return h;
}

const cache = new Map<number, Holiday[]>();

/** Every public holiday of a year in date order (names in Japanese and English). */
export function japaneseHolidays(y: number): Holiday[] {
  const hit = cache.get(y);
  if (hit) return hit;
  const byDate = new Map<string, { ja: string; en: string }>();
  const key = (m: number, d: number): string => `${y}-${pad(m)}-${pad(d)}`;
  const national = nationalHolidays(y);
  for (const r of national) byDate.set(key(r.m, r.d), { ja: r.ja, en: r.en });
  const isNational = (t: number): boolean => {
    const dt = new Date(t);
    return dt.getUTCFullYear() === y ? byDate.has(key(dt.getUTCMonth() + 1, dt.getUTCDate())) : nationalOtherYear(dt);
  };
  const DAY = 86_400_000;
  // 振替休日: a holiday on a Sunday moves to the next day (1973-04-12..2006), to the next non-holiday (2007-).
  const substitutes: number[] = [];
  for (const r of national) {
    const t = Date.UTC(y, r.m - 1, r.d);
    if (new Date(t).getUTCDay() !== 0 || t < Date.UTC(1973, 3, 12)) continue;
    let s = t + DAY;
    if (y >= 2007) while (isNational(s)) s += DAY;
    substitutes.push(s);
  }
  for (const s of substitutes) {
    const dt = new Date(s);
    if (dt.getUTCFullYear() !== y) continue;
    const k = key(dt.getUTCMonth() + 1, dt.getUTCDate());
    if (!byDate.has(k)) byDate.set(k, { ja: '振替休日', en: 'Substitute Holiday' });
  }
  // 国民の休日: a day between two 国民の祝日 (since 1985-12-27; before 2007 not on a Sunday or a substitute holiday).
  if (y >= 1986) {
    for (let t = Date.UTC(y, 0, 2); t < Date.UTC(y, 11, 31); t += DAY) {
      const dt = new Date(t);
      const k = key(dt.getUTCMonth() + 1, dt.getUTCDate());
      if (byDate.has(k) || isNational(t)) continue;
      if (!isNational(t - DAY) || !isNational(t + DAY)) continue;
      if (y < 2007 && dt.getUTCDay() === 0) continue;
      byDate.set(k, { ja: '国民の休日', en: "Citizens' Holiday" });
    }
  }
  const out = [...byDate.entries()]
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
    .map(([date, n]) => ({ date, name_ja: n.ja, name_en: n.en }));
  cache.set(y, out);
  return out;
}

function nationalOtherYear(dt: Date): boolean {
  const y = dt.getUTCFullYear();
  const m = dt.getUTCMonth() + 1;
  const d = dt.getUTCDate();
  return nationalHolidays(y).some((r) => r.m === m && r.d === d);
}

const setCache = new Map<number, Set<string>>();

/** Is this local date (YYYY, 1-12, 1-31) a Japanese public holiday? */
export function isJapaneseHoliday(y: number, m: number, d: number): boolean {
  let s = setCache.get(y);
  if (!s) {
    s = new Set(japaneseHolidays(y).map((h) => h.date));
    setCache.set(y, s);
  }
  return s.has(`${y}-${pad(m)}-${pad(d)}`);
}
