// `konseki rules check` and `konseki rules test`, run as a user would (the built CLI).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusDir } from '../support/corpus.ts';

const CLI = resolve('dist/cli.mjs');
const run = (args: string[]) => {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    maxBuffer: 64 << 20,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
};
const sigma = corpusDir('rules', 'sigma');
const tmp = mkdtempSync(join(tmpdir(), 'konseki-rules-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.skipIf(!sigma)('konseki rules test', () => {
  it('runs the whole regression set and ends with "N passed, N failed"', () => {
    const r = run([
      'rules',
      'test',
      join(sigma!, 'regression_data'),
      '--no-cache',
      ...['rules', 'rules-emerging-threats', 'rules-threat-hunting'].flatMap((d) => ['--rules', join(sigma!, d)]),
    ]);
    const last = r.stdout.trim().split('\n').pop();
    expect(last).toMatch(/^\d+ passed, 0 failed$/);
    expect(Number(last!.split(' ')[0])).toBeGreaterThan(100);
    expect(r.code).toBe(0);
  });
  it('prints each failure with the rule and the event, and exits 1', () => {
    // a copy of a real rule whose value no longer matches its own regression sample
    const data = join(
      sigma!,
      'regression_data/rules-emerging-threats/2026/Exploits/RedSun/pipe_created_win_exploit_redsun_named_pipe',
    );
    const ruleFile = join(
      sigma!,
      'rules-emerging-threats/2026/Exploits/RedSun/pipe_created_win_exploit_redsun_named_pipe.yml',
    );
    const broken = join(tmp, 'broken.yml');
    const text = readFileSync(ruleFile, 'utf8');
    writeFileSync(
      broken,
      text
        .replace(/detection:\n/, 'detection:\n    konseki_never:\n        PipeName: no-such-pipe-konseki\n')
        .replace(/condition: (.*)/, 'condition: ($1) and konseki_never'),
    );
    const r = run(['rules', 'test', data, '--rules', tmp, '--no-cache']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL ');
    expect(r.stdout).toContain(broken);
    expect(r.stdout).toMatch(/event: \{"record":\d+,.*"PipeName"/);
    expect(r.stdout.trim().split('\n').pop()).toBe('0 passed, 1 failed');
  });
});

describe.skipIf(!sigma)('konseki rules check', () => {
  it('reports loaded, rejected by reason with locations, and rules by logsource, in English and Japanese', () => {
    const dir = join(tmp, 'check');
    mkdirSync(dir, { recursive: true });
    cpSync(
      join(sigma!, 'rules/windows/process_creation/proc_creation_win_whoami_all_execution.yml'),
      join(dir, 'ok.yml'),
    );
    writeFileSync(
      join(dir, 'bad.yml'),
      'title: bad\nlogsource:\n    product: windows\ndetection:\n    sel:\n        Image|endswith: x\n        Image|nope: y\n    condition: sel\n',
    );
    const en = run(['--lang', 'en', 'rules', 'check', dir, '--no-cache']);
    expect(en.code).toBe(0);
    expect(en.stdout).toContain('loaded: 1 rules, 0 correlations, 0 filters');
    expect(en.stdout).toContain('not loaded: 1 documents');
    expect(en.stdout).toContain(`${join(dir, 'bad.yml')}:7:9: unknown value modifier "nope"`);
    expect(en.stdout).toMatch(/windows\/process_creation\s+1\s+1\s+sysmon-1, security-4688/);
    const ja = run(['--lang', 'ja', 'rules', 'check', dir, '--no-cache']);
    expect(ja.stdout).toContain('読み込み: ルール 1 件、相関ルール 0 件、フィルタ 0 件');
    expect(ja.stdout).toContain('不明な値修飾子「nope」です');
  });
});
