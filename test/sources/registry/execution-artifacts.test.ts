/**
 * Shimcache and Amcache on the corpus, against independent expectations:
 * - raw AppCompatCache values: the assertions of AppCompatCacheParser's own tests
 *   (EricZimmerman/AppCompatCacheParser, AppCompatCacheParserTest/AppCompatCacheTest.cs);
 * - SYSTEM hive: regipy's ShimCache and ComputerName plugin tests (660 entries, first entry);
 * - Amcache: regipy's AmCache validation case (1367 entries, one entry in full), and every
 *   entry's path and SHA-1 against the value data libregf's regfexport printed for that key.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Event } from '../../../src/core/event.ts';
import type { Issue } from '../../../src/core/issue.ts';
import {
  amcacheEntries,
  amcacheReader,
  formatFiletime,
  Hive,
  parseShimcache,
  shimcacheReader,
  systemHiveShimcache,
} from '../../../src/sources/registry/index.ts';
import { windowsArtifactReaders } from '../../../src/app/readers.ts';
import { corpusDir } from '../../support/corpus.ts';

const win = corpusDir('windows');
const acc = corpusDir('windows', 'appcompatcache', 'EricZimmerman-AppCompatCacheParser');

/** index → [path size in bytes, executed (Yes/No/NA), path contains] from AppCompatCacheTest.cs */
type Row = [number, number | undefined, boolean | null, string];
const EZ: Record<string, { count: number; rows: Row[] }> = {
  'Win10.bin': {
    count: 350,
    rows: [
      [0, 54, null, 'vds.exe'],
      [2, 140, null, 'DismHost.exe'],
      [7, 58, null, 'mstsc.exe'],
      [337, 112, null, 'Ngen.exe'],
      [349, 64, null, 'services.exe'],
    ],
  },
  'win7x64.bin': {
    count: 304,
    rows: [
      [0, 70, true, 'wuauclt.exe'],
      [2, 88, true, 'SearchFilterHost.exe'],
      [7, 126, false, 'chrome.exe'],
      [300, 176, true, 'chrmstp.exe'],
      [301, 62, true, 'reg.exe'],
    ],
  },
  'win7x86.bin': {
    count: 91,
    rows: [
      [0, 70, true, 'LogonUI.exe'],
      [2, 92, true, 'SearchProtocolHost.exe'],
      [8, 108, false, 'wmplayer.exe'],
      [89, 62, true, 'reg.exe'],
      [90, 72, true, 'SETUPUGC.EXE'],
    ],
  },
  'Win80.bin': {
    count: 104,
    rows: [
      [0, 70, true, 'LogonUI.exe'],
      [2, 144, true, 'EditPadLite7.exe'],
      [8, 70, true, 'svchost.exe'],
      [100, 76, true, 'Setup.exe'],
      [101, 70, false, 'WWAHost.exe'],
    ],
  },
  'Win81.bin': {
    count: 1024,
    rows: [
      [0, 94, true, 'java.exe'],
      [2, 128, true, 'SpotifyHelper.exe'],
      [8, 70, true, 'dllhost.exe'],
      [1011, 98, true, 'osTriage2.exe'],
      [1023, 170, true, 'setup.exe'],
    ],
  },
  // EZ lists XP entries in slot order (not by recency) and reports no executed flag
  'WinXPx86.bin': {
    count: 17,
    rows: [
      [0, undefined, null, 'msoobe.exe'],
      [2, undefined, null, 'agentsvr.exe'],
      [8, undefined, null, 'NETSHELL.dll'],
    ],
  },
};

describe.skipIf(!acc)("raw AppCompatCache values vs AppCompatCacheParser's test expectations", () => {
  for (const [file, want] of Object.entries(EZ)) {
    it(file, () => {
      const problems: string[] = [];
      const r = parseShimcache(readFileSync(join(acc!, file)), (c) => problems.push(c));
      expect(problems).toEqual([]);
      expect(r.entries).toHaveLength(want.count);
      const bySlot = file.startsWith('WinXP') ? [...r.entries].sort((a, b) => a.offset - b.offset) : r.entries;
      for (const [i, size, executed, name] of want.rows) {
        const e = bySlot[i]!;
        expect(e.path).toContain(name);
        if (size !== undefined) expect(e.pathSize).toBe(size);
        expect(e.executed).toBe(executed);
      }
    });
  }

  it('XP entries come out most recent first (their last update times fall along the LRU list)', () => {
    const r = parseShimcache(readFileSync(join(acc!, 'WinXPx86.bin')));
    const updates = r.entries.map((e) => e.lastUpdate!);
    expect([...updates].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0))).toEqual(updates);
  });

  it('Windows 10 Creators Update and 2008 layouts read to the end without damage', () => {
    for (const [file, layout] of [
      ['Win10Creators.bin', 'win10'],
      ['Win2k8Standard.bin', 'vista-x64'],
    ] as const) {
      const problems: string[] = [];
      const r = parseShimcache(readFileSync(join(acc!, file)), (c) => problems.push(c));
      expect([r.layout, problems]).toEqual([layout, []]);
      expect(r.entries.length).toBe(r.declared);
    }
  });
});

describe.skipIf(!win)('Shimcache from SYSTEM hives', () => {
  it("regipy SYSTEM: 660 entries over both control sets, the first as regipy's test expects", () => {
    const hive = Hive.open(join(win!, 'registry/regipy/SYSTEM'), [])!;
    const info = systemHiveShimcache(hive);
    hive.close();
    expect(info.computerName).toBe('WKS-WIN732BITA');
    expect(info.caches.map((c) => c.controlSet)).toEqual(['ControlSet001', 'ControlSet002']);
    expect(info.caches.reduce((n, c) => n + c.entries.length, 0)).toBe(660);
    const first = info.caches[0]!.entries[0]!;
    expect([first.path, formatFiletime(first.lastModified), first.executed]).toEqual([
      'C:\\Program Files\\McAfee\\VirusScan Enterprise\\mfeann.exe',
      '2011-01-12T12:08:00.0000000Z',
      true,
    ]);
  });

  it('every SYSTEM hive yields events, dirty hives are reported, the wiped one does not crash', async () => {
    const counts: Record<string, number> = {};
    for (const name of ['SYSTEM', 'SYSTEM_2', 'SYSTEM_B', 'SYSTEM_WIN_10_1709', 'corrupted_system_hive']) {
      const path = join(win!, 'registry/regipy', name);
      const issues: Issue[] = [];
      const events = [...(shimcacheReader.read(path, { issues, displayPath: name }) as Iterable<Event>)];
      counts[name] = events.length;
      const head = readFileSync(path).subarray(0, 12);
      const dirty = head.readUInt32LE(4) !== head.readUInt32LE(8);
      expect(issues.some((i) => i.code === 'reg.dirty')).toBe(dirty);
      for (const e of events) {
        expect(e.logsource).toEqual({ product: 'windows', service: 'shimcache' });
        expect(typeof e.fields.Image).toBe('string');
        expect(typeof e.fields.CachePosition).toBe('number');
      }
    }
    expect(counts).toEqual({
      SYSTEM: 660,
      SYSTEM_2: 112,
      SYSTEM_B: 406,
      SYSTEM_WIN_10_1709: 1024,
      corrupted_system_hive: 0,
    });
  });
});

/** Values of the keys below `under` as regfexport printed them: key path → value name → data text. */
function regfexportValues(text: string, under: RegExp): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  let cur: Map<string, string> | undefined;
  let name = '';
  for (const line of text.split('\n')) {
    if (line.startsWith('Key path: ')) {
      const p = line.slice(10);
      cur = under.test(p) ? new Map() : undefined;
      if (cur) out.set(p.slice(p.indexOf('\\') + 1), cur);
    } else if (cur && line.startsWith('Value: ')) name = line.replace(/^Value: \d+ /, '');
    else if (cur && line.startsWith('Data: ')) cur.set(name, line.slice(6));
  }
  return out;
}

describe.skipIf(!win)('Amcache', () => {
  const cases = [
    ['regipy/amcache.hve', 'regipy/amcache.hve.regfexport.txt'],
    ['plaso/win10-Amcache.hve', 'plaso/win10-Amcache.hve.txt'],
  ];
  for (const [hiveFile, oracleFile] of cases) {
    it(`${hiveFile}: every path and SHA-1 as regfexport printed the values`, () => {
      const hive = Hive.open(join(win!, 'registry', hiveFile!), [])!;
      const entries = [...amcacheEntries(hive)];
      hive.close();
      const oracle = regfexportValues(
        readFileSync(join(win!, 'oracle/registry', oracleFile!), 'utf8'),
        /\\Root\\(InventoryApplicationFile|File\\[^\\]+)\\[^\\]+$/,
      );
      const files = entries.filter((e) => e.kind !== 'InventoryApplication');
      expect(files.length).toBe(oracle.size);
      for (const e of files) {
        const vals = oracle.get(e.keyPath)!;
        expect(vals, e.keyPath).toBeDefined();
        const path = e.kind === 'File' ? vals.get('15') : vals.get('LowerCaseLongPath');
        const id = e.kind === 'File' ? vals.get('101') : vals.get('FileId');
        expect(e.path).toBe(path);
        expect(e.sha1).toBe(id && /^0000[0-9a-f]{40}$/i.test(id) ? id.slice(4).toLowerCase() : undefined);
      }
    });
  }

  it("regipy amcache.hve: 1367 file entries and the TPVMMondeu.dll entry as regipy's validation expects", () => {
    const hive = Hive.open(join(win!, 'registry/regipy/amcache.hve'), [])!;
    const entries = [...amcacheEntries(hive)];
    hive.close();
    expect(entries.filter((e) => e.kind !== 'InventoryApplication')).toHaveLength(1367);
    const e = entries.find((x) => x.path === 'C:\\Windows\\system32\\TPVMMondeu.dll')!;
    expect(e.sha1).toBe('056f4b9d9ec9b5dc548e1b460da889e44089d76f');
    expect(e.programId?.replace(/^0000/, '')).toBe('75a010066bb612ca7357ce31df8e9f0300000904');
    expect(new Date(e.lastModified2! / 1000).toISOString()).toBe('2017-03-17T05:06:04.002Z');
    expect(formatFiletime(e.keyLastWritten)).toBe('2017-08-03T11:34:02.2634189Z');
  });

  it('events carry SHA1, Image and the key write time', () => {
    const issues: Issue[] = [];
    const events = [
      ...(amcacheReader.read(join(win!, 'registry/plaso/win10-Amcache.hve'), {
        issues,
        displayPath: 'Amcache.hve',
      }) as Iterable<Event>),
    ];
    const sevenZip = events.find((e) => e.fields.Name === '7z.exe')!;
    expect(sevenZip.fields).toMatchObject({
      Image: 'c:\\program files\\7-zip\\7z.exe',
      SHA1: '6c7ea8bbd435163ae3945cbef30ef6b9872a4591',
      Size: 468992,
      Publisher: 'igor pavlov',
      LinkDate: '2019-02-21T16:00:00.000000Z',
    });
    expect(events).toHaveLength(105);
  });
});

describe.skipIf(!win)('content sniffing over the whole Windows corpus', () => {
  it('claims exactly the SYSTEM hives, the Amcache hives and the Prefetch files', () => {
    const claims: Record<string, string[]> = {};
    const files = ['registry/regipy', 'registry/plaso', 'appcompatcache/EricZimmerman-AppCompatCacheParser'].flatMap(
      (d) => (existsSync(join(win!, d)) ? readdirSync(join(win!, d)).sort() : []).map((n: string) => join(win!, d, n)),
    );
    for (const f of files) {
      const head = readFileSync(f).subarray(0, 65536);
      const best = windowsArtifactReaders
        .map((r) => [r.id, r.sniff(head, f.split('/').pop()!)] as const)
        .filter(([, s]) => s >= 0.5);
      for (const [id] of best) (claims[id] ??= []).push(f.split('/').pop()!);
    }
    expect(claims).toEqual({
      shimcache: ['SYSTEM', 'SYSTEM_2', 'SYSTEM_B', 'SYSTEM_WIN_10_1709', 'corrupted_system_hive'],
      amcache: ['amcache.hve', 'win10-Amcache.hve'],
    });
  });
});
