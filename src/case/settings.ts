/**
 * The settings a case keeps in case.json (`settings`), so that every later command sees the case as
 * triage did: the organisation's time zone (given, inferred from the evidence, or this machine's,
 * and why), its business calendar, and how times and words are shown (display zone, language).
 * case.json may be edited by hand: every value is checked, a bad one is dropped.
 */
import {
  DEFAULT_CALENDAR,
  expandHolidayEntry,
  formatBusinessHours,
  formatWorkdays,
  parseBusinessHours,
  parseWorkdays,
  type BusinessCalendar,
} from '../core/calendar.ts';
import { isValidTimeZone, localTimeZone } from '../core/time-format.ts';
import { decideZone, type ZoneClue } from '../core/zones.ts';
import { t, type Lang } from '../i18n/index.ts';
import './messages.ts';

/** Where the organisation's zone came from. */
export type OrgZoneSource = 'given' | 'inferred' | 'machine';

export interface OrgZone {
  zone: string;
  source: OrgZoneSource;
  /** inferred: the evidence that agrees on it; machine: the evidence that disagreed (if any) */
  basis?: string[];
  /** the offsets seen ("+09:00") */
  offsets?: string[];
  /** machine: the clues that disagree, by offset */
  conflict?: Array<{ offset: string; sources: string[] }>;
}

export interface CaseSettings {
  lang?: 'en' | 'ja';
  /** the zone times are shown in (default: the organisation's) */
  time_zone?: string;
  org_time_zone?: OrgZone;
  /** "08:30-18:00" */
  business_hours?: string;
  /** "mon-fri" */
  workdays?: string;
  japanese_holidays?: boolean;
  /** company days off: YYYY-MM-DD, MM-DD every year */
  holidays?: string[];
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length < 200 ? v : undefined);
const strings = (v: unknown, max = 2000): string[] | undefined =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.length < 500).slice(0, max) : undefined;

function check<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

function parseOrgZone(v: unknown): OrgZone | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  const zone = str(o.zone);
  if (!zone || !isValidTimeZone(zone)) return undefined;
  const source: OrgZoneSource = o.source === 'inferred' || o.source === 'machine' ? o.source : 'given';
  const out: OrgZone = { zone, source };
  const basis = strings(o.basis, 50);
  if (basis?.length) out.basis = basis;
  const offsets = strings(o.offsets, 20);
  if (offsets?.length) out.offsets = offsets;
  if (Array.isArray(o.conflict))
    out.conflict = o.conflict
      .filter((c): c is Record<string, unknown> => !!c && typeof c === 'object')
      .slice(0, 20)
      .map((c) => ({ offset: str(c.offset) ?? '?', sources: strings(c.sources, 20) ?? [] }));
  return out;
}

/** The settings of a case.json object (checked); the older `report: {lang, time_zone}` is read as settings. */
export function settingsOf(cf: { settings?: unknown; report?: unknown }): CaseSettings {
  const raw = (cf.settings && typeof cf.settings === 'object' ? cf.settings : {}) as Record<string, unknown>;
  const old = (cf.report && typeof cf.report === 'object' ? cf.report : {}) as Record<string, unknown>;
  const out: CaseSettings = {};
  const lang = raw.lang ?? old.lang;
  if (lang === 'en' || lang === 'ja') out.lang = lang;
  const tz = str(raw.time_zone ?? old.time_zone);
  if (tz && isValidTimeZone(tz)) out.time_zone = tz;
  const org = parseOrgZone(raw.org_time_zone);
  if (org) out.org_time_zone = org;
  const hours = str(raw.business_hours);
  if (hours && check(() => parseBusinessHours(hours))) out.business_hours = hours;
  const days = str(raw.workdays);
  if (days && check(() => parseWorkdays(days))) out.workdays = days;
  if (typeof raw.japanese_holidays === 'boolean') out.japanese_holidays = raw.japanese_holidays;
  const hol = strings(raw.holidays, 5000)?.filter((d) => expandHolidayEntry(d)?.length === 1);
  if (hol?.length) out.holidays = hol;
  return out;
}

/** Settings with `patch` laid over them (undefined values keep what was there). */
export function mergeSettings(base: CaseSettings, patch: CaseSettings): CaseSettings {
  const out: CaseSettings = { ...base };
  for (const [k, v] of Object.entries(patch)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

/** The business calendar of the settings (defaults for what they do not say). */
export function calendarOf(s: CaseSettings): BusinessCalendar {
  return {
    businessHours: s.business_hours ? parseBusinessHours(s.business_hours) : DEFAULT_CALENDAR.businessHours,
    workDays: s.workdays ? parseWorkdays(s.workdays) : DEFAULT_CALENDAR.workDays,
    japaneseHolidays: s.japanese_holidays ?? DEFAULT_CALENDAR.japaneseHolidays,
    extraHolidays: s.holidays ?? [],
  };
}

/** The calendar written back as settings. */
export function calendarSettings(c: BusinessCalendar): CaseSettings {
  return {
    business_hours: formatBusinessHours(c.businessHours),
    workdays: formatWorkdays(c.workDays),
    japanese_holidays: c.japaneseHolidays,
    holidays: c.extraHolidays.length ? [...c.extraHolidays] : undefined,
  };
}

/** The zone the organisation works in: the case's, else this machine's. */
export function orgZone(s: CaseSettings): string {
  return s.org_time_zone?.zone ?? localTimeZone();
}

/** The zone times are shown in: the option, the case's display zone, the organisation's, this machine's. */
export function displayZone(s: CaseSettings, option?: string): string {
  return option ?? s.time_zone ?? s.org_time_zone?.zone ?? localTimeZone();
}

/** The organisation's zone from the evidence's clues: the zone they agree on, else this machine's (with the disagreement). */
export function orgZoneFromEvidence(clues: ZoneClue[], machine = localTimeZone()): OrgZone {
  const d = decideZone(clues);
  if (!d) return { zone: machine, source: 'machine' };
  if ('zone' in d) return { zone: d.zone, source: 'inferred', basis: d.sources.slice(0, 10), offsets: d.offsets };
  return { zone: machine, source: 'machine', conflict: d.conflict };
}

const DAYS_JA: Record<string, string> = { sun: '日', mon: '月', tue: '火', wed: '水', thu: '木', fri: '金', sat: '土' };

/** Sentences on the organisation's zone and calendar; `warn` when the zone is only this machine's. */
export function describeSettings(s: CaseSettings, lang: Lang): { zone: string; calendar: string; warn: boolean } {
  const o = s.org_time_zone ?? { zone: localTimeZone(), source: 'machine' as const };
  const list = (v: string[] | undefined, max = 3): string => {
    const l = (v ?? []).map((x) => x.split(/[\\/]/).slice(-1)[0]!);
    return l.length > max ? `${l.slice(0, max).join(', ')} +${l.length - max}` : l.join(', ');
  };
  let zone: string;
  if (o.source === 'given') zone = t('settings.org.given', { zone: o.zone }, lang);
  else if (o.source === 'inferred')
    zone = t(
      'settings.org.inferred',
      { zone: o.zone, offsets: (o.offsets ?? []).join(', '), sources: list(o.basis) },
      lang,
    );
  else if (o.conflict?.length)
    zone = t(
      'settings.org.conflict',
      { zone: o.zone, groups: o.conflict.map((c) => `${c.offset}: ${list(c.sources, 2)}`).join('; ') },
      lang,
    );
  else zone = t('settings.org.machine', { zone: o.zone }, lang);
  const c = calendarOf(s);
  const days = formatWorkdays(c.workDays);
  const calendar = t(
    'settings.calendar',
    {
      hours: formatBusinessHours(c.businessHours),
      days: lang === 'ja' ? days.replace(/[a-z]{3}/g, (d) => DAYS_JA[d] ?? d) : days,
      extra: c.extraHolidays.length ? t('settings.calendar.extra', { count: c.extraHolidays.length }, lang) : '',
    },
    lang,
  );
  return { zone, calendar, warn: o.source === 'machine' };
}
