import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildZip } from '../../test/support/archive/zip-writer.ts';
import type { Issue } from '../core/issue.ts';
import { ExtractionBudget } from './extraction-budget.ts';
import { collectInputs } from './inputs.ts';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'konseki-inputs-'));
const line = (s: string): string => `Oct 14 10:00:00 web01 sshd[1]: ${s}\n`;

/** Collects `files` (name → content) placed in a fresh evidence directory. */
async function collect(files: Record<string, Buffer | string>, budget?: ExtractionBudget) {
  const ev = tmp();
  for (const [name, data] of Object.entries(files)) writeFileSync(join(ev, name), data);
  const issues: Issue[] = [];
  const r = await collectInputs([ev], join(tmp(), '.work'), issues, { budget });
  const shown = (p: string): string => p.slice(ev.length + 1);
  return {
    ev,
    issues: issues.map((i) => [i.code, shown(i.at.file), i.severity]),
    files: r.files.map((f) => [shown(f.display), readFileSync(f.path, 'utf8')]),
  };
}

describe('archive members', () => {
  it('keep their full names: a member that is also a directory, a 297-byte UTF-8 name, repeated names', async () => {
    const long = `${'あ'.repeat(99)}.log`;
    expect(Buffer.byteLength(long)).toBe(301);
    const r = await collect({
      'c.zip': buildZip([
        { name: 'a', data: line('a') },
        { name: 'a/b.log', data: line('a/b') },
        { name: long, data: line('long') },
        { name: 'dup.log', data: line('first') },
        { name: 'dup.log', data: line('second') },
        { name: 'logs/', data: '', dir: true },
      ]),
    });
    expect(r.files).toEqual([
      ['c.zip!a', line('a')],
      ['c.zip!a/b.log', line('a/b')],
      [`c.zip!${long}`, line('long')],
      ['c.zip!dup.log', line('first')],
      ['c.zip!dup.log (2)', line('second')],
    ]);
    expect(r.issues).toEqual([['archive.duplicate_name', 'c.zip!dup.log', 'info']]);
  });

  it('refuse zip-slip names and go on with the next member', async () => {
    const r = await collect({
      'c.zip': buildZip([
        { name: '../../escape.log', data: line('evil') },
        { name: '/etc/cron.d/x', data: line('evil') },
        { name: 'ok.log', data: line('ok') },
      ]),
    });
    expect(r.files).toEqual([['c.zip!ok.log', line('ok')]]);
    expect(r.issues).toEqual([
      ['triage.archive_unsafe_name', 'c.zip', 'error'],
      ['triage.archive_unsafe_name', 'c.zip', 'error'],
    ]);
  });

  it('report a damaged member with its name and read the others', async () => {
    const zip = buildZip([
      { name: 'bad.log', data: line('x').repeat(200) },
      { name: 'good.log', data: line('good') },
    ]);
    // the deflate stream of the first member starts right after its 30-byte header and 7-byte name
    zip.fill(0xff, 37, 47);
    const r = await collect({ 'c.zip': zip });
    expect(r.files).toEqual([['c.zip!good.log', line('good')]]);
    expect(r.issues).toEqual([['archive.member_failed', 'c.zip!bad.log', 'error']]);
  });

  it('unpack a truncated gzip as far as it goes and say it is partial', async () => {
    const gz = gzipSync(Buffer.from(line('one') + line('two').repeat(1000)));
    const r = await collect({ 'auth.log.gz': gz.subarray(0, gz.length - 40) });
    expect(r.files).toHaveLength(1);
    expect(r.files[0]![0]).toBe('auth.log.gz!auth.log');
    expect(r.files[0]![1]!.startsWith(line('one'))).toBe(true);
    expect(r.issues).toEqual([['archive.member_partial', 'auth.log.gz!auth.log', 'error']]);
  });
});

describe('one extraction budget across nesting levels', () => {
  it('stops a .gz.gz.gz of a few hundred bytes before it writes more than its ratio allows, at any level', async () => {
    const level1 = gzipSync(Buffer.alloc(64 << 20), { level: 9 }); // 64 MiB of zeros in ~64 KiB
    const bomb = gzipSync(gzipSync(level1, { level: 9 }), { level: 9 });
    expect(bomb.length).toBeLessThan(2000);
    const budget = new ExtractionBudget();
    const r = await collect({ 'b.log.gz.gz.gz': bomb }, budget);
    // 64 MiB inside; at most 1000 times the evidence archive (+1 MiB) is written, whatever the nesting
    expect(budget.written).toBeLessThanOrEqual(bomb.length * 1000 + (1 << 20));
    expect(r.files).toEqual([]);
    expect(r.issues).toEqual([['archive.limit_ratio', 'b.log.gz.gz.gz!b.log.gz.gz!b.log.gz', 'error']]);
  });

  it.skipIf(spawnSync('python3', ['-c', 'import tarfile'], { stdio: 'ignore' }).status !== 0)(
    'bounds a tar.gz inside a gzip by the same budget, and keeps the tar members before the bomb',
    async () => {
      const dir = tmp();
      const tgz = join(dir, 'b.tar.gz');
      // Python's tarfile (an independent writer): a small log, then 64 MiB of zeros
      const py = `import tarfile, io, sys
t = tarfile.open(sys.argv[1], 'w:gz')
for name, data in (('ok.log', sys.argv[2].encode()), ('zeros.log', bytes(64 << 20))):
    i = tarfile.TarInfo(name); i.size = len(data); t.addfile(i, io.BytesIO(data))
t.close()`;
      expect(spawnSync('python3', ['-c', py, tgz, line('ok')]).status).toBe(0);
      const bomb = gzipSync(readFileSync(tgz), { level: 9 });
      const budget = new ExtractionBudget();
      const r = await collect({ 'b.tar.gz.gz': bomb }, budget);
      expect(budget.written).toBeLessThanOrEqual(bomb.length * 1000 + (1 << 20));
      expect(r.files).toEqual([['b.tar.gz.gz!b.tar.gz!ok.log', line('ok')]]);
      expect(r.issues).toEqual([['archive.limit_ratio', 'b.tar.gz.gz!b.tar.gz', 'error']]);
    },
  );

  it('counts every member and every byte of the run, across archives', async () => {
    const budget = new ExtractionBudget({ maxEntries: 3 });
    const zip = buildZip([1, 2, 3, 4].map((i) => ({ name: `${i}.log`, data: line(String(i)) })));
    const r = await collect({ 'a.zip': zip }, budget);
    expect(r.files.map((f) => f[0])).toEqual(['a.zip!1.log', 'a.zip!2.log', 'a.zip!3.log']);
    expect(r.issues).toEqual([['archive.limit_entries', 'a.zip', 'error']]);

    const small = new ExtractionBudget({ maxTotalBytes: 100 });
    const big = buildZip([
      { name: 'x.log', data: line('x') },
      { name: 'y.log', data: line('y').repeat(10) },
    ]);
    const r2 = await collect({ 'a.zip': big, 'b.zip': big }, small);
    // 2 × 48 bytes fit in 100; neither y.log does
    expect(r2.files.map((f) => f[0])).toEqual(['a.zip!x.log', 'b.zip!x.log']);
    expect(small.written).toBe(2 * line('x').length);
    expect(r2.issues).toEqual([
      ['archive.limit_total', 'a.zip', 'error'],
      ['archive.limit_total', 'b.zip', 'error'],
    ]);
  });

  it('leaves archives nested deeper than the limit as they are, with an issue', async () => {
    let data: Buffer = Buffer.from(line('deep'));
    for (let i = 0; i < 4; i++) data = gzipSync(data, { level: constants.Z_BEST_SPEED });
    const r = await collect({ 'd.log.gz.gz.gz.gz': data });
    expect(r.files.map((f) => f[0])).toEqual(['d.log.gz.gz.gz.gz!d.log.gz.gz.gz!d.log.gz.gz!d.log.gz']);
    expect(r.issues).toEqual([
      ['archive.too_deep', 'd.log.gz.gz.gz.gz!d.log.gz.gz.gz!d.log.gz.gz!d.log.gz', 'warning'],
    ]);
  });
});
