/**
 * Options of the network analyses (documented in README.md beside this file). Everything has a
 * default that suits a Japanese organisation: Asia/Tokyo, 08:00–20:00 Monday to Friday, Japanese
 * public holidays off, RFC 1918 (+ IPv6 ULA) as the internal networks.
 */
import { DEFAULT_ANALYSIS_OPTIONS, type AnalysisOptions } from '../types.ts';
import { AllowList } from './allowlist.ts';
import { LocalClock } from './clock.ts';
import { EventViews } from './event-view.ts';
import { CidrList, InternalNets, isIpLiteral, RFC1918 } from './ip.ts';
import type { FlowPolicy } from './policy.ts';

export interface NetworkThresholds {
  /** beacon: fewest connections (after merging bursts) for a pair to be scored */
  beaconMinConnections: number;
  /** beacon: connections closer than this (s) are one beat (page loads, request + result) */
  beaconBurstSeconds: number;
  /** beacon: lowest score reported (0..1) */
  beaconMinScore: number;
  /** beacon: timestamps kept per host→destination pair (memory bound); counts stay exact */
  beaconMaxTimestamps: number;
  /** share of the organisation's hosts above which a destination is "common" (update, AV, monitoring) */
  commonShare: number;
  /** a destination or User-Agent used by at most this many hosts is "rare" (also at most 2 % of hosts) */
  rareHosts: number;
  /** off-hours: fewest requests outside business hours to a rare destination */
  offHoursMinRequests: number;
  /** large-upload: bytes sent by a host in one local day that are always worth a look */
  uploadAbsoluteBytes: number;
  /** large-upload: bytes in one day below which nothing is reported */
  uploadMinBytes: number;
  /** large-upload: factor over the host's own median day */
  uploadBaselineFactor: number;
  /** bulk-transfer: requests to one destination within one local hour that make a burst */
  bulkBurstRequests: number;
  /** night-contact, night-internal: local hours [start, end) of the deep night, when nobody works */
  deepNight: [number, number];
  /** port-scan: window (s) */
  scanWindowSeconds: number;
  /** port-scan: distinct ports on one target within the window (Zeek port_scan_threshold 15) */
  scanPorts: number;
  /** port-scan: distinct targets within the window (Zeek addr_scan_threshold 25) */
  scanHosts: number;
  /** port-scan: a host:port touched more often than this in the whole log is routine, not a probe */
  scanMaxTouches: number;
  /** lateral-fanout: distinct internal targets on admin ports within the window */
  lateralTargets: number;
  /** lateral-fanout: window (s) */
  lateralWindowSeconds: number;
  /** ioc-match: a contact this close to the end of its log (s) counts as "still connected" */
  activeWindowSeconds: number;
}

export interface NetworkAnalysisOptions extends AnalysisOptions {
  /** work days, 0 = Sunday .. 6 = Saturday (default Monday–Friday) */
  workDays: number[];
  /** Japanese public holidays are days off (default true) */
  japaneseHolidays: boolean;
  /** further days off, YYYY-MM-DD */
  extraHolidays: string[];
  /** internal networks (default RFC 1918 + fc00::/7) */
  internalCidrs: string[];
  /** known-good destinations, hosts, pairs, User-Agents */
  allow: AllowList;
  /** allowed internal flows; without it `policy-violation` is silent */
  policy?: FlowPolicy;
  /** score beacons to internal destinations too (default false, like RITA) */
  internalBeacons: boolean;
  /** destination ports whose periodic traffic is expected (NTP, DNS); their beacons are demoted */
  servicePorts: number[];
  /** ports of remote administration (SMB, RPC, RDP, WinRM, SSH) for lateral-fanout */
  adminPorts: number[];
  /** CONNECT ports that are normal (default 443 and 80) */
  connectPorts: number[];
  /** internal web proxies: flows to them count as traffic leaving the organisation */
  proxies: string[];
  /** ports on which an internal server is taken for a web proxy (3128, 8080, ...) */
  proxyPorts: number[];
  thresholds: NetworkThresholds;
}

export const DEFAULT_THRESHOLDS: NetworkThresholds = {
  beaconMinConnections: 12,
  beaconBurstSeconds: 5,
  beaconMinScore: 0.7,
  beaconMaxTimestamps: 16_384,
  commonShare: 0.2,
  rareHosts: 3,
  offHoursMinRequests: 5,
  uploadAbsoluteBytes: 1_000_000_000,
  uploadMinBytes: 100_000_000,
  uploadBaselineFactor: 10,
  bulkBurstRequests: 300,
  deepNight: [0, 5],
  scanWindowSeconds: 300,
  scanPorts: 15,
  scanHosts: 25,
  scanMaxTouches: 3,
  lateralTargets: 5,
  lateralWindowSeconds: 3600,
  activeWindowSeconds: 900,
};

export type NetworkOptionsInput = Partial<Omit<NetworkAnalysisOptions, 'thresholds'>> & {
  thresholds?: Partial<NetworkThresholds>;
};

export function networkOptions(input: NetworkOptionsInput = {}): NetworkAnalysisOptions {
  return {
    ...DEFAULT_ANALYSIS_OPTIONS,
    workDays: [1, 2, 3, 4, 5],
    japaneseHolidays: true,
    extraHolidays: [],
    internalCidrs: RFC1918,
    allow: new AllowList(),
    internalBeacons: false,
    servicePorts: [53, 123],
    adminPorts: [22, 135, 139, 445, 3389, 5985, 5986],
    connectPorts: [443, 80],
    proxies: [],
    proxyPorts: [3128, 8080, 8000, 8118, 8888],
    ...stripUndefined(input),
    thresholds: { ...DEFAULT_THRESHOLDS, ...stripUndefined(input.thresholds ?? {}) },
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

/** What every analyzer of one run shares: options, calendar, internal networks. */
export interface NetworkContext {
  opts: NetworkAnalysisOptions;
  clock: LocalClock;
  internal: InternalNets;
  views: EventViews;
  /** is the text an IP literal */
  isIp: (s: string) => boolean;
}

export function networkContext(opts: NetworkAnalysisOptions): NetworkContext {
  const clock = new LocalClock({
    timeZone: opts.timeZone,
    businessHours: opts.businessHours,
    workDays: opts.workDays,
    japaneseHolidays: opts.japaneseHolidays,
    extraHolidays: opts.extraHolidays,
  });
  const internal = new InternalNets(new CidrList(opts.internalCidrs));
  return { opts, clock, internal, views: new EventViews((ip) => internal.has(ip), isIpLiteral), isIp: isIpLiteral };
}
