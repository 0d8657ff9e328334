import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Issue } from '../core/issue.ts';
import { bufferLines, newLineStats, readLines, splitRanges, type LineRange } from './lines.ts';

const dir = mkdtempSync(join(tmpdir(), 'konseki-lines-'));

async function all(path: string, o: { maxLine?: number; range?: LineRange } = {}) {
  const issues: Issue[] = [];
  const stats = newLineStats();
  const lines: Array<[number, string]> = [];
  const overlong: number[] = [];
  for await (const b of readLines(path, { file: 'f.log', issues, stats, ...o })) {
    b.lines.forEach((l, i) => lines.push([b.first + i, l]));
    for (const i of b.overlong ?? []) overlong.push(b.first + i);
  }
  return { lines, issues, stats, overlong };
}

describe('readLines', () => {
  it('numbers lines across chunk boundaries, keeps multi-byte characters whole and drops CR', async () => {
    // lines of varying length with a 3-byte character placed to straddle 1 MiB chunk boundaries
    const want: string[] = [];
    for (let i = 0; i < 40_000; i++) want.push(`${i} ${'x'.repeat(i % 97)}痕跡${i % 5 === 0 ? '\r' : ''}`);
    const p = join(dir, 'many.log');
    writeFileSync(p, `${want.join('\n')}\n`);
    const r = await all(p);
    expect(r.lines.length).toBe(want.length);
    for (let i = 0; i < want.length; i += 997) expect(r.lines[i]).toEqual([i + 1, want[i]!.replace(/\r$/, '')]);
    expect(r.issues).toEqual([]);
  });

  it('reads latin1 lines as latin1, removes NULs, and says so once per file', async () => {
    const p = join(dir, 'mixed.log');
    writeFileSync(
      p,
      Buffer.concat([Buffer.from('ok line\n'), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]), Buffer.from('a\0\0b\n')]),
    );
    const r = await all(p);
    expect(r.lines.map((l) => l[1])).toEqual(['ok line', 'café', 'ab']);
    expect(r.stats).toMatchObject({ lines: 3, nulBytes: 2, latin1Lines: 1 });
    expect(r.issues.map((i) => i.code).sort()).toEqual(['lines.not_utf8', 'lines.nul_bytes']);
  });

  it('cuts a line longer than the limit, flags it and goes on with the next line', async () => {
    const p = join(dir, 'long.log');
    writeFileSync(p, `first\n${'y'.repeat(3 << 20)}\nlast\n`);
    const r = await all(p, { maxLine: 1 << 16 });
    expect(r.lines.map(([n, l]) => [n, l.length])).toEqual([
      [1, 5],
      [2, 1 << 16],
      [3, 4],
    ]);
    expect(r.overlong).toEqual([2]);
    expect(r.issues.map((i) => i.code)).toEqual(['lines.overlong']);
  });

  it('reads gzip by its magic bytes and reports a truncated stream with file and line', async () => {
    const text = Array.from({ length: 50_000 }, (_, i) => `line ${i} ${'z'.repeat(i % 13)}`).join('\n');
    const gz = gzipSync(text);
    const p = join(dir, 'cut.log');
    writeFileSync(p, gz.subarray(0, gz.length >> 1));
    const r = await all(p);
    expect(r.lines.length).toBeGreaterThan(1000);
    expect(r.lines.length).toBeLessThan(50_000);
    const err = r.issues.find((i) => i.code === 'lines.gzip_error')!;
    // the damage is in the last line delivered (its readable part is kept)
    expect(err.at).toEqual({ file: 'f.log', line: r.lines.length });
    const whole = join(dir, 'whole.log.gz');
    writeFileSync(whole, gz);
    expect((await all(whole)).lines.length).toBe(50_000);
  });

  it('reports a file that cannot be opened instead of throwing', async () => {
    const r = await all(join(dir, 'missing.log'));
    expect(r.lines).toEqual([]);
    expect(r.issues.map((i) => i.code)).toEqual(['lines.read_error']);
  });

  it('splits a file into ranges whose lines, read apart, are the whole file with the same numbers', async () => {
    const p = join(dir, 'split.log');
    const want = Array.from({ length: 300_000 }, (_, i) => `${i},${'w'.repeat(i % 31)}`);
    writeFileSync(p, `${want.join('\n')}\nno newline at the end`);
    want.push('no newline at the end');
    const size = Buffer.byteLength(`${want.join('\n')}`);
    const ranges = (await splitRanges(p, size, 4, 1 << 20))!;
    expect(ranges.length).toBe(4);
    const got: Array<[number, string]> = [];
    for (const range of ranges) got.push(...(await all(p, { range })).lines);
    expect(got.length).toBe(want.length);
    expect(got.every(([n, l]) => want[n - 1] === l)).toBe(true);
    expect(await splitRanges(p, size, 4, 64 << 20)).toBeUndefined();
  });
});

describe('bufferLines', () => {
  it('decodes like readLines', () => {
    expect(bufferLines(Buffer.from('a\r\nb\n\nc'))).toEqual(['a', 'b', '', 'c']);
  });
});
