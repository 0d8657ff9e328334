/**
 * Fuzzing the evidence walker (collectInputs: walk, open check, archives): random trees of
 * directories, files, symbolic links (inside, to `.` and `..`, out of the evidence, dangling), hard
 * links, FIFOs, zip and gzip archives with hostile member names, and permission bits. Each tree comes
 * with a model of what a correct walk reads, built from how the tree was made (not from the walker):
 * - nothing outside the evidence is ever read, whatever the links;
 * - every readable file reachable without links is read exactly once (hard links: once per inode);
 * - every archive member with a safe name is read under its name, repeated names disambiguated;
 * - every link, unreadable entry and FIFO is an issue naming its path; the walk always ends.
 * Permission bits only bind a process that is not root: the test runs this as `nobody` when it is.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, linkSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { collectInputs } from '../../src/app/inputs.ts';
import type { Issue } from '../../src/core/issue.ts';
import { mulberry32 } from '../../src/core/rng.ts';
import { buildZip, type ZipMember } from './archive/zip-writer.ts';

interface Model {
  root: string;
  /** markers of everything a correct walk reads (plain files, members, gzip payloads) */
  markers: string[];
  /** inodes of the original evidence files a correct walk lists */
  inodes: Set<number>;
  /** paths that must be named by an issue (links, unreadable entries, FIFOs) */
  mustReport: string[];
  /** markers that must never be read (files outside the evidence) */
  outside: string[];
}

const SAFE_NAMES = ['ok.log', 'a', 'a/b.log', 'dup.log', 'dir/dup.log', `${'長'.repeat(90)}.log`, 'x y.log'];
const UNSAFE_NAMES = ['../escape.log', '/etc/cron.d/evil', 'C:/windows/x.log', 'a/../../up.log'];

/** Builds one random tree under `base` and returns its model. */
export function makeTree(base: string, seed: number, asRoot: boolean): Model {
  const r = mulberry32(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)]!;
  const root = join(base, 'evid');
  const out = join(base, 'outside');
  mkdirSync(root, { recursive: true });
  mkdirSync(out, { recursive: true });
  const outside: string[] = [];
  for (let i = 0; i < 2; i++) {
    const m = `OUTSIDE-${seed}-${i}`;
    outside.push(m);
    writeFileSync(join(out, `o${i}.log`), `${m}\n`);
  }
  const dirs = [root];
  for (let i = 0, n = Math.floor(r() * 7); i < n; i++) {
    const d = join(pick(dirs), `d${i}`);
    mkdirSync(d);
    dirs.push(d);
  }
  /** entries that decide what is readable: path → readable? */
  const blockedDirs = new Set<string>();
  const files: Array<{ path: string; markers: string[]; readable: boolean; names: string[] }> = [];
  let id = 0;
  const mustReport: string[] = [];
  const marker = (): string => `MARK-${seed}-${id++}`;
  for (let i = 0, n = 1 + Math.floor(r() * 10); i < n; i++) {
    const p = join(pick(dirs), `f${i}.log`);
    const m = marker();
    writeFileSync(p, `${m}\n`);
    files.push({ path: p, markers: [m], readable: true, names: [p] });
  }
  for (let i = 0, n = Math.floor(r() * 3); i < n; i++) {
    const members: ZipMember[] = [];
    const markers: string[] = [];
    for (let j = 0, k = 1 + Math.floor(r() * 5); j < k; j++) {
      const safe = r() < 0.8;
      const name = safe ? pick(SAFE_NAMES) : pick(UNSAFE_NAMES);
      const m = marker();
      members.push({ name, data: `${m}\n`, stored: r() < 0.3 });
      if (safe) markers.push(m);
    }
    const p = join(pick(dirs), `z${i}.zip`);
    writeFileSync(p, buildZip(members));
    files.push({ path: p, markers, readable: true, names: [p] });
  }
  for (let i = 0, n = Math.floor(r() * 3); i < n; i++) {
    const m = marker();
    let data = gzipSync(`${m}\n`);
    if (r() < 0.5) data = gzipSync(data);
    const p = join(pick(dirs), `g${i}.log.gz`);
    writeFileSync(p, data);
    files.push({ path: p, markers: [m], readable: true, names: [p] });
  }
  // a file nobody may read (only bites when not root); it gets no second name, so its issue names it
  let locked: (typeof files)[number] | undefined;
  if (!asRoot && r() < 0.5) {
    locked = pick(files);
    chmodSync(locked.path, 0o000);
    locked.readable = false;
    mustReport.push(locked.path);
  }
  // hard links: the same file under a second name, read once
  for (let i = 0, n = Math.floor(r() * 2); i < n; i++) {
    const f = pick(files);
    if (f === locked) continue;
    const p = join(pick(dirs), `h${i}.log`);
    linkSync(f.path, p);
    f.names.push(p);
  }
  // symbolic links of every kind
  for (let i = 0, n = Math.floor(r() * 8); i < n; i++) {
    const at = join(pick(dirs), `l${i}`);
    const target = pick([
      '.',
      '..',
      '../..',
      pick(files).path,
      relative(join(at, '..'), pick(files).path),
      pick(dirs),
      out,
      join(out, 'o0.log'),
      '/etc/passwd',
      '/var/log',
      join(root, 'nowhere'),
    ]);
    symlinkSync(target, at);
    mustReport.push(at);
  }
  if (r() < 0.3) {
    const p = join(pick(dirs), 'fifo');
    execFileSync('mkfifo', [p]);
    mustReport.push(p);
  }
  // a directory nobody may list (only bites when not root)
  if (!asRoot && r() < 0.4 && dirs.length > 1) {
    const d = pick(dirs.slice(1));
    chmodSync(d, 0o000);
    blockedDirs.add(d);
    mustReport.push(d);
  }
  const blocked = (p: string): boolean => [...blockedDirs].some((d) => p.startsWith(`${d}/`));
  const markers: string[] = [];
  const inodes = new Set<number>();
  for (const f of files) {
    if (f.names.every(blocked)) continue;
    if (!f.readable) continue;
    inodes.add(statSync(f.names.find((n) => !blocked(n))!).ino);
    markers.push(...f.markers);
  }
  return {
    root,
    markers: markers.sort(),
    inodes,
    mustReport: mustReport.filter((p) => !blocked(p) || blockedDirs.has(p)),
    outside,
  };
}

export interface FuzzFailure {
  seed: number;
  problem: string;
}

/** Runs `cases` trees from `seed` under `base`; returns what went wrong (nothing, when the walker is right). */
export async function fuzzWalker(base: string, seed: number, cases: number, asRoot: boolean): Promise<FuzzFailure[]> {
  const failures: FuzzFailure[] = [];
  for (let c = 0; c < cases; c++) {
    const s = seed + c;
    const dir = join(base, `case${s}`);
    const model = makeTree(dir, s, asRoot);
    const issues: Issue[] = [];
    const fail = (problem: string): void => void failures.push({ seed: s, problem });
    let inputs: Awaited<ReturnType<typeof collectInputs>>;
    try {
      inputs = await collectInputs([model.root], join(dir, 'work'), issues, { followLinks: (s & 1) === 1 });
    } catch (e) {
      fail(`threw ${(e as Error).stack}`);
      continue;
    }
    const read = inputs.files.map((f) => readFileSync(f.path, 'utf8').trim()).sort();
    for (const m of read) if (model.outside.includes(m)) fail(`read ${m} from outside the evidence`);
    if (JSON.stringify(read) !== JSON.stringify(model.markers))
      fail(`read ${JSON.stringify(read)}, expected ${JSON.stringify(model.markers)}`);
    const inodes = inputs.originals.map((p) => statSync(p).ino);
    if (new Set(inodes).size !== inodes.length) fail(`a file listed twice: ${inputs.originals.join(', ')}`);
    const want = [...model.inodes].sort((a, b) => a - b);
    const got = [...new Set(inodes)].sort((a, b) => a - b);
    if (JSON.stringify(want) !== JSON.stringify(got)) fail(`originals ${inputs.originals.join(', ')}`);
    for (const p of inputs.originals) if (!p.startsWith(`${model.root}/`)) fail(`original outside the evidence: ${p}`);
    const named = new Set(issues.map((i) => i.at.file));
    for (const p of model.mustReport) if (!named.has(p)) fail(`no issue names ${p}`);
    for (const i of issues) if (!i.at.file || !i.code) fail(`an issue without file or code: ${JSON.stringify(i)}`);
  }
  return failures;
}

/** Command-line entry (the test runs it as `nobody` when it runs as root): base, seed, cases → JSON failures. */
if (process.argv[1]?.endsWith('walk-fuzz.ts') && process.argv.length >= 5) {
  const [base, seed, cases, bits] = process.argv.slice(2);
  // 'bits': permission bits bind here (root without DAC override), so the trees may use them
  fuzzWalker(base!, Number(seed), Number(cases), bits !== 'bits' && process.getuid?.() === 0).then(
    (f) => process.stdout.write(JSON.stringify(f)),
    (e) => {
      process.stdout.write(JSON.stringify([{ seed: -1, problem: String((e as Error).stack ?? e) }]));
    },
  );
}
