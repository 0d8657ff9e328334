/**
 * bench/triage/members: what each archive member costs. `konseki triage` of a zip of N small logs
 * (one sshd line each) against a zip holding the same lines as one member, in the same run; the
 * difference divided by N is the cost of a member (unpacking, sniffing, a worker job, its messages).
 * Also the same N files as a plain directory. No corpus needed.
 * Run: npx tsx bench/triage/members.ts [--members N] [--threads N] [--baseline path/to/dist/cli.mjs]
 * (`--baseline` times another build, e.g. main's, on the same inputs.)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildZip } from '../../test/support/archive/zip-writer.ts';

const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1]! : dflt;
};
const members = Number(arg('--members', '20000'));
const threads = arg('--threads', '2');
const baseline = process.argv.includes('--baseline') ? resolve(arg('--baseline', '')) : undefined;
spawnSync(process.execPath, ['scripts/build.mjs', '--quiet'], { stdio: 'inherit' });
const cli = resolve('dist/cli.mjs');

const line = (i: number): string =>
  `Oct 14 10:${String(((i / 60) % 60) | 0).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} web01 sshd[${i}]: Failed password for u${i % 50} from 10.0.${(i >> 8) & 255}.${i & 255} port 22 ssh2\n`;

const root = mkdtempSync(join(tmpdir(), 'kb-members-'));
const many = join(root, 'many');
const one = join(root, 'one');
const dir = join(root, 'dir');
for (const d of [many, one, dir]) mkdirSync(d);
const lines = Array.from({ length: members }, (_, i) => line(i));
writeFileSync(
  join(many, 'collected.zip'),
  buildZip(lines.map((l, i) => ({ name: `host${i % 40}/auth${i}.log`, data: l }))),
);
writeFileSync(join(one, 'collected.zip'), buildZip([{ name: 'auth.log', data: lines.join('') }]));
for (let i = 0; i < members; i++) writeFileSync(join(dir, `auth${i}.log`), lines[i]!);

function time(bin: string, evidence: string): number {
  const out = mkdtempSync(join(root, 'case-'));
  const t0 = process.hrtime.bigint();
  const r = spawnSync(
    process.execPath,
    [bin, '-q', 'triage', evidence, '-o', out, '--no-builtin-rules', '-t', threads],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0 && r.status !== 3) throw new Error(`triage ${evidence} failed (${r.status}): ${r.stderr}`);
  rmSync(out, { recursive: true, force: true });
  return s;
}

console.log(`bench/triage/members: ${members} one-line members, --threads ${threads}`);
for (const [name, bin] of [['this build', cli], ...(baseline ? [['baseline', baseline]] : [])] as const) {
  const tOne = time(bin, one);
  const tMany = time(bin, many);
  const tDir = time(bin, dir);
  const perMember = ((tMany - tOne) / members) * 1000;
  const perFile = ((tDir - tOne) / members) * 1000;
  console.log(
    `${name.padEnd(10)}  one member ${tOne.toFixed(1)} s, ${members} members ${tMany.toFixed(1)} s (${perMember.toFixed(2)} ms per member, ${(tMany / tOne).toFixed(1)}x), ${members} files ${tDir.toFixed(1)} s (${perFile.toFixed(2)} ms per file)`,
  );
}
rmSync(root, { recursive: true, force: true });
