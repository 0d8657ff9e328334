/**
 * The overview of a case: hosts with verdicts, confidence and 起点, patient zero, the attack phases
 * (konseki's five, beside seed 000's stages of a targeted attack and the ATT&CK techniques seen), C&C
 * and exfiltration peers, what the evidence covers and where it has holes, and its integrity.
 */
import { CaseDir } from '../case/case-dir.ts';
import { verifyCustody } from '../case/custody.ts';
import { currentPhase } from '../case/record.ts';
import { coverage } from './queries/findings.ts';
import { type Db, W } from './queries/db.ts';
import type { Workspace } from './workspace.ts';

/** Seed 000 (標的型サイバー攻撃の流れ): ③初期潜入 ④基盤構築 ⑤内部侵入・調査 ⑥目的遂行. */
export const SEED_STAGE: Record<string, string> = {
  'initial-access': 'infiltration',
  foothold: 'base',
  'command-and-control': 'base',
  'lateral-movement': 'intrusion',
  objective: 'objective',
};

/** Finding kinds that mean the evidence itself has holes or cannot be trusted before a point. */
export const GAP_KINDS = new Set([
  'log-cleared',
  'record-gap',
  'log-overwritten',
  'system-time-changed',
  'time-went-backwards',
  'eventlog-service-changed',
]);

async function levelCounts(db: Db): Promise<Record<string, number>> {
  const rows = await db.rows(`SELECT level, count(*) AS n FROM ${W}.w_det GROUP BY 1`);
  return Object.fromEntries(rows.map((r) => [String(r.level), Number(r.n)]));
}

export async function overview(ws: Workspace): Promise<Record<string, unknown>> {
  const c = ws.composite;
  const record = (() => {
    try {
      return new CaseDir(ws.dir).record();
    } catch {
      return undefined;
    }
  })();
  const manifest = new CaseDir(ws.dir).manifest();
  const custody = verifyCustody(ws.dir);
  const cov = await ws.cached('coverage', () => coverage(ws.db));
  const marks = { confirmed: 0, 'false-positive': 0, 'needs-work': 0 } as Record<string, number>;
  for (const m of ws.review.marks) marks[m.status] = (marks[m.status] ?? 0) + 1;
  return {
    caseId: ws.caseFile.case_id ?? null,
    title: ws.caseFile.title ?? null,
    timeZone: ws.timeZone,
    hosts: c?.hosts ?? [],
    patientZero: c?.patient_zero ?? null,
    phases: (c?.phases ?? []).map((p) => ({ ...p, stage: SEED_STAGE[p.phase] ?? null })),
    external: c?.external ?? [],
    accounts: c?.accounts ?? [],
    edges: c?.edges.length ?? 0,
    detections: await levelCounts(ws.db),
    findings: ws.findings.length,
    indexed: ws.indexCounts,
    gaps: ws.findings
      .filter((f) => GAP_KINDS.has(f.kind))
      .map((f) => ({
        key: f.key,
        kind: f.kind,
        host: f.hkey,
        ts: f.first_seen,
        summary_en: f.summary_en,
        summary_ja: f.summary_ja,
      })),
    coverage: cov,
    integrity: {
      manifest: manifest ? { created: manifest.created, files: manifest.files.length, tool: manifest.tool } : null,
      custody,
    },
    review: marks,
    record: record ? { phase: currentPhase(record) ?? null, notes: record.notes.length } : null,
  };
}
