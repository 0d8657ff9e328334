/** findings.jsonl (times as ISO 8601 UTC) and the store's findings rows. */
import { writeFileSync } from 'node:fs';
import { formatTs } from '../core/event.ts';
import type { Finding } from '../core/finding.ts';
import { safeJson } from '../core/json-safe.ts';

export function findingJson(f: Finding): Record<string, unknown> {
  return {
    kind: f.kind,
    severity: f.severity,
    host: f.host,
    peer: f.peer,
    first_seen: formatTs(f.first_seen),
    last_seen: formatTs(f.last_seen),
    count: f.count,
    evidence: f.evidence.map((e) => ({ ...e, ts: e.ts === undefined ? undefined : formatTs(e.ts) })),
    summary_en: f.summary_en,
    summary_ja: f.summary_ja,
    producer: f.producer,
    attack: f.attack ?? [],
    details: f.details ?? {},
  };
}

export function writeFindings(file: string, findings: Finding[]): void {
  writeFileSync(file, findings.map((f) => `${JSON.stringify(findingJson(f))}\n`).join(''));
}

export function findingRow(f: Finding): string {
  return safeJson({
    kind: f.kind,
    severity: f.severity,
    host: f.host,
    peer: f.peer,
    first_seen: Number.isFinite(f.first_seen) ? Math.round(f.first_seen) : null,
    last_seen: Number.isFinite(f.last_seen) ? Math.round(f.last_seen) : null,
    count: f.count,
    summary_en: f.summary_en,
    summary_ja: f.summary_ja,
    producer: f.producer,
    attack: f.attack ?? [],
    evidence: f.evidence,
    details: f.details ?? {},
  });
}
