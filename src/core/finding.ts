import { dynamicKey, hasMessage, t, type Lang } from '../i18n/index.ts';
import type { Fields, SourceRef } from './event.ts';
import './messages.ts';

export type Level = 'informational' | 'low' | 'medium' | 'high' | 'critical';
export const LEVELS: readonly Level[] = ['informational', 'low', 'medium', 'high', 'critical'];
export function levelRank(level: string): number {
  const i = LEVELS.indexOf(normalizeLevel(level));
  return Math.max(i, 0);
}
/** Hayabusa abbreviations and Sigma spellings to one Sigma level. */
export function normalizeLevel(level: string): Level {
  switch (level.toLowerCase()) {
    case 'crit':
    case 'critical':
      return 'critical';
    case 'high':
      return 'high';
    case 'med':
    case 'medium':
      return 'medium';
    case 'low':
      return 'low';
    default:
      return 'informational';
  }
}

/** One rule matching one event, or one correlation firing: a timeline row. */
export interface Detection {
  ts: number;
  ruleId: string;
  ruleTitle: string;
  level: Level;
  author?: string;
  tags?: string[];
  /** rule file, for attribution under the Detection Rule License */
  ruleFile?: string;
  host?: string;
  channel?: string;
  eventId?: number | string;
  recordId?: number;
  source: SourceRef;
  /** fields of the event (or of the correlated events) worth showing */
  fields?: Fields;
  /** for correlations: the events that made it fire */
  related?: SourceRef[];
  /** readable summary of the event (Hayabusa's Details column) */
  details?: string;
  /** the event's other fields, `name: value ¦ ...` (Hayabusa's ExtraFieldInfo) */
  extra?: string;
}

export type FindingSeverity = 'low' | 'medium' | 'high' | 'critical';

export interface EvidenceRef {
  file: string;
  record?: number;
  offset?: number;
  line?: number;
  ts?: number;
}

/** A conclusion over many events (brute force, beacon, tampering, ...). */
export interface Finding {
  kind: string;
  severity: FindingSeverity;
  host: string | null;
  peer: string | null;
  first_seen: number;
  last_seen: number;
  count: number;
  evidence: EvidenceRef[];
  summary_en: string;
  summary_ja: string;
  /** rule id or analysis name that produced it */
  producer: string;
  /** MITRE ATT&CK technique ids (T1110, ...) */
  attack?: string[];
  /** anything kind-specific (score, ports, ...) */
  details?: Record<string, unknown>;
}

/** Evidence lists stay readable: keep the first N references and say how many there were. */
export const MAX_EVIDENCE = 50;
export function capEvidence(refs: EvidenceRef[], max = MAX_EVIDENCE): EvidenceRef[] {
  return refs.length <= max ? refs : refs.slice(0, max);
}

/** A finding kind as people read it ("ブルートフォース攻撃の成功"); the kind itself when it has no name. */
export function kindName(kind: string, lang?: Lang): string {
  // a composite reason: "high rule hits"
  const hits = /^(\w+) rule hits$/.exec(kind);
  if (hits && (LEVELS as readonly string[]).includes(hits[1]!))
    return t('kind.rule-hits', { level: t(dynamicKey(`level.${hits[1]}`), {}, lang) }, lang);
  const key = `kind.${kind}`;
  return hasMessage(key) ? t(dynamicKey(key), {}, lang) : kind;
}

/** A list of kinds ("brute-force-success, explicit-credentials"), each named. */
export function kindNames(list: string, lang?: Lang): string {
  return list
    .split(/,\s*/)
    .map((k) => kindName(k, lang))
    .join(lang === 'ja' ? '、' : ', ');
}
