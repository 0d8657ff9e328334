// The network analyses on real logs of the shared corpus: port scans caught by pfSense and iptables
// (counts checked against grep/sort, an independent oracle), and one real day of Zeek sensor output
// (RITA's missing_host test set) that must go through every analysis without a malformed finding.
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { networkAnalyzers } from '../../../src/analytics/network/index.ts';
import type { Finding } from '../../../src/core/finding.ts';
import type { Issue } from '../../../src/core/issue.ts';
import { newReadStats } from '../../../src/sources/network/index.ts';
import { corpusDir } from '../../support/corpus.ts';
import { pickReader } from '../../support/network-scenario/evaluate.ts';

async function analyse(
  files: string[],
  internalCidrs?: string[],
): Promise<{ findings: Finding[]; issues: Issue[]; events: number }> {
  const issues: Issue[] = [];
  const analyzers = networkAnalyzers({ timeZone: 'UTC', internalCidrs });
  let events = 0;
  for (const f of files) {
    const r = pickReader(f);
    if (!r) continue;
    for await (const e of r.readWithStats(
      f,
      { issues, displayPath: f, mtimeUs: statSync(f).mtimeMs * 1000, timeZone: 'UTC' },
      newReadStats(),
    )) {
      events++;
      for (const a of analyzers) if (a.wants(e)) a.add(e);
    }
  }
  return { findings: analyzers.flatMap((a) => a.finish()), issues, events };
}

/** source → distinct dst:port, by grep/sed/sort (shell tools, not konseki's parsers). */
function oracle(file: string, sed: string): Map<string, number> {
  const out = execFileSync(
    'sh',
    ['-c', `sed -nE '${sed}' "$1" | sort -u | cut -d' ' -f1 | sort | uniq -c`, 'sh', file],
    { encoding: 'utf8' },
  );
  const m = new Map<string, number>();
  for (const line of out.trim().split('\n')) {
    const [n, src] = line.trim().split(/\s+/);
    if (src) m.set(src, Number(n));
  }
  return m;
}

const net = corpusDir('network');

describe.skipIf(!net)('network analyses on the corpus', () => {
  const cases: Array<[string, string]> = [
    [
      'pfsense/crowdsec-hub/pf-scan-multi-port/pf-scan-multi-port.log',
      's/.*,tcp,[0-9]+,([0-9.]+),([0-9.]+),[0-9]+,([0-9]+).*/\\1 \\2:\\3/p',
    ],
    [
      'iptables/crowdsec-hub/iptables-scan-multi-port/iptables-scan-multi-port.log',
      's/.*SRC=([0-9.]+) DST=([0-9.]+) .*PROTO=TCP .*DPT=([0-9]+).*/\\1 \\2:\\3/p',
    ],
  ];
  for (const [rel, sed] of cases) {
    it(`port-scan in ${rel.split('/').pop()} matches the grep oracle`, async () => {
      const file = join(net!, rel);
      const truth = oracle(file, sed);
      const scanners = [...truth.entries()].filter(([, n]) => n >= 15);
      expect(scanners.length).toBeGreaterThan(0);
      const { findings } = await analyse([file]);
      const scans = findings.filter((f) => f.kind === 'port-scan');
      for (const [src, n] of scanners) {
        const f = scans.find((x) => x.host === src);
        expect(f, src).toBeDefined();
        expect(f!.details?.distinct_ports).toBe(n);
        expect(f!.evidence.length).toBeGreaterThan(0);
      }
      // nothing is reported for sources below the threshold
      expect(scans.every((f) => (truth.get(f.host!) ?? 0) >= 15)).toBe(true);
    });
  }

  it('a real day of Zeek logs runs through every analysis with well-formed findings', async () => {
    const dir = join(net!, 'zeek/rita/missing_host/2024-04-19');
    const files = readdirSync(dir)
      .filter((f) => /^(conn|dns|http|ssl)\./.test(f))
      .map((f) => join(dir, f));
    // The sensor watched one public server: as itself "internal", its outbound traffic is analysed too.
    const runs = [await analyse(files), await analyse(files, ['64.225.56.201/32'])];
    for (const { findings, events } of runs) {
      const kinds: Record<string, number> = {};
      for (const f of findings) kinds[f.kind] = (kinds[f.kind] ?? 0) + 1;
      console.log(`[network corpus] RITA missing_host day: ${events} events → ${JSON.stringify(kinds)}`);
      expect(events).toBeGreaterThan(10_000);
      for (const f of findings) {
        expect(Number.isFinite(f.first_seen) && Number.isFinite(f.last_seen)).toBe(true);
        expect(f.last_seen).toBeGreaterThanOrEqual(f.first_seen);
        expect(f.summary_en).not.toMatch(/\{\w+\}|NaN|undefined/);
        expect(f.summary_ja).not.toMatch(/\{\w+\}|NaN|undefined/);
      }
    }
  }, 120_000);
});
