/** Store rows built from events and detections (the NDJSON the store bulk-loads). */
import type { Event } from '../core/event.ts';
import type { Detection } from '../core/finding.ts';
import { safeJson } from '../core/json-safe.ts';

export function eventRow(e: Event): string {
  const f = e.fields;
  const eid = f.EventID;
  return safeJson({
    ts: Number.isFinite(e.ts) ? Math.round(e.ts) : null,
    host: e.host ?? null,
    format: e.source.format,
    file: e.source.file,
    record: e.source.record ?? null,
    line: e.source.line ?? null,
    offset: e.source.offset ?? null,
    product: e.logsource.product ?? null,
    category: e.logsource.category ?? null,
    service: e.logsource.service ?? null,
    channel: typeof f.Channel === 'string' ? f.Channel : null,
    event_id: typeof eid === 'number' ? eid : typeof eid === 'string' && /^\d+$/.test(eid) ? Number(eid) : null,
    fields: f,
  });
}

export function detectionRow(d: Detection): string {
  return safeJson({
    ts: Number.isFinite(d.ts) ? Math.round(d.ts) : null,
    rule_id: d.ruleId,
    rule_title: d.ruleTitle,
    level: d.level,
    author: d.author ?? null,
    tags: d.tags ?? [],
    rule_file: d.ruleFile ?? null,
    host: d.host ?? null,
    channel: d.channel ?? null,
    event_id: d.eventId === undefined ? null : String(d.eventId),
    record_id: d.recordId ?? null,
    file: d.source.file,
    details: d.details ?? null,
    extra: d.extra ?? null,
  });
}
