// End-to-end measurement of the network analyses on a generated, labelled week of an organisation's
// logs (test/support/network-scenario/): the files are written in the devices' real formats, read back through
// konseki's readers (sniffed, as triage does) and every analysis is scored per finding kind against the
// labels: recall of the planted intrusion, false positives by severity, with and without the responder's
// allow-list. The figures are printed; the bounds below are the measured values with the reasons why
// each remaining false positive exists (all are benign traps that only the organisation can vouch for).
import { basename } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/finding.ts';
import { ATTACK } from '../../support/network-scenario/attack.ts';
import {
  fpAtLeast,
  runAnalyses,
  runAnalysesEach,
  score,
  table,
  type KindScore,
  type RunResult,
} from '../../support/network-scenario/evaluate.ts';
import { generateScenario, type ScenarioResult } from '../../support/network-scenario/generate.ts';

/** FP at medium or above without the allow-list; each one is a benign trap named in attack.ts/benign.ts. */
const MAX_FP_MEDIUM: Record<string, number> = {
  beacon: 1, // the app that keeps trying to reach Dropbox directly from 11 PCs: one fleet finding
  'connect-nonstandard-port': 2, // the vendor support VPN on :4443 used by two PCs
  'rare-user-agent': 3, // the developer's python-requests, the Java updater on two PCs
  'large-upload': 0, // (SharePoint uploads below 1 GB/day are business as usual and not reported)
  'ids-alert': 1, // the IDS's own priority-2 alert on the developer's python User-Agent
};

describe('network analyses on a labelled week (seed konseki-issue-6, 200 PCs)', () => {
  let dir: string;
  let scen: ScenarioResult;
  let plain: RunResult;
  let allowed: RunResult;
  let scores: KindScore[];
  let allowScores: KindScore[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'konseki-net-'));
    scen = generateScenario(dir);
    [plain, allowed] = (await runAnalysesEach(scen.files, [{}, { allow: true }])) as [RunResult, RunResult];
    scores = score(plain.findings, scen.expected, scen.tolerated);
    allowScores = score(allowed.findings, scen.expected, scen.tolerated);
    console.log(
      `[network scenario] lines ${JSON.stringify(scen.counts)}; read ${plain.lines} lines, ${plain.events} events in ${plain.seconds.toFixed(1)} s (ingest + analyses)`,
    );
    console.log(`[network scenario] without allow-list:\n${table(scores)}`);
    console.log(`[network scenario] with the responder's allow-list:\n${table(allowScores)}`);
  }, 600_000); // generating the week is most of it: minutes on a loaded 2-core machine

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reads every line through the sniffed readers', () => {
    expect(plain.readers).toEqual({
      'access.log': 'squid',
      'filterlog.log': 'pfsense-filterlog',
      'query.log': 'bind-query',
      'eve.json': 'suricata-eve',
    });
    const written = scen.counts.proxy + scen.counts.fw + scen.counts.dns + scen.counts.eve;
    expect(plain.lines).toBe(written);
    expect(plain.events).toBe(written);
    expect(plain.skipped).toBe(0);
    expect(plain.issues.filter((i) => i.severity !== 'info')).toEqual([]);
    // the firewall's year-less syslog lines take their year from the logs beside it (one directory: one host)
    expect(plain.issues.filter((i) => i.code.startsWith('time.')).map((i) => [i.code, basename(i.at.file)])).toEqual([
      ['time.year_host', 'filterlog.log'],
    ]);
  });

  it('finds every labelled trace of the intrusion (recall 1.0 for every kind)', () => {
    for (const s of scores) expect({ kind: s.kind, missed: s.missed }).toEqual({ kind: s.kind, missed: [] });
    for (const s of allowScores) expect({ kind: s.kind, missed: s.missed }).toEqual({ kind: s.kind, missed: [] });
  });

  it('keeps false positives at medium and above within the measured bounds', () => {
    for (const s of scores)
      expect({ kind: s.kind, fp: fpAtLeast(s, 'medium') }).toEqual({
        kind: s.kind,
        fp: Math.min(fpAtLeast(s, 'medium'), MAX_FP_MEDIUM[s.kind] ?? 0),
      });
  });

  it('the allow-list removes the benign traps it names', () => {
    for (const s of allowScores) {
      const bound = s.kind === 'ids-alert' ? 1 : 0; // the IDS's own alert on python-requests stays: alerts are not allow-listed by User-Agent
      expect({ kind: s.kind, fp: fpAtLeast(s, 'medium') }).toEqual({
        kind: s.kind,
        fp: Math.min(fpAtLeast(s, 'medium'), bound),
      });
    }
    const total = (list: KindScore[]) => list.reduce((n, s) => n + fpAtLeast(s, 'low'), 0);
    expect(total(allowScores)).toBeLessThan(total(scores));
  });

  const find = (fs: Finding[], kind: string, host: string, peer?: string) =>
    fs.find((f) => f.kind === kind && f.host === host && (peer === undefined || f.peer === peer));

  it('answers "is anyone connected now?": active hosts at the end of the logs are critical', () => {
    const [v1, v2] = ATTACK.victims;
    for (const h of [ATTACK.patientZero, v1]) {
      const f = find(plain.findings, 'ioc-match', h, ATTACK.cncDomain)!;
      expect(f.severity).toBe('critical');
      expect(f.details?.active_at_end).toBe(true);
    }
    const gone = find(plain.findings, 'ioc-match', v2, ATTACK.cncDomain)!;
    expect(gone.details?.active_at_end).toBe(false);
    expect(gone.severity).toBe('high');
    // the blocked direct attempts are "still trying", never "connected"
    const trying = find(plain.findings, 'ioc-match', ATTACK.patientZero, ATTACK.cncIp)!;
    expect(trying.details?.active_at_end).toBe(true);
    expect(trying.severity).toBe('high');
    expect(trying.details?.blocked).toBe(trying.count);
  });

  it('ranks the intrusion above the benign periodic traffic', () => {
    const sev = (kind: string, host: string, peer?: string) => find(plain.findings, kind, host, peer)?.severity;
    expect(sev('beacon', ATTACK.patientZero, ATTACK.cncDomain)).toBe('high');
    expect(sev('beacon', ATTACK.victims[0], ATTACK.cncDomain)).toBe('high');
    expect(['medium', 'high']).toContain(sev('beacon', ATTACK.victims[1], ATTACK.cncDomain));
    expect(sev('large-upload', ATTACK.patientZero)).toBe('high');
    expect(sev('port-scan', ATTACK.patientZero)).toBe('high');
    expect(sev('lateral-fanout', ATTACK.patientZero)).toBe('high');
    expect(sev('policy-violation', ATTACK.patientZero)).toBe('high');
    expect(sev('ip-direct-http', ATTACK.patientZero, ATTACK.dropIp)).toBe('high');
    // every organisation-wide agent beacon is one low finding, never one per PC
    const agents = plain.findings.filter((f) => f.kind === 'beacon' && f.host === null && f.severity === 'low');
    expect(agents.map((f) => f.peer).sort()).toEqual(
      expect.arrayContaining(['apexone-cloud.example', 'lanscope-cloud.example', 'microsoft.com']),
    );
  });

  it('names the real destination of an upload that went through the proxy', () => {
    const f = find(plain.findings, 'large-upload', ATTACK.patientZero)!;
    expect(f.peer).toBe(ATTACK.exfilHost);
    expect(Number(f.details?.bytes)).toBeGreaterThan(1.4e9);
  });

  it('does better than RITA v5 (last 24 h, as RITA runs) on the labelled beacons', () => {
    const labelled = scen.expected.filter((l) => l.kind === 'beacon');
    const pairs = labelled.map((l) => plain.scored.find((s) => s.src === l.host && s.dest === l.peer));
    const ours = pairs.filter((p) => p && p.parts.score >= 0.7).length;
    const rita24 = pairs.filter((p) => p && p.rita24.score >= 0.7).length;
    const ritaWeek = pairs.filter((p) => p && p.rita.score >= 0.7).length;
    console.log(
      `[network scenario] labelled beacon pairs scoring ≥ 0.7: konseki ${ours}/${labelled.length}, RITA week ${ritaWeek}, RITA last 24 h ${rita24}`,
    );
    expect(ours).toBe(labelled.length);
    expect(ours).toBeGreaterThan(rita24);
  });

  it('writes natural summaries in both languages', () => {
    for (const f of plain.findings) {
      expect(f.summary_en).not.toMatch(/\{\w+\}/);
      expect(f.summary_ja).not.toMatch(/\{\w+\}/);
      expect(f.summary_ja).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      expect(f.evidence.length).toBeGreaterThan(0);
      expect(f.evidence.every((r) => r.file && r.line !== undefined)).toBe(true);
    }
  });
});

describe('network analyses on a second organisation (seed second-org, 150 PCs)', () => {
  let dir: string;
  let scores: KindScore[];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'konseki-net2-'));
    const scen = generateScenario(dir, { seed: 'second-org', clients: 150, sessionsPerHour: 2 });
    const run = await runAnalyses(scen.files);
    scores = score(run.findings, scen.expected, scen.tolerated);
    console.log(`[network scenario 2] ${run.lines} lines in ${run.seconds.toFixed(1)} s\n${table(scores)}`);
  }, 600_000); // generating the week is most of it: minutes on a loaded 2-core machine
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('still finds every labelled trace', () => {
    for (const s of scores) expect({ kind: s.kind, missed: s.missed }).toEqual({ kind: s.kind, missed: [] });
  });

  it("false positives at medium and above stay within the first organisation's bounds (+1)", () => {
    for (const s of scores) expect(fpAtLeast(s, 'medium')).toBeLessThanOrEqual((MAX_FP_MEDIUM[s.kind] ?? 0) + 1);
  });
});
