/**
 * The indicators of a case, for sharing (STIX, MISP): external addresses, domains, URLs and file
 * hashes konseki saw in the evidence, each with where it was seen and how sure konseki is.
 * - confirmed: an intelligence indicator matched the evidence (ioc-match, dns-cnc with an
 *   indicator, execution-ioc-hash), or an analyst added it to case.json's `indicators`;
 * - suspected: konseki's own analyses point at it (beacon, odd CONNECT port, download from a bare
 *   address, large upload, brute-force source, attacker tool hash) without intelligence behind it.
 * Internal addresses (private, loopback, link-local, unique-local, CGNAT) are never shared.
 */
import ipaddr from 'ipaddr.js';
import { classify, type IocType } from '../ioc/index.ts';
import type { KonsekiCaseFile } from '../case/case-file.ts';
import type { FindingRow } from './queries.ts';

export interface CaseIndicator {
  type: IocType;
  /** canonical value (the IOC loader's normalization) */
  value: string;
  confirmed: boolean;
  /** 0–100 (STIX confidence) */
  confidence: number;
  /** the role konseki gives it: c2, download, exfil, attacker, malware */
  roles: string[];
  /** finding kinds (or "case.json") that support it */
  basis: string[];
  /** hosts (names or addresses) it was seen with */
  hosts: string[];
  firstSeen: number;
  lastSeen: number;
  count: number;
  evidenceFiles: string[];
  /** the matching intelligence's label and file, for confirmed ones */
  intel?: { label?: string; source?: string };
}

/** Finding kinds whose peer is an indicator, and the role it plays. */
const PEER_ROLE: Record<string, string> = {
  'ioc-match': 'c2',
  'dns-cnc': 'c2',
  beacon: 'c2',
  'connect-nonstandard-port': 'c2',
  'ip-direct-http': 'download',
  'large-upload': 'exfil',
  'brute-force': 'attacker',
  'brute-force-success': 'attacker',
};
const CONFIRMING = new Set(['ioc-match', 'dns-cnc', 'execution-ioc-hash']);
const CONFIRMED_CONFIDENCE = 85;

const INTERNAL_RANGES = new Set([
  'private',
  'loopback',
  'linkLocal',
  'uniqueLocal',
  'unspecified',
  'carrierGradeNat',
  'broadcast',
  'multicast',
]);

export function isInternalIp(ip: string): boolean {
  try {
    let a = ipaddr.parse(ip);
    if (a.kind() === 'ipv6' && (a as ipaddr.IPv6).isIPv4MappedAddress()) a = (a as ipaddr.IPv6).toIPv4Address();
    return INTERNAL_RANGES.has(a.range());
  } catch {
    return false;
  }
}

/** A peer as written by the analyses (address, address:port, domain, URL) to an indicator, or undefined. */
function indicatorOf(raw: string): { type: IocType; value: string } | undefined {
  const c = classify(raw);
  if (!c) return undefined;
  if ((c.type === 'ip' || c.type === 'cidr') && isInternalIp(c.value.split('/')[0]!)) return undefined;
  if (c.type === 'url') {
    try {
      const host = new URL(c.value).hostname.replace(/^\[|\]$/g, '');
      if (ipaddr.isValid(host) && isInternalIp(host)) return undefined;
    } catch {
      return undefined;
    }
  }
  return { type: c.type, value: c.value };
}

class Collector {
  readonly byKey = new Map<string, CaseIndicator>();

  add(
    ind: { type: IocType; value: string },
    o: {
      basis: string;
      role?: string;
      host?: string | null;
      first?: number;
      last?: number;
      count?: number;
      files?: string[];
      confirmed?: boolean;
      intel?: CaseIndicator['intel'];
    },
  ): void {
    const key = `${ind.type}\u0000${ind.value}`;
    let x = this.byKey.get(key);
    if (!x) {
      x = {
        ...ind,
        confirmed: false,
        confidence: 0,
        roles: [],
        basis: [],
        hosts: [],
        firstSeen: NaN,
        lastSeen: NaN,
        count: 0,
        evidenceFiles: [],
      };
      this.byKey.set(key, x);
    }
    if (o.confirmed) x.confirmed = true;
    if (o.intel && !x.intel) x.intel = o.intel;
    if (!x.basis.includes(o.basis)) x.basis.push(o.basis);
    if (o.role && !x.roles.includes(o.role)) x.roles.push(o.role);
    if (o.host && !x.hosts.includes(o.host)) x.hosts.push(o.host);
    if (o.first !== undefined && Number.isFinite(o.first))
      x.firstSeen = Number.isFinite(x.firstSeen) ? Math.min(x.firstSeen, o.first) : o.first;
    if (o.last !== undefined && Number.isFinite(o.last))
      x.lastSeen = Number.isFinite(x.lastSeen) ? Math.max(x.lastSeen, o.last) : o.last;
    x.count += o.count ?? 0;
    for (const f of o.files ?? [])
      if (!x.evidenceFiles.includes(f) && x.evidenceFiles.length < 50) x.evidenceFiles.push(f);
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** The case's indicators, confirmed first, then by confidence, type and value. */
export function caseIndicators(findings: FindingRow[], cf: KonsekiCaseFile): CaseIndicator[] {
  const c = new Collector();
  for (const f of findings) {
    const d = f.details;
    const files = [...new Set(f.evidence.map((e) => e.file))];
    const common = { host: f.host, first: f.firstSeen, last: f.lastSeen, count: f.count, files, basis: f.kind };
    const confirming = CONFIRMING.has(f.kind);
    const intel = confirming ? { label: str(d.indicator_label), source: str(d.indicator_source) } : undefined;
    const role = PEER_ROLE[f.kind];
    if (role) {
      const fromIntel = confirming ? str(d.indicator) : undefined;
      const ind = indicatorOf(fromIntel ?? f.peer ?? '');
      if (ind) c.add(ind, { ...common, role, confirmed: confirming && fromIntel !== undefined, intel });
      // ip-direct-http names the executables it fetched: URLs worth sharing too
      for (const u of Array.isArray(d.executables) ? d.executables : []) {
        const ui = typeof u === 'string' ? indicatorOf(u) : undefined;
        if (ui) c.add(ui, { ...common, role: 'download' });
      }
    }
    if (f.kind === 'execution-ioc-hash' || f.kind === 'execution-attacker-tool') {
      const hashes = [str(d.sha1_match), ...(Array.isArray(d.sha1) ? d.sha1 : [])];
      for (const h of hashes) {
        const ind = typeof h === 'string' ? indicatorOf(h) : undefined;
        if (ind && ind.type !== 'ip' && ind.type !== 'domain')
          c.add(ind, { ...common, role: 'malware', confirmed: f.kind === 'execution-ioc-hash', intel });
      }
    }
  }
  // what the analyst put in case.json and konseki did not find itself
  const listed = cf.indicators ?? {};
  for (const list of [listed.ips, listed.cidrs, listed.domains, listed.urls]) {
    if (!Array.isArray(list)) continue;
    for (const raw of list) {
      if (typeof raw !== 'string') continue;
      const ind = indicatorOf(raw);
      if (!ind) continue;
      const known = c.byKey.get(`${ind.type}\u0000${ind.value}`);
      if (known) continue;
      c.add(ind, { basis: 'case.json', confirmed: true });
    }
  }
  const out = [...c.byKey.values()];
  for (const x of out) x.confidence = x.confirmed ? CONFIRMED_CONFIDENCE : Math.min(70, 25 + 15 * x.basis.length);
  return out.sort(
    (a, b) =>
      Number(b.confirmed) - Number(a.confirmed) ||
      b.confidence - a.confidence ||
      (a.type < b.type ? -1 : a.type > b.type ? 1 : 0) ||
      (a.value < b.value ? -1 : a.value > b.value ? 1 : 0),
  );
}
