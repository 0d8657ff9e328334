/**
 * Fuzzing: thousands of mutated copies (bit flips, byte runs, truncations, chunk and file header
 * edits with checksums fixed up, template and name offset corruption, huge sizes, self-referencing
 * templates) of corpus files and writer-made files. The reader and every renderer must not throw,
 * must finish each file within a bounded time (a hang detector, not a speed assertion), and every
 * problem must be an issue naming the file and an offset. Deterministic: the seed is fixed
 * (KONSEKI_FUZZ_SEED and KONSEKI_FUZZ_CASES change it; KONSEKI_FUZZ_SAVE=dir keeps failing inputs).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Issue } from '../../../src/core/issue.ts';
import { newStats, readEvtx, recordFields, recordToJson, recordToXml } from '../../../src/sources/evtx/index.ts';
import { buildEvtx } from '../../../src/sources/evtx/writer.ts';
import { corpusDir } from '../../support/corpus.ts';
import { generateEvents, rng } from '../../support/evtx/generate.ts';
import { mutate } from '../../support/evtx/mutate.ts';
import { substitutionBombFile, templateBombFile } from '../../support/evtx/crafted.ts';

const SEED = Number(process.env.KONSEKI_FUZZ_SEED ?? 20240601);
const CASES = Number(process.env.KONSEKI_FUZZ_CASES ?? 1500);
// a hang guard, not a speed target: generous because CI shares 2 cores
const HANG_MS = 10_000;
const MAX_SEED_BYTES = 4096 + 3 * 65536;
/** reasons a record may be skipped for; anything else means an unexpected exception in the reader */
const EXPECTED_REASON = /^[a-z_]+$|^size \d+( beyond chunk)?$|^signature$|^size copy mismatch$|^free space offset \d+$/;

function seeds(): Array<{ name: string; buf: Buffer }> {
  const out: Array<{ name: string; buf: Buffer }> = [];
  const dir = corpusDir('evtx');
  if (dir) {
    const files: string[] = [];
    const walk = (d: string): void => {
      for (const n of readdirSync(d).sort()) {
        const p = join(d, n);
        if (statSync(p).isDirectory()) walk(p);
        else if (n.endsWith('.evtx') && statSync(p).size > 4096) files.push(p);
      }
    };
    walk(dir);
    const wanted = [
      'sample_with_a_bad_chunk_magic',
      'issue_43',
      'security_bad_string_cache',
      'sysmon.evtx',
      'Security_with_size_t',
      'irregular-bool',
      'zero-data-size',
      'LanguagePackSetup',
    ];
    const chosen = new Set(files.filter((f) => wanted.some((w) => f.includes(w))));
    for (let i = 0; i < files.length && chosen.size < 24; i += Math.ceil(files.length / 16)) chosen.add(files[i]!);
    for (const f of chosen) out.push({ name: f, buf: readFileSync(f).subarray(0, MAX_SEED_BYTES) });
  }
  out.push({ name: 'writer:security-like', buf: buildEvtx([...generateEvents(500, 11)].map((g) => g.event)) });
  out.push({ name: 'writer:many-layouts', buf: buildEvtx([...generateEvents(400, 12, 60)].map((g) => g.event)) });
  out.push({ name: 'writer:one-layout', buf: buildEvtx([...generateEvents(300, 13, 1)].map((g) => g.event)) });
  return out;
}

interface Outcome {
  ms: number;
  records: number;
  issues: Issue[];
  error?: string;
}

function readAll(path: string): Outcome {
  const issues: Issue[] = [];
  const started = performance.now();
  let records = 0;
  try {
    for (const rec of readEvtx(path, issues, newStats())) {
      JSON.stringify(recordToJson(rec.root));
      recordToXml(rec.root);
      recordFields(rec.root);
      records++;
    }
  } catch (e) {
    return {
      ms: performance.now() - started,
      records,
      issues,
      error: (e as Error).stack?.split('\n').slice(0, 3).join(' | ') ?? String(e),
    };
  }
  return { ms: performance.now() - started, records, issues };
}

describe('EVTX reader under fuzzing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'konseki-evtx-fuzz-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`${CASES} mutated files: no crash, no hang, every problem located`, () => {
    const inputs = seeds();
    const r = rng(SEED);
    const failures: string[] = [];
    const codes = new Map<string, number>();
    const reasons = new Map<string, number>();
    let records = 0;
    let slowest = 0;
    const path = join(dir, 'case.evtx');
    const started = Date.now();
    for (let i = 0; i < CASES; i++) {
      const src = inputs[i % inputs.length]!;
      const m = mutate(src.buf, r);
      writeFileSync(path, m.buf);
      const o = readAll(path);
      records += o.records;
      slowest = Math.max(slowest, o.ms);
      const problems: string[] = [];
      if (o.error) problems.push(`threw: ${o.error}`);
      if (o.ms > HANG_MS) problems.push(`took ${o.ms.toFixed(0)} ms`);
      for (const is of o.issues) {
        codes.set(is.code, (codes.get(is.code) ?? 0) + 1);
        if (is.at.file !== path || typeof is.at.offset !== 'number')
          problems.push(`issue without file/offset: ${JSON.stringify(is)}`);
        const reason = is.params?.reason;
        if (typeof reason === 'string')
          reasons.set(reason.replace(/\d+/g, 'N'), (reasons.get(reason.replace(/\d+/g, 'N')) ?? 0) + 1);
        if (typeof reason === 'string' && !EXPECTED_REASON.test(reason))
          problems.push(`unexpected failure reason: ${is.code} ${reason}`);
      }
      if (problems.length) {
        failures.push(`case ${i} (${src.name}; ${m.what}): ${problems.slice(0, 3).join('; ')}`);
        if (process.env.KONSEKI_FUZZ_SAVE) {
          mkdirSync(process.env.KONSEKI_FUZZ_SAVE, { recursive: true });
          writeFileSync(join(process.env.KONSEKI_FUZZ_SAVE, `case-${i}.evtx`), m.buf);
        }
      }
    }
    const summary = [...codes]
      .sort((a, b) => b[1] - a[1])
      .map(([c, n]) => `${c}=${n}`)
      .join(' ');
    console.log(
      `EVTX fuzz: ${CASES} cases from ${inputs.length} seeds (seed ${SEED}), ${records} records read, slowest ${slowest.toFixed(0)} ms, ${((Date.now() - started) / 1000).toFixed(1)} s; issues: ${summary}`,
    );
    console.log(
      `  reasons: ${[...reasons]
        .sort((a, b) => b[1] - a[1])
        .map(([c, n]) => `${c}=${n}`)
        .join(' ')}`,
    );
    for (const f of failures.slice(0, 20)) console.log(`  FAIL ${f}`);
    expect(failures.length).toBe(0);
  }, 600_000);

  it('amplification (templates instantiating templates, one long value named by thousands of substitutions) is refused quickly', () => {
    const path = join(dir, 'bomb.evtx');
    const bombs: Array<[string, Buffer]> = [
      ...(
        [
          [1000, 50, 2],
          [1000, 90, 1],
          [3000, 1, 0],
          [10, 10, 6],
          [2, 2, 30],
        ] as const
      ).map(([w, f, l]): [string, Buffer] => [
        `template bomb width ${w} fanout ${f} levels ${l}`,
        templateBombFile(1, w, f, l),
      ]),
      ...(
        [
          [8000, 12000],
          [2000, 2000],
          [4000, 4000],
        ] as const
      ).map(([n, c]): [string, Buffer] => [`substitution bomb ${n} x ${c} chars`, substitutionBombFile(1, n, c)]),
    ];
    for (const [label, buf] of bombs) {
      writeFileSync(path, buf);
      const o = readAll(path);
      console.log(`EVTX ${label}: ${o.records} records, ${o.issues.length} issues, ${o.ms.toFixed(0)} ms`);
      expect(o.error, label).toBeUndefined();
      expect(o.ms, label).toBeLessThan(HANG_MS);
      expect(o.issues.length, label).toBeGreaterThan(0);
      for (const is of o.issues) expect(typeof is.at.offset, label).toBe('number');
    }
  });
});
