/**
 * A STIX 2.1 bundle of the case's indicators: one `indicator` per value (STIX pattern, pattern_type
 * stix, valid_from = first seen, confidence, indicator_types malicious-activity when confirmed,
 * anomalous-activity when only suspected), one `sighting` each saying when, how often and on which
 * hosts konseki saw it (hosts as `identity` objects of class system), all created by konseki's own
 * identity. Ids are name-based (UUIDv5), so exporting the same case twice gives the same objects.
 */
import { isIP } from 'node:net';
import { isoMillis, uuid5 } from './common.ts';
import type { CaseIndicator } from './indicators.ts';
import { STIX_VERSION } from './versions.ts';

type Obj = Record<string, unknown>;

const HASH_NAME: Record<string, string> = { md5: 'MD5', sha1: 'SHA-1', sha256: 'SHA-256', sha512: 'SHA-512' };

/** A STIX string literal: quote and backslash escaped. */
const lit = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

export function stixPattern(i: { type: string; value: string }): string {
  switch (i.type) {
    case 'ip':
      return `[${isIP(i.value) === 6 ? 'ipv6-addr' : 'ipv4-addr'}:value = ${lit(i.value)}]`;
    case 'cidr':
      return `[${i.value.includes(':') ? 'ipv6-addr' : 'ipv4-addr'}:value ISSUBSET ${lit(i.value)}]`;
    case 'domain':
      return `[domain-name:value = ${lit(i.value)}]`;
    case 'url':
      return `[url:value = ${lit(i.value)}]`;
    default:
      return `[file:hashes.${lit(HASH_NAME[i.type] ?? i.type.toUpperCase())} = ${lit(i.value)}]`;
  }
}

const ROLE_NAME: Record<string, string> = {
  c2: 'C&C',
  download: 'download source',
  exfil: 'exfiltration destination',
  attacker: 'attack source',
  malware: 'malicious file',
};

export interface StixContext {
  caseId: string;
  /** konseki's version */
  version: string;
  /** creation time of the objects (ISO) */
  now: string;
}

/** Stix timestamps: ISO with milliseconds and Z; a time that is unknown falls back to `fallback`. */
const ts = (us: number, fallback: string): string => isoMillis(us) || fallback;

export function stixBundle(indicators: CaseIndicator[], ctx: StixContext): Obj {
  const id = (type: string, name: string): string => `${type}--${uuid5(`${type}\u0000${ctx.caseId}\u0000${name}`)}`;
  const konseki = id('identity', 'konseki');
  const common = (type: string, name: string): Obj => ({
    type,
    spec_version: STIX_VERSION,
    id: id(type, name),
    created: ctx.now,
    modified: ctx.now,
  });
  const objects: Obj[] = [
    {
      ...common('identity', 'konseki'),
      name: 'konseki',
      description: `konseki ${ctx.version}, case ${ctx.caseId}`,
      identity_class: 'system',
    },
  ];
  const hostIds = new Map<string, string>();
  const hostRef = (h: string): string => {
    let ref = hostIds.get(h);
    if (!ref) {
      ref = id('identity', `host\u0000${h}`);
      objects.push({
        ...common('identity', `host\u0000${h}`),
        name: h,
        identity_class: 'system',
        created_by_ref: konseki,
      });
      hostIds.set(h, ref);
    }
    return ref;
  };
  for (const i of indicators) {
    const roles = i.roles.map((r) => ROLE_NAME[r] ?? r).join(', ');
    const ind: Obj = {
      ...common('indicator', `${i.type}\u0000${i.value}`),
      created_by_ref: konseki,
      name: `${roles || i.type}: ${i.value}`,
      description: describe(i),
      indicator_types: [i.confirmed ? 'malicious-activity' : 'anomalous-activity'],
      pattern: stixPattern(i),
      pattern_type: 'stix',
      pattern_version: STIX_VERSION,
      valid_from: ts(i.firstSeen, ctx.now),
      confidence: i.confidence,
      labels: [i.confirmed ? 'confirmed' : 'suspected', ...i.roles],
    };
    objects.push(ind);
    const where = i.hosts.map(hostRef);
    const sighting: Obj = {
      ...common('sighting', `${i.type}\u0000${i.value}`),
      created_by_ref: konseki,
      sighting_of_ref: ind.id,
      description: sightingText(i),
      count: Math.min(Math.max(i.count, 1), 999_999_999),
      where_sighted_refs: where.length ? where : [konseki],
    };
    if (Number.isFinite(i.firstSeen)) sighting.first_seen = ts(i.firstSeen, ctx.now);
    if (Number.isFinite(i.lastSeen)) sighting.last_seen = ts(Math.max(i.lastSeen, i.firstSeen), ctx.now);
    objects.push(sighting);
  }
  return { type: 'bundle', id: id('bundle', 'bundle'), objects };
}

function describe(i: CaseIndicator): string {
  const parts = [
    `${i.confirmed ? 'Confirmed' : 'Suspected'} by konseki (${i.basis.join(', ')})`,
    i.intel?.label ? `intelligence: ${i.intel.label}` : '',
  ];
  return parts.filter(Boolean).join('; ');
}

function sightingText(i: CaseIndicator): string {
  const files = i.evidenceFiles.length ? `; evidence: ${i.evidenceFiles.slice(0, 10).join(', ')}` : '';
  return `Seen ${i.count} time(s) on ${i.hosts.join(', ') || 'the case'}${files}`;
}
