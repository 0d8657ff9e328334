/**
 * `konseki triage --domain-admins … --user-terminals …` end to end: Security logs of a server and
 * two PCs written with the EVTX writer; the Domain Admins member's logon on a PC is flagged only when
 * the PCs are named as user terminals (list or pattern), never its logon on the server.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeEvtx } from '../../src/sources/evtx/writer.ts';
import { logon, MIN, T0 } from '../analytics/windows/helpers.ts';
import { konseki } from '../support/cli.ts';

interface F {
  kind: string;
  severity: string;
  host: string | null;
  summary_en: string;
}

describe('triage --user-terminals', () => {
  const dir = mkdtempSync(join(tmpdir(), 'konseki-terminals-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const evidence = join(dir, 'evidence');
  mkdirSync(evidence);
  const hosts = ['SRV-FILE01', 'PC-0101', 'PC-0102'];
  for (const [i, h] of hosts.entries())
    writeEvtx(join(evidence, `${h}.evtx`), [
      logon(T0 + i * MIN, 'da-suzuki', '10.1.0.5', 10, { TargetDomainName: 'EXAMPLE' }, `${h}.example.local`),
      logon(T0 + i * MIN + 1e6, 'tanaka', '10.1.0.6', 3, { TargetDomainName: 'EXAMPLE' }, `${h}.example.local`),
    ]);

  let stderr = '';
  const triage = (...extra: string[]): F[] => {
    const out = mkdtempSync(join(dir, 'case-'));
    const r = konseki([
      '--lang',
      'en',
      'triage',
      evidence,
      '-o',
      out,
      '--no-builtin-rules',
      '--domain-admins',
      'EXAMPLE\\da-suzuki',
      ...extra,
    ]);
    expect(r.code, r.stderr).toBe(0);
    stderr = r.stderr;
    return readFileSync(join(out, 'findings.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as F)
      .filter((f) => f.kind === 'domain-admin-on-terminal');
  };

  it('flags the Domain Admins logons on the machines named by a pattern, not on the server', () => {
    const found = triage('--user-terminals', 'PC-*');
    expect(found.map((f) => f.host).sort()).toEqual(['PC-0101.example.local', 'PC-0102.example.local']);
    for (const f of found) {
      expect(f.severity).toBe('high');
      expect(f.summary_en).toContain('da-suzuki');
    }
    // the terminal summary says what these Security-only logs cannot show
    expect(stderr).toContain('Evidence coverage');
    expect(stderr).toMatch(/Evidence of PC-0101\.example\.local holds Security; missing: the System log; Sysmon/);
  });

  it('takes a list of names, and without the option says nothing', () => {
    expect(triage('--user-terminals', 'pc-0102, 10.9.0.0/16').map((f) => f.host)).toEqual(['PC-0102.example.local']);
    expect(triage()).toEqual([]);
  });
});
