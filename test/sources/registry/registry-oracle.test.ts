/**
 * Our regf reader against libregf's `regfexport` (the corpus' stored output, and live runs on
 * written fixtures) and against `reglookup` (key paths and last-write times, run live).
 * Compared as text, byte for byte, after rendering our reading in regfexport's layout
 * (regfexport.ts; it documents the two places where libregf 20201007 reshapes data).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Issue } from '../../../src/core/issue.ts';
import { Hive } from '../../../src/sources/registry/regf.ts';
import { rootKey, walk } from '../../../src/sources/registry/tree.ts';
import { corpusDir } from '../../support/corpus.ts';
import { reg, writeHive } from '../../support/windows/hive-writer.ts';
import { regfexportAvailable, renderHive, runRegfexport, stripBanner } from '../../support/windows/regfexport.ts';

const win = corpusDir('windows');

function hives(dir: string): { sub: string; name: string; path: string }[] {
  const out: { sub: string; name: string; path: string }[] = [];
  for (const sub of ['regipy', 'plaso']) {
    const d = join(dir, 'registry', sub);
    if (!existsSync(d)) continue;
    for (const name of readdirSync(d).sort()) if (name !== 'LICENSE') out.push({ sub, name, path: join(d, name) });
  }
  return out;
}

/** The stored regfexport text for a hive, and whether that run failed part-way. */
function storedOracle(dir: string, sub: string, name: string): { text: string; failed: boolean } | undefined {
  const base = join(dir, 'oracle', 'registry', sub, name);
  for (const [file, failedFile] of [
    [`${base}.regfexport.txt`, false],
    [`${base}.regfexport-failed.txt`, true],
    [`${base}.txt`, false],
  ] as const) {
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    if (!text.startsWith('regfexport ')) continue; // reglookup output, compared below
    const failed = failedFile || existsSync(`${base}.regfexport.err`) || text.includes('\nUnable to export file.');
    return { text: stripBanner(text).replace(/Unable to export file\.\n[\s\S]*$/, ''), failed };
  }
  return undefined;
}

describe.skipIf(!win)('registry hives: konseki vs regfexport (stored reference output)', () => {
  const list = win ? hives(win) : [];
  const tally = { equal: 0, prefix: 0, notHive: 0 };
  for (const h of list) {
    it(`${h.sub}/${h.name}`, () => {
      const oracle = storedOracle(win!, h.sub, h.name);
      expect(oracle, 'stored regfexport output').toBeDefined();
      const issues: Issue[] = [];
      const hive = Hive.open(h.path, issues);
      if (oracle!.text.startsWith('No root key')) {
        // a transaction log: regfexport finds no root key, we refuse it as a hive and say why
        expect(hive).toBeUndefined();
        expect(issues.map((i) => i.code)).toEqual(['reg.transaction_log']);
        tally.notHive++;
        return;
      }
      expect(hive).toBeDefined();
      const ours = renderHive(hive!);
      hive!.finish();
      hive!.close();
      if (!oracle!.failed) {
        expect(ours === oracle!.text, 'byte-identical to regfexport').toBe(true);
        tally.equal++;
        return;
      }
      // regfexport stopped at damage; everything it printed must match ours, and we must report the damage
      const upToLastKey = oracle!.text.slice(0, oracle!.text.lastIndexOf('Key path: '));
      expect(ours.startsWith(upToLastKey)).toBe(true);
      expect(issues.filter((i) => i.severity !== 'info').length).toBeGreaterThan(0);
      tally.prefix++;
    }, 60_000);
  }
  it('covered every hive in the corpus', () => {
    expect(tally.equal + tally.prefix + tally.notHive).toBe(list.length);
    console.log(
      `[registry oracle] ${list.length} files: ${tally.equal} byte-identical, ${tally.prefix} match regfexport up to where it failed, ${tally.notHive} transaction logs refused`,
    );
  });
});

const reglookup = spawnSync('reglookup', ['-h'], { encoding: 'utf8' }).error === undefined;

/**
 * reglookup's key list as "path mtime" (root = "/", times to the second). reglookup converts names
 * to US-ASCII and falls back to quoting raw UTF-16 bytes for the rest, so a non-ASCII name cannot be
 * decoded back; `stopped` is set when it gave up on damage (it prints ERROR and lists no further keys).
 */
function reglookupKeys(path: string): { keys: string[]; times: string[]; stopped: boolean } {
  const r = spawnSync('reglookup', ['-t', 'KEY', path], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const rows = (r.stdout ?? '')
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((l) => {
      const parts = l.split(',');
      const p = parts[0]!.replace(/%([0-7][0-9A-F])/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
      return `${p} ${parts[3]}`;
    });
  return { keys: rows, times: rows.map((k) => k.slice(-19)).sort(), stopped: /ERROR:/.test(r.stderr ?? '') };
}

function ourKeys(hive: Hive): string[] {
  const root = rootKey(hive)!;
  return [...walk(hive, root)].map((e) => {
    const rel = e.path.slice(root.name.length).replace(/\\/g, '/');
    const ms = Number(e.key.lastWritten / 10_000n - 11_644_473_600_000n);
    return `${rel || '/'} ${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}`;
  });
}

/** Same keys and times; names with non-ASCII characters are matched by count and time only. */
function expectSameKeys(ours: string[], theirs: ReturnType<typeof reglookupKeys>): void {
  const ascii = ours.filter((k) => /^[\x20-\x7e]*$/.test(k));
  const theirSet = new Set(theirs.keys);
  if (theirs.stopped) {
    // reglookup stopped at the damage: all it listed must be ours too
    for (const k of theirs.keys) expect(ours).toContain(k);
    return;
  }
  expect(ours.length).toBe(theirs.keys.length);
  expect(ascii.filter((k) => !theirSet.has(k))).toEqual([]);
  expect(ours.map((k) => k.slice(-19)).sort()).toEqual(theirs.times);
}

describe.skipIf(!win || !reglookup)('registry hives: key paths and last-write times vs reglookup (live)', () => {
  if (!reglookup)
    console.warn('[konseki tests] reglookup not installed: key time comparison skipped (apt-get install reglookup)');
  for (const h of win ? hives(win) : []) {
    it(`${h.sub}/${h.name}`, () => {
      const issues: Issue[] = [];
      const hive = Hive.open(h.path, issues);
      const theirs = reglookupKeys(h.path);
      if (!hive) {
        expect(theirs.keys).toEqual([]);
        return;
      }
      const ours = ourKeys(hive);
      hive.close();
      if (h.name === 'corrupted_system_hive') {
        // reglookup gives up on this hive (no root key found); we read the root and report the rest
        expect(theirs.keys).toEqual([]);
        expect(ours.length).toBeGreaterThan(0);
        return;
      }
      expectSameKeys(ours, theirs);
    }, 60_000);
  }
});

describe.skipIf(!regfexportAvailable())('written fixtures vs regfexport and reglookup (live)', () => {
  const big = Buffer.from(Array.from({ length: 40_000 }, (_, i) => (i * 7) & 0xff));
  const many = Array.from({ length: 30 }, (_, i) => ({
    name: `Sub${i}`,
    lastWritten: 0x01d5000000000000n + BigInt(i) * 600_000_000n,
    values: [{ name: 'n', type: 4, data: reg.dword(i) }],
  }));
  const fixtures = {
    'all-types': writeHive({
      name: 'ROOT',
      className: 'RootClass',
      subkeys: [
        {
          name: 'Types',
          values: [
            { name: '', type: 1, data: reg.sz('default') },
            { name: 'expand', type: 2, data: reg.sz('%SystemRoot%\\system32') },
            { name: 'bin', type: 3, data: Buffer.from([1, 2, 3, 4, 5, 6, 7, 8, 9]) },
            { name: 'dw', type: 4, data: reg.dword(0xdeadbeef) },
            { name: 'dwbe', type: 5, data: reg.dwordBE(7) },
            { name: 'link', type: 6, data: Buffer.from('\\Registry\\Machine\\X', 'utf16le') },
            { name: 'multi', type: 7, data: reg.multi(['a', 'bb', 'ccc']) },
            { name: 'res', type: 8, data: Buffer.from([1, 0, 0, 0, 5, 0, 0, 0]) },
            { name: 'full', type: 9, data: Buffer.from([1, 0, 0, 0, 5, 0, 0, 0, 6]) },
            { name: 'req', type: 10, data: Buffer.from([7, 7, 7, 7, 7, 7]) },
            { name: 'qw', type: 11, data: reg.qword(0x1122334455667788n) },
            { name: 'none', type: 0, data: Buffer.alloc(0) },
            { name: 'devprop', type: 0xffff0012, data: Buffer.from('x\0y\0', 'latin1') },
            { name: 'big', type: 3, data: big },
            { name: 'ünïcode', type: 1, data: reg.sz('日本語') },
          ],
        },
        { name: 'lf', list: 'lf', subkeys: many.slice(0, 5) },
        { name: 'li', list: 'li', subkeys: many.slice(5, 12) },
        { name: 'ri-lh', list: 'ri-lh', subkeys: many },
        { name: 'キー', list: 'ri-li', subkeys: many.slice(0, 3) },
      ],
    }),
    'big-data-v1.3': writeHive(
      { name: 'OLD', subkeys: [{ name: 'K', values: [{ name: 'v', type: 3, data: big.subarray(0, 20_000) }] }] },
      { minor: 3 },
    ),
  };
  const dir = mkdtempSync(join(tmpdir(), 'konseki-regf-'));
  for (const [name, buf] of Object.entries(fixtures)) {
    it(name, () => {
      const file = join(dir, `${name}.hiv`);
      writeFileSync(file, buf);
      const hive = Hive.fromBuffer(buf, [], file)!;
      const r = runRegfexport(file);
      expect(r.ok).toBe(true);
      expect(renderHive(hive) === r.text).toBe(true);
      if (reglookup) expectSameKeys(ourKeys(hive), reglookupKeys(file));
    });
  }
});
