// Throughput of the network readers on large generated inputs (one core, one reader at a time):
//   npx tsx bench/network/readers.ts [lines per format, default 1000000] [format ids…]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { networkReaderList, newReadStats } from '../../src/sources/network/index.ts';
import { MAKERS, generate } from '../../test/support/network/generate.ts';

const n = Number(process.argv[2] ?? 1_000_000);
const ids = process.argv.length > 3 ? process.argv.slice(3) : Object.keys(MAKERS);
const tmp = mkdtempSync(join(tmpdir(), 'konseki-bench-'));
try {
  for (const id of ids) {
    const file = join(tmp, `${id}.log`);
    const bytes = await generate(id, file, n);
    const reader = networkReaderList.find((r) => r.id === id);
    if (!reader) throw new Error(`no reader ${id}`);
    const stats = newReadStats();
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    let events = 0;
    for await (const e of reader.readWithStats(file, { issues: [], displayPath: file }, stats)) if (e) events++;
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    const c = process.cpuUsage(cpu0);
    const cpu = (c.user + c.system) / 1e6; // CPU seconds of this process: fair when other jobs share the cores
    console.log(
      `${id.padEnd(18)} ${String(stats.lines).padStart(9)} lines ${(bytes / 1048576).toFixed(0).padStart(5)} MiB  wall ${s.toFixed(2)} s = ${String(Math.round(stats.lines / s)).padStart(7)} lines/s  cpu ${cpu.toFixed(2)} s = ${String(Math.round(stats.lines / cpu)).padStart(7)} lines/cpu-s  events=${events} skipped=${stats.skipped}`,
    );
    rmSync(file);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
