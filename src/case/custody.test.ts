import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  appendCustody,
  buildEvidenceManifest,
  hashRuleSet,
  readCustody,
  verifyCustody,
  verifyEvidenceManifest,
} from './custody.ts';
import { CaseDir } from './case-dir.ts';
import type { Issue } from '../core/issue.ts';

const readEvidenceManifest = (dir: string, issues: Issue[] = []) => new CaseDir(dir).manifest(issues);
const writeEvidenceManifest = (dir: string, m: Parameters<CaseDir['writeManifest']>[0]) =>
  new CaseDir(dir).writeManifest(m);

const sha256sum = spawnSync('sha256sum', ['--version']).status === 0;
const tmp = (): string => mkdtempSync(join(tmpdir(), 'konseki-custody-'));

describe('custody log', () => {
  it('appends chained entries with who, what, when and input hashes', async () => {
    const dir = tmp();
    const input = join(dir, 'Security.evtx');
    writeFileSync(input, 'evidence bytes');
    const a = await appendCustody(dir, {
      command: 'triage',
      args: ['triage', input],
      version: '0.1.0',
      inputs: [input],
    });
    const b = await appendCustody(dir, { command: 'respond', args: ['respond'], version: '0.1.0' });
    expect([a.seq, b.seq]).toEqual([1, 2]);
    expect(a.prev).toBe('0'.repeat(64));
    expect(a.user).toBeTruthy();
    expect(a.host).toBeTruthy();
    if (sha256sum)
      expect(a.inputs[0]!.sha256).toBe(spawnSync('sha256sum', [input], { encoding: 'utf8' }).stdout.split(' ')[0]);
    expect(verifyCustody(dir)).toEqual({ entries: 2, problems: [] });
    expect(readCustody(dir).map((e) => e.command)).toEqual(['triage', 'respond']);
  });

  it('shows where a line was edited, removed or inserted', async () => {
    const dir = tmp();
    for (const c of ['a', 'b', 'c', 'd']) await appendCustody(dir, { command: c, args: [], version: 'x' });
    const file = join(dir, 'custody.jsonl');
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    writeFileSync(file, `${[lines[0], lines[1]!.replace('"b"', '"B"'), lines[2], lines[3]].join('\n')}\n`);
    expect(verifyCustody(dir).problems).toEqual([{ line: 3, problem: 'chain' }]);
    writeFileSync(file, `${[lines[0], lines[2], lines[3]].join('\n')}\n`);
    expect(verifyCustody(dir).problems).toEqual([
      { line: 2, problem: 'chain' },
      { line: 2, problem: 'seq' },
    ]);
    writeFileSync(file, `${[lines[0], 'not json', lines[1], lines[2], lines[3]].join('\n')}\n`);
    expect(verifyCustody(dir).problems).toEqual([
      { line: 2, problem: 'json' },
      { line: 3, problem: 'chain' },
    ]);
  });

  it.skipIf(!sha256sum)('hashes a rule set like sha256sum over its sorted files', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'a-b'), { recursive: true });
    mkdirSync(join(dir, 'a', 'deep'), { recursive: true });
    writeFileSync(join(dir, 'a-b', 'x.yml'), 'title: x\n');
    writeFileSync(join(dir, 'a', 'x.yml'), 'title: y\n');
    writeFileSync(join(dir, 'a', 'deep', 'z.yml'), 'title: z\n');
    writeFileSync(join(dir, 'B.yml'), 'title: b\n');
    const r = await hashRuleSet(dir);
    const shell = spawnSync(
      'sh',
      [
        '-c',
        `cd "$1" && find . -type f -printf '%P\\n' | LC_ALL=C sort | xargs -d '\\n' sha256sum | sha256sum`,
        'sh',
        dir,
      ],
      { encoding: 'utf8' },
    );
    expect(r).toEqual({ path: dir, sha256: shell.stdout.split(' ')[0], files: 4 });
  });
});

describe('evidence manifest', () => {
  it('finds content, size, mtime changes and missing files', async () => {
    const dir = tmp();
    const files = ['a.log', 'b.log', 'c.log', 'd.log'].map((f) => join(dir, f));
    for (const f of files) writeFileSync(f, `content of ${f}\n`);
    const m = await buildEvidenceManifest(files, 'konseki test');
    writeEvidenceManifest(dir, m);
    expect((await verifyEvidenceManifest(readEvidenceManifest(dir)!)).changes).toEqual([]);
    writeFileSync(files[0]!, readFileSync(files[0]!, 'utf8').replace('content', 'CONTENT'));
    // back to the recorded millisecond; the half millisecond keeps float seconds from rounding into the one before
    const same = (Date.parse(m.files[0]!.mtime) + 0.5) / 1000;
    utimesSync(files[0]!, same, same);
    writeFileSync(files[1]!, 'shorter');
    utimesSync(files[2]!, new Date(2001, 1, 1), new Date(2001, 1, 1));
    rmSync(files[3]!);
    const v = await verifyEvidenceManifest(readEvidenceManifest(dir)!);
    expect(v.changes.map((c) => [c.path, c.kind])).toEqual([
      [files[0], 'sha256'],
      [files[1], 'size'],
      [files[2], 'mtime'],
      [files[3], 'missing'],
    ]);
  });
  it('reads the manifest konseki triage writes and ignores malformed entries', () => {
    const dir = tmp();
    writeFileSync(
      join(dir, 'evidence-manifest.json'),
      JSON.stringify({
        created: '2026-11-20T00:00:00Z',
        tool: 'konseki 0.1.0',
        files: [{ path: 'x', sha256: 'ab', size: 1, mtime: '2026-01-01T00:00:00.000Z' }, { path: 3 }, null],
      }),
    );
    expect(readEvidenceManifest(dir)!.files).toEqual([
      { path: 'x', sha256: 'ab', size: 1, mtime: '2026-01-01T00:00:00.000Z' },
    ]);
    writeFileSync(join(dir, 'evidence-manifest.json'), '{not json');
    const issues: Issue[] = [];
    expect(readEvidenceManifest(dir, issues)).toBeUndefined();
    expect(issues.map((i) => [i.code, i.at.file])).toEqual([['case.bad_file', join(dir, 'evidence-manifest.json')]]);
  });
});
