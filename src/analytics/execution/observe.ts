/**
 * One execution artifact event (Shimcache, Amcache, Prefetch) as an observation of a program, and
 * the grouping of observations into findings: one finding per program path (and host) and kind,
 * with every artifact that shows it as evidence.
 */
import type { Event } from '../../core/event.ts';
import { capEvidence, type EvidenceRef, type Finding, type FindingSeverity } from '../../core/finding.ts';
import { normalizePath, type NormalPath } from './paths.ts';

export type Artifact = 'prefetch' | 'amcache' | 'shimcache';

export interface Observation {
  event: Event;
  artifact: Artifact;
  raw: string;
  path: NormalPath;
  sha1?: string;
  originalFileName?: string;
  /** prefetch: ran; shimcache: the executed flag (null where the layout has none); amcache: null */
  executed: boolean | null;
  runCount?: number;
}

const ARTIFACTS = new Set<string>(['prefetch', 'amcache', 'shimcache']);

export function isExecutionArtifact(e: Event): boolean {
  return (
    e.logsource.product === 'windows' && ARTIFACTS.has(e.logsource.service ?? '') && typeof e.fields.Image === 'string'
  );
}

export function observe(e: Event): Observation | undefined {
  if (!isExecutionArtifact(e)) return undefined;
  const raw = e.fields.Image as string;
  if (!raw) return undefined;
  const artifact = e.logsource.service as Artifact;
  const sha1 =
    typeof e.fields.SHA1 === 'string' && /^[0-9a-f]{40}$/i.test(e.fields.SHA1)
      ? e.fields.SHA1.toLowerCase()
      : undefined;
  const ofn = typeof e.fields.OriginalFileName === 'string' ? e.fields.OriginalFileName.toLowerCase() : undefined;
  const flag = e.fields.ExecutedFlag;
  return {
    event: e,
    artifact,
    raw,
    path: normalizePath(raw),
    sha1,
    originalFileName: ofn,
    executed: artifact === 'prefetch' ? true : artifact === 'shimcache' && typeof flag === 'boolean' ? flag : null,
    runCount: typeof e.fields.RunCount === 'number' ? e.fields.RunCount : undefined,
  };
}

export interface Hit {
  kind: string;
  severity: FindingSeverity;
  /** part of the grouping key besides the path (tool name, reason set, indicator) */
  subject: string;
  attack: string[];
  details: Record<string, unknown>;
}

interface Group {
  hit: Hit;
  host: string | null;
  pathKey: string;
  path: string;
  artifacts: Set<Artifact>;
  executed: boolean;
  sha1: Set<string>;
  runCount: number;
  evidence: EvidenceRef[];
  count: number;
  first: number;
  last: number;
}

const RANK: FindingSeverity[] = ['low', 'medium', 'high', 'critical'];
const lower = (s: FindingSeverity): FindingSeverity => RANK[Math.max(0, RANK.indexOf(s) - 1)]!;

export type Summarize = (g: {
  hit: Hit;
  path: string;
  artifacts: Artifact[];
  presenceOnly: boolean;
  count: number;
}) => { en: string; ja: string };

export class FindingGroups {
  private readonly groups = new Map<string, Group>();

  add(o: Observation, hit: Hit): void {
    const host = o.event.host ?? null;
    const pathKey = `${o.path.unc ? o.path.volume : ''}${o.path.rest}`;
    const key = `${hit.kind}\u0000${hit.subject}\u0000${pathKey}\u0000${host ?? ''}`;
    let g = this.groups.get(key);
    if (!g) {
      g = {
        hit,
        host,
        pathKey,
        path: o.raw,
        artifacts: new Set(),
        executed: false,
        sha1: new Set(),
        runCount: 0,
        evidence: [],
        count: 0,
        first: Infinity,
        last: -Infinity,
      };
      this.groups.set(key, g);
    }
    g.artifacts.add(o.artifact);
    if (o.executed) g.executed = true;
    if (o.sha1) g.sha1.add(o.sha1);
    if (o.runCount !== undefined) g.runCount = Math.max(g.runCount, o.runCount);
    if (RANK.indexOf(hit.severity) > RANK.indexOf(g.hit.severity)) g.hit = hit;
    g.count++;
    const ts = o.event.ts;
    if (Number.isFinite(ts)) {
      g.first = Math.min(g.first, ts);
      g.last = Math.max(g.last, ts);
    }
    if (g.evidence.length < 200) {
      const s = o.event.source;
      g.evidence.push({ file: s.file, record: s.record, offset: s.offset, ts: Number.isFinite(ts) ? ts : undefined });
    }
  }

  /** Host-less observations (Prefetch, Amcache) join the one host that has the same path, if there is exactly one. */
  private merged(): Group[] {
    const all = [...this.groups.values()];
    const hosted = new Map<string, Group[]>();
    for (const g of all)
      if (g.host !== null)
        hosted.set(`${g.hit.kind}\u0000${g.hit.subject}\u0000${g.pathKey}`, [
          ...(hosted.get(`${g.hit.kind}\u0000${g.hit.subject}\u0000${g.pathKey}`) ?? []),
          g,
        ]);
    const out: Group[] = [];
    for (const g of all) {
      const peers = g.host === null ? hosted.get(`${g.hit.kind}\u0000${g.hit.subject}\u0000${g.pathKey}`) : undefined;
      if (peers?.length === 1) {
        const t = peers[0]!;
        for (const a of g.artifacts) t.artifacts.add(a);
        for (const h of g.sha1) t.sha1.add(h);
        t.executed ||= g.executed;
        t.runCount = Math.max(t.runCount, g.runCount);
        t.count += g.count;
        t.first = Math.min(t.first, g.first);
        t.last = Math.max(t.last, g.last);
        t.evidence.push(...g.evidence);
        if (RANK.indexOf(g.hit.severity) > RANK.indexOf(t.hit.severity)) t.hit = g.hit;
      } else out.push(g);
    }
    return out;
  }

  findings(producer: string, summarize: Summarize): Finding[] {
    return this.merged().map((g) => {
      const artifacts = [...g.artifacts].sort();
      // without Prefetch or a Shimcache executed flag, the artifacts show the file was there, not that it ran
      const presenceOnly = !g.executed;
      const severity = presenceOnly && g.hit.kind !== 'execution-ioc-hash' ? lower(g.hit.severity) : g.hit.severity;
      const s = summarize({ hit: g.hit, path: g.path, artifacts, presenceOnly, count: g.count });
      const evidence = [...g.evidence].sort((a, b) => (a.ts ?? 0) - (b.ts ?? 0));
      return {
        kind: g.hit.kind,
        severity,
        host: g.host,
        peer: null,
        first_seen: Number.isFinite(g.first) ? g.first : NaN,
        last_seen: Number.isFinite(g.last) ? g.last : NaN,
        count: g.count,
        evidence: capEvidence(evidence),
        summary_en: s.en,
        summary_ja: s.ja,
        producer,
        attack: g.hit.attack,
        details: {
          path: g.path,
          artifacts,
          executed: g.executed,
          presence_only: presenceOnly,
          ...(g.sha1.size ? { sha1: [...g.sha1].sort() } : {}),
          ...(g.runCount ? { run_count: g.runCount } : {}),
          ...g.hit.details,
        },
      };
    });
  }
}
