import { describe, expect, it } from 'vitest';
import type { Issue } from '../../core/issue.ts';
import { reg, writeHive, type KeySpec } from '../../../test/support/windows/hive-writer.ts';
import { className, ownerSid, securityDescriptor, subkeys, valueData, values } from './cells.ts';
import { Hive } from './regf.ts';
import { sniffHive } from './readers.ts';
import { decodeData, keyAt, rootKey, walk } from './tree.ts';

const big = Buffer.from(Array.from({ length: 50_000 }, (_, i) => (i * 31 + 7) & 0xff));
const kids = (n: number, prefix = 'K'): KeySpec[] =>
  Array.from({ length: n }, (_, i) => ({
    name: `${prefix}${i}`,
    lastWritten: 0x01d0000000000000n + BigInt(i) * 10_000_000n,
  }));

const TREE: KeySpec = {
  name: 'ROOT',
  className: 'RootClass',
  subkeys: [
    {
      name: 'Values',
      values: [
        { name: '', type: 1, data: reg.sz('default') },
        { name: 'sz', type: 1, data: reg.sz('hello') },
        { name: 'multi', type: 7, data: reg.multi(['a', 'bb']) },
        { name: 'dword', type: 4, data: reg.dword(0xdeadbeef) },
        { name: 'dwordBE', type: 5, data: reg.dwordBE(0x01020304) },
        { name: 'qword', type: 11, data: reg.qword(0x0102030405060708n) },
        { name: 'short', type: 3, data: Buffer.from([9, 4]) },
        { name: 'big', type: 3, data: big },
        { name: 'ユニコード', type: 1, data: reg.sz('値') },
      ],
    },
    { name: 'lf', list: 'lf', subkeys: kids(3) },
    { name: 'li', list: 'li', subkeys: kids(4) },
    { name: 'ri', list: 'ri-lh', subkeys: kids(9) },
    { name: 'ri2', list: 'ri-li', subkeys: kids(5) },
  ],
};

function open(buf: Buffer, issues: Issue[] = []): Hive {
  const h = Hive.fromBuffer(buf, issues, 'fixture');
  expect(h).toBeDefined();
  return h!;
}

describe('regf reader on a written fixture', () => {
  const hive = open(writeHive(TREE, { fileName: '\\REGISTRY\\MACHINE\\TEST' }));

  it('reads every subkey list kind (lf, li, ri over lh and li) in stored order', () => {
    for (const [name, n] of [
      ['lf', 3],
      ['li', 4],
      ['ri', 9],
      ['ri2', 5],
    ] as const) {
      const k = keyAt(hive, name)!;
      expect(subkeys(hive, k).map((s) => s.name)).toEqual(
        kids(n)
          .map((s) => s.name)
          .sort((a, b) => (a.toUpperCase() < b.toUpperCase() ? -1 : 1)),
      );
    }
  });

  it('decodes every value type, resident data from the start of the field, and big data segments', () => {
    const k = keyAt(hive, 'Values')!;
    const got = Object.fromEntries(values(hive, k).map((v) => [v.name, decodeData(v.type, valueData(hive, v))]));
    expect(got).toEqual({
      '': 'default',
      sz: 'hello',
      multi: ['a', 'bb'],
      dword: 0xdeadbeef,
      dwordBE: 0x01020304,
      qword: '72623859790382856',
      short: '0904',
      big: big.toString('hex'),
      ユニコード: '値',
    });
  });

  it('keeps key times, class names and the owner SID', () => {
    const k = keyAt(hive, 'ri\\K7')!;
    expect(k.lastWritten).toBe(0x01d0000000000000n + 7n * 10_000_000n);
    expect(className(hive, rootKey(hive)!)).toBe('RootClass');
    expect(ownerSid(securityDescriptor(hive, k)!)).toBe('S-1-5-32-544');
  });

  it('walks parents before children and counts every key once', () => {
    const paths = [...walk(hive, rootKey(hive)!)].map((e) => e.path);
    expect(paths[0]).toBe('ROOT');
    expect(paths).toHaveLength(1 + 5 + 3 + 4 + 9 + 5);
    expect(new Set(paths).size).toBe(paths.length);
  });
});

describe('damaged and special hives', () => {
  it('a dirty hive (sequence numbers differ) is flagged', () => {
    expect(open(writeHive(TREE, { dirty: true })).dirty).toBe(true);
    expect(open(writeHive(TREE)).dirty).toBe(false);
  });

  it('a transaction log is recognised and not read as a hive', () => {
    const buf = writeHive(TREE);
    buf.writeUInt32LE(6, 28);
    const issues: Issue[] = [];
    expect(Hive.fromBuffer(buf, issues, 'x.LOG1')).toBeUndefined();
    expect(issues.map((i) => i.code)).toEqual(['reg.transaction_log']);
  });

  it('a subkey list pointing at garbage is reported with its offset, the rest is read', () => {
    const buf = writeHive({ name: 'R', subkeys: [{ name: 'A' }, { name: 'B', subkeys: kids(2) }, { name: 'C' }] });
    const issues: Issue[] = [];
    const h = open(buf, issues);
    const b = keyAt(h, 'B')!;
    // point B's subkey list at B itself (an nk cell, not a list)
    buf.writeUInt32LE(b.offset, 4096 + b.offset + 4 + 28);
    const h2 = open(buf, issues);
    const keys = [...walk(h2, rootKey(h2)!)].map((e) => e.path);
    expect(keys).toEqual(['R', 'R\\A', 'R\\B', 'R\\C']);
    expect(issues.some((i) => i.code === 'reg.bad_subkey_list' && i.at.offset === 4096 + b.offset)).toBe(true);
  });

  it('a key that lists its own parent does not loop', () => {
    const buf = writeHive({ name: 'R', subkeys: [{ name: 'A', subkeys: [{ name: 'B' }] }] });
    const h = open(buf);
    const a = keyAt(h, 'A')!;
    const listOffset = a.subkeyList;
    // A's list now points at the root key: R → A → R → …
    buf.writeUInt32LE(rootKey(h)!.offset, 4096 + listOffset + 4 + 4);
    const issues: Issue[] = [];
    const h2 = open(buf, issues);
    expect([...walk(h2, rootKey(h2)!)].map((e) => e.path)).toEqual(['R', 'R\\A']);
    expect(issues.some((i) => i.code === 'reg.key_loop')).toBe(true);
  });
});

describe('sniffing hives by content', () => {
  const system = writeHive({ name: 'ROOT', subkeys: [{ name: 'ControlSet001' }, { name: 'Select' }] });
  const amcache = writeHive({ name: '{11517B7C-E79D-4e20-961B-75A811715ADD}', subkeys: [{ name: 'Root' }] });
  const other = writeHive({ name: 'ROOT', subkeys: [{ name: 'Software' }] });

  it('recognises SYSTEM and Amcache by their keys whatever the file is called', () => {
    expect(sniffHive(system, 'evidence-001.bin')).toEqual({ kind: 'system', confidence: 0.9 });
    expect(sniffHive(amcache, 'x')).toEqual({ kind: 'amcache', confidence: 0.9 });
    expect(sniffHive(other, 'SYSTEM')).toEqual({ kind: 'other', confidence: 0.3 });
  });

  it('uses the base block file name field, and the file name only as a fallback', () => {
    expect(sniffHive(writeHive({ name: 'X' }, { fileName: '\\SystemRoot\\System32\\Config\\SYSTEM' }), 'a')?.kind).toBe(
      'system',
    );
    expect(
      sniffHive(writeHive({ name: 'X' }, { fileName: '\\??\\C:\\Windows\\AppCompat\\Programs\\Amcache.hve' }), 'a')
        ?.kind,
    ).toBe('amcache');
    expect(sniffHive(Buffer.from('regf but not really'), 'SYSTEM')).toBeUndefined();
  });

  it('falls back on the last component of the display path, not on the whole path', () => {
    const bare = writeHive({ name: 'X' });
    expect(sniffHive(bare, 'SYSTEM')).toEqual({ kind: 'system', confidence: 0.7 });
    expect(sniffHive(bare, 'evid/host1/config/SYSTEM')).toEqual({ kind: 'system', confidence: 0.7 });
    expect(sniffHive(bare, 'C:\\Windows\\System32\\config\\system')).toEqual({ kind: 'system', confidence: 0.7 });
    expect(sniffHive(bare, 'kape.zip!C/Windows/AppCompat/Programs/Amcache.hve')).toEqual({
      kind: 'amcache',
      confidence: 0.7,
    });
    expect(sniffHive(bare, 'kape.zip!Amcache.hve')?.kind).toBe('amcache');
    // a directory named SYSTEM, or a file whose name only contains it, is not a SYSTEM hive
    expect(sniffHive(bare, 'SYSTEM/notes.dat')?.kind).toBe('other');
    expect(sniffHive(bare, 'evid/SYSTEM.bak')?.kind).toBe('other');
  });
});
