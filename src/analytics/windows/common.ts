/**
 * Field access for Windows events as the EVTX reader gives them: values may be numbers or strings
 * (forwarded logs render numbers as text), "-" means empty, and a UserData leaf can share its name
 * with a System field (System 104 gives Channel: ["System", "<cleared log>"]).
 */
import ipaddr from 'ipaddr.js';
import type { Event, FieldValue } from '../../core/event.ts';
import type { EvidenceRef } from '../../core/finding.ts';

function first(v: FieldValue | undefined): string | number | boolean | null | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** A field as text; undefined when absent, empty or "-". */
export function str(e: Event, name: string): string | undefined {
  const v = first(e.fields[name]);
  if (v === null || v === undefined || typeof v === 'boolean') return undefined;
  const s = typeof v === 'number' ? String(v) : v.trim();
  return s === '' || s === '-' ? undefined : s;
}

/** The first field present among several spellings (Defender's "Threat Name" vs Sigma's ThreatName). */
export function strOf(e: Event, names: readonly string[]): string | undefined {
  for (const n of names) {
    const v = str(e, n);
    if (v !== undefined) return v;
  }
  return undefined;
}

/** A field as a number: decimal or 0x-hex text; undefined otherwise. */
export function num(e: Event, name: string): number | undefined {
  return toNumber(first(e.fields[name]));
}

export function numOf(e: Event, names: readonly string[]): number | undefined {
  for (const n of names) {
    const v = num(e, n);
    if (v !== undefined) return v;
  }
  return undefined;
}

export function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  if (/^-?\d{1,15}$/.test(s)) return Number(s);
  if (/^0x[0-9a-f]{1,13}$/i.test(s)) return parseInt(s.slice(2), 16);
  return undefined;
}

export function eventId(e: Event): number | undefined {
  return num(e, 'EventID');
}

/** The event's own channel (first value when a UserData leaf is also called Channel). */
export function channelOf(e: Event): string {
  const v = first(e.fields.Channel);
  return typeof v === 'string' ? v : '';
}

export function providerOf(e: Event): string {
  const v = first(e.fields.Provider_Name);
  return typeof v === 'string' ? v : '';
}

export function isWindows(e: Event): boolean {
  return e.logsource.product === 'windows';
}

export const SECURITY = 'Security';
export const SYSTEM = 'System';

export function ref(e: Event): EvidenceRef {
  const r: EvidenceRef = { file: e.source.file };
  const rec = e.source.record ?? num(e, 'EventRecordID');
  if (rec !== undefined) r.record = rec;
  if (e.source.offset !== undefined) r.offset = e.source.offset;
  if (Number.isFinite(e.ts)) r.ts = e.ts;
  return r;
}

export function hostOf(e: Event): string | null {
  return e.host ?? str(e, 'Computer') ?? null;
}

const ipCache = new Map<string, string | null>();

/** An IP address as written in Security events, normalized ("::ffff:10.0.0.5" → "10.0.0.5", zone dropped); undefined when not an address. */
export function normalizeIp(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const hit = ipCache.get(text);
  if (hit !== undefined) return hit ?? undefined;
  const v = parseIp(text);
  if (ipCache.size >= 10_000) ipCache.clear();
  ipCache.set(text, v ?? null);
  return v;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

function parseIp(text: string): string | undefined {
  if (IPV4.test(text)) return text;
  let s = text.trim().replace(/^\[|\]$/g, '');
  const pct = s.indexOf('%');
  if (pct > 0) s = s.slice(0, pct);
  if (!ipaddr.isValid(s)) return undefined;
  const a = ipaddr.parse(s);
  if (a.kind() === 'ipv6' && (a as ipaddr.IPv6).isIPv4MappedAddress())
    return (a as ipaddr.IPv6).toIPv4Address().toString();
  return a.toString();
}

/** Loopback check on a normalized address (cheap: no parsing). */
export function isLoopback(ip: string): boolean {
  return ip.startsWith('127.') || ip === '::1';
}

/** Public (routable) address: not private, loopback, link-local, CGNAT, multicast, reserved... */
export function isPublicIp(ip: string): boolean {
  if (!ipaddr.isValid(ip)) return false;
  const a = ipaddr.parse(ip);
  const range = a.range();
  return range === 'unicast' || (a.kind() === 'ipv6' && range === 'ipv4Mapped');
}

/** Where a logon came from: a remote IP, else a workstation name, else the machine itself. */
export interface LogonSource {
  key: string;
  ip?: string;
  workstation?: string;
  local: boolean;
}

export function logonSource(
  e: Event,
  ipField = 'IpAddress',
  wsFields: readonly string[] = ['WorkstationName', 'Workstation'],
): LogonSource {
  const ip = normalizeIp(str(e, ipField));
  const ws = strOf(e, wsFields)?.replace(/^\\\\/, '');
  if (ip && !isLoopback(ip)) return { key: `ip:${ip}`, ip, workstation: ws, local: false };
  if (ws)
    return {
      key: `ws:${ws.toUpperCase()}`,
      workstation: ws,
      ip,
      local: ip !== undefined || sameMachine(ws, hostOf(e)),
    };
  return { key: 'local', ip, local: true };
}

/** "HOST" and "host.example.corp" are the same machine. */
export function sameMachine(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return false;
  return shortName(a) === shortName(b);
}

export function shortName(host: string): string {
  const h = host.trim().toLowerCase();
  if (ipaddr.isValid(h)) return h;
  const dot = h.indexOf('.');
  return dot > 0 ? h.slice(0, dot) : h;
}

/** Well-known SIDs of the machine's own service identities and anonymous logons. */
// S-1-0-0 (NULL SID) is not here: failed logons (4625) carry it for every account, real users included
const SYSTEM_SIDS = new Set(['S-1-5-18', 'S-1-5-19', 'S-1-5-20', 'S-1-5-7']);
const SYSTEM_NAMES = new Set(['system', 'local service', 'network service', 'anonymous logon', 'localsystem', '-']);

/** The account is a machine, service or anonymous identity (not a person's account). */
export function isNonPersonAccount(name: string | undefined, sid?: string): boolean {
  if (sid && (SYSTEM_SIDS.has(sid) || /^S-1-5-(90|96)-/.test(sid))) return true;
  if (!name) return true;
  const n = bareUser(name);
  return n.endsWith('$') || SYSTEM_NAMES.has(n) || /^(dwm|umfd)-\d+$/.test(n);
}

/** "DOMAIN\\User" or "user@domain" → "user" (lower case), for matching account lists. */
export function bareUser(name: string): string {
  let n = name.trim();
  const bs = n.lastIndexOf('\\');
  if (bs >= 0) n = n.slice(bs + 1);
  const at = n.indexOf('@');
  if (at > 0) n = n.slice(0, at);
  return n.toLowerCase();
}

/** "DOMAIN\\user" for display when a domain is known. */
export function displayUser(name: string, domain?: string): string {
  return domain && !name.includes('\\') && !name.includes('@') ? `${domain}\\${name}` : name;
}

/** The last path component of a Windows path, lower case ("C:\\Windows\\System32\\cmd.exe" → "cmd.exe"). */
export function imageName(path: string | undefined): string {
  if (!path) return '';
  const p = path.trim().replace(/^"|"$/g, '');
  const i = Math.max(p.lastIndexOf('\\'), p.lastIndexOf('/'));
  return (i >= 0 ? p.slice(i + 1) : p).toLowerCase();
}

export function minTs(a: number, b: number): number {
  return !Number.isFinite(a) ? b : !Number.isFinite(b) ? a : Math.min(a, b);
}
export function maxTs(a: number, b: number): number {
  return !Number.isFinite(a) ? b : !Number.isFinite(b) ? a : Math.max(a, b);
}

/** Shorten attacker-controlled text for one-line summaries. */
export function clip(s: string, max = 160): string {
  const one = s.replace(/[\r\n\t]+/g, ' ');
  return one.length <= max ? one : `${one.slice(0, max - 1)}…`;
}

const UNITS = { en: ['s', 'min', 'h', 'd'], ja: ['秒', '分', '時間', '日'] } as const;

/** A duration for summaries: "2.7 min" / "2.7分". */
export function formatDuration(us: number, lang: 'en' | 'ja' = 'en'): string {
  const s = Math.abs(us) / 1e6;
  const u = UNITS[lang];
  const sp = lang === 'en' ? ' ' : '';
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)}${sp}${u[0]}`;
  if (s < 3600) return `${(s / 60).toFixed(1)}${sp}${u[1]}`;
  if (s < 86400 * 2) return `${(s / 3600).toFixed(1)}${sp}${u[2]}`;
  return `${(s / 86400).toFixed(1)}${sp}${u[3]}`;
}
