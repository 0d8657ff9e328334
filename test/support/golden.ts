/**
 * A compact, reviewable digest of a case directory for the golden tests: every finding (kind, severity,
 * host, peer, times, count and, where asked, the English summary), the timeline (row count, rows per
 * rule, the first rows, and a SHA-256 over all rows so that any change to a cell shows), and the composite verdicts.
 * Evidence paths are reduced to their last two components so that temporary directories do not matter.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CaseDigest {
  findings: string[];
  timeline: { rows: number; sha256: string; byRule: Record<string, number>; first: string[] };
  verdicts: string[];
  patientZero: string | null;
  edges: string[];
}

/** The last two components of a path (archive members keep their "!" part). */
export function shortPath(p: string): string {
  return p.split(/[\\/]/).slice(-2).join('/');
}

/** Replaces every occurrence of `dir` (the evidence or case directory) in text. */
function unroot(s: string, roots: string[]): string {
  let out = s;
  for (const r of roots) out = out.split(r).join('<dir>');
  return out;
}

export function caseDigest(
  caseDir: string,
  o: { roots: string[]; summaries?: boolean; firstRows?: number },
): CaseDigest {
  const findings = readFileSync(join(caseDir, 'findings.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .map((f) =>
      [
        f.kind,
        f.severity,
        f.host ?? '-',
        f.peer ?? '-',
        f.first_seen,
        f.last_seen,
        f.count,
        ...(o.summaries ? [unroot(String(f.summary_en), o.roots)] : []),
      ].join(' | '),
    )
    .sort();
  const lines = readFileSync(join(caseDir, 'timeline.jsonl'), 'utf8').split('\n').filter(Boolean);
  const rows: string[] = [];
  const byRule: Record<string, number> = {};
  const first: string[] = [];
  for (const l of lines) {
    const r = JSON.parse(l) as Record<string, string>;
    r.EvidenceFile = shortPath(r.EvidenceFile ?? '');
    r.RuleFile = shortPath(r.RuleFile ?? '');
    const row = unroot(JSON.stringify(r), o.roots);
    rows.push(row);
    byRule[r.RuleTitle] = (byRule[r.RuleTitle] ?? 0) + 1;
    if (first.length < (o.firstRows ?? 0))
      first.push([r.Timestamp, r.RuleTitle, r.Level, r.Computer, r.EventID, r.RecordID, r.EvidenceFile].join(' | '));
  }
  const cf = JSON.parse(readFileSync(join(caseDir, 'case.json'), 'utf8')) as {
    composite: {
      patient_zero?: string | null;
      hosts: Array<{ name: string; verdict: string; confidence: number; first_seen: number | null; reasons: string[] }>;
      edges: Array<{ from: string; to: string; kind: string; label: string; count: number }>;
    };
  };
  const c = cf.composite;
  return {
    findings,
    timeline: {
      rows: lines.length,
      // over the rows in a canonical order: rows that tie on time, computer, record and rule may come in any order
      sha256: createHash('sha256').update(rows.sort().join('\n')).digest('hex'),
      byRule: Object.fromEntries(Object.entries(byRule).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
      first,
    },
    verdicts: c.hosts
      .map((h) => [h.name, h.verdict, h.confidence, h.first_seen ?? '-', [...h.reasons].sort().join(',')].join(' | '))
      .sort(),
    patientZero: c.patient_zero ?? null,
    edges: c.edges.map((e) => [e.from, e.to, e.kind, e.label, e.count].join(' | ')).sort(),
  };
}
