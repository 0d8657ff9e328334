// Reads a generated scenario through konseki's own readers (the reader is chosen by sniffing, as
// triage does), runs the network analyses and scores the findings against the labels.
import { gatherTimeEvidence } from '../../../src/app/time-evidence.ts';
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Analyzer } from '../../../src/analytics/types.ts';
import type { Finding, FindingSeverity } from '../../../src/core/finding.ts';
import type { Issue } from '../../../src/core/issue.ts';
import { loadIocs } from '../../../src/ioc/index.ts';
import {
  loadAllowList,
  loadPolicy,
  networkAnalyzers,
  NETWORK_FINDING_KINDS,
  type NetworkOptionsInput,
} from '../../../src/analytics/network/index.ts';
import { networkReaderList, newReadStats, type NetworkReader } from '../../../src/sources/network/index.ts';
import type { Label, Tolerated } from './attack.ts';
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
  analyzers: Analyzer[];
}

/** Read every log of the scenario with the sniffed reader and run the analyses over the events. */
export async function runAnalyses(
  files: ScenarioFiles,
  opts: { allow?: boolean; policy?: boolean; iocs?: boolean; extra?: NetworkOptionsInput } = {},
): Promise<RunResult> {
  const started = Date.now();
  const issues: Issue[] = [];
  const input: NetworkOptionsInput = { timeZone: 'Asia/Tokyo', ...opts.extra };
  if (opts.allow) input.allow = loadAllowList([files.allow], issues);
  if (opts.policy !== false) input.policy = loadPolicy([files.policy], issues);
  const iocs = opts.iocs === false ? undefined : loadIocs([files.iocs], issues);
  const analyzers = networkAnalyzers(input, iocs);
  let events = 0;
  let lines = 0;
  let skipped = 0;
  const readers: Record<string, string> = {};
  const paths = [files.proxy, files.firewall, files.dns, files.eve];
  const timed = paths.map((path) => ({
    path,
    display: path,
    reader: pickReader(path)?.id ?? '',
    mtimeUs: statSync(path).mtimeMs * 1000,
  }));
  // the years of year-less logs from the dated ones, as triage does
  const time = await gatherTimeEvidence(timed, false);
  for (const path of paths) {
    const reader = pickReader(path);
    if (!reader) throw new Error(`no reader for ${path}`);
    readers[basename(path)] = reader.id;
    const stats = newReadStats();
    const ctx = {
      issues,
      displayPath: path,
      mtimeUs: statSync(path).mtimeMs * 1000,
      timeZone: 'Asia/Tokyo',
      yearAnchor: time.anchors.get(path),
    };
    for await (const e of reader.readWithStats(path, ctx, stats)) {
      events++;
      for (const a of analyzers) if (a.wants(e)) a.add(e);
    }
    lines += stats.lines;
    skipped += stats.skipped;
  }
  const findings = analyzers.flatMap((a) => a.finish());
  return { findings, issues, events, lines, skipped, readers, seconds: (Date.now() - started) / 1000, analyzers };
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
