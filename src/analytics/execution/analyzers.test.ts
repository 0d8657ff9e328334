import { describe, expect, it } from 'vitest';
import type { Event } from '../../core/event.ts';
import type { Finding } from '../../core/finding.ts';
import { writePrefetch } from '../../../test/support/windows/prefetch-writer.ts';
import { parsePrefetchBuffer, prefetchEvents } from '../../sources/prefetch/index.ts';
import {
  amcacheEvent,
  shimcacheEvent,
  type AmcacheEntry,
  type ShimcacheEntry,
  type ShimcacheSet,
} from '../../sources/registry/index.ts';
import { executionAnalyzers, type ExecutionOptions } from './analyzers.ts';
import { normalizePath, locationReasons, isMasquerading } from './paths.ts';

const FT = 0x01d9a0b0c0d0e0f0n;
const SET: ShimcacheSet = {
  controlSet: 'ControlSet001',
  current: true,
  keyPath: 'x',
  keyLastWritten: FT,
  layout: 'win7-x64',
  entries: [],
};

function shim(path: string, executed: boolean | null, position = 0): Event {
  const e: ShimcacheEntry = { position, path, lastModified: FT - BigInt(position) * 10_000_000n, executed, offset: 0 };
  return shimcacheEvent(e, SET, 'SYSTEM', 'PC-01');
}

function amcache(path: string, extra: Partial<AmcacheEntry> = {}): Event {
  return amcacheEvent(
    {
      kind: 'InventoryApplicationFile',
      keyPath: 'Root\\InventoryApplicationFile\\x',
      keyLastWritten: FT,
      path,
      name: path.split('\\').pop(),
      ...extra,
    },
    'Amcache.hve',
  );
}

function prefetch(exe: string, dir: string): Event[] {
  const vol = '\\VOLUME{01d1217a9c4c6779-8c9f49ec}';
  const raw = writePrefetch({
    version: 30,
    executable: exe,
    hash: 1,
    runCount: 2,
    runs: [FT, FT - 10_000_000n],
    filenames: [`${vol}${dir}\\${exe}`],
    volumes: [{ devicePath: vol, created: FT, serial: 1, directories: [] }],
  });
  return prefetchEvents(parsePrefetchBuffer(raw, 'x.pf', [])!.info, `${exe}-00000001.pf`);
}

function run(events: Event[], opts: ExecutionOptions = {}): Finding[] {
  const analyzers = executionAnalyzers(opts);
  for (const e of events) for (const a of analyzers) if (a.wants(e)) a.add(e);
  return analyzers.flatMap((a) => a.finish());
}

const kinds = (fs: Finding[]): string[] => fs.map((f) => `${f.kind}:${f.severity}`).sort();

describe('paths', () => {
  it('brings Shimcache, Amcache and Prefetch spellings of one file together', () => {
    const forms = [
      'C:\\Users\\Public\\x.exe',
      '\\??\\C:\\Users\\Public\\x.exe',
      'c:\\users\\public\\x.exe',
      '\\VOLUME{01d1-8c9f}\\USERS\\PUBLIC\\X.EXE',
      '\\DEVICE\\HARDDISKVOLUME2\\USERS\\PUBLIC\\X.EXE',
      'SYSVOL\\Users\\Public\\x.exe',
    ];
    expect(new Set(forms.map((f) => normalizePath(f).rest))).toEqual(new Set(['\\users\\public\\x.exe']));
  });

  it('recognises admin shares in every spelling', () => {
    for (const p of [
      '\\\\FS01\\C$\\Windows\\Temp\\p.exe',
      '\\DEVICE\\MUP\\FS01\\ADMIN$\\p.exe',
      'UNC\\fs01\\c$\\p.exe',
    ])
      expect(locationReasons(normalizePath(p))).toContain('admin-share');
    expect(locationReasons(normalizePath('\\\\fs01\\apps\\tool.exe'))).toEqual(['network-share']);
  });

  it('leaves ordinary program locations alone', () => {
    for (const p of [
      'C:\\Windows\\System32\\svchost.exe',
      'C:\\Program Files\\7-Zip\\7z.exe',
      'C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18\\MsMpEng.exe',
      'C:\\Windows\\explorer.exe',
    ]) {
      const n = normalizePath(p);
      expect([locationReasons(n), isMasquerading(n)]).toEqual([[], false]);
    }
  });
});

describe('execution analyzers', () => {
  it('flags user-writable and hidden locations, with severity by place', () => {
    const fs = run([
      ...prefetch('PAYLOAD.EXE', '\\USERS\\PUBLIC'),
      shim('C:\\$Recycle.Bin\\S-1-5-21-1\\$R1.exe', true),
      amcache('c:\\programdata\\updater.exe'),
    ]);
    // the Amcache-only entry (ProgramData top, medium) shows presence, not execution: one step lower
    expect(kinds(fs)).toEqual([
      'execution-suspicious-path:high',
      'execution-suspicious-path:low',
      'execution-suspicious-path:medium',
    ]);
    const rb = fs.find((f) => f.details?.path === 'C:\\$Recycle.Bin\\S-1-5-21-1\\$R1.exe')!;
    expect(rb.attack).toEqual(['T1564']);
    expect(rb.host).toBe('PC-01');
  });

  it('Shimcache without an executed flag is presence, not execution: one step lower, and said so', () => {
    const [f] = run([shim('C:\\Users\\Public\\x.exe', null)]);
    expect(f!.severity).toBe('low');
    expect(f!.details?.presence_only).toBe(true);
    expect(f!.summary_en).toMatch(/was present in/);
    expect(f!.summary_ja).toMatch(/存在していました/);
  });

  it('joins Prefetch and Amcache (no host) with the Shimcache entry of the same file on the one host', () => {
    const fs = run([
      shim('C:\\Users\\Public\\p.exe', false),
      ...prefetch('P.EXE', '\\USERS\\PUBLIC'),
      amcache('c:\\users\\public\\p.exe'),
    ]);
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ host: 'PC-01', count: 4, severity: 'medium' });
    expect(fs[0]!.details).toMatchObject({
      artifacts: ['amcache', 'prefetch', 'shimcache'],
      executed: true,
      run_count: 2,
    });
    expect(fs[0]!.evidence.map((e) => e.file).sort()).toEqual([
      'Amcache.hve',
      'P.EXE-00000001.pf',
      'P.EXE-00000001.pf',
      'SYSTEM',
    ]);
  });

  it('spots system binary names outside the system folders', () => {
    const fs = run([shim('C:\\Windows\\svchost.exe', true), shim('C:\\Windows\\System32\\svchost.exe', true, 1)]);
    expect(kinds(fs)).toEqual(['execution-masquerade:high']);
  });

  it('names attacker tools by file name, and renamed copies by original name or hash', () => {
    const fs = run(
      [
        ...prefetch('MIMIKATZ.EXE', '\\TOOLS'),
        amcache('c:\\windows\\temp\\svc.exe', { originalFileName: 'rclone.exe', sha1: 'aa'.repeat(20) }),
        amcache('c:\\users\\bob\\notes.exe', { sha1: 'bb'.repeat(20) }),
        amcache('c:\\users\\bob\\helper.exe', { originalFileName: 'Cmd.Exe' }),
      ],
      {
        tools: [
          {
            tool: 'InHouseTool',
            names: ['inhouse.exe'],
            sha1: ['bb'.repeat(20)],
            category: 'execution',
            severity: 'high',
            attack: ['T1059'],
          },
        ],
      },
    );
    const byKind = (k: string): Finding[] => fs.filter((f) => f.kind === k);
    expect(byKind('execution-attacker-tool').map((f) => f.details?.tool)).toEqual(['Mimikatz']);
    expect(
      byKind('execution-renamed-binary')
        .map((f) => [f.details?.tool, f.details?.by])
        .sort(),
    ).toEqual([
      ['InHouseTool', 'hash'],
      ['Rclone', 'original'],
      ['cmd.exe', 'original'],
    ]);
    expect(byKind('execution-renamed-binary').every((f) => f.attack?.includes('T1036.003'))).toBe(true);
  });

  it('matches SHA-1 against the IOC list through the callback', () => {
    const hit = 'cc'.repeat(20);
    const fs = run(
      [
        amcache('c:\\program files\\app\\app.exe', { sha1: hit }),
        amcache('c:\\program files\\app\\ok.exe', { sha1: 'dd'.repeat(20) }),
      ],
      {
        iocSha1: (h) => (h === hit ? { name: 'APT-X loader', source: 'JPCERT' } : undefined),
      },
    );
    const ioc = fs.filter((f) => f.kind === 'execution-ioc-hash');
    expect(ioc).toHaveLength(1);
    expect(ioc[0]).toMatchObject({
      severity: 'critical',
      producer: 'execution-ioc',
      details: { sha1_match: hit, indicator: 'APT-X loader', indicator_source: 'JPCERT' },
    });
    expect(ioc[0]!.summary_ja).toContain('APT-X loader');
  });

  it('finds nothing in ordinary program runs, and ignores other events', () => {
    const other: Event = {
      ts: 0,
      source: { format: 'evtx', file: 'x' },
      logsource: { product: 'windows' },
      fields: { Image: 'C:\\Users\\Public\\x.exe' },
    };
    expect(
      run([...prefetch('NOTEPAD.EXE', '\\WINDOWS\\SYSTEM32'), amcache('c:\\program files\\7-zip\\7z.exe'), other]),
    ).toEqual([]);
  });
});
