/**
 * Everything the CLI prints passes through src/cli/output.ts (terminal escaping of evidence values);
 * this test holds every other file of src/cli to it, so a new command cannot print a log value raw.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Writes to the standard streams: `process.stdout.write(`, `process.stderr.write(`, `console.*(`. */
const DIRECT = /process\.std(?:out|err)\.write\s*\(|console\.(?:log|error|warn|info)\s*\(/;

describe('CLI output', () => {
  it('goes through output.ts in every file of src/cli', () => {
    const offenders = files('src/cli')
      .filter((f) => !f.endsWith('output.ts') && !f.endsWith('.test.ts'))
      .flatMap((f) =>
        readFileSync(f, 'utf8')
          .split('\n')
          .map((line, i) => ({ f, i: i + 1, line }))
          .filter((x) => DIRECT.test(x.line)),
      )
      .map((x) => `${x.f}:${x.i}: ${x.line.trim()}`);
    expect(offenders).toEqual([]);
  });
  it('finds a direct write (the check can fail)', () => {
    expect(DIRECT.test("  process.stderr.write(`${t('x')}\\n`);")).toBe(true);
    expect(DIRECT.test('console.log(value)')).toBe(true);
    expect(DIRECT.test("tell(msg('x'))")).toBe(false);
  });
});
