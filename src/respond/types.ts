/**
 * First response (`konseki respond`): the plan the generators work from, and what they produce.
 *
 * A `ResponsePlan` is plain data, as it comes from the case store, from `case.json` or from the
 * command line. Every value in it is untrusted (indicators come from logs and intel feeds):
 * `canonicalizePlan()` validates it into a `CanonicalPlan`, and only canonical values ever reach a
 * generator.
 *
 * `<case-dir>/case.json` (read by `konseki respond --case DIR`; every key optional):
 * ```json
 * {
 *   "case_id": "2026-042",
 *   "indicators": { "ips": ["203.0.113.10"], "cidrs": ["198.51.100.0/24"],
 *                   "domains": ["evil.example"], "urls": ["http://evil.example/gate.php"] },
 *   "hosts": [ { "ip": "10.0.0.7", "name": "PC-07" } ],
 *   "accounts": [ { "name": "CORP\\taro", "kind": "ad", "action": "disable" } ],
 *   "mail_servers": ["192.0.2.25"],
 *   "management_hosts": ["10.0.0.250"],
 *   "internal_networks": ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"]
 * }
 * ```
 * `hosts` are the compromised hosts; `management_hosts` the IR / forensics hosts that must keep access.
 */
import type { MessageKey, Params } from '../i18n/index.ts';
import type { Issue } from '../core/issue.ts';
import type { Net } from './net.ts';
import type {
  AccountAction,
  AccountKind,
  CaseIndicator,
  PlanAccount,
  PlanHost,
  UnresolvedHost,
} from '../case/types.ts';

export type {
  AccountAction,
  AccountKind,
  CaseFile,
  CaseIndicator,
  PlanAccount,
  PlanHost,
  UnresolvedHost,
} from '../case/types.ts';

/** `watch` logs and passes the C&C traffic (seed 000 p. 9: see who talks to it before cutting); the others block. */
export const RESPONSE_LEVELS = ['watch', 'cnc-only', 'all-but-mail', 'all-external', 'isolate-hosts'] as const;
export type ResponseLevel = (typeof RESPONSE_LEVELS)[number];

export interface ResponsePlan {
  /** short id used in rule names and descriptions; derived from the case directory when absent */
  caseId?: string;
  level: ResponseLevel;
  indicators: { ips?: string[]; cidrs?: string[]; domains?: string[]; urls?: string[]; ports?: string[] };
  /** compromised hosts */
  hosts?: PlanHost[];
  /** compromised hosts without an address: manual steps */
  unresolvedHosts?: UnresolvedHost[];
  /** indicators judged from behaviour, above the threshold (blocked) and below it (for a human) */
  judged?: { blocked: CaseIndicator[]; review: CaseIndicator[]; minConfidence: number };
  /** hosts left out: infrastructure (proxy, resolver) or contacted only indicators that are not blocked */
  heldHosts?: Array<PlanHost & { why: string }>;
  /** public services to stop on compromised hosts: host name and service name */
  services?: Array<{ host: string; service: string; os?: 'linux' | 'windows'; why?: string }>;
  accounts?: PlanAccount[];
  /** mail servers that stay reachable at level all-but-mail (IP or CIDR) */
  mailServers?: string[];
  /** IR / management / forensics hosts that keep access to isolated hosts (IP or CIDR) */
  managementHosts?: string[];
  /** what "internal" means; RFC 1918 + ULA when absent (universities often need their global ranges here) */
  internalNets?: string[];
  /** the host of a URL indicator is blocked as a whole (`block`, default) or only the URL at the proxy */
  urlHosts?: 'block' | 'proxy-only';
}

export interface CanonUrl {
  /** WHATWG-serialized, fragment removed, anything outside RFC 3986 characters percent-encoded */
  url: string;
  /** canonical host: a domain or an IP text */
  host: string;
}

export interface CanonHost {
  net: Net;
  name?: string;
  /** why it is in the list: its verdict, or the blocked indicators it contacted */
  why?: string;
}
export interface CanonAccount {
  name: string /** NetBIOS domain of DOMAIN\user, informational */;
  domain?: string;
  kind: AccountKind;
  action: AccountAction;
  host?: string;
  group?: string;
  how?: string;
}
/** A destination on one TCP port: an address (or a name, for the proxy and pfSense) and the port. */
export interface CanonPort {
  net?: Net;
  domain?: string;
  port: number;
  /** `203.0.113.77:8443` */
  text: string;
}
export interface CanonService {
  host: string;
  service: string;
  os: 'linux' | 'windows';
  why?: string;
}

export interface CanonicalPlan {
  caseId: string;
  level: ResponseLevel;
  /** indicator addresses and networks (collapsed, no overlaps) */
  nets: Net[];
  /** indicator domains: lower case, ASCII (punycode), without subdomains of listed domains */
  domains: string[];
  urls: CanonUrl[];
  /** destinations blocked on one port only (never the whole address) */
  ports: CanonPort[];
  hosts: CanonHost[];
  accounts: CanonAccount[];
  services: CanonService[];
  unresolvedHosts: UnresolvedHost[];
  heldHosts: Array<PlanHost & { why: string }>;
  judged: { blocked: CaseIndicator[]; review: CaseIndicator[]; minConfidence: number };
  mailServers: Net[];
  managementHosts: Net[];
  internalNets: Net[];
  /** ISO time the plan was made: the same in every artifact */
  generatedAt: string;
}

export interface PlanResult {
  plan: CanonicalPlan;
  issues: Issue[];
}

/** One file for one target system. */
/** One line of how to apply or roll back: a command or console path (shown as code as it is), or words in the reader's language. */
export type HowTo = string | { say: MessageKey; p?: Params };

export interface Artifact {
  /** file name inside the output directory */
  file: string;
  /** target system id: pfsense, nftables, iptables, squid, bind, unbound, dnsmasq, windows, accounts-ad, ... */
  system: string;
  content: string;
  /** how to apply it and how to roll it back, shown in RESPONSE.md */
  apply: HowTo[];
  rollback: HowTo[];
  /** PowerShell scripts are written with a UTF-8 BOM (Windows PowerShell 5.1 reads BOM-less files as ANSI) */
  bom?: boolean;
  /** the measures (impact.ts ids) this artifact implements */
  measures: string[];
}

export interface GeneratorOutput {
  artifacts: Artifact[];
  issues: Issue[];
}
export type Generator = (plan: CanonicalPlan) => GeneratorOutput;
