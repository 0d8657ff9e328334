/**
 * Golden tests of `konseki triage`: the findings, timeline rows and composite verdicts of three cases
 * must stay what they were when the expected sets under golden/ were written. The sets were first
 * written from main before the streaming pipeline (issue 13) and are regenerated only when a change of
 * output is intended and explained in the commit that regenerates them:
 *   KONSEKI_GOLDEN=update npx vitest run test/triage/golden.test.ts
 * (KONSEKI_GOLDEN=new writes <name>.json.new beside each set instead, to compare before deciding).
 * Cases: the built-in demo (every kind of evidence, fixed story), a generated network week (fixed seed,
 * 150 PCs, flows on) with indicators, policy and allow-list, and the shared EVTX corpus with the
 * Hayabusa rules (skipped without the corpus).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { konseki } from '../support/cli.ts';
import { corpusDir } from '../support/corpus.ts';
import { caseDigest, type CaseDigest } from '../support/golden.ts';
import { generateScenario } from '../support/network-scenario/generate.ts';

const UPDATE = process.env.KONSEKI_GOLDEN === 'update';
const GOLDEN = join(import.meta.dirname, 'golden');

function check(name: string, digest: CaseDigest): void {
  const file = join(GOLDEN, `${name}.json`);
  if (process.env.KONSEKI_GOLDEN === 'new') writeFileSync(`${file}.new`, `${JSON.stringify(digest, null, 1)}\n`);
  if (UPDATE || !existsSync(file)) {
    writeFileSync(file, `${JSON.stringify(digest, null, 1)}\n`);
    if (!UPDATE) throw new Error(`golden ${file} was missing and has been written: review and commit it`);
    return;
  }
  const want = JSON.parse(readFileSync(file, 'utf8')) as CaseDigest;
  expect(digest.verdicts).toEqual(want.verdicts);
  expect(digest.patientZero).toEqual(want.patientZero);
  expect(digest.findings).toEqual(want.findings);
  expect(digest.timeline.byRule).toEqual(want.timeline.byRule);
  expect(digest.timeline.first).toEqual(want.timeline.first);
  expect(digest.timeline.rows).toBe(want.timeline.rows);
  expect(digest.timeline.sha256).toBe(want.timeline.sha256);
  expect(digest.edges).toEqual(want.edges);
}

const temp: string[] = [];
const tempDir = (p: string): string => {
  const d = mkdtempSync(join(tmpdir(), p));
  temp.push(d);
  return d;
};
afterAll(() => {
  for (const d of temp) rmSync(d, { recursive: true, force: true });
});

describe('golden: triage output stays the same', () => {
  it('on the built-in demo incident', () => {
    const dir = tempDir('konseki-golden-demo-');
    const w = konseki(['-q', 'demo', '--no-triage', '-o', dir]);
    expect(w.code, w.stderr).toBe(0);
    const out = join(dir, 'case');
    const evidence = join(dir, 'evidence');
    const r = konseki([
      '-q',
      'triage',
      evidence,
      '-o',
      out,
      '--ioc',
      join(dir, 'iocs.txt'),
      '-t',
      '2',
      '--timezone',
      'Asia/Tokyo',
      '--log-timezone',
      'Asia/Tokyo',
    ]);
    expect(r.code, r.stderr).toBe(0);
    check('demo', caseDigest(out, { roots: [evidence, dir], summaries: true, firstRows: 100 }));
  }, 120_000);

  it('on a generated network week (150 PCs, seed second-org)', () => {
    const dir = tempDir('konseki-golden-net-');
    const s = generateScenario(join(dir, 'logs'), { seed: 'second-org', clients: 150, sessionsPerHour: 1 });
    const out = join(dir, 'case');
    const f = s.files;
    const r = konseki([
      '-q',
      'triage',
      f.proxy,
      f.firewall,
      f.dns,
      f.eve,
      '-o',
      out,
      '--ioc',
      f.iocs,
      '--policy',
      f.policy,
      '--allow',
      f.allow,
      '-t',
      '2',
      '--timezone',
      'Asia/Tokyo',
      '--log-timezone',
      'Asia/Tokyo',
    ]);
    expect(r.code, r.stderr).toBe(0);
    check('network-week', caseDigest(out, { roots: [f.dir, dir], summaries: true, firstRows: 100 }));
  }, 300_000);

  const evtx = corpusDir('evtx');
  const hayabusa = corpusDir('rules', 'hayabusa-rules', 'hayabusa');
  it.skipIf(!evtx || !hayabusa)(
    'on the EVTX corpus with the Hayabusa rules',
    () => {
      const out = tempDir('konseki-golden-evtx-');
      const r = konseki(['-q', 'triage', evtx!, '-o', out, '-r', hayabusa!, '-t', '2', '--timezone', 'Asia/Tokyo']);
      expect(r.code, r.stderr).toBe(0);
      check('evtx-corpus', caseDigest(out, { roots: [evtx!, out], firstRows: 0 }));
    },
    600_000,
  );
});
