import { readEvtx, recordToJson, newStats } from '../../src/sources/evtx/index.ts';
const issues: any[] = [];
const stats = newStats();
for (const r of readEvtx(process.argv[2]!, issues, stats)) {
  const root = r.root;
  if (root) process.stdout.write(JSON.stringify(recordToJson(root)) + '\n');
}
console.error(JSON.stringify(stats), issues.slice(0, 5));
