/** Building findings of the network analyses: both languages through tBoth, evidence capped. */
import { capEvidence, type EvidenceRef, type Finding, type FindingSeverity } from '../../core/finding.ts';
import { tBoth, type Params, type MessageKey } from '../../i18n/index.ts';
import './messages.ts';

export interface FindingParts {
  kind: string;
  severity: FindingSeverity;
  host: string | null;
  peer: string | null;
  first: number;
  last: number;
  count: number;
  evidence: EvidenceRef[];
  message: MessageKey;
  params: Params;
  attack?: string[];
  details?: Record<string, unknown>;
}

export function makeFinding(p: FindingParts): Finding {
  const text = tBoth(p.message, p.params);
  const f: Finding = {
    kind: p.kind,
    severity: p.severity,
    host: p.host,
    peer: p.peer,
    first_seen: p.first,
    last_seen: p.last,
    count: p.count,
    evidence: capEvidence(p.evidence),
    summary_en: text.en,
    summary_ja: text.ja,
    producer: `network.${p.kind}`,
  };
  if (p.attack?.length) f.attack = p.attack;
  if (p.details) f.details = p.details;
  return f;
}

const ORDER: Record<FindingSeverity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

export function severityRank(s: FindingSeverity): number {
  return ORDER[s];
}

/** Raise or lower a severity by steps, within low..critical. */
export function shiftSeverity(s: FindingSeverity, by: number): FindingSeverity {
  const all: FindingSeverity[] = ['low', 'medium', 'high', 'critical'];
  return all[Math.max(0, Math.min(3, ORDER[s] + by))];
}
