/** A rule hit as a Detection (a timeline row) with the rule's attribution (Detection Rule License). */
import type { Event, Fields } from '../core/event.ts';
import type { Detection } from '../core/finding.ts';
import type { RuleHit, RuleInfo, RuleSet } from './types.ts';

export function hitToDetection(info: RuleInfo, event: Event): Detection {
  const f = event.fields;
  const shown: Fields | undefined = info.fields?.length
    ? Object.fromEntries(info.fields.filter((k) => f[k] !== undefined).map((k) => [k, f[k]!]))
    : undefined;
  const eid = f.EventID;
  return {
    ts: event.ts,
    ruleId: info.id,
    ruleTitle: info.title,
    level: info.level,
    author: info.author,
    tags: info.tags,
    ruleFile: info.file,
    host: event.host,
    channel: typeof f.Channel === 'string' ? f.Channel : undefined,
    eventId: typeof eid === 'number' || typeof eid === 'string' ? eid : undefined,
    recordId: event.source.record,
    source: event.source,
    fields: shown,
    details: info.details ? renderDetails(info.details, f) : undefined,
  };
}

/** The detections to show for an event: hits of rules that are not only correlation building blocks. */
export function detectionsFor(ruleSet: RuleSet, hits: RuleHit[], event: Event): Detection[] {
  const out: Detection[] = [];
  for (const h of hits) {
    if (!h.emit) continue;
    const info = ruleSet.rules.get(h.rule);
    if (info) out.push(hitToDetection(info, event));
  }
  return out;
}

/** Hayabusa's `details` template: `%Field%` is replaced by the event's value, `n/a` when absent. */
export function renderDetails(template: string, fields: Fields): string {
  return template.replace(/%([A-Za-z0-9_.\- ]+?)(?:\[(\d+)\])?%/g, (_, name: string, idx?: string) => {
    const v = fields[name] ?? fields[name.replace(/^Event\.(?:System|EventData|UserData)\./, '')];
    if (v === undefined || v === null) return 'n/a';
    if (Array.isArray(v)) return idx ? String(v[Number(idx) - 1] ?? 'n/a') : v.join(' ');
    return String(v);
  });
}
