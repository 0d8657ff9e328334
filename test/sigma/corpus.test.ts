// The rule corpora: every SigmaHQ and Hayabusa rule loads or is rejected for a stated reason; the SigmaHQ
// regression data passes; the literal prefilter never changes results.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusDir } from '../support/corpus.ts';
import { walkInputs } from '../../src/core/walk.ts';
import { loadRuleSet } from '../../src/sigma/loader.ts';
import { loadMapping, targetsFor } from '../../src/sigma/mapping.ts';
import { findCases, runCases } from '../../src/sigma/regression.ts';
import { compileRuleSet } from '../../src/sigma/ruleset.ts';
import type { RuleDoc } from '../../src/sigma/types.ts';
import { evtxEvents } from '../../src/sources/evtx/index.ts';

const sigma = corpusDir('rules', 'sigma');
const hayabusa = corpusDir('rules', 'hayabusa-rules');
const evtx = corpusDir('evtx');
const SIGMAHQ = ['rules', 'rules-emerging-threats', 'rules-threat-hunting'];

let sigmaDocs: RuleDoc[] | undefined;
const loadSigma = () => (sigmaDocs ??= loadRuleSet(SIGMAHQ.map((d) => join(sigma!, d))).docs);

describe.skipIf(!sigma)('SigmaHQ rules', () => {
  it('every rule in rules/, rules-emerging-threats/, rules-threat-hunting/ loads', () => {
    const { docs, report } = loadRuleSet(SIGMAHQ.map((d) => join(sigma!, d)));
    const rejected = report.issues.filter((i) => i.severity === 'error');
    console.log(
      `SigmaHQ: ${report.files} files, ${report.documents} documents, ${report.loaded.rules} rules loaded, ${rejected.length} rejected`,
    );
    expect(rejected).toEqual([]);
    expect(report.loaded.rules).toBe(report.documents);
    expect(docs.length).toBeGreaterThan(3000);
  });
  it('all of them compile; the ones that do not run need placeholder values', () => {
    const ruleSet = compileRuleSet(loadSigma(), loadMapping());
    const notRun = ruleSet.issues.filter((i) => i.severity !== 'info');
    console.log(
      `SigmaHQ: ${ruleSet.rules.size} rules compiled, not run: ${notRun.map((i) => `${i.code} ${i.at.file}`).join('; ')}`,
    );
    expect(new Set(notRun.map((i) => i.code))).toEqual(new Set(['sigma.placeholder_unset']));
  });
});

describe.skipIf(!hayabusa)('Hayabusa rules', () => {
  it('every rule in hayabusa/ and sigma/ loads, or is rejected for a reason outside the specification', () => {
    const { report } = loadRuleSet(['hayabusa', 'sigma'].map((d) => join(hayabusa!, d)));
    const rejected = report.issues.filter((i) => i.severity === 'error');
    console.log(
      `Hayabusa: ${report.files} files, ${report.documents} documents, loaded ${JSON.stringify(report.loaded)}, rejected: ${rejected.map((i) => `${i.code} ${i.at.file}:${i.at.line}:${i.at.col}`).join('; ')}`,
    );
    // the one rejection in this snapshot is a rule with no condition at all (Sec_4624_Info_Logon-Type-4-Batch.yml)
    expect(rejected.map((i) => i.code)).toEqual(['sigma.missing_condition']);
    expect(rejected[0]!.at).toMatchObject({ line: 15, col: 5 });
    expect(report.loaded.correlations).toBe(3);
    expect(report.loaded.rules + report.loaded.correlations + rejected.length).toBe(report.documents);
  });
});

describe.skipIf(!sigma)('SigmaHQ regression data', () => {
  const cases = () => findCases([join(sigma!, 'regression_data')], []);
  it('every EVTX case passes', () => {
    const docs = loadSigma();
    const ruleSet = compileRuleSet(docs, loadMapping());
    const all = cases();
    const results = runCases(all, docs, ruleSet, (p, iss) => evtxEvents(p, iss), []);
    const failed = results.filter((r) => r.status === 'failed');
    console.log(
      `regression: ${results.filter((r) => r.status === 'passed').length} passed, ${failed.length} failed, ${results.filter((r) => r.status === 'skipped').length} skipped`,
    );
    expect(failed.map((r) => `${r.case.ruleTitle}: ${r.reason} ${r.matches}`)).toEqual([]);
    expect(all.filter((c) => c.type === 'evtx').length).toBeGreaterThan(100);
  });
  it('the cases can fail: without the process_creation mapping those rules stop matching', () => {
    const docs = loadSigma();
    const mapping = loadMapping();
    mapping.logsources = mapping.logsources.filter((l) => l.logsource.category !== 'process_creation');
    const ruleSet = compileRuleSet(docs, mapping);
    const procCases = cases().filter((c) => c.info.includes('proc_creation'));
    const results = runCases(procCases, docs, ruleSet, (p, iss) => evtxEvents(p, iss), []);
    expect(procCases.length).toBeGreaterThan(20);
    expect(results.every((r) => r.status === 'failed')).toBe(true);
  });
});

describe.skipIf(!sigma || !evtx)('matching the EVTX corpus', () => {
  it("the literal prefilter never changes which rules match; every hit is on a source of the rule's logsource", () => {
    // docs cross to workers by structured clone: compile from a clone, as a worker would
    const docs = structuredClone(loadSigma());
    const mapping = loadMapping();
    const fast = compileRuleSet(docs, mapping);
    const slow = compileRuleSet(docs, mapping, { prefilter: false });
    const files = walkInputs([evtx!], [], (p) => /\.evtx$/i.test(p)).filter((_, i) => i % 3 === 0);
    let events = 0;
    let hits = 0;
    for (const f of files) {
      for (const e of evtxEvents(f, [])) {
        events++;
        const found = fast.match(e);
        expect(found.map((h) => h.rule)).toEqual(slow.match(e).map((h) => h.rule));
        for (const h of found) {
          const d = docs[h.rule]!;
          if (d.kind !== 'rule') continue;
          const covered = targetsFor(d.logsource, mapping).targets.some(
            (t) =>
              (!t.channel || t.channel.some((c) => c.toLowerCase() === String(e.fields.Channel).toLowerCase())) &&
              (!t.eventid || t.eventid.includes(Number(e.fields.EventID))),
          );
          expect(covered, `${d.title} on ${e.fields.Channel}/${e.fields.EventID}`).toBe(true);
        }
        hits += found.length;
      }
    }
    console.log(`prefilter check: ${files.length} files, ${events} events, ${hits} hits identical`);
    expect(hits).toBeGreaterThan(100);
  });
});
