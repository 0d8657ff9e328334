/**
 * Chain of custody and the evidence manifest of a case directory.
 *
 * `custody.jsonl`: one JSON line per konseki command run on the case: who (OS user, host), what (command
 * and arguments), when, which konseki version, the inputs with their SHA-256, the rule sets with a hash
 * over all their files. The file is only ever appended to, and each line carries the SHA-256 of the line
 * before it (`prev`), so a line removed or edited later breaks the chain and `verifyCustody` says where.
 *
 * `custody-head.json`: the sequence number and hash of the last line, rewritten atomically after each
 * append: the final record of a command. A last line removed, or the log emptied or deleted, no longer
 * matches it (verify.ts checks the whole case end to end).
 *
 * `evidence-manifest.json`: SHA-256, size and mtime of every input (the same layout `konseki triage`
 * writes); `verifyEvidenceManifest` hashes the files again and lists what changed.
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  lstatSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  statSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import { writeFileAtomic } from '../core/atomic-file.ts';
import { mapLimit, sha256File } from '../core/hash.ts';
import { issue, type Issue } from '../core/issue.ts';
import { CUSTODY_FILE, CUSTODY_HEAD_FILE, MANIFEST_FILE } from './files.ts';

export { CUSTODY_FILE, CUSTODY_HEAD_FILE, MANIFEST_FILE };
const GENESIS = '0'.repeat(64);

export interface HashedPath {
  path: string;
  sha256: string;
  size: number;
}
export interface RuleSetHash {
  path: string;
  sha256: string;
  files: number;
}

export interface CustodyEntry {
  seq: number;
  ts: string;
  user: string;
  uid: number | null;
  host: string;
  command: string;
  args: string[];
  cwd: string;
  version: string;
  inputs: HashedPath[];
  rule_sets: RuleSetHash[];
  outputs: HashedPath[];
  /** the case directory the command worked on (paths of inputs and outputs are absolute) */
  case_dir?: string;
  /** SHA-256 of the previous line of custody.jsonl (64 zeros for the first) */
  prev: string;
}

/** custody-head.json: where the log must end. */
export interface CustodyHead {
  seq: number;
  sha256: string;
  ts: string;
  command: string;
}

export interface CustodyRecord {
  command: string;
  args: string[];
  version: string;
  inputs?: string[];
  ruleSets?: string[];
  outputs?: string[];
}

function whoAmI(): { user: string; uid: number | null } {
  try {
    const u = userInfo();
    return { user: u.username, uid: u.uid >= 0 ? u.uid : null };
  } catch {
    return { user: process.env.USER ?? process.env.USERNAME ?? 'unknown', uid: null };
  }
}

const sha256 = (s: string | Buffer): string => createHash('sha256').update(s).digest('hex');

/** The last complete line of a file, read from its end (custody logs grow; never load them whole). */
export function lastLine(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  const size = statSync(file).size;
  if (!size) return undefined;
  const fd = openSync(file, 'r');
  try {
    let window = 64 << 10;
    for (;;) {
      const start = Math.max(0, size - window);
      const buf = Buffer.alloc(size - start);
      readSync(fd, buf, 0, buf.length, start);
      const text = buf.toString('utf8').replace(/\n+$/, '');
      const nl = text.lastIndexOf('\n');
      if (nl >= 0 || start === 0) return text.slice(nl + 1);
      if (window >= 64 << 20) return text;
      window *= 4;
    }
  } finally {
    closeSync(fd);
  }
}

export async function hashPaths(paths: string[]): Promise<HashedPath[]> {
  return mapLimit(paths, 4, async (p) => {
    const abs = resolve(p);
    try {
      const st = statSync(abs);
      if (!st.isFile()) return { path: abs, sha256: '', size: st.size };
      return { path: abs, sha256: await sha256File(abs), size: st.size };
    } catch {
      return { path: abs, sha256: '', size: -1 };
    }
  });
}

/** Files of a rule directory (or one file), symlinks not followed, depth bounded. */
function ruleFiles(root: string): string[] {
  const out: string[] = [];
  const visit = (p: string, depth: number): void => {
    let st: Stats;
    try {
      st = lstatSync(p);
    } catch {
      return;
    }
    if (st.isDirectory() && depth < 32) for (const n of readdirSync(p)) visit(join(p, n), depth + 1);
    else if (st.isFile()) out.push(p);
  };
  visit(root, 0);
  return out;
}

/** One hash over a whole rule set: SHA-256 of its `sha256sum`-style listing (hash, two spaces, relative path). */
export async function hashRuleSet(dir: string): Promise<RuleSetHash> {
  const root = resolve(dir);
  // one global order of the relative paths (byte order for ASCII names), as `sort` in the C locale gives
  const files = ruleFiles(root)
    .map((f) => ({ f, rel: relative(root, f) || basename(f) }))
    .sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  const hashes = await mapLimit(files, 4, (x) => sha256File(x.f));
  const listing = files.map((x, i) => `${hashes[i]}  ${x.rel}\n`).join('');
  return { path: root, sha256: sha256(listing), files: files.length };
}

/** Appends one entry to `<caseDir>/custody.jsonl`, chained to the line before it. */
export async function appendCustody(caseDir: string, r: CustodyRecord, now = new Date()): Promise<CustodyEntry> {
  const file = join(caseDir, CUSTODY_FILE);
  const last = lastLine(file);
  let seq = 1;
  if (last) {
    try {
      seq = Number((JSON.parse(last) as CustodyEntry).seq) + 1 || 1;
    } catch {
      seq = 1;
    }
  }
  const entry: CustodyEntry = {
    seq,
    ts: now.toISOString(),
    ...whoAmI(),
    host: hostname(),
    command: r.command,
    args: r.args,
    cwd: process.cwd(),
    version: r.version,
    inputs: await hashPaths(r.inputs ?? []),
    rule_sets: await Promise.all((r.ruleSets ?? []).map(hashRuleSet)),
    outputs: await hashPaths(r.outputs ?? []),
    case_dir: resolve(caseDir),
    prev: last ? sha256(last) : GENESIS,
  };
  const line = JSON.stringify(entry);
  const fd = openSync(file, 'a', 0o640);
  try {
    // one write of one line: O_APPEND keeps concurrent appenders from interleaving inside a line
    writeSync(fd, `${line}\n`);
  } finally {
    closeSync(fd);
  }
  const head: CustodyHead = { seq, sha256: sha256(line), ts: entry.ts, command: entry.command };
  writeFileAtomic(join(caseDir, CUSTODY_HEAD_FILE), `${JSON.stringify(head, null, 2)}\n`);
  return entry;
}

/** custody-head.json, or undefined when absent or not a head. */
export function readCustodyHead(caseDir: string): CustodyHead | undefined {
  const file = join(caseDir, CUSTODY_HEAD_FILE);
  if (!existsSync(file)) return undefined;
  try {
    const h = JSON.parse(readFileSync(file, 'utf8')) as CustodyHead;
    return typeof h?.seq === 'number' && typeof h.sha256 === 'string' ? h : undefined;
  } catch {
    return undefined;
  }
}

/** SHA-256 of one custody line (what `prev` and the head hold). */
export const lineHash = (line: string): string => sha256(line);

export interface CustodyCheck {
  entries: number;
  problems: Array<{ line: number; problem: 'json' | 'chain' | 'seq' }>;
}

/** Checks that every line parses and is chained to the one before it. */
export function verifyCustody(caseDir: string): CustodyCheck {
  const file = join(caseDir, CUSTODY_FILE);
  const problems: CustodyCheck['problems'] = [];
  if (!existsSync(file)) return { entries: 0, problems };
  const lines = readFileSync(file, 'utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  let prev = GENESIS;
  let prevSeq = 0;
  lines.forEach((line, i) => {
    let e: CustodyEntry | undefined;
    try {
      e = JSON.parse(line) as CustodyEntry;
    } catch {
      problems.push({ line: i + 1, problem: 'json' });
    }
    if (e) {
      if (e.prev !== prev) problems.push({ line: i + 1, problem: 'chain' });
      if (e.seq !== prevSeq + 1) problems.push({ line: i + 1, problem: 'seq' });
      prevSeq = Number(e.seq);
    }
    prev = sha256(line);
  });
  return { entries: lines.length, problems };
}

export function readCustody(caseDir: string): CustodyEntry[] {
  const file = join(caseDir, CUSTODY_FILE);
  if (!existsSync(file)) return [];
  const out: CustodyEntry[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue;
    try {
      out.push(JSON.parse(line) as CustodyEntry);
    } catch {
      // a broken line is reported by verifyCustody
    }
  }
  return out;
}

export interface ManifestEntry {
  path: string;
  sha256: string;
  size: number;
  mtime: string;
}
export interface EvidenceManifest {
  created: string;
  tool: string;
  files: ManifestEntry[];
}

/**
 * Hashes every input (read-only, streamed). Paths are stored absolute so the manifest verifies from
 * anywhere. A file that cannot be hashed is left out with an issue.
 */
export async function buildEvidenceManifest(
  paths: string[],
  tool: string,
  now = new Date(),
  issues: Issue[] = [],
): Promise<EvidenceManifest> {
  const hashed = await mapLimit(paths, 4, async (p) => {
    const path = resolve(p);
    try {
      const st = statSync(path);
      return { path, sha256: await sha256File(path), size: st.size, mtime: new Date(st.mtimeMs).toISOString() };
    } catch (e) {
      issues.push(issue('evidence.unreadable', { file: p }, { reason: (e as Error).message }, 'error'));
      return undefined;
    }
  });
  const files = hashed.filter((f): f is ManifestEntry => !!f);
  return { created: now.toISOString(), tool, files };
}

/** A manifest from its parsed JSON, or undefined when it is not one. */
export function parseManifest(v: unknown): EvidenceManifest | undefined {
  try {
    const m = v as EvidenceManifest;
    if (!m || !Array.isArray(m.files)) return undefined;
    const files = m.files.filter(
      (f) => f && typeof f.path === 'string' && typeof f.sha256 === 'string' && typeof f.size === 'number',
    );
    return {
      created: String(m.created ?? ''),
      tool: String(m.tool ?? ''),
      files: files.map((f) => ({ path: f.path, sha256: f.sha256, size: f.size, mtime: String(f.mtime ?? '') })),
    };
  } catch {
    return undefined;
  }
}

export type ChangeKind = 'missing' | 'unreadable' | 'size' | 'sha256' | 'mtime';
export interface ManifestChange {
  path: string;
  kind: ChangeKind;
  expected?: string;
  actual?: string;
}

/** Hashes every file of the manifest again. Content changes (size, sha256) are what matters; mtime alone is reported too. */
export async function verifyEvidenceManifest(
  m: EvidenceManifest,
): Promise<{ checked: number; changes: ManifestChange[] }> {
  const results = await mapLimit(m.files, 4, async (f): Promise<ManifestChange[]> => {
    const st = statSync(f.path, { throwIfNoEntry: false });
    if (!st) return [{ path: f.path, kind: 'missing' }];
    if (st.size !== f.size) return [{ path: f.path, kind: 'size', expected: String(f.size), actual: String(st.size) }];
    let h: string;
    try {
      h = await sha256File(f.path);
    } catch (e) {
      return [{ path: f.path, kind: 'unreadable', actual: (e as Error).message }];
    }
    const out: ManifestChange[] = [];
    if (h !== f.sha256) out.push({ path: f.path, kind: 'sha256', expected: f.sha256, actual: h });
    const mtime = new Date(st.mtimeMs).toISOString();
    if (f.mtime && mtime !== f.mtime) out.push({ path: f.path, kind: 'mtime', expected: f.mtime, actual: mtime });
    return out;
  });
  return { checked: m.files.length, changes: results.flat() };
}
