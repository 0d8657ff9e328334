import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintPowerShell } from '../../test/support/collect/ps-lint.ts';
import { collectorScript } from './index.ts';
import { LINUX_SH, WINDOWS_PS1 } from './scripts.gen.ts';

const here = new URL('.', import.meta.url);
const hasShellcheck = spawnSync('shellcheck', ['--version'], { stdio: 'ignore' }).status === 0;
if (!hasShellcheck)
  console.warn('src/collect/scripts.test.ts: shellcheck is not installed (Debian: shellcheck); that check is skipped');

describe('collector scripts', () => {
  it('are embedded as they are in the script files (run node scripts/embed-collectors.mjs after editing one)', () => {
    expect(LINUX_SH).toBe(readFileSync(new URL('linux.sh', here), 'utf8'));
    expect(WINDOWS_PS1).toBe(readFileSync(new URL('windows.ps1', here), 'utf8'));
  });

  it('carry the version; the PowerShell one has a BOM and CRLF so Windows PowerShell 5.1 reads it as UTF-8', () => {
    const sh = collectorScript('linux', '1.2.3');
    expect(sh).toMatch(/^#!\/bin\/sh\n/);
    expect(sh).toContain('version 1.2.3');
    expect(sh).not.toContain('@KONSEKI_VERSION@');
    const ps = collectorScript('windows', '1.2.3; rm -rf /');
    expect(ps.startsWith('\ufeff#Requires -Version 5.1\r\n')).toBe(true);
    expect(ps).not.toMatch(/[^\r]\n/);
    expect(ps).toContain('version 1.2.3rm-rf'); // the version is reduced to safe characters
  });

  it.skipIf(!hasShellcheck)('the Linux collector passes shellcheck as POSIX sh and as dash', () => {
    const dir = mkdtempSync(join(tmpdir(), 'konseki-sc-'));
    const f = join(dir, 'konseki-collect.sh');
    writeFileSync(f, collectorScript('linux', 'test'));
    for (const shell of ['sh', 'dash']) {
      const r = spawnSync('shellcheck', ['-s', shell, '-S', 'info', f], { encoding: 'utf8' });
      expect(r.stdout + r.stderr, shell).toBe('');
      expect(r.status).toBe(0);
    }
  });

  it('the Windows collector passes the structural PowerShell 5.1 check', () => {
    expect(lintPowerShell(collectorScript('windows', 'test'))).toEqual([]);
  });

  it('the PowerShell check finds what it claims to find', () => {
    const bad = [
      'function f {',
      '  Write-Output "$name: x"',
      '  $a = $b ?? 1',
      '  Get-Item x && Get-Item y',
      "  $s = 'unclosed",
    ].join('\n');
    const p = lintPowerShell(bad).map((x) => `${x.line}: ${x.what}`);
    expect(p.some((x) => x.startsWith('5: string'))).toBe(true);
    expect(lintPowerShell('if ($a) { (1 }').map((x) => x.what)).toContain('} closes ( opened on line 1');
    expect(
      lintPowerShell('Write-Output "$name: x"\n$a = $b ?? 1\nGet-Item x && Get-Item y\n').map((x) => x.line),
    ).toEqual([1, 2, 3]);
    expect(lintPowerShell('Write-Output "$($name): x $env:TEMP"\n@"\n{ ( [\n"@\n')).toEqual([]);
  });
});
