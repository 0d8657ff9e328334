/**
 * konseki's own rules (rules/konseki) each fire on the attack samples that show their technique
 * (EVTX-ATTACK-SAMPLES) or on the demo incident.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaseStore } from '../../src/store/duckdb.ts';
import { corpusDir } from '../support/corpus.ts';
import { konseki } from '../support/cli.ts';

const samples = corpusDir('evtx', 'EVTX-ATTACK-SAMPLES');

function ruleFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? ruleFiles(join(dir, d.name)) : d.name.endsWith('.yml') ? [join(dir, d.name)] : [],
  );
}

describe.skipIf(!samples)("konseki's own rules", () => {
  it('every rule fires on a sample of its technique', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'konseki-rules-'));
    expect(konseki(['-q', 'demo', '-o', dir, '--no-triage']).code).toBe(0);
    const out = join(dir, 'case');
    const r = konseki(['-q', 'triage', samples!, join(dir, 'evidence'), '-o', out, '--log-timezone', 'Asia/Tokyo']);
    expect(r.code, r.stderr).toBe(0);
    const store = await CaseStore.open(join(out, 'case.duckdb'));
    const fired = new Set<string>();
    try {
      for (const row of await store.query(`SELECT DISTINCT rule_file FROM detections`))
        fired.add(relative('rules/konseki', String(row.rule_file)));
    } finally {
      store.close();
    }
    const rules = ruleFiles('rules/konseki')
      .map((f) => relative('rules/konseki', f))
      .sort();
    expect(rules.length).toBeGreaterThan(20);
    expect(rules.filter((f) => !fired.has(f))).toEqual([]);
  });
});
