/**
 * Which indicators judged from behaviour (case.json `indicators.judged`) are blocked: those at or
 * above `--min-confidence` that nothing excludes (the allow-list, a destination most of the
 * organisation uses, a public suffix). The rest are listed for a human, with their evidence. A host
 * that is in the list only because it contacted indicators is contained when one of them is blocked.
 */
import { loadAllowList, type AllowList } from '../analytics/network/allowlist.ts';
import { allowListed, parsePeer } from '../case/indicators.ts';
import type { CaseIndicator, PlanHost } from './types.ts';
import { isPublicSuffix } from './suffix.ts';

/** Default threshold: measured on the labelled network week, the planted C&C scores 0.57–0.98, benign traps at most 0.44. */
export const DEFAULT_MIN_CONFIDENCE = 0.5;

export interface JudgedSelection {
  blocked: CaseIndicator[];
  review: CaseIndicator[];
  /** what to add to the plan's indicator lists */
  lists: { ips: string[]; domains: string[]; urls: string[]; ports: string[] };
}

const TYPES = new Set(['domain', 'ip', 'ip-port', 'domain-port', 'url']);

/** Untrusted case.json entries to well-formed ones (bad entries are dropped here and reported by canonicalization). */
export function readJudged(raw: unknown): CaseIndicator[] {
  if (!Array.isArray(raw)) return [];
  const out: CaseIndicator[] = [];
  for (const x of raw.slice(0, 100_000)) {
    if (!x || typeof x !== 'object') continue;
    const j = x as Record<string, unknown>;
    if (typeof j.value !== 'string' || typeof j.type !== 'string' || !TYPES.has(j.type)) continue;
    const confidence = typeof j.confidence === 'number' && Number.isFinite(j.confidence) ? j.confidence : 0;
    out.push({ ...(j as unknown as CaseIndicator), confidence: Math.min(1, Math.max(0, confidence)) });
  }
  return out;
}

export function selectJudged(
  judged: CaseIndicator[],
  minConfidence: number,
  allowFiles: string[] = [],
): JudgedSelection {
  const allow: AllowList | undefined = allowFiles.length ? loadAllowList(allowFiles, []) : undefined;
  const blocked: CaseIndicator[] = [];
  const review: CaseIndicator[] = [];
  const lists = { ips: [] as string[], domains: [] as string[], urls: [] as string[], ports: [] as string[] };
  for (const j of judged) {
    const p = parsePeer(j.value);
    let excluded = j.excluded;
    if (!excluded && p && allowListed(allow, p)) excluded = 'allow-list';
    if (!excluded && p && (p.type === 'domain' || p.type === 'domain-port') && isPublicSuffix(p.host))
      excluded = 'public-suffix';
    if (excluded || j.confidence < minConfidence) {
      review.push(excluded ? { ...j, excluded } : j);
      continue;
    }
    blocked.push(j);
    if (j.type === 'ip') lists.ips.push(j.value);
    else if (j.type === 'domain') lists.domains.push(j.value);
    else if (j.type === 'url') lists.urls.push(j.value);
    else lists.ports.push(j.value);
  }
  return { blocked, review, lists };
}

/**
 * Hosts to contain: every host without `via` (compromised), and a host with `via` when one of its
 * indicators is blocked. Proxies and resolvers are held back for a human whatever their verdict.
 */
export function selectHosts(
  hosts: PlanHost[],
  blocked: CaseIndicator[],
): { hosts: PlanHost[]; held: Array<PlanHost & { why: string }> } {
  const values = new Set(blocked.map((b) => b.value));
  const out: PlanHost[] = [];
  const held: Array<PlanHost & { why: string }> = [];
  for (const h of hosts) {
    if (h.infrastructure) {
      held.push({ ...h, why: `infrastructure:${h.infrastructure}` });
      continue;
    }
    if (Array.isArray(h.via) && h.via.length && !h.via.some((v) => values.has(v))) {
      held.push({ ...h, why: 'indicators-not-blocked' });
      continue;
    }
    out.push(h);
  }
  return { hosts: out, held };
}
