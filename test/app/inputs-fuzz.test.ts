/**
 * Fuzz test of the evidence walker (test/support/walk-fuzz.ts): generated trees of links, archives and
 * permission bits, each checked against a model of what a correct walk reads. Root reads any file
 * whatever its mode, so when the tests run as root the fuzz runs in a child process as `nobody`
 * (uid 65534), where the permission bits bind; without that user, it runs here without them.
 * Deterministic: KONSEKI_FUZZ_SEED and KONSEKI_WALK_FUZZ_CASES change the run.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fuzzWalker, type FuzzFailure } from '../support/walk-fuzz.ts';

const SEED = Number(process.env.KONSEKI_FUZZ_SEED ?? 20261014);
const CASES = Number(process.env.KONSEKI_WALK_FUZZ_CASES ?? 300);
const asRoot = process.getuid?.() === 0;
const nobody = asRoot && spawnSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).stdout.trim() === '65534';

describe('evidence walker fuzz', () => {
  it(`reads what a correct walk reads in ${CASES} generated trees${nobody ? ' (as nobody)' : asRoot ? ' (as root: permission bits skipped, no nobody user)' : ''}`, async () => {
    const base = mkdtempSync(join(tmpdir(), 'konseki-walkfuzz-'));
    let failures: FuzzFailure[];
    if (nobody) {
      chmodSync(base, 0o777);
      const r = spawnSync(
        process.execPath,
        ['--import', 'tsx', resolve('test/support/walk-fuzz.ts'), base, String(SEED), String(CASES)],
        { encoding: 'utf8', uid: 65534, gid: 65534, timeout: 500_000, maxBuffer: 64 << 20 },
      );
      expect(r.status, r.stderr).toBe(0);
      failures = JSON.parse(r.stdout) as FuzzFailure[];
    } else failures = await fuzzWalker(base, SEED, CASES, asRoot);
    expect(failures.slice(0, 10)).toEqual([]);
  }, 600_000);
});
