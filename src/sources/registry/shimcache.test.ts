import { describe, expect, it } from 'vitest';
import { writeShimcache, type ShimSpec } from '../../../test/support/windows/shimcache-writer.ts';
import { parseShimcache, shimcacheLayout, type ShimcacheLayout } from './shimcache.ts';

const SPECS: ShimSpec[] = [
  { path: 'C:\\Users\\Public\\evil.exe', lastModified: 0x01d9a0b0c0d0e0f0n, executed: true, fileSize: 73802 },
  {
    path: '\\??\\C:\\Windows\\System32\\cmd.exe',
    lastModified: 0x01d50000aaaabbbbn,
    executed: false,
    fileSize: 289792,
  },
  { path: 'SYSVOL\\ProgramData\\ツール\\runner.exe', lastModified: 0n, executed: true, fileSize: 1 },
];

const LAYOUTS: { write: ShimcacheLayout | 'win10-creators'; read: ShimcacheLayout; flag: boolean; size: boolean }[] = [
  { write: 'xp-x86', read: 'xp-x86', flag: false, size: true },
  { write: '2003-x86', read: '2003-x86', flag: false, size: true },
  { write: '2003-x64', read: '2003-x64', flag: false, size: true },
  { write: 'vista-x86', read: 'vista-x86', flag: true, size: false },
  { write: 'vista-x64', read: 'vista-x64', flag: true, size: false },
  { write: 'win7-x86', read: 'win7-x86', flag: true, size: false },
  { write: 'win7-x64', read: 'win7-x64', flag: true, size: false },
  { write: 'win8.0', read: 'win8.0', flag: true, size: false },
  { write: 'win8.1', read: 'win8.1', flag: true, size: false },
  { write: 'win10', read: 'win10', flag: false, size: false },
  { write: 'win10-creators', read: 'win10', flag: false, size: false },
];

describe('Shimcache layouts (fixtures written from the format notes)', () => {
  for (const l of LAYOUTS) {
    it(`${l.write}: layout, order, paths, times, executed flag`, () => {
      const blob = writeShimcache(l.write, SPECS);
      expect(shimcacheLayout(blob)).toBe(l.read);
      const problems: string[] = [];
      const r = parseShimcache(blob, (code) => problems.push(code));
      expect(problems).toEqual([]);
      expect(r.entries.map((e) => e.position)).toEqual([0, 1, 2]);
      expect(r.entries.map((e) => e.path)).toEqual(SPECS.map((s) => s.path.replace(/^\\\?\?\\/, '')));
      expect(r.entries.map((e) => e.lastModified)).toEqual(SPECS.map((s) => s.lastModified));
      expect(r.entries.map((e) => e.executed)).toEqual(SPECS.map((s) => (l.flag ? !!s.executed : null)));
      if (l.size) expect(r.entries.map((e) => e.fileSize)).toEqual(SPECS.map((s) => s.fileSize));
    });
  }

  it('Windows 10 declared entry count comes from the header (0x24, or 0x28 after Creators Update)', () => {
    expect(parseShimcache(writeShimcache('win10', SPECS)).declared).toBe(3);
    expect(parseShimcache(writeShimcache('win10-creators', SPECS)).declared).toBe(3);
  });

  it('an unknown layout and damaged entries are reported, not thrown', () => {
    const problems: string[] = [];
    expect(parseShimcache(Buffer.from('not a cache at all'), (c) => problems.push(c)).entries).toEqual([]);
    expect(problems).toEqual(['shimcache.bad_layout']);
    const blob = writeShimcache('win10', SPECS);
    // the second entry claims to run past the end of the value
    const second = blob.indexOf('10ts', 0x30 + 4);
    blob.writeUInt32LE(0x7fffffff, second + 8);
    const got: string[] = [];
    const r = parseShimcache(blob, (c) => got.push(c));
    expect(r.entries).toHaveLength(1);
    expect(got).toEqual(['shimcache.bad_entry']);
  });

  it('a 2003 table whose count exceeds the value is cut to what is there', () => {
    const blob = writeShimcache('2003-x86', SPECS);
    blob.writeUInt32LE(1_000_000, 4);
    const got: string[] = [];
    const r = parseShimcache(blob, (c) => got.push(c));
    expect(r.entries.length).toBeLessThan(1_000_000);
    expect(got).toContain('shimcache.bad_entry');
  });
});
