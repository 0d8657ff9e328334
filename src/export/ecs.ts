/**
 * NDJSON in the Elastic Common Schema (ECS_VERSION in versions.ts), one document per line, for
 * Elasticsearch's `_bulk` API or Filebeat's filestream input with the ndjson parser.
 * - events: `event.kind: event`. Windows events also carry the Winlogbeat layout (`winlog.channel`,
 *   `winlog.event_id`, `winlog.event_data.*` as strings, …), so Elastic's Windows content and
 *   konseki's own Winlogbeat reader read them back.
 * - timeline (detections) and findings: `event.kind: alert`, `rule.*`, `threat.technique.id`.
 * Values outside ECS go under `konseki.*` (and `winlog.*`), always as strings where their type
 * varies from event to event (Elasticsearch maps a field by the first value it sees).
 */
import { isSystemFieldName } from '../sources/evtx/fields.ts';
import { levelRank } from '../core/finding.ts';
import { isoOffset } from './common.ts';
import { categorize, ecsFromFields, ipOf, portOf, put, type Doc } from './ecs-fields.ts';
import type { DetectionRow, EventRow, FindingRow } from './queries.ts';
import { splitTags, techniqueIds, SEPARATOR } from './tags.ts';
import { ECS_VERSION } from './versions.ts';

/** Elastic Security's risk scores by severity (its rule defaults). */
const RISK: Record<string, number> = { informational: 0, low: 21, medium: 47, high: 73, critical: 99 };

function timestamp(us: number): string {
  // ECS dates are ISO 8601; Elasticsearch keeps the microseconds in _source (and in date_nanos fields)
  const s = isoOffset(us);
  return s ? s.replace(/\+00:00$/, 'Z') : '';
}

function base(ts: number, kind: string, dataset: string): Doc {
  const d: Doc = {};
  put(d, '@timestamp', timestamp(ts));
  put(d, 'ecs.version', ECS_VERSION);
  put(d, 'event.kind', kind);
  put(d, 'event.module', 'konseki');
  put(d, 'event.dataset', dataset);
  return d;
}

const WINDOWS_FORMATS = new Set(['evtx', 'evtx-json', 'winlogbeat', 'splunk-wineventlog']);

function asString(v: unknown): string | string[] {
  return Array.isArray(v) ? v.map((x) => String(x)) : String(v);
}

export function eventDoc(e: EventRow): Doc {
  const f = e.fields;
  const d = base(e.ts, 'event', `konseki.${e.format || 'event'}`);
  const c = categorize(f, e);
  if (c) {
    put(d, 'event.category', c.category);
    put(d, 'event.type', c.type);
    put(d, 'event.action', c.action);
  }
  if (f.EventID !== undefined && f.EventID !== null) put(d, 'event.code', String(f.EventID));
  if (typeof f.Provider_Name === 'string') put(d, 'event.provider', f.Provider_Name);
  put(d, 'host.name', e.host || undefined);
  ecsFromFields(f, d);
  put(d, 'log.file.path', e.file);
  if (e.offset !== null) put(d, 'konseki.offset', e.offset);
  if (typeof f.message === 'string') put(d, 'message', f.message);
  if (WINDOWS_FORMATS.has(e.format) || e.product === 'windows') winlog(e, d);
  else {
    const other: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(f)) if (v !== null && k !== 'message') other[k] = asString(v);
    put(d, 'konseki.fields', Object.keys(other).length ? other : undefined);
  }
  if (e.line !== null) put(d, 'konseki.line', e.line);
  if (e.record !== null) put(d, 'konseki.record', e.record);
  return d;
}

/** Winlogbeat's `winlog` object (field layout of Winlogbeat / Elastic Agent's Windows integration). */
function winlog(e: EventRow, d: Doc): void {
  const f = e.fields;
  const s = (k: string): string | undefined => (typeof f[k] === 'string' && f[k] !== '' ? (f[k] as string) : undefined);
  const n = (k: string): number | undefined => (typeof f[k] === 'number' ? (f[k] as number) : undefined);
  put(d, 'winlog.api', 'wineventlog');
  put(d, 'winlog.channel', s('Channel'));
  put(d, 'winlog.computer_name', s('Computer'));
  if (f.EventID !== undefined && f.EventID !== null) put(d, 'winlog.event_id', String(f.EventID));
  if (f.EventRecordID !== undefined && f.EventRecordID !== null) put(d, 'winlog.record_id', String(f.EventRecordID));
  put(d, 'winlog.provider_name', s('Provider_Name'));
  put(d, 'winlog.provider_guid', s('Provider_Guid'));
  put(d, 'winlog.version', n('Version'));
  put(d, 'winlog.process.pid', n('Execution_ProcessID'));
  put(d, 'winlog.process.thread.id', n('Execution_ThreadID'));
  put(d, 'winlog.user.identifier', s('Security_UserID'));
  put(d, 'winlog.activity_id', s('Correlation_ActivityID'));
  put(d, 'winlog.related_activity_id', s('Correlation_RelatedActivityID'));
  const data: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(f)) {
    if (v === null || isSystemFieldName(k)) continue;
    data[k] = asString(v);
  }
  if (Object.keys(data).length) put(d, 'winlog.event_data', data);
}

export function detectionDoc(x: DetectionRow): Doc {
  const d = base(x.ts, 'alert', 'konseki.detection');
  const tags = splitTags(x.tags);
  put(d, 'message', x.details ? `${x.ruleTitle} ${SEPARATOR.trim()} ${x.details}` : x.ruleTitle);
  put(d, 'event.category', ['intrusion_detection']);
  put(d, 'event.type', ['info']);
  put(d, 'event.code', x.eventId || undefined);
  put(d, 'event.action', x.ruleTitle);
  put(d, 'event.severity', levelRank(x.level));
  put(d, 'event.risk_score', RISK[x.level] ?? 0);
  put(d, 'rule.id', x.ruleId);
  put(d, 'rule.name', x.ruleTitle);
  put(d, 'rule.ruleset', x.ruleFile.includes('/konseki/') ? 'konseki' : 'sigma');
  if (x.author) put(d, 'rule.author', x.author.split(/\s*,\s*/).filter(Boolean));
  const techniques = techniqueIds(tags.techniques);
  if (techniques.length) {
    put(d, 'threat.framework', 'MITRE ATT&CK');
    put(d, 'threat.technique.id', techniques);
  }
  put(d, 'host.name', x.host || undefined);
  put(d, 'log.file.path', x.file || undefined);
  put(d, 'log.level', x.level);
  put(d, 'winlog.channel', x.channel || undefined);
  if (x.recordId !== null) put(d, 'winlog.record_id', String(x.recordId));
  put(d, 'konseki.details', x.details || undefined);
  put(d, 'konseki.extra_field_info', x.extra || undefined);
  put(d, 'konseki.rule_file', x.ruleFile || undefined);
  if (x.tags.length) put(d, 'tags', x.tags);
  return d;
}

/** Finding kinds where the peer came in (the attacker) rather than being gone out to. */
const INBOUND = new Set([
  'brute-force',
  'brute-force-success',
  'pass-the-hash',
  'rdp-lateral-movement',
  'winrm-inbound',
  'trap-account',
  'domain-admin-on-terminal',
]);

const FINDING_CATEGORY: Record<string, { category: string[]; type: string[] }> = {
  'ioc-match': { category: ['threat', 'network'], type: ['indicator', 'connection'] },
};

export function findingDoc(f: FindingRow, lang: 'en' | 'ja'): Doc {
  const d = base(f.firstSeen, 'alert', 'konseki.finding');
  put(d, 'message', lang === 'ja' ? f.summaryJa || f.summaryEn : f.summaryEn);
  const c = FINDING_CATEGORY[f.kind] ?? { category: ['intrusion_detection'], type: ['info'] };
  put(d, 'event.category', c.category);
  put(d, 'event.type', c.type);
  put(d, 'event.action', f.kind);
  put(d, 'event.start', timestamp(f.firstSeen));
  put(d, 'event.end', timestamp(f.lastSeen));
  put(d, 'event.severity', levelRank(f.severity));
  put(d, 'event.risk_score', RISK[f.severity] ?? 0);
  put(d, 'rule.name', f.kind);
  put(d, 'rule.id', f.producer);
  put(d, 'rule.ruleset', 'konseki');
  const techniques = techniqueIds(f.attack);
  if (techniques.length) {
    put(d, 'threat.framework', 'MITRE ATT&CK');
    put(d, 'threat.technique.id', techniques);
  }
  const host = f.host ?? undefined;
  const hostIp = ipOf(host);
  const inbound = INBOUND.has(f.kind);
  if (host) {
    if (hostIp) put(d, inbound ? 'destination.ip' : 'source.ip', hostIp);
    else put(d, 'host.name', host);
  }
  if (f.peer) {
    const m = /^(.*?)(?::(\d{1,5}))?$/.exec(f.peer)!;
    const peer = /^https?:\/\//i.test(f.peer) ? f.peer : m[1]!;
    const side = inbound ? 'source' : 'destination';
    const ip = ipOf(peer);
    if (ip) put(d, `${side}.ip`, ip);
    else if (/^https?:\/\//i.test(peer)) put(d, 'url.original', peer);
    else if (/^[a-z0-9._-]+\.[a-z]{2,}$/i.test(peer)) put(d, `${side}.domain`, peer.toLowerCase());
    else put(d, 'konseki.peer', f.peer);
    if (!/^https?:/i.test(f.peer) && m[2]) put(d, `${side}.port`, portOf(m[2]));
  }
  put(d, 'konseki.count', f.count);
  put(d, 'konseki.summary_en', f.summaryEn);
  put(d, 'konseki.summary_ja', f.summaryJa);
  put(d, 'konseki.evidence_files', [...new Set(f.evidence.map((e) => e.file))]);
  // details vary in shape by kind: one JSON text, so no mapping conflict between kinds
  put(d, 'konseki.details', Object.keys(f.details).length ? JSON.stringify(f.details) : undefined);
  return d;
}
