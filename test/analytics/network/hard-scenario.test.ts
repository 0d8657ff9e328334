// The harder labelled week (test/support/network-scenario/hard.ts, issue 15) on two seeds and sizes: the
// classic intrusion plus three more compromised hosts (one quiet, one exfiltrating through a CONNECT tunnel
// with no upload size, one fetching a stager on one night), among benign traps a careful analyst dismisses
// (organisation-wide agents and NTP, an AV console on :8080, a SaaS on :8443, SaaS uploads, a nightly backup,
// a nightly updater, policy and informational IDS alerts, the forward proxy's own outbound firewall rows).
// Acceptance of issue 15 on each seed: recall >= 0.95 of the planted findings, compromised-host F1 >= 0.9 (a
// host is judged compromised on one high finding or medium+ findings of two kinds), no medium+ finding on a
// benign trap. Measured on scale before this change (same generator): recall 0.857, host F1 0.35–0.44.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/finding.ts';
import { overall, runAnalyses, type Overall } from '../../support/network-scenario/evaluate.ts';
import { generateScenario } from '../../support/network-scenario/generate.ts';
import { HARD, type HardPlan } from '../../support/network-scenario/hard.ts';
import { IPS } from '../../support/network-scenario/org.ts';

const SEEDS = [
  { seed: 'hard-a', clients: 200, sessionsPerHour: 0.4 },
  { seed: 'hard-b', clients: 400, sessionsPerHour: 0.2 },
];

for (const spec of SEEDS) {
  describe(`network analyses on the hard week (seed ${spec.seed}, ${spec.clients} PCs)`, () => {
    let dir: string;
    let findings: Finding[];
    let o: Overall;
    let plan: HardPlan;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'konseki-hard-'));
      const scen = generateScenario(dir, { hard: true, ...spec });
      plan = scen.plan!;
      const run = await runAnalyses(scen.files);
      findings = run.findings;
      o = overall(findings, scen);
      console.log(
        `[hard ${spec.seed}] compromised ${scen.compromised.join(', ')}; ${run.lines} lines in ${run.seconds.toFixed(1)} s: recall ${o.found}/${o.required} = ${o.recall.toFixed(3)}, host F1 ${o.hostF1.toFixed(3)} (P ${o.hostPrecision.toFixed(2)}, R ${o.hostRecall.toFixed(2)}), medium+ on traps ${o.trapHits.length}`,
      );
    }, 600_000); // generation and ingest: about a minute per seed on a loaded 2-core machine
    afterAll(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('finds at least 95 % of the planted findings', () => {
      expect({ recall: o.recall >= 0.95, missed: o.missed }).toEqual({ recall: true, missed: o.missed });
    });

    it('judges the compromised hosts with F1 >= 0.9', () => {
      expect({ f1: o.hostF1 >= 0.9, extra: o.falseHosts, missed: o.missedHosts }).toEqual({
        f1: true,
        extra: o.falseHosts,
        missed: o.missedHosts,
      });
    });

    it('reports nothing at medium or above on a benign trap', () => {
      expect(o.trapHits).toEqual([]);
    });

    it('recognises the forward proxy and sets its relayed traffic aside', () => {
      const relay = findings.filter((f) => f.kind === 'proxy-relay');
      expect(relay.map((f) => f.host)).toEqual([IPS.proxy]);
      expect(Number(relay[0]!.details?.set_aside)).toBeGreaterThan(10);
      expect(findings.filter((f) => f.host === HARD.avConsole)).toEqual([]);
    });

    it('names the tunnel exfiltration, the one-night fetch and the night SMB', () => {
      const one = (kind: string, host: string) => findings.find((f) => f.kind === kind && f.host === host);
      expect(one('bulk-transfer', plan.exfilHost)?.severity).toBe('high');
      expect(one('night-contact', plan.nightHost)?.severity).toBe('medium');
      expect(one('night-internal', '10.10.1.57')?.peer).toBe(plan.quietHost);
    });

    it('counts organisation-wide findings against the real number of hosts', () => {
      for (const f of findings.filter((x) => x.host === null && typeof x.details?.host_count === 'number')) {
        const m = /(\d+) of (\d+) hosts/.exec(f.summary_en);
        if (m) expect(Number(m[1])).toBeLessThanOrEqual(Number(m[2]));
      }
      const wide = findings.filter((f) => f.kind === 'ids-alert' && f.host === null);
      expect(wide.map((f) => f.details?.sid)).toContain(2027758);
      expect(findings.filter((f) => f.kind === 'ids-alert' && f.details?.sid === 2027758 && f.host)).toEqual([]);
    });
  });
}
