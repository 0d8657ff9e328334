/** findings.jsonl (times as ISO 8601 UTC). */
import { writeFileSync } from 'node:fs';
import { formatTs } from '../core/event.ts';
import type { Finding } from '../core/finding.ts';

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
