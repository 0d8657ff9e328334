/**
 * Before the evidence is read: what dates and zones it speaks, from small samples.
 *
 * - Year anchors: year-less logs (BSD syslog, Snort fast) take their years from the dated evidence
 *   of the same host (wtmp, audit, journal, EVTX: files under the same host directory), else of the
 *   case; only then from the file time.
 * - Zone clues (when the organisation's zone is not given): offsets that time stamps carry (Squid and
 *   web `[…+0900]`, Suricata EVE, RFC 3339 syslog), journal zone names (JST), the Windows time zone
 *   of System event 6013, and zone-less logs paired with dated logins of the same host (the same
 *   user at the same second in auth.log and wtmp/btmp or 4624/4625 says the log's offset).
 *
 * Every read here is bounded (a head of each text file, the first events of a few dated files per
 * host) and never throws for bad input: what cannot be read adds no clue.
 */
import { gunzipSync, constants as zlibConstants } from 'node:zlib';
import type { Event } from '../core/event.ts';
import type { ZoneClue } from '../core/zones.ts';
import { parseOffset } from '../core/zones.ts';
import { ianaOfWindowsZone, parseWindowsZoneValue } from '../core/windows-zones.ts';
import type { YearAnchor } from '../sources/year.ts';
import { readerById, readHead } from './readers.ts';

export interface TimedFile {
  path: string;
  display: string;
  /** the reader that will read it */
  reader: string;
  mtimeUs: number;
}

export interface TimeEvidence {
  /** year anchors of files with year-less stamps, by display path */
  anchors: Map<string, YearAnchor>;
  /** what the evidence says about the organisation's zone */
  clues: ZoneClue[];
}

/** Readers whose stamps carry no zone (local time of the machine that wrote them). */
const ZONELESS = new Set([
  'syslog',
  'pfsense-filterlog',
  'iptables',
  'snort-fast',
  'suricata-fast',
  'snort-full',
  'snort-csv',
  'bind-query',
  'dnsmasq',
  'unbound',
  'windows-dns',
]);
/** Readers of dated evidence (absolute times): what year-less logs of the same host are placed next to. */
const DATED = ['wtmp', 'journal', 'auditd', 'evtx', 'suricata-eve', 'zeek', 'squid', 'web-access'];
/** Readers whose heads may show offsets. */
const OFFSET_TEXT = new Set(['squid', 'web-access', 'suricata-eve', ...ZONELESS]);

const SAMPLE_EVENTS = 20_000;
const DATED_FILES_PER_HOST = 6;
const MIN_US = Date.UTC(1990, 0, 1) * 1000;
const DAY_US = 86_400_000_000;

/** The directory that holds a host's evidence: the part before var/log, Windows/System32, winevt; else the parent. */
export function hostRoot(display: string): string {
  const parts = display.split(/[\\/!]+/);
  const lower = parts.map((p) => p.toLowerCase());
  for (let i = 0; i < lower.length - 1; i++) {
    if (lower[i] === 'var' && lower[i + 1] === 'log') return parts.slice(0, i).join('/');
    if (lower[i] === 'windows' && lower[i + 1] === 'system32') return parts.slice(0, i).join('/');
    if (lower[i] === 'winevt') return parts.slice(0, Math.max(0, i - 3)).join('/');
  }
  return parts.slice(0, -1).join('/');
}

const YEARLESS_HEAD = /^(?:<\d{1,3}>)?[A-Z][a-z]{2}\.? {1,2}\d{1,2} \d{2}:\d{2}:\d{2}|^\d{2}\/\d{2}-\d{2}:\d{2}:\d{2}/m;

function headText(path: string): string {
  try {
    const b = readHead(path);
    if (b.length > 2 && b[0] === 0x1f && b[1] === 0x8b)
      return gunzipSync(b, { finishFlush: zlibConstants.Z_SYNC_FLUSH })
        .subarray(0, 1 << 16)
        .toString('utf8');
    return b.toString('utf8');
  } catch {
    return '';
  }
}

async function sample(f: TimedFile, max: number, extra: { timeZone?: string; yearAnchor?: YearAnchor } = {}) {
  const out: Event[] = [];
  const reader = readerById(f.reader);
  if (!reader) return out;
  try {
    for await (const e of reader.read(f.path, { issues: [], displayPath: f.display, mtimeUs: f.mtimeUs, ...extra })) {
      out.push(e);
      if (out.length >= max) break;
    }
  } catch {
    // a reader that fails here fails again, with its issues, when the file is read
  }
  return out;
}

/** The days and range of plausible dated events. */
function anchorOf(events: Event[], scope: YearAnchor['scope'], basis: string): YearAnchor | undefined {
  const days = new Set<number>();
  let from = Infinity;
  let to = -Infinity;
  const max = Date.now() * 1000 + DAY_US;
  for (const e of events) {
    if (!Number.isFinite(e.ts) || e.ts < MIN_US || e.ts > max) continue;
    days.add(Math.floor(e.ts / DAY_US));
    if (e.ts < from) from = e.ts;
    if (e.ts > to) to = e.ts;
  }
  if (!days.size) return undefined;
  return { fromUs: from, toUs: to, days: [...days].sort((a, b) => a - b), scope, basis };
}

function mergeAnchors(list: YearAnchor[], scope: YearAnchor['scope']): YearAnchor | undefined {
  if (!list.length) return undefined;
  const days = new Set<number>();
  for (const a of list) for (const d of a.days) days.add(d);
  return {
    fromUs: Math.min(...list.map((a) => a.fromUs)),
    toUs: Math.max(...list.map((a) => a.toUs)),
    days: [...days].sort((a, b) => a - b),
    scope,
    basis: [...new Set(list.map((a) => a.basis))].slice(0, 4).join(', '),
  };
}

const baseName = (p: string): string => p.split(/[\\/!]/).pop() ?? p;

const MONTHS = 'JanFebMarAprMayJunJulAugSepOctNovDec';
const CLF = /\[(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-]\d{4})\]/;
const EVE = /"timestamp":"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?([+-]\d{2}:?\d{2})"/;
const ISO_LINE =
  /^(?:<\d{1,3}>(?:1 )?)?(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,]\d+)?([+-]\d{2}:?\d{2}) /;
const JOURNAL_FULL =
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.\d+)? ([A-Z]{3,5}) /;
const ABBREVIATIONS: Record<string, string> = { JST: 'Asia/Tokyo', KST: 'Asia/Seoul', UTC: 'UTC' };

/** Offset clues in the head of a text file (a few per file: the first and last stamp of each offset). */
export function offsetClues(text: string, source: string): ZoneClue[] {
  const seen = new Map<string, ZoneClue>();
  let n = 0;
  for (const line of text.split('\n')) {
    if (++n > 2000) break;
    let m = CLF.exec(line);
    let month: number;
    if (m) month = MONTHS.indexOf(m[2]!) / 3 + 1;
    else {
      m = EVE.exec(line) ?? ISO_LINE.exec(line);
      if (m) month = Number(m[2]);
      else {
        const j = JOURNAL_FULL.exec(line);
        const zone = j ? ABBREVIATIONS[j[7]!] : undefined;
        if (j && zone && !seen.has(zone)) seen.set(zone, { source, kind: 'abbreviation', zone });
        continue;
      }
    }
    if (!(month >= 1)) continue;
    const off = parseOffset(m[7]!);
    if (off === undefined) continue;
    const [y, d] = m[1]!.length === 4 ? [Number(m[1]), Number(m[3])] : [Number(m[3]), Number(m[1])];
    const local = Date.UTC(y, month - 1, d, Number(m[4]), Number(m[5]), Number(m[6]));
    if (!Number.isFinite(local)) continue;
    const clue: ZoneClue = { source, kind: 'offset', offsetMin: off, atUs: (local - off * 60_000) * 1000 };
    const key = `${off}|${seen.has(`${off}|first`) ? 'last' : 'first'}`;
    seen.set(key, clue);
  }
  return [...seen.values()];
}

/** The Windows time zone of System event 6013 ("-540 Tokyo Standard Time"). */
function windowsZoneClues(events: Event[], source: string): ZoneClue[] {
  const out: ZoneClue[] = [];
  for (const e of events) {
    if (String(e.fields.EventID) !== '6013') continue;
    const data = e.fields.Data;
    for (const v of Array.isArray(data) ? data : [data]) {
      const z = typeof v === 'string' ? parseWindowsZoneValue(v) : undefined;
      if (!z) continue;
      out.push({ source, kind: 'offset', offsetMin: z.offsetMin, atUs: e.ts });
      const iana = ianaOfWindowsZone(z.name);
      if (iana) out.push({ source, kind: 'windows', zone: iana });
      if (out.length >= 4) return out;
    }
  }
  return out;
}

const MACHINE = /^(?:system|local service|network service|anonymous logon|-|dwm-\d+|umfd-\d+|.*\$)$/i;

/** The account a login-like event is about, lower-case without domain; undefined for machine accounts. */
function userKey(e: Event): string | undefined {
  const f = e.fields;
  const v = f.TargetUserName ?? f.User ?? f.ut_user ?? f.acct;
  if (typeof v !== 'string' || !v) return undefined;
  const u = v.replace(/^.*\\/, '').toLowerCase();
  return MACHINE.test(u) ? undefined : u;
}

const LOGIN_EVENT_IDS = new Set(['4624', '4625', '4648', '4776']);
function isLogin(e: Event): boolean {
  if (e.source.format === 'evtx') return LOGIN_EVENT_IDS.has(String(e.fields.EventID));
  if (e.source.format === 'wtmp') return true;
  const a = String(e.fields.Action ?? '');
  return /^(?:ssh_|login|audit_login|audit_auth|pam_auth)/.test(a);
}

/**
 * The offset of a zone-less log from its host's dated logins: each (user, second) seen in both, read as
 * UTC in the log, votes for (log − dated); an offset wins with ≥ 3 votes and 3× the next one.
 */
export function pairOffset(
  zoneless: Event[],
  dated: Event[],
): { offsetMin: number; atUs: number; votes: number } | undefined {
  const byUser = new Map<string, number[]>();
  for (const e of dated) {
    if (!Number.isFinite(e.ts) || !isLogin(e)) continue;
    const u = userKey(e);
    if (!u) continue;
    let l = byUser.get(u);
    if (!l) byUser.set(u, (l = []));
    l.push(Math.round(e.ts / 1e6));
  }
  for (const l of byUser.values()) l.sort((a, b) => a - b);
  const votes = new Map<number, { n: number; at: number }>();
  const RANGE = 14 * 3600 + 2;
  for (const e of zoneless) {
    if (!Number.isFinite(e.ts) || !isLogin(e)) continue;
    const u = userKey(e);
    const l = u ? byUser.get(u) : undefined;
    if (!l) continue;
    const naive = Math.round(e.ts / 1e6);
    const mine = new Set<number>();
    let lo = 0;
    let hi = l.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (l[mid]! < naive - RANGE) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < l.length && l[i]! <= naive + RANGE && mine.size < 64; i++) {
      const diff = naive - l[i]!;
      const q = Math.round(diff / 900) * 900;
      if (Math.abs(diff - q) <= 2) mine.add(q / 60);
    }
    for (const o of mine) {
      const v = votes.get(o) ?? { n: 0, at: e.ts - o * 60e6 };
      v.n++;
      votes.set(o, v);
    }
  }
  const ranked = [...votes].sort((a, b) => b[1].n - a[1].n);
  const [best, second] = ranked;
  if (!best || best[1].n < 3 || (second && best[1].n < 3 * second[1].n)) return undefined;
  return { offsetMin: best[0], atUs: best[1].at, votes: best[1].n };
}

/** Dated files of a host, the most telling first: login records, audit, event logs. */
function datedOrder(a: TimedFile, b: TimedFile): number {
  const rank = (f: TimedFile): number => {
    const i = DATED.indexOf(f.reader);
    const security = f.reader === 'evtx' && /security|system/i.test(f.display) ? -0.5 : 0;
    return (i < 0 ? 99 : i) + security;
  };
  return rank(a) - rank(b);
}

/**
 * Samples the evidence for year anchors and, when `wantZone`, zone clues. `zoneless` read here as
 * UTC: pairing compares their wall-clock times with the dated events of the same host.
 */
export async function gatherTimeEvidence(files: TimedFile[], wantZone: boolean): Promise<TimeEvidence> {
  const anchors = new Map<string, YearAnchor>();
  const clues: ZoneClue[] = [];
  const byHost = new Map<string, TimedFile[]>();
  for (const f of files) {
    const h = hostRoot(f.display);
    if (!byHost.has(h)) byHost.set(h, []);
    byHost.get(h)!.push(f);
  }
  const heads = new Map<string, string>();
  const head = (f: TimedFile): string => {
    let t = heads.get(f.display);
    if (t === undefined) heads.set(f.display, (t = headText(f.path)));
    return t;
  };
  const yearless = (f: TimedFile): boolean => ZONELESS.has(f.reader) && YEARLESS_HEAD.test(head(f));

  if (wantZone) for (const f of files) if (OFFSET_TEXT.has(f.reader)) clues.push(...offsetClues(head(f), f.display));

  // the Windows time zone: 6013 of the first few System logs
  if (wantZone)
    for (const f of files.filter((x) => x.reader === 'evtx' && /system\.evtx$/i.test(x.display)).slice(0, 4))
      clues.push(...windowsZoneClues(await sample(f, SAMPLE_EVENTS), f.display));

  const hostAnchors: YearAnchor[] = [];
  const pending: TimedFile[] = [];
  for (const group of byHost.values()) {
    const needs = group.filter(yearless);
    if (!needs.length) continue;
    const dated = group
      .filter((f) => DATED.includes(f.reader))
      .sort(datedOrder)
      .slice(0, DATED_FILES_PER_HOST);
    const events: Event[] = [];
    const names: string[] = [];
    for (const d of dated) {
      const s = await sample(d, SAMPLE_EVENTS);
      if (s.length) names.push(baseName(d.display));
      events.push(...s);
    }
    const anchor = anchorOf(events, 'host', names.join(', '));
    if (anchor) hostAnchors.push(anchor);
    for (const f of needs) {
      if (!anchor) {
        pending.push(f);
        continue;
      }
      anchors.set(f.display, anchor);
      if (!wantZone) continue;
      const naive = await sample(f, SAMPLE_EVENTS, { timeZone: 'UTC', yearAnchor: anchor });
      const p = pairOffset(naive, events);
      if (p)
        clues.push({
          source: `${f.display} ↔ ${names.join(', ')}`,
          kind: 'pairing',
          offsetMin: p.offsetMin,
          atUs: p.atUs,
        });
    }
  }
  if (pending.length) {
    let caseAnchor = mergeAnchors(hostAnchors, 'case');
    if (!caseAnchor) {
      // no host with year-less logs has dated evidence: the first dated evidence of the case
      const dated = files
        .filter((f) => DATED.includes(f.reader))
        .sort(datedOrder)
        .slice(0, DATED_FILES_PER_HOST);
      const list: YearAnchor[] = [];
      for (const d of dated) {
        const a = anchorOf(await sample(d, SAMPLE_EVENTS / 4), 'case', baseName(d.display));
        if (a) list.push(a);
      }
      caseAnchor = mergeAnchors(list, 'case');
    }
    if (caseAnchor) for (const f of pending) anchors.set(f.display, caseAnchor);
  }
  return { anchors, clues };
}
