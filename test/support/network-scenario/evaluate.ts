// Reads a generated scenario through konseki's own readers (the reader is chosen by sniffing, as
// triage does), runs the network analyses and scores the findings against the labels.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Finding, FindingSeverity } from '../../../src/core/finding.ts';
import type { Issue } from '../../../src/core/issue.ts';
import { loadIocs } from '../../../src/ioc/index.ts';
import {
  loadAllowList,
  loadPolicy,
  networkFindings,
  NETWORK_FINDING_KINDS,
  type NetworkOptionsInput,
  type ScoredPair,
} from '../../../src/analytics/network/index.ts';
import { networkReaderList, type NetworkReader } from '../../../src/sources/network/index.ts';
import { networkStore } from '../net-store.ts';
import type { Label, Tolerated } from './attack.ts';
import type { Trap } from './hard.ts';
import type { ScenarioFiles } from './generate.ts';

export function pickReader(path: string): NetworkReader | undefined {
  const fd = readFileSync(path).subarray(0, 65536);
  let best: NetworkReader | undefined;
  let score = 0;
  for (const r of networkReaderList) {
    const s = r.sniff(fd, basename(path));
    if (s > score) {
      score = s;
      best = r;
    }
  }
  return score >= 0.5 ? best : undefined;
}

export interface RunResult {
  findings: Finding[];
  issues: Issue[];
  events: number;
  lines: number;
  skipped: number;
  readers: Record<string, string>;
  seconds: number;
  /** every beacon pair scored */
  scored: ScoredPair[];
}

/** Read every log of the scenario with the sniffed reader and run the analyses over the events. */
type RunOptions = { allow?: boolean; policy?: boolean; iocs?: boolean; extra?: NetworkOptionsInput };

export async function runAnalyses(files: ScenarioFiles, opts: RunOptions = {}): Promise<RunResult> {
  return (await runAnalysesEach(files, [opts]))[0]!;
}

/**
 * The week read once into a store, then every analysis once per variant (allow-list, policy,
 * indicators on or off). The variants share `extra`: it decides the network view written at reading.
 */
export async function runAnalysesEach(files: ScenarioFiles, variants: RunOptions[]): Promise<RunResult[]> {
  const started = Date.now();
  const base: NetworkOptionsInput = { timeZone: 'Asia/Tokyo', ...variants[0]?.extra };
  const readIssues: Issue[] = [];
  const ns = await networkStore(
    [files.proxy, files.firewall, files.dns, files.eve],
    pickReader,
    base,
    readIssues,
    'Asia/Tokyo',
  );
  try {
    const out: RunResult[] = [];
    for (const opts of variants) {
      const issues: Issue[] = [...readIssues];
      const input: NetworkOptionsInput = { ...base };
      if (opts.allow) input.allow = loadAllowList([files.allow], issues);
      if (opts.policy !== false) input.policy = loadPolicy([files.policy], issues);
      const iocs = opts.iocs === false ? undefined : loadIocs([files.iocs], issues);
      const scored: ScoredPair[] = [];
      const findings = await networkFindings(ns.store, input, iocs, { scored });
      const { events, lines, skipped, readers } = ns;
      out.push({ findings, issues, events, lines, skipped, readers, seconds: (Date.now() - started) / 1000, scored });
    }
    return out;
  } finally {
    ns.close();
  }
}

const RANK: Record<FindingSeverity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

function sameDest(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x === y || x.endsWith(`.${y}`) || y.endsWith(`.${x}`) || x.split(':')[0] === y.split(':')[0];
}

function matches(f: Finding, l: { kind: string; host: string | null; peer?: string; sid?: number }): boolean {
  if (f.kind !== l.kind) return false;
  if (l.host !== null && f.host !== l.host) return false;
  if (l.sid !== undefined && (f.details?.sid as number | undefined) !== l.sid) return false;
  if (l.peer !== undefined && !(f.peer && sameDest(f.peer, l.peer))) return false;
  return true;
}

export interface KindScore {
  kind: string;
  findings: number;
  required: number;
  found: number;
  recall: number;
  /** findings that no label explains, by severity */
  falsePositives: Record<FindingSeverity, number>;
  /** benign findings reported within their tolerated severity */
  tolerated: number;
  missed: string[];
  fpExamples: string[];
}

export function score(findings: Finding[], expected: Label[], tolerated: Tolerated[]): KindScore[] {
  const out: KindScore[] = [];
  for (const kind of NETWORK_FINDING_KINDS) {
    const fs = findings.filter((f) => f.kind === kind);
    const req = expected.filter((l) => l.kind === kind && l.required);
    const found = req.filter((l) => fs.some((f) => matches(f, l)));
    const fp: Record<FindingSeverity, number> = { low: 0, medium: 0, high: 0, critical: 0 };
    let tol = 0;
    const fpExamples: string[] = [];
    for (const f of fs) {
      if (expected.some((l) => l.kind === kind && matches(f, l))) continue;
      const t = tolerated.find(
        (x) =>
          x.kind === kind &&
          (x.host === null || x.host === f.host) &&
          (x.peer === undefined || (f.peer !== null && sameDest(f.peer, x.peer))),
      );
      if (t && RANK[f.severity] <= RANK[t.maxSeverity]) {
        tol++;
        continue;
      }
      fp[f.severity]++;
      if (fpExamples.length < 30) fpExamples.push(`[${f.severity}] ${f.summary_en.slice(0, 220)}`);
    }
    out.push({
      kind,
      findings: fs.length,
      required: req.length,
      found: found.length,
      recall: req.length ? found.length / req.length : 1,
      falsePositives: fp,
      tolerated: tol,
      missed: req.filter((l) => !found.includes(l)).map((l) => `${l.host} ${l.peer ?? l.sid ?? ''} (${l.why})`),
      fpExamples,
    });
  }
  return out;
}

export function fpAtLeast(s: KindScore, min: FindingSeverity): number {
  return (Object.keys(s.falsePositives) as FindingSeverity[])
    .filter((k) => RANK[k] >= RANK[min])
    .reduce((n, k) => n + s.falsePositives[k], 0);
}

export function table(scores: KindScore[]): string {
  const rows = scores.map(
    (s) =>
      `${s.kind.padEnd(25)} ${String(s.findings).padStart(5)} ${`${s.found}/${s.required}`.padStart(7)} ${s.recall.toFixed(2).padStart(6)} ${String(fpAtLeast(s, 'medium')).padStart(6)} ${String(s.falsePositives.low).padStart(6)} ${String(s.tolerated).padStart(5)}`,
  );
  return [
    `${'kind'.padEnd(25)} ${'finds'.padStart(5)} ${'found'.padStart(7)} ${'recall'.padStart(6)} ${'FP≥med'.padStart(6)} ${'FPlow'.padStart(6)} ${'tol'.padStart(5)}`,
    ...rows,
  ].join('\n');
}

/** Hosts a careful analyst would take as compromised from the findings: a high one, or medium+ of two kinds. */
export function judgedHosts(findings: Finding[]): Set<string> {
  const kinds = new Map<string, Set<string>>();
  const out = new Set<string>();
  for (const f of findings) {
    if (!f.host || RANK[f.severity] < RANK.medium) continue;
    if (RANK[f.severity] >= RANK.high) out.add(f.host);
    const k = kinds.get(f.host) ?? new Set<string>();
    k.add(f.kind);
    kinds.set(f.host, k);
  }
  for (const [h, k] of kinds) if (k.size >= 2) out.add(h);
  return out;
}

export interface Overall {
  required: number;
  found: number;
  recall: number;
  missed: string[];
  hostPrecision: number;
  hostRecall: number;
  hostF1: number;
  falseHosts: string[];
  missedHosts: string[];
  /** medium+ findings on a benign trap */
  trapHits: string[];
}

/** Recall over every required label (any kind), compromised-host F1 and medium+ findings on benign traps. */
export function overall(
  findings: Finding[],
  scen: { expected: Label[]; compromised: string[]; traps: Trap[] },
): Overall {
  const req = scen.expected.filter((l) => l.required);
  const missed = req.filter((l) => !findings.some((f) => matches(f, l)));
  const judged = judgedHosts(findings);
  const truth = new Set(scen.compromised);
  const tp = [...judged].filter((h) => truth.has(h)).length;
  const precision = judged.size ? tp / judged.size : 1;
  const recall = truth.size ? tp / truth.size : 1;
  const trapHits: string[] = [];
  for (const f of findings) {
    if (RANK[f.severity] < RANK.medium) continue;
    for (const t of scen.traps) {
      if (t.kinds && !t.kinds.includes(f.kind)) continue;
      const hostHit = t.host !== undefined && f.host === t.host;
      const peerHit = t.peer !== undefined && f.peer !== null && sameDest(f.peer, t.peer);
      if (hostHit || peerHit) {
        trapHits.push(`[${f.severity}] ${f.kind} (${t.why}): ${f.summary_en.slice(0, 160)}`);
        break;
      }
    }
  }
  return {
    required: req.length,
    found: req.length - missed.length,
    recall: req.length ? (req.length - missed.length) / req.length : 1,
    missed: missed.map((l) => `${l.kind} ${l.host} ${l.peer ?? l.sid ?? ''} (${l.why})`),
    hostPrecision: precision,
    hostRecall: recall,
    hostF1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
    falseHosts: [...judged].filter((h) => !truth.has(h)).sort(),
    missedHosts: [...truth].filter((h) => !judged.has(h)).sort(),
    trapHits,
  };
}
