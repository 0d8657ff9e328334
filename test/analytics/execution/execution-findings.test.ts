/**
 * The execution analyzers over the real corpus artifacts, read by the real readers. The SYSTEM hive
 * of regipy's tests (host WKS-WIN732BITA) holds traces of an intrusion: PsExec's service binary,
 * a.exe run again and again from C:\Windows\Temp, executables in the Recycle Bin and a
 * C:\dllhost.exe beside the real one in System32.
 */
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Event } from '../../../src/core/event.ts';
import type { Finding } from '../../../src/core/finding.ts';
import type { Issue } from '../../../src/core/issue.ts';
import { executionAnalyzers } from '../../../src/analytics/execution/index.ts';
import { prefetchReader } from '../../../src/sources/prefetch/index.ts';
import { shimcacheReader } from '../../../src/sources/registry/index.ts';
import { corpusDir } from '../../support/corpus.ts';

const win = corpusDir('windows');

function analyse(events: Iterable<Event>): Finding[] {
  const analyzers = executionAnalyzers();
  for (const e of events) for (const a of analyzers) if (a.wants(e)) a.add(e);
  return analyzers.flatMap((a) => a.finish());
}

describe.skipIf(!win)('execution findings on corpus artifacts', () => {
  it('regipy SYSTEM: PsExec, a.exe in C:\\Windows\\Temp, the Recycle Bin, a fake dllhost.exe', () => {
    const issues: Issue[] = [];
    const events = shimcacheReader.read(join(win!, 'registry/regipy/SYSTEM'), {
      issues,
      displayPath: 'SYSTEM',
    }) as Iterable<Event>;
    const fs = analyse(events);
    const find = (kind: string, path: string): Finding | undefined =>
      fs.find((f) => f.kind === kind && String(f.details?.path).toLowerCase() === path.toLowerCase());
    expect(find('execution-attacker-tool', 'C:\\Windows\\PSEXESVC.EXE')).toMatchObject({
      host: 'WKS-WIN732BITA',
      details: { tool: 'PsExec', executed: true },
    });
    // 47 entries with different modification times in each of the two control sets
    expect(find('execution-suspicious-path', 'C:\\Windows\\TEMP\\a.exe')).toMatchObject({
      count: 94,
      severity: 'medium',
      details: { reasons: ['windows-writable'] },
    });
    expect(find('execution-masquerade', 'C:\\dllhost.exe')).toMatchObject({ severity: 'high', attack: ['T1036.005'] });
    const recycle = fs.filter((f) => (f.details?.reasons as string[] | undefined)?.includes('recycle-bin'));
    expect(recycle.length).toBeGreaterThan(0);
    for (const f of fs) {
      expect(f.summary_en.length).toBeGreaterThan(10);
      expect(f.summary_ja).toMatch(/[ぁ-んァ-ン一-龥]/);
      expect(f.evidence.length).toBeGreaterThan(0);
    }
  });

  it('Prefetch corpus: the test executables run from \\TEMP and from a drive root', () => {
    const dir = join(win!, 'prefetch/EricZimmerman-Prefetch');
    const files = [
      'Win10/DCODEDCODEDCODEDCODEDCODEDCOD-E65B9FE8.pf',
      'Win7/DCODEDCODEDCODEDCODEDCODEDCOD-9054DA3F.pf',
      'Win7/DCODEDCODEDCODEDCODEDCODEDCOD-94896A93.pf',
      'Win10/CMD.EXE-D269B812.pf',
    ];
    const events: Event[] = [];
    for (const f of files)
      events.push(...(prefetchReader.read(join(dir, f), { issues: [], displayPath: basename(f) }) as Iterable<Event>));
    const fs = analyse(events);
    expect(fs.map((f) => [f.kind, (f.details!.reasons as string[]).join()]).sort()).toEqual([
      ['execution-suspicious-path', 'temp'],
      ['execution-suspicious-path', 'temp'],
      ['execution-suspicious-path', 'volume-root'],
    ]);
    expect(fs.every((f) => f.details?.executed === true && f.severity === 'medium')).toBe(true);
  });
});
