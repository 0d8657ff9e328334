/**
 * Indicators from behaviour: the destinations that the analyses judge C&C, download or exfiltration
 * sites (beacons, C&C name lookups, rare User-Agents, CONNECT to odd ports, downloads from bare IPs,
 * malware-class IDS alerts, payload URLs in cron jobs, scheduled tasks and Office child processes,
 * Defender's download sources, external brute-force sources), each with a confidence and the findings
 * behind it. `konseki respond` blocks those above a threshold and lists the rest for a human.
 *
 * Confidence: every finding adds a weight w (by kind and severity) and the weights combine as
 * independent evidence, 1 − Π(1 − w). A URL's evidence also counts for its host, an `ip:port`'s for
 * half of its address (a C&C on one odd port of a shared host need not block the host), and an
 * address's for each of its `ip:port`s. Never an indicator: internal addresses, names without a dot,
 * what the allow-list names, and destinations that most of the organisation uses.
 */
import type { Finding, FindingSeverity } from '../core/finding.ts';
import type { AllowList } from '../analytics/network/allowlist.ts';
import { isIp } from './identity.ts';

export type IndicatorType = 'domain' | 'ip' | 'ip-port' | 'domain-port' | 'url';
export type IndicatorRole = 'c2' | 'download' | 'exfil' | 'attacker';

export interface IndicatorBasis {
  kind: string;
  severity: FindingSeverity;
  host: string;
  weight: number;
  first_seen: number;
  summary: string;
}

export interface JudgedIndicator {
  /** domain (lower case), IP, `ip:port`, `domain:port` or URL */
  value: string;
  type: IndicatorType;
  role: IndicatorRole;
  /** 0..1 */
  confidence: number;
  /** the internal hosts (composite names) that contacted it */
  hosts: string[];
  basis: IndicatorBasis[];
  first_seen: number;
  last_seen: number;
  /** internal hosts that used the destination, of all internal hosts seen in network logs */
  prevalence?: { hosts: number; of: number };
  /** never blocked, whatever the confidence */
  excluded?: 'allow-list' | 'prevalent';
}

/** How much one finding of a kind says that its destination is the attacker's. */
const WEIGHTS: Record<string, Partial<Record<FindingSeverity, number>>> = {
  'ioc-match': { critical: 1, high: 1, medium: 0.9, low: 0.8 },
  'dns-cnc': { critical: 0.9, high: 0.9, medium: 0.6 },
  beacon: { critical: 0.7, high: 0.6, medium: 0.35 },
  'connect-nonstandard-port': { critical: 0.6, high: 0.5, medium: 0.25 },
  'ip-direct-http': { critical: 0.6, high: 0.4, medium: 0.25 },
  'rare-user-agent': { critical: 0.4, high: 0.3, medium: 0.15 },
  'off-hours': { critical: 0.3, high: 0.2, medium: 0.1 },
  'large-upload': { critical: 0.6, high: 0.5, medium: 0.3 },
  'ids-alert': { critical: 0.8, high: 0.7, medium: 0.5 },
  /** payload URLs in persistence and in the commands of a compromised process */
  'cron-persistence': { critical: 0.8, high: 0.8, medium: 0.6 },
  'scheduled-task': { critical: 0.8, high: 0.8, medium: 0.6 },
  'wmi-persistence': { critical: 0.8, high: 0.8, medium: 0.6 },
  'service-install': { critical: 0.7, high: 0.7, medium: 0.5 },
  'office-child-process': { critical: 0.7, high: 0.7, medium: 0.5 },
  'defender-detection': { critical: 0.7, high: 0.7, medium: 0.5 },
  'execution-attacker-tool': { critical: 0.6, high: 0.6, medium: 0.4 },
  'execution-suspicious-path': { critical: 0.5, high: 0.5, medium: 0.3 },
  'brute-force': { critical: 0.5, high: 0.4, medium: 0.2 },
  'brute-force-success': { critical: 0.7, high: 0.7, medium: 0.5 },
};
/** A brute force that succeeded from outside: the source is the attacker's. */
const SUCCESS_BONUS = 0.7;

const ROLE: Record<string, IndicatorRole> = {
  'ip-direct-http': 'download',
  'large-upload': 'exfil',
  'brute-force': 'attacker',
  'brute-force-success': 'attacker',
};
/** Kinds that support a destination's other evidence but say nothing of its role. */
const NEUTRAL = new Set(['rare-user-agent', 'off-hours']);
/** Kinds whose peer is a registrable domain: they strengthen the names under it, never make one. */
const SUPPORT_ONLY = new Set(['off-hours']);
const PAYLOAD_KINDS = new Set([
  'cron-persistence',
  'scheduled-task',
  'wmi-persistence',
  'service-install',
  'office-child-process',
  'defender-detection',
  'execution-attacker-tool',
  'execution-suspicious-path',
]);
/** IDS classes and signature words that name malware or its C&C (not policy or scan alerts). */
const MALWARE_CATEGORY =
  /trojan|malware|command and control|c2|cnc|botnet|backdoor|exploit kit|successful .*(admin|user) privilege gain/i;
const MALWARE_SIGNATURE = /\b(MALWARE|TROJAN|CNC|C2|BOTCC|BACKDOOR|RAT|EXPLOIT_KIT|CURRENT_EVENTS)\b/;
const POLICY_SIGNATURE = /\b(POLICY|SCAN|INFO|HUNTING)\b/;

const URL_IN_TEXT = /\b(?:https?|ftp):\/\/[^\s"'<>|^`\\]{1,2000}/gi;
const DOMAIN = /^(?=.{4,253}$)(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;
const PORT = /^(.+):(\d{1,5})$/;

const INTERNAL_V4 = /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|127\.|169\.254\.|0\.)/;
export function internalAddress(ip: string): boolean {
  const v = ip.replace(/^::ffff:/i, '');
  if (/^\d/.test(v)) return INTERNAL_V4.test(v);
  return /^(f[cd][0-9a-f]{2}:|fe80:|::1$|::$)/i.test(v);
}

export interface ParsedPeer {
  value: string;
  type: IndicatorType;
  /** the address or name without a port or path */
  host: string;
}

/** A destination as findings write it, or undefined when it cannot be an external indicator. */
export function parsePeer(raw: string): ParsedPeer | undefined {
  const s = raw.trim();
  if (!s || s.length > 2048) return undefined;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) {
    let u: URL;
    try {
      u = new URL(s);
    } catch {
      return undefined;
    }
    if (!['http:', 'https:', 'ftp:'].includes(u.protocol)) return undefined;
    const host = u.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    if (isIp(host) ? internalAddress(host) : !DOMAIN.test(host)) return undefined;
    u.hash = '';
    return { value: u.href, type: 'url', host };
  }
  const v6port = /^\[([0-9a-f:.]+)\]:(\d{1,5})$/i.exec(s);
  const port = v6port ?? (isIp(s) ? null : PORT.exec(s));
  if (port) {
    const host = port[1]!.toLowerCase();
    const n = Number(port[2]);
    if (n < 1 || n > 65535) return undefined;
    if (isIp(host))
      return internalAddress(host) ? undefined : { value: `${fmtHost(host)}:${n}`, type: 'ip-port', host };
    return DOMAIN.test(host) ? { value: `${host}:${n}`, type: 'domain-port', host } : undefined;
  }
  const host = s.toLowerCase().replace(/\.$/, '');
  if (isIp(host)) return internalAddress(host) ? undefined : { value: host, type: 'ip', host };
  return DOMAIN.test(host) ? { value: host, type: 'domain', host } : undefined;
}

const fmtHost = (h: string): string => (h.includes(':') ? `[${h}]` : h);

function weightOf(f: Finding): number {
  return WEIGHTS[f.kind]?.[f.severity] ?? 0;
}

/** The destinations one finding speaks about, with the weight it gives each. */
export function destinationsOf(f: Finding): Array<{ peer: string; weight: number }> {
  const w = weightOf(f);
  if (w <= 0) return [];
  const d = (f.details ?? {}) as Record<string, unknown>;
  const out: Array<{ peer: string; weight: number }> = [];
  const add = (peer: unknown, weight = w): void => {
    if (typeof peer === 'string' && peer) out.push({ peer, weight });
  };
  switch (f.kind) {
    case 'ioc-match':
      add(typeof d.indicator === 'string' ? d.indicator : f.peer);
      break;
    case 'rare-user-agent':
      // the destinations the rare agent talked to (an agent most hosts use says nothing)
      if (d.rare === false) break;
      if (d.destinations && typeof d.destinations === 'object')
        for (const k of Object.keys(d.destinations as object).slice(0, 10)) add(k);
      else add(f.peer);
      break;
    case 'large-upload':
      if (Array.isArray(d.destinations)) for (const x of d.destinations.slice(0, 10)) add(x);
      else add(f.peer);
      break;
    case 'ids-alert': {
      const sig = String(d.signature ?? '');
      const cat = String(d.category ?? '');
      const malware = MALWARE_SIGNATURE.test(sig) || (MALWARE_CATEGORY.test(cat) && !POLICY_SIGNATURE.test(sig));
      if (!malware) break;
      for (const p of Array.isArray(d.peers) ? d.peers : [f.peer]) add(p);
      // "Observed DNS Query to Known C2 Domain (evil.example)": the name is in the signature
      for (const m of sig.matchAll(/\(([a-z0-9.-]+\.[a-z]{2,})\)/gi)) add(m[1]!.toLowerCase());
      break;
    }
    case 'brute-force':
    case 'brute-force-success': {
      const success = f.kind === 'brute-force-success' || !!d.success;
      add(f.peer ?? d.source, success ? Math.max(w, SUCCESS_BONUS) : w);
      break;
    }
    default:
      if (PAYLOAD_KINDS.has(f.kind)) {
        for (const text of commandTexts(d)) for (const m of text.matchAll(URL_IN_TEXT)) add(trimUrl(m[0]));
      } else add(f.peer);
  }
  return out;
}

/** Command lines and paths in a finding's details (strings, lists of strings, keys of tallies). */
function commandTexts(d: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const k of ['command', 'commands', 'command_lines', 'paths', 'image', 'image_path', 'consumer', 'action']) {
    const v = d[k];
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) {
      for (const x of v.slice(0, 50)) if (typeof x === 'string') out.push(x);
    } else if (v && typeof v === 'object') out.push(...Object.keys(v).slice(0, 50));
  }
  return out;
}

/** A URL cut out of a command line loses the shell's trailing punctuation. */
function trimUrl(u: string): string {
  return u.replace(/[),;.]+$/, '');
}

interface Acc {
  peer: ParsedPeer;
  role: IndicatorRole;
  roleWeight: number;
  basis: IndicatorBasis[];
  /** evidence counted from a related value (URL → host, ip:port ↔ ip) */
  related: IndicatorBasis[];
  hosts: Set<string>;
  first: number;
  last: number;
}

export interface JudgeOptions {
  /** the composite host name a finding is about (undefined: not tied to one host) */
  hostOf: (f: Finding) => string | undefined;
  allow?: AllowList;
  /** internal hosts that used each destination (key: a value of `destinationKeys`), and all internal hosts */
  prevalence?: { byDest: Map<string, number>; hosts: number };
}

/** Share of the organisation above which a destination is everybody's, not the attacker's. */
export const PREVALENT_SHARE = 0.5;
const PREVALENT_MIN_HOSTS = 5;
/** When the size of the organisation is unknown: this many hosts is "most". */
const PREVALENT_UNKNOWN_SIZE = 50;

export function prevalent(p: { hosts: number; of: number }): boolean {
  if (p.hosts < PREVALENT_MIN_HOSTS) return false;
  return p.of > 0 ? p.hosts > p.of * PREVALENT_SHARE : p.hosts >= PREVALENT_UNKNOWN_SIZE;
}

export function judgeIndicators(findings: Finding[], o: JudgeOptions): JudgedIndicator[] {
  const acc = new Map<string, Acc>();
  const support: Array<{ domain: string; b: IndicatorBasis }> = [];
  const get = (p: ParsedPeer, role: IndicatorRole | undefined, weight: number): Acc => {
    let a = acc.get(p.value);
    if (!a)
      acc.set(
        p.value,
        (a = {
          peer: p,
          role: role ?? 'c2',
          roleWeight: role ? weight : 0,
          basis: [],
          related: [],
          hosts: new Set(),
          first: Infinity,
          last: -Infinity,
        }),
      );
    // the role of the strongest evidence that has one
    else if (role && weight > a.roleWeight) {
      a.role = role;
      a.roleWeight = weight;
    }
    return a;
  };
  for (const f of findings) {
    const host = o.hostOf(f);
    if (!host) continue;
    for (const { peer, weight } of destinationsOf(f)) {
      const p = parsePeer(peer);
      if (!p) continue;
      const role = NEUTRAL.has(f.kind) ? undefined : (ROLE[f.kind] ?? (PAYLOAD_KINDS.has(f.kind) ? 'download' : 'c2'));
      const b: IndicatorBasis = {
        kind: f.kind,
        severity: f.severity,
        host,
        weight,
        first_seen: f.first_seen,
        summary: f.summary_en.slice(0, 300),
      };
      if (SUPPORT_ONLY.has(f.kind) && p.type === 'domain') {
        support.push({ domain: p.host, b });
        continue;
      }
      const a = get(p, role, weight);
      a.basis.push(b);
      if (role !== 'attacker') a.hosts.add(host);
      if (Number.isFinite(f.first_seen)) a.first = Math.min(a.first, f.first_seen);
      if (Number.isFinite(f.last_seen)) a.last = Math.max(a.last, f.last_seen);
      // a URL's host is the attacker's too; an ip:port counts half for its address
      if (p.type === 'url' || p.type === 'ip-port' || p.type === 'domain-port') {
        const hp = parsePeer(p.host);
        if (hp) {
          const h = get(hp, role, weight);
          h.related.push({ ...b, weight: p.type === 'url' ? weight : weight / 2 });
          if (role !== 'attacker') h.hosts.add(host);
          h.first = Math.min(h.first, a.first);
          h.last = Math.max(h.last, a.last);
        }
      }
    }
  }
  // off-hours traffic to a registrable domain supports the names under it that other evidence names
  for (const { domain, b } of support)
    for (const a of acc.values())
      if (
        (a.peer.type === 'domain' || a.peer.type === 'domain-port' || a.peer.type === 'url') &&
        (a.peer.host === domain || a.peer.host.endsWith(`.${domain}`)) &&
        a.hosts.has(b.host)
      )
        a.related.push(b);
  // an address's own evidence also speaks for each of its ports
  for (const a of acc.values()) {
    if (a.peer.type !== 'ip-port' && a.peer.type !== 'domain-port') continue;
    const base = acc.get(a.peer.host);
    if (base) a.related.push(...base.basis);
  }
  const out: JudgedIndicator[] = [];
  for (const a of acc.values()) {
    const all = [...a.basis, ...a.related];
    let miss = 1;
    for (const b of all) miss *= 1 - Math.min(1, Math.max(0, b.weight));
    const j: JudgedIndicator = {
      value: a.peer.value,
      type: a.peer.type,
      role: a.role,
      confidence: Math.round((1 - miss) * 100) / 100,
      hosts: [...a.hosts].sort(),
      basis: dedupeBasis(all),
      first_seen: Number.isFinite(a.first) ? a.first : 0,
      last_seen: Number.isFinite(a.last) ? a.last : 0,
    };
    const used = o.prevalence?.byDest.get(a.peer.host);
    if (o.prevalence && used !== undefined) j.prevalence = { hosts: used, of: o.prevalence.hosts };
    if (allowListed(o.allow, a.peer)) j.excluded = 'allow-list';
    else if (j.prevalence && prevalent(j.prevalence)) j.excluded = 'prevalent';
    out.push(j);
  }
  return out.sort((x, y) => y.confidence - x.confidence || x.value.localeCompare(y.value));
}

/** One line per (kind, host), the strongest first; at most 20. */
function dedupeBasis(all: IndicatorBasis[]): IndicatorBasis[] {
  const best = new Map<string, IndicatorBasis>();
  for (const b of all) {
    const k = `${b.kind}\u0000${b.host}`;
    const prev = best.get(k);
    if (!prev || prev.weight < b.weight) best.set(k, b);
  }
  return [...best.values()].sort((a, b) => b.weight - a.weight || a.first_seen - b.first_seen).slice(0, 20);
}

/** Any `dest` entry of the allow-list, whatever analyses it is limited to, keeps a destination unblocked. */
export function allowListed(allow: AllowList | undefined, p: ParsedPeer): boolean {
  if (!allow) return false;
  const port =
    p.type === 'ip-port' || p.type === 'domain-port' ? Number(p.value.slice(p.value.lastIndexOf(':') + 1)) : undefined;
  for (const e of allow.entries) {
    if (e.type !== 'dest' || !e.dest) continue;
    const d = e.dest;
    // an entry with a port names only that port; it keeps the address itself blockable
    if (d.port !== undefined && d.port !== port) continue;
    if (d.cidr) {
      if (isIp(p.host) && d.cidr.contains(p.host)) return true;
      continue;
    }
    if (d.name === undefined) continue;
    if (p.host === d.name || (!d.exact && p.host.endsWith(`.${d.name}`))) return true;
  }
  return false;
}
