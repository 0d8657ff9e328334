/**
 * Runs that do not end normally: Ctrl-C, a kill during the store load, evidence that grows while it
 * is read. The case must stay what the last completed run made, and say what happened.
 */
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaseStore } from '../../src/store/duckdb.ts';
import { exited, konseki, startKonseki } from '../support/cli.ts';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'konseki-interrupt-'));

/** `n` sshd lines: enough that reading them takes a while, so a test can act in the middle of a run. */
function bigAuthLog(n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++)
    out.push(
      `Oct 14 ${String(10 + (((i / 3600) | 0) % 10)).padStart(2, '0')}:${String(((i / 60) | 0) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} web01 sshd[${1000 + (i % 30000)}]: Failed password for user${i % 97} from 10.0.${(i >> 8) & 255}.${i & 255} port ${1024 + (i % 60000)} ssh2`,
    );
  return `${out.join('\n')}\n`;
}

/** Resolves when `file` exists (polls; the run is in another process). */
async function appears(file: string, timeoutMs = 300_000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (existsSync(file)) return true;
    await new Promise((r) => setTimeout(r, 2));
  }
  return false;
}

async function eventCount(caseDir: string): Promise<number> {
  const store = await CaseStore.open(join(caseDir, 'case.duckdb'));
  try {
    return await store.count('events');
  } finally {
    store.close();
  }
}

const TRIAGE = ['triage', '--no-builtin-rules', '-t', '1'];

describe('an interrupted or killed triage', () => {
  it('Ctrl-C removes the work directory, records the interruption and exits 130', async () => {
    const root = tmp();
    const ev = join(root, 'evid');
    mkdirSync(ev);
    writeFileSync(join(ev, 'auth.log'), bigAuthLog(20_000));
    const out = join(root, 'case');
    const p = startKonseki([...TRIAGE, ev, '-o', out]);
    const done = exited(p);
    expect(await appears(join(out, '.work', 'staging', 'evidence-manifest.json'))).toBe(true);
    p.kill('SIGINT');
    const r = await done;
    expect(r.code, r.stderr).toBe(130);
    expect(existsSync(join(out, '.work'))).toBe(false);
    expect(JSON.parse(readFileSync(join(out, 'run-state.json'), 'utf8')).status).toBe('interrupted');
    const v = konseki(['case', 'verify', '--case', out]);
    expect(v.code).toBe(1);
    expect(v.stdout).toMatch(/did not complete \(interrupted\)/);
  });

  it('killed during the store load leaves the previous case whole, and case verify says the last run did not complete', async () => {
    const root = tmp();
    const ev = join(root, 'evid');
    mkdirSync(ev);
    writeFileSync(join(ev, 'auth.log'), bigAuthLog(10));
    const out = join(root, 'case');
    const first = konseki([...TRIAGE, ev, '-o', out]);
    expect(first.code, first.stderr).toBe(0);
    expect(konseki(['case', 'verify', '--case', out]).code).toBe(0);
    const manifest = readFileSync(join(out, 'evidence-manifest.json'), 'utf8');
    const timeline = readFileSync(join(out, 'timeline.csv'));

    writeFileSync(join(ev, 'more.log'), bigAuthLog(20_000));
    const p = startKonseki([...TRIAGE, ev, '-o', out]);
    const done = exited(p);
    expect(await appears(join(out, '.work', 'staging', 'case.duckdb'))).toBe(true);
    p.kill('SIGKILL');
    const r = await done;
    expect(r.signal).toBe('SIGKILL');
    // the previous run's outputs, manifest and store, untouched
    expect(readFileSync(join(out, 'evidence-manifest.json'), 'utf8')).toBe(manifest);
    expect(readFileSync(join(out, 'timeline.csv')).equals(timeline)).toBe(true);
    expect(await eventCount(out)).toBe(10);
    const v = konseki(['case', 'verify', '--case', out]);
    expect(v.code).toBe(1);
    expect(v.stdout).toMatch(/the last run \(triage, started .*\) did not complete \(running\)/);
    // the next run clears what the killed one left
    const again = konseki([...TRIAGE, ev, '-o', out]);
    expect(again.code, again.stderr).toBe(0);
    expect(existsSync(join(out, '.work'))).toBe(false);
    expect(konseki(['case', 'verify', '--case', out]).code).toBe(0);
  });

  it('evidence that grows while it is read is reported and the exit code is 4', async () => {
    const root = tmp();
    const ev = join(root, 'evid');
    mkdirSync(ev);
    writeFileSync(join(ev, 'auth.log'), bigAuthLog(20_000));
    const out = join(root, 'case');
    const p = startKonseki([...TRIAGE, ev, '-o', out]);
    const done = exited(p);
    expect(await appears(join(out, '.work', 'staging', 'evidence-manifest.json'))).toBe(true);
    appendFileSync(join(ev, 'auth.log'), bigAuthLog(1));
    const r = await done;
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toMatch(/Evidence changed during the run: 1 files/);
    expect(r.stderr).toMatch(/✗ .*auth\.log: evidence changed during the run: size/);
  });
});
