/**
 * `konseki case verify` end to end: every way the probe of issue 12 got a clean verification of a
 * case that was not intact now fails it (exit 1), and an intact case still verifies (exit 0).
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { konseki } from '../support/cli.ts';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'konseki-verify-'));
const auth = (n: number): string =>
  Array.from(
    { length: n },
    (_, i) =>
      `Oct 14 10:00:${String(i).padStart(2, '0')} web01 sshd[${i}]: Failed password for root from 10.0.0.9 port 22 ssh2\n`,
  ).join('');

let root: string;
let evidence: string;
let pristine: string;

/** A fresh copy of the verified case (each test tampers with its own). */
function copyOfCase(): string {
  const d = join(tmp(), 'case');
  cpSync(pristine, d, { recursive: true });
  return d;
}

function verify(dir: string): { code: number; out: string } {
  const r = konseki(['case', 'verify', '--case', dir]);
  return { code: r.code, out: r.stdout + r.stderr };
}

describe('case verify', () => {
  beforeAll(() => {
    root = tmp();
    evidence = join(root, 'evid');
    mkdirSync(evidence);
    writeFileSync(join(evidence, 'auth.log'), auth(30));
    writeFileSync(join(evidence, 'secure'), auth(5));
    pristine = join(root, 'case');
    const t = konseki(['triage', '--no-builtin-rules', '-t', '1', evidence, '-o', pristine]);
    if (t.code !== 0) throw new Error(t.stderr);
    const n = konseki(['case', 'note', '--case', pristine, 'isolated the host']);
    if (n.code !== 0) throw new Error(n.stderr);
  });

  it('passes on an intact case (and the log of a case copied elsewhere still matches its files)', () => {
    const v = verify(copyOfCase());
    expect(v.code, v.out).toBe(0);
    expect(v.out).toContain('verified:');
  });

  it('fails when the last custody line is deleted', () => {
    const d = copyOfCase();
    const lines = readFileSync(join(d, 'custody.jsonl'), 'utf8').trimEnd().split('\n');
    writeFileSync(join(d, 'custody.jsonl'), `${lines.slice(0, -1).join('\n')}\n`);
    const v = verify(d);
    expect(v.code).toBe(1);
    expect(v.out).toMatch(/custody log ends at entry \d+, but its head says entry \d+ was the last/);
  });

  it('fails when custody.jsonl is emptied or removed', () => {
    for (const tamper of [(f: string) => writeFileSync(f, ''), (f: string) => rmSync(f)]) {
      const d = copyOfCase();
      tamper(join(d, 'custody.jsonl'));
      const v = verify(d);
      expect(v.code).toBe(1);
      expect(v.out).toMatch(/the custody log is empty or missing, but its head says it held \d+ entries/);
      expect(v.out).toMatch(/no completed triage/);
    }
  });

  it('fails when custody.jsonl and its head are both removed', () => {
    const d = copyOfCase();
    rmSync(join(d, 'custody.jsonl'));
    rmSync(join(d, 'custody-head.json'));
    const v = verify(d);
    expect(v.code).toBe(1);
    expect(v.out).toMatch(/no completed triage/);
    expect(v.out).toMatch(/evidence-manifest\.json: no custody entry recorded this file/);
  });

  it('fails when an evidence byte is edited and its new hash patched into evidence-manifest.json', () => {
    const ev = join(tmp(), 'evid');
    mkdirSync(ev);
    writeFileSync(join(ev, 'auth.log'), auth(30));
    const d = join(tmp(), 'case');
    expect(konseki(['triage', '--no-builtin-rules', '-t', '1', ev, '-o', d]).code).toBe(0);
    expect(verify(d).code).toBe(0);
    const victim = join(ev, 'auth.log');
    const bytes = readFileSync(victim);
    bytes[10] ^= 0x01;
    writeFileSync(victim, bytes);
    expect(verify(d).out).toMatch(/auth\.log: content changed/);
    // the tamperer also fixes the manifest: same layout, only the hash differs
    const file = join(d, 'evidence-manifest.json');
    const m = JSON.parse(readFileSync(file, 'utf8'));
    m.files[0].sha256 = createHash('sha256').update(bytes).digest('hex');
    const patched = `${JSON.stringify(m, null, 2)}\n`;
    expect(patched.length).toBe(readFileSync(file, 'utf8').length);
    writeFileSync(file, patched);
    const v = verify(d);
    expect(v.code).toBe(1);
    expect(v.out).not.toMatch(/auth\.log: content changed/);
    expect(v.out).toMatch(/evidence-manifest\.json: changed since the custody log recorded it/);
  });

  it('fails when an output the log recorded was edited', () => {
    const d = copyOfCase();
    writeFileSync(join(d, 'timeline.csv'), 'Timestamp,RuleTitle\n');
    const v = verify(d);
    expect(v.code).toBe(1);
    expect(v.out).toMatch(/timeline\.csv: changed since the custody log recorded it/);
  });

  it('notes an analyst’s edit of case.json without failing', () => {
    const d = copyOfCase();
    const cf = JSON.parse(readFileSync(join(d, 'case.json'), 'utf8'));
    cf.title = 'Incident 2026-10';
    writeFileSync(join(d, 'case.json'), JSON.stringify(cf));
    const v = verify(d);
    expect(v.code, v.out).toBe(0);
    expect(v.out).toMatch(/case\.json: edited since the last command recorded it/);
  });
});
