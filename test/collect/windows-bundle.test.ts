/**
 * A Windows collection bundle built by test/support/collect/windows-bundle.ts (CSV files in the exact
 * Export-Csv format, raw command outputs, an .evtx, hives and Prefetch from konseki's writers, zipped
 * with backslash member names as .NET Framework's ZipFile writes them) triaged end to end: every
 * planted item is named with its severity, the collector's own processes are not, and the other
 * evidence of the bundle is read by its readers.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { konseki } from '../support/cli.ts';
import { C2, HOST, IMPLANT, writeWindowsBundle } from '../support/collect/windows-bundle.ts';

const hasPython = spawnSync('python3', ['-c', 'import zipfile'], { stdio: 'ignore' }).status === 0;
if (!hasPython) console.warn('test/collect/windows-bundle.test.ts: python3 (zipfile) missing; skipped');

interface F {
  kind: string;
  severity: string;
  host: string | null;
  peer: string | null;
  summary_en: string;
  summary_ja: string;
}

describe.skipIf(!hasPython)('Windows collection bundle through triage', () => {
  const dir = mkdtempSync(join(tmpdir(), 'konseki-winbundle-'));
  let findings: F[] = [];
  let stdout = '';
  let timeline: string[] = [];
  let caseJson: { composite?: { external?: Array<{ peer: string; live?: string[] }> } } = {};

  beforeAll(() => {
    const { zip } = writeWindowsBundle(dir);
    const iocs = join(dir, 'iocs.txt');
    writeFileSync(iocs, `${C2}\n`);
    const r = konseki(['triage', zip, '-o', join(dir, 'case'), '--ioc', iocs, '--lang', 'en']);
    expect(r.code, r.stderr).toBe(0);
    stdout = r.stdout + r.stderr;
    findings = readFileSync(join(dir, 'case', 'findings.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    timeline = readFileSync(join(dir, 'case', 'timeline.csv'), 'utf8').split('\n');
    caseJson = JSON.parse(readFileSync(join(dir, 'case', 'case.json'), 'utf8'));
  }, 240_000);

  const find = (kind: string, text: string): F | undefined =>
    findings.find((f) => f.kind === kind && f.summary_en.includes(text));

  it('reads the CSV outputs, the event log, the hives and Prefetch of the bundle', () => {
    for (const reader of [
      'win-processes',
      'win-sockets',
      'win-services',
      'win-tasks',
      'win-runkeys',
      'win-wmi',
      'win-startup',
      'evtx',
      'prefetch',
      'live-command-output',
    ])
      expect(stdout, reader).toMatch(new RegExp(`\\b${reader}: [12] files`));
    expect(stdout).toMatch(/\bshimcache: 1 files/);
    expect(stdout).toMatch(/\bamcache: 1 files/);
  });

  it('names the implant in %TEMP%, its listener and its live C&C connection', () => {
    expect(find('live-writable-executable', IMPLANT)?.severity).toBe('high');
    expect(find('live-suspicious-listener', '0.0.0.0:4444')?.severity).toBe('high');
    const ioc = find('live-ioc-connection', C2);
    expect(ioc).toMatchObject({ severity: 'critical', peer: C2, host: HOST });
    expect(ioc!.summary_ja).toContain('侵害指標');
    expect(find('live-reverse-shell', 'TCPClient')?.severity).toBe('high');
    // a browser's connection is context for the composite analysis, not an alarm
    expect(find('live-connection', '203.0.113.80')?.severity).toBe('low');
  });

  it('names each persistence item and leaves the benign ones alone', () => {
    expect(find('live-service-persistence', 'UpdaterSvc')?.severity).toBe('high');
    expect(find('live-task-persistence', 'OneDrive Sync')?.severity).toBe('high');
    expect(find('live-runkey-persistence', 'svch0st')?.severity).toBe('high');
    expect(find('live-runkey-persistence', 'sethc.exe')?.severity).toBe('high');
    expect(find('live-wmi-persistence', 'Updater')?.severity).toBe('high');
    expect(find('live-startup-persistence', 'update.bat')?.severity).toBe('medium');
    for (const benign of [
      'Spooler',
      'ScheduledDefrag',
      'Backup',
      'SecurityHealth',
      'Userinit',
      'OneNote.lnk',
      'SCM Event',
    ])
      expect(findings.filter((f) => f.summary_en.includes(benign)).map((f) => f.summary_en)).toEqual([]);
  });

  it('verifies the bundle against its manifest', () => {
    expect(stdout).toMatch(/\bcollection-manifest: 1 files/);
    expect(findings.filter((f) => f.kind === 'collection-altered')).toEqual([]);
  });

  it('does not report the collector or what it started', () => {
    expect(findings.filter((f) => /konseki-collect|reg save/.test(f.summary_en))).toEqual([]);
    expect(timeline.filter((l) => /reg save|konseki-collect\.ps1/.test(l))).toEqual([]);
  });

  it('runs Sigma process_creation rules on the process list', () => {
    const rows = timeline.filter((l) => l.includes('volatile/processes.csv') && l.includes('svch0st.exe'));
    expect(rows.length).toBeGreaterThan(0);
  });

  it('joins the live connection with the C&C peer in the composite picture', () => {
    const peer = caseJson.composite?.external?.find((x) => x.peer === C2);
    expect(peer?.live).toEqual([HOST]);
  });
});
