/**
 * `konseki hunt` and resumed triage, end to end on the built-in demo evidence (every kind of evidence):
 * - a triage without indicators followed by `hunt --ioc` gives the findings of a triage with them;
 * - a triage killed with SIGKILL while it runs leaves a case that does not look complete, and the same
 *   command run again gives the case of an uninterrupted run.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, konseki } from '../support/cli.ts';
import { caseDigest } from '../support/golden.ts';

let dir = '';
let evidence = '';
let iocs = '';
const triageArgs = (out: string, withIoc: boolean): string[] => [
  'triage',
  evidence,
  '-o',
  out,
  ...(withIoc ? ['--ioc', iocs] : []),
  '-t',
  '2',
  '--timezone',
  'Asia/Tokyo',
  '--log-timezone',
  'Asia/Tokyo',
];
const digest = (out: string) => caseDigest(out, { roots: [evidence, dir], summaries: true, firstRows: 50 });
const findingsOf = (out: string, kind: string): string[] =>
  digest(out).findings.filter((f) => f.startsWith(`${kind} |`));

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'konseki-hunt-'));
  const w = konseki(['-q', 'demo', '--no-triage', '-o', dir]);
  expect(w.code, w.stderr).toBe(0);
  evidence = join(dir, 'evidence');
  iocs = join(dir, 'iocs.txt');
  const r = konseki(['-q', ...triageArgs(join(dir, 'with-ioc'), true)]);
  expect(r.code, r.stderr).toBe(0);
}, 240_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('konseki hunt', () => {
  it('finds with --ioc over the stored events what a triage with the indicators found', () => {
    const out = join(dir, 'hunt');
    const r = konseki(['-q', ...triageArgs(out, false)]);
    expect(r.code, r.stderr).toBe(0);
    expect(findingsOf(out, 'ioc-match')).toEqual([]);
    const evidenceBefore = readdirSync(evidence).length;
    const h = konseki(['hunt', '--case', out, '--ioc', iocs, '--memory-limit', '256MB']);
    expect(h.code, h.stderr).toBe(0);
    expect(h.stdout).toMatch(/hunt: /);
    const want = findingsOf(join(dir, 'with-ioc'), 'ioc-match');
    expect(want.length).toBeGreaterThan(0);
    expect(findingsOf(out, 'ioc-match')).toEqual(want);
    // and the rest of the case follows: every finding, the timeline and the verdicts
    expect(digest(out)).toEqual(digest(join(dir, 'with-ioc')));
    expect(readdirSync(evidence).length).toBe(evidenceBefore);
  }, 240_000);

  it('refuses a directory without a case', () => {
    const h = konseki(['hunt', '--case', evidence, '--ioc', iocs]);
    expect(h.code).toBe(2);
    expect(h.stderr).toMatch(/case\.duckdb/);
  }, 60_000);
});

describe('resumed triage', () => {
  it('after SIGKILL, leaves no complete-looking case, and a rerun gives the uninterrupted case', async () => {
    const out = join(dir, 'killed');
    const child = spawn(process.execPath, [CLI, '-q', ...triageArgs(out, true)], { stdio: 'ignore' });
    const exited = new Promise<void>((res) => child.on('exit', () => res()));
    // kill once the run has started reading (its store in progress exists), or whenever it gets there
    const started = Date.now();
    while (!existsSync(join(out, 'case.partial.duckdb')) && Date.now() - started < 120_000)
      await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await exited;
    const state = JSON.parse(readFileSync(join(out, 'run-state.json'), 'utf8')) as { status: string };
    if (state.status !== 'completed') {
      for (const f of ['timeline.csv', 'findings.jsonl', 'report.html', 'case.duckdb'])
        expect(existsSync(join(out, f))).toBe(false);
    }
    const r = konseki(triageArgs(out, true));
    expect(r.code, r.stderr).toBe(0);
    if (state.status !== 'completed') expect(r.stderr).toMatch(/continuing the interrupted run|starting over/);
    const s = JSON.parse(readFileSync(join(out, 'run-state.json'), 'utf8')) as { status: string };
    expect(s.status).toBe('completed');
    expect(existsSync(join(out, 'case.partial.duckdb'))).toBe(false);
    expect(digest(out)).toEqual(digest(join(dir, 'with-ioc')));
  }, 240_000);
});
