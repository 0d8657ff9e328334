import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readEvtx, newStats } from '../../src/sources/evtx/index.ts';
const files: string[] = [];
const walk = (d: string) => {
  for (const n of readdirSync(d)) {
    const p = join(d, n);
    statSync(p).isDirectory() ? walk(p) : files.push(p);
  }
};
walk('.corpus/evtx');
for (let round = 0; round < 3; round++) {
  const t = performance.now();
  let n = 0,
    bytes = 0;
  for (const f of files) {
    const st = newStats();
    for (const _ of readEvtx(f, [], st)) n++;
    bytes += st.bytes;
  }
  const s = (performance.now() - t) / 1000;
  console.log(n, (bytes / 1e6 / s).toFixed(1), 'MB/s', (n / s / 1000).toFixed(1), 'k rec/s');
}
