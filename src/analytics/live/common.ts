/** Field access, evidence references and finding construction shared by the live-response analyses. */
import type { Event } from '../../core/event.ts';
import type { EvidenceRef, Finding, FindingSeverity } from '../../core/finding.ts';
import { formatTs } from '../../core/event.ts';
import { type MessageKey, type Params, tBoth } from '../../i18n/index.ts';
import './messages.ts';

export function s(e: Event, name: string): string {
  const v = e.fields[name];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

export function n(e: Event, name: string): number {
  const v = e.fields[name];
  return typeof v === 'number' ? v : typeof v === 'string' && v.trim() ? Number(v) : NaN;
}

export function isLive(e: Event): boolean {
  return e.logsource.service === 'live' && e.source.format !== '';
}

export function ref(e: Event): EvidenceRef {
  const r: EvidenceRef = { file: e.source.file };
  if (e.source.line !== undefined) r.line = e.source.line;
  if (e.source.record !== undefined) r.record = e.source.record;
  if (Number.isFinite(e.ts)) r.ts = e.ts;
  return r;
}

/** Attacker-controlled text for a one-line summary: control characters made visible, length capped. */
export function short(text: string, max = 300): string {
  const t = text.length > max ? `${text.slice(0, max)}…` : text;
  return t.replace(/[\u0000-\u001f\u007f]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? ' ' : '?'));
}

/** "3 days", "5 hours": how long before the collection a change was. */
export function ago(us: number): string {
  const h = us / 3.6e9;
  if (h < 1) return `${Math.max(1, Math.round(us / 6e7))} min`;
  if (h < 48) return `${Math.round(h)} h`;
  return `${Math.round(h / 24)} d`;
}

export function time(us: number): string {
  return Number.isFinite(us) ? formatTs(us).replace(/\.\d+Z$/, 'Z') : '?';
}

export function finding(
  e: Event | undefined,
  kind: string,
  severity: FindingSeverity,
  code: MessageKey,
  params: Params,
  extra: Partial<Finding> = {},
): Finding {
  const safe: Params = {};
  for (const [k, v] of Object.entries(params)) safe[k] = typeof v === 'string' ? short(v, 600) : v;
  const t = tBoth(code, safe);
  const ts = e && Number.isFinite(e.ts) ? e.ts : NaN;
  return {
    kind,
    severity,
    host: e?.host ?? null,
    peer: null,
    first_seen: ts,
    last_seen: ts,
    count: 1,
    evidence: e ? [ref(e)] : [],
    summary_en: t.en,
    summary_ja: t.ja,
    producer: kind,
    ...extra,
  };
}

/** The time a collection was made, carried by every live event (epoch µs), NaN when unknown. */
export function collectedAt(e: Event): number {
  return n(e, 'collected');
}
