// Throughput guard for the two formats with a stated target (> 200k lines/s on one core): measured in
// CPU seconds of this process so that other jobs on the machine do not make it flaky. The floor here
// is half the target; `npx tsx test/network-readers/bench.ts` prints the full figures for all formats.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { networkReaderList, newReadStats } from '../../src/sources/network/index.ts';
import { generate } from './generate.ts';

const LINES = 150_000;

describe('reader throughput', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'konseki-perf-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  for (const id of ['squid', 'pfsense-filterlog']) {
    it(`${id}: more than 100k lines per CPU second`, async () => {
      const file = join(tmp, `${id}.log`);
      await generate(id, file, LINES, 3);
      const reader = networkReaderList.find((r) => r.id === id)!;
      for await (const _ of reader.read(file, { issues: [], displayPath: file })) break; // warm-up
      const stats = newReadStats();
      const c0 = process.cpuUsage();
      let events = 0;
      for await (const e of reader.readWithStats(file, { issues: [], displayPath: file }, stats)) if (e.ts > 0) events++;
      const c = process.cpuUsage(c0);
      const perSec = stats.lines / ((c.user + c.system) / 1e6);
      console.log(`${id}: ${Math.round(perSec)} lines per CPU second`);
      expect(events).toBe(LINES);
      expect(perSec).toBeGreaterThan(100_000);
    });
  }
});
