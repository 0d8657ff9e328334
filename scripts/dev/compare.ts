import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { compareFile } from '../../test/evtx/oracle.ts';
const root = '.corpus/evtx',
  oracle = '.corpus/evtx-oracle';
const files: string[] = [];
const walk = (d: string) => {
  for (const n of readdirSync(d)) {
    const p = join(d, n);
    statSync(p).isDirectory() ? walk(p) : p.endsWith('.evtx') && files.push(p);
  }
};
walk(root);
const filter = process.argv[2];
let ok = 0,
  bad = 0;
const t0 = Date.now();
for (const f of files) {
  if (filter && !f.includes(filter)) continue;
  const rel = relative(root, f);
  const r = compareFile(f, join(oracle, rel + '.jsonl'));
  const good = r.mismatched === 0 && !r.missing.length && r.ours === r.reference;
  if (good) ok++;
  else {
    bad++;
    console.log(
      `FAIL ${rel} ours=${r.ours}+${r.recovered} ref=${r.reference} mismatched=${r.mismatched} missing=${r.missing.slice(0, 5)} invalid=${r.referenceInvalid} ${r.firstMismatch ?? ''}`.slice(
        0,
        600,
      ),
    );
    if (process.env.V) console.log(r.issues.slice(0, 5));
  }
}
console.log(`${ok} ok, ${bad} differ, ${Date.now() - t0} ms`);
