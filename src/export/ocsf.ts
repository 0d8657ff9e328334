/**
 * OCSF Detection Finding (class_uid 2004, category Findings), one JSON object per line, for SIEMs and
 * data lakes that take OCSF (Amazon Security Lake, Splunk's OCSF add-ons, …). Findings and timeline
 * detections map alike: `finding_info` (uid, title, types, analytic, ATT&CK), `severity_id`, the host
 * as `device`, the peer as evidence endpoints, and `observables` for hosts, addresses, domains, URLs.
 * `time` is when konseki made the finding (the export's time); start/end are the activity's.
 */
import { isIP } from 'node:net';
import { epochMillis, uuid5 } from './common.ts';
import type { DetectionRow, FindingRow } from './queries.ts';
import { splitTags, techniqueIds } from './tags.ts';
import { OCSF_VERSION } from './versions.ts';

export const OCSF_CLASS_UID = 2004;
const CATEGORY_UID = 2;
const ACTIVITY_CREATE = 1;

/** OCSF severity_id by Sigma level / finding severity. */
const SEVERITY: Record<string, [number, string]> = {
  informational: [1, 'Informational'],
  low: [2, 'Low'],
  medium: [3, 'Medium'],
  high: [4, 'High'],
  critical: [5, 'Critical'],
};

/** Observable type_ids of OCSF's dictionary types (hostname_t 1, ip_t 2, url_t 6). */
const OBS = { hostname: 1, ip: 2, url: 6 } as const;

export interface OcsfContext {
  /** konseki's version, metadata.product.version */
  version: string;
  /** when the export runs (epoch ms): `time` */
  now: number;
  lang: 'en' | 'ja';
}

type Obj = Record<string, unknown>;

function product(version: string): Obj {
  return { name: 'konseki', vendor_name: 'konseki', version };
}

function attacks(ids: readonly string[]): Obj[] | undefined {
  const list = techniqueIds(ids).map((id) => {
    const parent = id.split('.')[0]!;
    const a: Obj = { technique: { uid: parent }, version: 'ATT&CK' };
    if (id !== parent) a.sub_technique = { uid: id };
    return a;
  });
  return list.length ? list : undefined;
}

/** The peer of a finding: an address, a domain, a URL (or host:port) as endpoint + observable. */
function peerParts(peer: string): { endpoint?: Obj; url?: Obj; observable?: Obj } {
  if (/^https?:\/\//i.test(peer)) {
    try {
      const u = new URL(peer);
      return {
        url: { url_string: peer, hostname: u.hostname, path: u.pathname, scheme: u.protocol.replace(/:$/, '') },
        observable: { name: 'evidences[0].url.url_string', type_id: OBS.url, value: peer },
      };
    } catch {
      return {};
    }
  }
  const m = /^(.*?)(?::(\d{1,5}))?$/.exec(peer)!;
  const host = m[1]!.replace(/^\[|\]$/g, '');
  const port = m[2] ? Number(m[2]) : undefined;
  const endpoint: Obj = {};
  let observable: Obj | undefined;
  if (isIP(host)) {
    endpoint.ip = host;
    observable = { name: 'evidences[0].dst_endpoint.ip', type_id: OBS.ip, value: host };
  } else if (/^[a-z0-9._-]+\.[a-z]{2,}$/i.test(host)) {
    endpoint.hostname = host.toLowerCase();
    observable = { name: 'evidences[0].dst_endpoint.hostname', type_id: OBS.hostname, value: host.toLowerCase() };
  } else endpoint.name = peer;
  if (port !== undefined && port <= 65535) endpoint.port = port;
  return { endpoint, observable };
}

function device(host: string | null): { device?: Obj; observable?: Obj } {
  if (!host) return {};
  if (isIP(host))
    return { device: { ip: host, type_id: 0 }, observable: { name: 'device.ip', type_id: OBS.ip, value: host } };
  return {
    device: { hostname: host, name: host, type_id: 0 },
    observable: { name: 'device.hostname', type_id: OBS.hostname, value: host },
  };
}

function envelope(severity: string, ctx: OcsfContext, startUs: number, endUs: number): Obj {
  const [sevId, sevName] = SEVERITY[severity] ?? [0, 'Unknown'];
  const o: Obj = {
    activity_id: ACTIVITY_CREATE,
    activity_name: 'Create',
    category_uid: CATEGORY_UID,
    category_name: 'Findings',
    class_uid: OCSF_CLASS_UID,
    class_name: 'Detection Finding',
    type_uid: OCSF_CLASS_UID * 100 + ACTIVITY_CREATE,
    type_name: 'Detection Finding: Create',
    time: ctx.now,
    severity_id: sevId,
    severity: sevName,
    status_id: 1,
    status: 'New',
    is_alert: true,
    metadata: { product: product(ctx.version), version: OCSF_VERSION, log_name: 'konseki' },
  };
  const start = epochMillis(startUs);
  const end = epochMillis(endUs);
  if (start !== undefined) o.start_time = start;
  if (end !== undefined) o.end_time = end;
  return o;
}

export function findingToOcsf(f: FindingRow, ctx: OcsfContext, caseId: string): Obj {
  const o = envelope(f.severity, ctx, f.firstSeen, f.lastSeen);
  const uid = uuid5(`finding\u0000${caseId}\u0000${f.kind}\u0000${f.host}\u0000${f.peer}\u0000${f.firstSeen}`);
  const info: Obj = {
    uid,
    title: f.kind,
    desc: ctx.lang === 'ja' ? f.summaryJa || f.summaryEn : f.summaryEn,
    types: [f.kind],
    analytic: { name: f.producer, uid: f.producer, type_id: 3, type: 'Statistical' },
    product: product(ctx.version),
  };
  const first = epochMillis(f.firstSeen);
  const last = epochMillis(f.lastSeen);
  if (first !== undefined) info.first_seen_time = first;
  if (last !== undefined) info.last_seen_time = last;
  const at = attacks(f.attack);
  if (at) info.attacks = at;
  o.finding_info = info;
  o.message = info.desc;
  o.count = f.count;
  const observables: Obj[] = [];
  const dev = device(f.host);
  if (dev.device) o.device = dev.device;
  if (dev.observable) observables.push(dev.observable);
  if (f.peer) {
    const p = peerParts(f.peer);
    const ev: Obj = {};
    if (p.endpoint) ev.dst_endpoint = p.endpoint;
    if (p.url) ev.url = p.url;
    if (Object.keys(ev).length) o.evidences = [ev];
    if (p.observable) observables.push(p.observable);
  }
  if (observables.length) o.observables = observables;
  o.unmapped = {
    konseki: { summary_en: f.summaryEn, summary_ja: f.summaryJa, evidence: f.evidence, details: f.details },
  };
  return o;
}

export function detectionToOcsf(d: DetectionRow, ctx: OcsfContext): Obj {
  const o = envelope(d.level, ctx, d.ts, d.ts);
  const tags = splitTags(d.tags);
  const info: Obj = {
    uid: uuid5(`detection\u0000${d.ruleId}\u0000${d.file}\u0000${d.recordId}\u0000${d.ts}`),
    title: d.ruleTitle,
    types: [d.ruleFile.includes('/konseki/') ? 'konseki rule' : 'sigma rule'],
    analytic: { name: d.ruleTitle, uid: d.ruleId, type_id: 1, type: 'Rule' },
    product: product(ctx.version),
  };
  if (d.details) info.desc = d.details;
  const t = epochMillis(d.ts);
  if (t !== undefined) {
    info.first_seen_time = t;
    info.last_seen_time = t;
  }
  const at = attacks(tags.techniques);
  if (at) info.attacks = at;
  if (d.tags.length) info.tags = d.tags.map((value) => ({ name: 'tag', value }));
  o.finding_info = info;
  o.message = d.details ? `${d.ruleTitle}: ${d.details}` : d.ruleTitle;
  const dev = device(d.host || null);
  if (dev.device) o.device = dev.device;
  if (dev.observable) o.observables = [dev.observable];
  const data: Obj = {};
  if (d.details) data.details = d.details;
  if (d.extra) data.extra_field_info = d.extra;
  if (d.channel) data.channel = d.channel;
  if (d.eventId) data.event_id = d.eventId;
  if (d.recordId !== null) data.record_id = d.recordId;
  if (d.file) data.file = d.file;
  if (Object.keys(data).length) o.evidences = [{ data, name: d.file || undefined }];
  o.metadata = { ...(o.metadata as Obj), event_code: d.eventId || undefined, log_provider: d.channel || undefined };
  return o;
}
