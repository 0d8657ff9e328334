/**
 * Issue 19's input acceptance: the same Windows events as .evtx and as each JSON form SOCs keep them
 * in (evtx_dump JSONL, Winlogbeat NDJSON, Splunk's JSON export of XmlWinEventLog) give identical
 * detections and findings. The JSON forms are made by test/support/winjson-convert.ts from the demo
 * incident's writer-made .evtx (always) and from the corpus EVTX-ATTACK-SAMPLES (when present).
 * Winlogbeat keeps times in milliseconds, so its times are compared to the millisecond.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseStore } from '../../../src/store/duckdb.ts';
import { writeDemo } from '../../../src/demo/index.ts';
import { corpusDir } from '../../support/corpus.ts';
import { convertTree, detectionLines, evtxFiles, findingLines, FORMS, READER, triage } from './helpers.ts';

const work = mkdtempSync(join(tmpdir(), 'konseki-winjson-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('Windows events as JSON give the detections of the .evtx (writer-made demo events)', () => {
  const windows = join(work, 'demo', 'evidence', 'windows');
  beforeAll(() => {
    writeDemo(join(work, 'demo'));
    triage(windows, join(work, 'case-evtx'));
  }, 60_000);

  it('the .evtx case has detections and findings to compare', async () => {
    expect((await detectionLines(join(work, 'case-evtx'))).length).toBeGreaterThan(10);
    expect(findingLines(join(work, 'case-evtx')).length).toBeGreaterThan(5);
  });

  for (const form of FORMS) {
    it(`${form}: identical detections and findings`, async () => {
      const dir = join(work, `json-${form}`);
      const records = convertTree(windows, dir, form);
      // every record of the .evtx files becomes one JSON event
      expect(records).toBe(await eventCount(join(work, 'case-evtx')));
      expect(records).toBeGreaterThan(40);
      const out = join(work, `case-${form}`);
      triage(dir, out);
      expect(await readersOf(out)).toEqual([READER[form]]);
      const ms = form === 'winlogbeat';
      expect(await detectionLines(out, ms)).toEqual(await detectionLines(join(work, 'case-evtx'), ms));
      expect(findingLines(out, ms)).toEqual(findingLines(join(work, 'case-evtx'), ms));
    }, 60_000);
  }
});

async function eventCount(caseDir: string): Promise<number> {
  const store = await CaseStore.open(join(caseDir, 'case.duckdb'));
  try {
    return Number((await store.query('SELECT count(*) AS n FROM events'))[0]!.n);
  } finally {
    store.close();
  }
}

async function readersOf(caseDir: string): Promise<string[]> {
  const store = await CaseStore.open(join(caseDir, 'case.duckdb'));
  try {
    return (await store.query('SELECT DISTINCT format FROM events ORDER BY 1')).map((r) => String(r.format));
  } finally {
    store.close();
  }
}

const samples = corpusDir('evtx', 'EVTX-ATTACK-SAMPLES');
const hayabusa = corpusDir('rules', 'hayabusa-rules', 'hayabusa');

describe.skipIf(!samples || !hayabusa)('Windows events as JSON: corpus attack samples with Hayabusa rules', () => {
  it('each JSON form gives the detections and findings of the .evtx', async () => {
    const rules = ['-r', hayabusa!];
    const base = join(work, 'corpus-evtx');
    triage(samples!, base, rules);
    const expected = await detectionLines(base);
    const expectedMs = await detectionLines(base, true);
    console.log(`attack samples: ${evtxFiles(samples!).length} files, ${expected.length} detections`);
    expect(expected.length).toBeGreaterThan(1000);
    for (const form of FORMS) {
      const dir = join(work, `corpus-${form}`);
      convertTree(samples!, dir, form);
      const out = join(work, `corpus-case-${form}`);
      triage(dir, out, rules);
      const ms = form === 'winlogbeat';
      const got = await detectionLines(out, ms);
      const want = ms ? expectedMs : expected;
      const missing = want.filter((x) => !got.includes(x));
      const extra = got.filter((x) => !want.includes(x));
      console.log(`${form}: ${got.length} detections; missing ${missing.length}, extra ${extra.length}`);
      expect({ form, missing: missing.slice(0, 5), extra: extra.slice(0, 5) }).toEqual({
        form,
        missing: [],
        extra: [],
      });
      expect(findingLines(out, ms)).toEqual(findingLines(base, ms));
      rmSync(dir, { recursive: true, force: true });
    }
  }, 900_000);
});
