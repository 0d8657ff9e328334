/**
 * Composite analysis (seed 001 複合分析): host and network findings merged per host, a verdict with
 * confidence and a first suspicious time (起点) for each, the spread graph, patient zero, C&C and
 * exfiltration, and the attack-phase view. Reads findings and the store; knows nothing of files.
 */
import type { Finding, FindingSeverity } from '../core/finding.ts';
import type { Store } from '../store/store.ts';
import { loadAllowList } from '../analytics/network/allowlist.ts';
import {
  destinationPrevalence,
  infrastructureAddresses,
  resolveHostAddresses,
  storePrevalence,
  type ResolvedAddress,
} from './host-address.ts';
import { dirOf, isIp, readIdentity, type Identity } from './identity.ts';
import { judgeIndicators, parsePeer, type JudgedIndicator } from './indicators.ts';
import { PHASES, phaseOf, type Phase } from './phases.ts';

const hostPart = (value: string): string => parsePeer(value)?.host ?? value;

export type Verdict = 'compromised' | 'suspicious' | 'unknown';
export type EdgeKind = 'lateral' | 'logon' | 'c2' | 'exfil' | 'download' | 'scan';

export interface CaseHost {
  name: string;
  ips: string[];
  aliases: string[];
  verdict: Verdict;
  confidence: number;
  /** 起点: the earliest attacker activity seen on this host (epoch µs) */
  first_seen: number | null;
  last_seen: number | null;
  findings: number;
  detections: number;
  /** the strongest evidence, kinds by severity */
  reasons: string[];
  patient_zero?: boolean;
  /** addresses found for a host known by name (logons, DNS answers, DHCP), with how */
  resolved?: ResolvedAddress[];
  /** an internal proxy or resolver of the organisation (its traffic is its clients') */
  infrastructure?: string;
}

export interface CaseEdge {
  from: string;
  to: string;
  kind: EdgeKind;
  label: string;
  first_seen: number;
  last_seen: number;
  count: number;
  bytes?: number;
}
export interface PhaseView {
  phase: Phase;
  first_seen: number;
  last_seen: number;
  hosts: string[];
  kinds: Record<string, number>;
  attack: string[];
}
export interface ExternalPeer {
  peer: string;
  kind: 'c2' | 'exfil' | 'download' | 'attacker';
  hosts: string[];
  first_seen: number;
  last_seen: number;
  count: number;
  bytes?: number;
  basis: string[];
  /** hosts a live-response collection caught connected to this peer */
  live?: string[];
}

export interface Composite {
  hosts: CaseHost[];
  edges: CaseEdge[];
  patient_zero: string | null;
  phases: PhaseView[];
  external: ExternalPeer[];
  /** accounts the attacker used (to disable or reset) */
  accounts: Array<{ name: string; host: string; how: string; kind: 'windows' | 'linux'; group?: string }>;
  /** destinations judged to be the attacker's, with confidence and the findings behind them */
  indicators?: JudgedIndicator[];
  /** internal proxies and resolvers recognised in the network logs */
  infrastructure?: Array<{ ip: string; role: string }>;
}

export interface ComposeOptions {
  /** the responder's allow-list files: destinations they name are never indicators */
  allowFiles?: readonly string[];
  /** an SQL condition over detections rows that keeps the ones to count (e.g. not marked false positive) */
  detectionFilter?: string;
}

const WEIGHT: Record<FindingSeverity, number> = { critical: 0.6, high: 0.4, medium: 0.2, low: 0.05 };
/** Kinds that describe the host's own state rather than attacker activity (filtered exports, routine admin logons). */
const CONTEXT_KINDS = new Set([
  // established connections seen by a live-response collector: evidence only when the peer is C&C (below)
  'live-connection',
  'log-overwritten',
  'record-gap',
  // what the evidence covers, not what happened
  'log-coverage',
  'evidence-coverage',
  'admin-logon',
  'service-install',
  'time-went-backwards',
  'cron-change',
  'rdp-logon',
]);
/** The target host of these was entered by the attacker from the peer. */
const INBOUND = new Set([
  'brute-force-success',
  'pass-the-hash',
  'rdp-lateral-movement',
  'winrm-inbound',
  'domain-admin-on-terminal',
]);
/** The host itself went out to the peer. */
const OUTBOUND: Record<string, EdgeKind> = {
  'live-ioc-connection': 'c2',
  'explicit-credentials': 'lateral',
  'winrm-outbound': 'lateral',
  beacon: 'c2',
  'ioc-match': 'c2',
  'dns-cnc': 'c2',
  'ip-direct-http': 'download',
  'large-upload': 'exfil',
  'connect-nonstandard-port': 'c2',
};

const shortName = (n: string): string => (isIp(n) ? n : n.split('.')[0]!.toUpperCase());

class Nodes {
  readonly byKey = new Map<string, CaseHost>();
  constructor(private readonly id: Identity) {}
  key(raw: string): string {
    const ip = raw.replace(/^::ffff:/, '');
    if (isIp(ip)) return shortName(this.id.ipNames.get(ip) ?? ip);
    return shortName(raw);
  }
  get(raw: string): CaseHost {
    const k = this.key(raw);
    let h = this.byKey.get(k);
    if (!h)
      this.byKey.set(
        k,
        (h = {
          name: k,
          ips: [],
          aliases: [],
          verdict: 'unknown',
          confidence: 0,
          first_seen: null,
          last_seen: null,
          findings: 0,
          detections: 0,
          reasons: [],
        }),
      );
    const ip = raw.replace(/^::ffff:/, '');
    if (isIp(ip) && !h.ips.includes(ip)) h.ips.push(ip);
    else if (!isIp(ip) && raw !== k && !h.aliases.includes(raw)) h.aliases.push(raw);
    return h;
  }
  has(raw: string): boolean {
    return this.byKey.has(this.key(raw));
  }
}

function internal(ip: string): boolean {
  return /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|127\.|f[cd][0-9a-f]{2}:)/i.test(ip);
}

/** The host a finding is about: its own, or the one whose evidence directory it came from. */
function hostOf(f: Finding, id: Identity): string | undefined {
  if (f.host) return f.host;
  for (const e of f.evidence) {
    const h = id.dirHosts.get(dirOf(e.file));
    if (h) return h;
  }
  return undefined;
}

export async function compose(store: Store, findings: Finding[], o: ComposeOptions = {}): Promise<Composite> {
  const id = await readIdentity(store);
  const nodes = new Nodes(id);
  const evidence = new Map<CaseHost, Map<string, { w: number; first: number; severity: FindingSeverity }>>();
  const edges = new Map<string, CaseEdge>();
  const external = new Map<string, ExternalPeer>();
  const phases = new Map<Phase, PhaseView>();
  const accounts = new Map<string, Composite['accounts'][number]>();

  const addEdge = (from: string, to: string, kind: EdgeKind, label: string, f: Finding, bytes?: number): void => {
    const key = `${from}\u0000${to}\u0000${kind}`;
    const e = edges.get(key);
    if (!e)
      edges.set(key, {
        from,
        to,
        kind,
        label,
        first_seen: f.first_seen,
        last_seen: f.last_seen,
        count: f.count,
        ...(bytes ? { bytes } : {}),
      });
    else {
      e.first_seen = Math.min(e.first_seen, f.first_seen);
      e.last_seen = Math.max(e.last_seen, f.last_seen);
      e.count += f.count;
      if (!e.label.split(', ').includes(label)) e.label += `, ${label}`;
      if (bytes) e.bytes = (e.bytes ?? 0) + bytes;
    }
  };
  const addExternal = (peer: string, kind: ExternalPeer['kind'], host: string, f: Finding, bytes?: number): void => {
    const key = `${kind}\u0000${peer}`;
    const x = external.get(key) ?? {
      peer,
      kind,
      hosts: [],
      first_seen: f.first_seen,
      last_seen: f.last_seen,
      count: 0,
      basis: [],
    };
    if (!x.hosts.includes(host)) x.hosts.push(host);
    x.first_seen = Math.min(x.first_seen, f.first_seen);
    x.last_seen = Math.max(x.last_seen, f.last_seen);
    x.count += f.count;
    if (!x.basis.includes(f.kind)) x.basis.push(f.kind);
    if (bytes) x.bytes = (x.bytes ?? 0) + bytes;
    external.set(key, x);
  };

  for (const f of findings) {
    const raw = hostOf(f, id);
    if (!raw) continue;
    const h = nodes.get(raw);
    h.findings++;
    const d = (f.details ?? {}) as Record<string, unknown>;
    const peer = f.peer ?? undefined;
    const peerIsHost =
      peer !== undefined &&
      (isIp(peer) ? internal(peer) : (!/[/:]/.test(peer) && !peer.includes('.')) || nodes.has(peer));
    if (!CONTEXT_KINDS.has(f.kind)) {
      const ev = evidence.get(h) ?? new Map();
      const prev = ev.get(f.kind);
      const w = WEIGHT[f.severity] ?? 0;
      if (!prev || prev.w < w || prev.first > f.first_seen)
        ev.set(f.kind, {
          w: Math.max(w, prev?.w ?? 0),
          first: Math.min(f.first_seen, prev?.first ?? Infinity),
          severity: prev && prev.w > w ? prev.severity : f.severity,
        });
      evidence.set(h, ev);
      const phase = phaseOf(f.kind, peer !== undefined && isIp(peer) && internal(peer));
      if (phase && f.severity !== 'low') {
        const p = phases.get(phase) ?? {
          phase,
          first_seen: f.first_seen,
          last_seen: f.last_seen,
          hosts: [],
          kinds: {},
          attack: [],
        };
        p.first_seen = Math.min(p.first_seen, f.first_seen);
        p.last_seen = Math.max(p.last_seen, f.last_seen);
        if (!p.hosts.includes(h.name)) p.hosts.push(h.name);
        p.kinds[f.kind] = (p.kinds[f.kind] ?? 0) + 1;
        for (const a of f.attack ?? []) if (!p.attack.includes(a)) p.attack.push(a);
        phases.set(phase, p);
      }
    }
    // edges of the spread graph
    if (peer && (INBOUND.has(f.kind) || (f.kind === 'brute-force' && (d.success as object | undefined)))) {
      const from = peerIsHost ? nodes.get(peer).name : peer;
      addEdge(from, h.name, peerIsHost ? 'lateral' : 'logon', f.kind, f);
      if (!peerIsHost) addExternal(peer, 'attacker', h.name, f);
    } else if (peer && OUTBOUND[f.kind]) {
      const kind = OUTBOUND[f.kind]!;
      const bytes = typeof d.bytes === 'number' ? d.bytes : undefined;
      const to = peerIsHost ? nodes.get(peer).name : peer;
      addEdge(h.name, to, peerIsHost && kind === 'lateral' ? 'lateral' : kind, f.kind, f, bytes);
      if (!peerIsHost && kind !== 'lateral' && (f.severity === 'high' || f.severity === 'critical' || kind === 'exfil'))
        addExternal(peer, kind === 'download' ? 'download' : kind === 'exfil' ? 'exfil' : 'c2', h.name, f, bytes);
    } else if ((f.kind === 'lateral-fanout' || f.kind === 'port-scan') && Array.isArray(d.targets)) {
      for (const t of d.targets as string[])
        if (nodes.has(t) || id.ipNames.has(t)) addEdge(h.name, nodes.get(t).name, 'scan', f.kind, f);
    }
    accountsOf(f, h.name, accounts);
  }

  // live connections (collected on the host) to peers the network logs or indicators show as C&C
  for (const f of findings) {
    if ((f.kind !== 'live-connection' && f.kind !== 'live-ioc-connection') || !f.peer) continue;
    const raw = hostOf(f, id);
    const x = external.get(`c2\u0000${f.peer}`);
    if (!raw || !x) continue;
    const h = nodes.get(raw);
    x.live ??= [];
    if (!x.live.includes(h.name)) x.live.push(h.name);
    const ev = evidence.get(h) ?? new Map();
    ev.set('live-c2-connection', { w: WEIGHT.critical, first: f.first_seen, severity: 'critical' });
    evidence.set(h, ev);
  }

  // rule detections count too: a host with high or critical hits is at least suspicious
  const detRows = await store.query(
    `SELECT host, level, count(*) AS n, min(ts) AS first, max(ts) AS last FROM detections WHERE host IS NOT NULL AND level IN ('medium','high','critical') AND (${o.detectionFilter ?? 'true'}) GROUP BY 1, 2`,
  );
  const detWeight: Record<string, number> = { critical: 0.5, high: 0.3, medium: 0.1 };
  for (const r of detRows) {
    const h = nodes.get(String(r.host));
    h.detections += Number(r.n);
    const ev = evidence.get(h) ?? new Map();
    ev.set(`${r.level} rule hits`, {
      w: detWeight[String(r.level)] ?? 0,
      first: Number(r.first),
      severity: String(r.level) as FindingSeverity,
    });
    evidence.set(h, ev);
  }

  for (const [h, ev] of evidence) {
    let miss = 1;
    let strong = false;
    const times: number[] = [];
    for (const [kind, x] of ev) {
      miss *= 1 - x.w;
      if ((x.severity === 'critical' || x.severity === 'high') && !kind.endsWith(' rule hits')) strong = true;
      if (x.severity !== 'low' && Number.isFinite(x.first)) times.push(x.first);
    }
    h.confidence = Math.round((1 - miss) * 100) / 100;
    h.verdict = h.confidence >= 0.75 && strong ? 'compromised' : h.confidence >= 0.3 ? 'suspicious' : 'unknown';
    h.first_seen = times.length ? Math.min(...times) : null;
    h.reasons = [...ev.entries()]
      .filter(([, x]) => x.w >= 0.2)
      .sort((a, b) => b[1].w - a[1].w || a[1].first - b[1].first)
      .map(([k]) => k)
      .slice(0, 8);
  }
  for (const h of nodes.byKey.values()) {
    const own = findings.filter((f) => {
      const raw = hostOf(f, id);
      return raw !== undefined && nodes.key(raw) === h.name;
    });
    h.last_seen = own.length ? Math.max(...own.map((f) => f.last_seen).filter(Number.isFinite)) : null;
    if (h.last_seen !== null && !Number.isFinite(h.last_seen)) h.last_seen = null;
  }

  const hosts = [...nodes.byKey.values()].sort(
    (a, b) => rank(b) - rank(a) || (a.first_seen ?? Infinity) - (b.first_seen ?? Infinity),
  );
  const p0 = patientZero(hosts, [...edges.values()]);
  if (p0) p0.patient_zero = true;

  // hosts judged by name only: their addresses from the evidence, so that containment can reach them
  const named = hosts.filter((h) => h.verdict !== 'unknown' && !h.ips.length);
  if (named.length) {
    const resolved = await resolveHostAddresses(store, named);
    for (const h of named) {
      const r = resolved.get(h.name);
      if (!r?.length) continue;
      h.resolved = r.slice(0, 5);
      // the best address, and any other with as much support (a host with two interfaces)
      for (const x of r) if (x.count * 2 >= r[0]!.count && !h.ips.includes(x.ip)) h.ips.push(x.ip);
    }
  }
  const infra = await infrastructureAddresses(store);
  for (const h of hosts) {
    const role = h.ips.map((ip) => infra.get(ip)).find((x) => x !== undefined);
    if (role) h.infrastructure = role;
  }
  const hostName = (f: Finding): string | undefined => {
    const raw = hostOf(f, id);
    return raw === undefined ? undefined : nodes.key(raw);
  };
  const prevalence = destinationPrevalence(findings);
  // the analyses reported the allow-list's problems already
  const allow = o.allowFiles?.length ? loadAllowList(o.allowFiles, []) : undefined;
  let indicators = judgeIndicators(findings, { hostOf: hostName, allow, prevalence });
  // destinations that could be blocked but that no analysis counted users for: count them in the store
  const uncounted = indicators.filter((j) => j.confidence >= 0.3 && !j.excluded && !j.prevalence);
  if (uncounted.length) {
    const counted = await storePrevalence(
      store,
      uncounted.map((j) => hostPart(j.value)),
    );
    for (const [k, v] of counted.byDest) prevalence.byDest.set(k, Math.max(prevalence.byDest.get(k) ?? 0, v));
    if (!prevalence.hosts) prevalence.hosts = counted.hosts;
    indicators = judgeIndicators(findings, { hostOf: hostName, allow, prevalence });
  }
  // a host's traffic through the proxy is the client's: the proxy itself contacted nothing
  for (const j of indicators) j.hosts = j.hosts.filter((n) => !nodes.byKey.get(n)?.infrastructure);
  return {
    hosts,
    edges: [...edges.values()].sort((a, b) => a.first_seen - b.first_seen),
    patient_zero: p0?.name ?? null,
    phases: PHASES.map((p) => phases.get(p)).filter((p): p is PhaseView => p !== undefined),
    external: [...external.values()].sort((a, b) => a.first_seen - b.first_seen),
    accounts: [...accounts.values()],
    indicators,
    infrastructure: [...infra].map(([ip, role]) => ({ ip, role })),
  };
}

const rank = (h: CaseHost): number =>
  (h.verdict === 'compromised' ? 2 : h.verdict === 'suspicious' ? 1 : 0) * 10 + h.confidence;

/** The compromised host whose attacker activity began first and that nobody inside reached before then. */
function patientZero(hosts: CaseHost[], edges: CaseEdge[]): CaseHost | undefined {
  const candidates = hosts
    .filter((h) => h.verdict === 'compromised' && h.first_seen !== null)
    .sort((a, b) => a.first_seen! - b.first_seen!);
  const names = new Set(hosts.filter((h) => h.verdict !== 'unknown').map((h) => h.name));
  for (const h of candidates) {
    const reachedBefore = edges.some(
      (e) => e.to === h.name && e.kind === 'lateral' && names.has(e.from) && e.first_seen <= h.first_seen!,
    );
    if (!reachedBefore) return h;
  }
  return candidates[0];
}

function accountsOf(f: Finding, host: string, out: Map<string, Composite['accounts'][number]>): void {
  const d = (f.details ?? {}) as Record<string, unknown>;
  const put = (name: unknown, how: string, kind: 'windows' | 'linux', group?: string): void => {
    if (typeof name !== 'string' || !name || name === '-') return;
    // a domain account is one account wherever it was used; local accounts are per host
    const local = kind === 'linux' || /^(administrator|guest)$/i.test(name.replace(/^.*\\/, ''));
    const key = `${kind}\u0000${local ? host : ''}\u0000${name.toLowerCase()}`;
    const prev = out.get(key);
    // an account the attacker created stays "created" even when it was then made an administrator
    if (!prev) out.set(key, group ? { name, host, how, kind, group } : { name, host, how, kind });
    else if (group && !prev.group) prev.group = group;
  };
  const success = d.success as Record<string, unknown> | undefined;
  if (f.kind === 'brute-force-success') put(success?.account, f.kind, 'windows');
  else if (f.kind === 'brute-force' && success)
    put(success.user ?? success.account, f.kind, success.user ? 'linux' : 'windows');
  else if (f.kind === 'pass-the-hash') put(d.account, f.kind, 'windows');
  else if (f.kind === 'explicit-credentials' && d.target_accounts && typeof d.target_accounts === 'object')
    for (const a of Object.keys(d.target_accounts)) put(a, f.kind, 'windows');
  else if (f.kind === 'new-account') put(d.user, f.kind, 'linux');
  else if (f.kind === 'privileged-group-add')
    put(d.user, f.kind, 'linux', typeof d.group === 'string' ? d.group : undefined);
}
