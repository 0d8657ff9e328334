/**
 * Fuzz test of the evidence walker (test/support/walk-fuzz.ts): generated trees of links, archives and
 * permission bits, each checked against a model of what a correct walk reads. Root reads any file
 * whatever its mode, so when the tests run as root the fuzz runs in a child process without the
 * capabilities that override permission bits (setpriv), where they bind; without setpriv, it runs here
 * without them.
 * Deterministic: KONSEKI_FUZZ_SEED and KONSEKI_WALK_FUZZ_CASES change the run.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BOUND_BY_PERMISSIONS } from '../support/cli.ts';
import { fuzzWalker, type FuzzFailure } from '../support/walk-fuzz.ts';

const SEED = Number(process.env.KONSEKI_FUZZ_SEED ?? 20261014);
const CASES = Number(process.env.KONSEKI_WALK_FUZZ_CASES ?? 300);
const asRoot = process.getuid?.() === 0;
// as root, the walk runs without the capabilities that override permission bits (setpriv), so they bind
const bound = asRoot && BOUND_BY_PERMISSIONS !== undefined;

describe('evidence walker fuzz', () => {
  it(`reads what a correct walk reads in ${CASES} generated trees${bound ? ' (as root without DAC override)' : asRoot ? ' (as root: permission bits skipped, no setpriv)' : ''}`, async () => {
    const base = mkdtempSync(join(tmpdir(), 'konseki-walkfuzz-'));
    let failures: FuzzFailure[];
    if (bound) {
      const [cmd, ...pre] = [
        ...BOUND_BY_PERMISSIONS!,
        process.execPath,
        '--import',
        'tsx',
        resolve('test/support/walk-fuzz.ts'),
        base,
        String(SEED),
        String(CASES),
        'bits',
      ];
      const r = spawnSync(cmd!, pre, { encoding: 'utf8', timeout: 500_000, maxBuffer: 64 << 20 });
      expect(r.status, r.stderr).toBe(0);
      failures = JSON.parse(r.stdout) as FuzzFailure[];
    } else failures = await fuzzWalker(base, SEED, CASES, asRoot);
    expect(failures.slice(0, 10)).toEqual([]);
  }, 600_000);
});
