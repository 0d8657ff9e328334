/**
 * `konseki dump` end to end (the built dist/cli.mjs): the same bytes whatever the thread count
 * (a large file is split into chunk-range jobs), every record once, and memory that does not grow
 * with the file.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EvtxWriter } from '../../../src/sources/evtx/writer.ts';
import { corpusDir } from '../../support/corpus.ts';
import { generateEvents } from '../../support/evtx/generate.ts';

const CLI = resolve('dist/cli.mjs');
const dir = mkdtempSync(join(tmpdir(), 'konseki-dump-'));
const RSS_HOOK = join(dir, 'rss.mjs');

/** Writes `count` generated events; returns the path. */
function writeGenerated(name: string, count: number, seed: number): string {
  const path = join(dir, name);
  const w = new EvtxWriter(path);
  for (const g of generateEvents(count, seed)) w.add(g.event);
  w.close();
  return path;
}

function dump(args: string[]): { code: number; stdout: Buffer; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', RSS_HOOK, CLI, 'dump', '-q', ...args], {
    maxBuffer: 1 << 30,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr.toString() };
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const peakRss = (stderr: string): number => Number(/konseki-test-maxrss=(\d+)/.exec(stderr)?.[1] ?? NaN);

describe('konseki dump', () => {
  let big = '';
  beforeAll(() => {
    // reports the process's peak RSS (main thread and workers) in KiB on exit, sampled: getrusage's
    // maxrss would include this test process's own peak (Linux carries it over fork and exec)
    writeFileSync(
      RSS_HOOK,
      [
        'let peak = 0;',
        'const sample = () => { peak = Math.max(peak, process.memoryUsage.rss()); };',
        'setInterval(sample, 5).unref();',
        "process.on('exit', () => { sample(); process.stderr.write(`konseki-test-maxrss=${Math.round(peak / 1024)}\\n`); });",
      ].join('\n'),
    );
    big = writeGenerated('big.evtx', 70_000, 3); // about 28 MB: more than one 256-chunk job
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the same bytes with 1, 2 and 3 threads, one line per record, in file order', () => {
    const corpus = corpusDir('evtx');
    const inputs = [
      big,
      ...(corpus ? [join(corpus, 'DeepBlueCLI'), join(corpus, 'omerbenamram-evtx', 'samples', 'sysmon.evtx')] : []),
    ];
    const outs = [1, 2, 3].map((n) => dump(['--threads', String(n), ...inputs]));
    for (const o of outs) expect(o.code, o.stderr).toBe(0);
    expect(sha(outs[1]!.stdout)).toBe(sha(outs[0]!.stdout));
    expect(sha(outs[2]!.stdout)).toBe(sha(outs[0]!.stdout));
    const lines = outs[0]!.stdout.toString('utf8').split('\n').filter(Boolean);
    const ids = lines
      .slice(0, 70_000)
      .map((l) => (JSON.parse(l) as { Event: { System: { EventRecordID: number } } }).Event.System.EventRecordID);
    expect(ids).toEqual(Array.from({ length: 70_000 }, (_, i) => i + 1));
    const xml = [1, 2].map((n) => dump(['--threads', String(n), '--format', 'xml', big]));
    expect(sha(xml[1]!.stdout)).toBe(sha(xml[0]!.stdout));
    expect(xml[0]!.stdout.toString('utf8').match(/<Event xmlns=/g)?.length).toBe(70_000);
  });

  it('peak memory does not grow with the file (twice the records and 110 MB more output: under 60 MiB more)', () => {
    const bigger = writeGenerated('bigger.evtx', 140_000, 4); // about 56 MB
    const a = dump(['--threads', '1', '-o', join(dir, 'big.jsonl'), big]);
    const b = dump(['--threads', '1', '-o', join(dir, 'bigger.jsonl'), bigger]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(readFileSync(join(dir, 'bigger.jsonl'), 'utf8').split('\n').filter(Boolean).length).toBe(140_000);
    const [rssBig, rssBigger] = [peakRss(a.stderr), peakRss(b.stderr)];
    console.log(
      `konseki dump peak RSS: ${(rssBig / 1024).toFixed(0)} MiB for a 28 MB file (70,000 records), ${(rssBigger / 1024).toFixed(0)} MiB for a 56 MB file (140,000 records)`,
    );
    expect(rssBigger - rssBig).toBeLessThan(60 * 1024); // V8's heaps settle near 200 MiB; a leak of the output would add over 100
    expect(rssBigger).toBeLessThan(400 * 1024);
  });
});
