/**
 * Expands the files and directories given on the command line into a sorted list of regular files,
 * staying inside them. Evidence comes from a compromised machine, so its links are hostile input:
 * - the roots are the paths as given (a root that is itself a link is followed: the user named it);
 * - a link met during the walk is listed as an issue and not followed; with `followLinks` it is
 *   followed only when its target lies inside one of the roots, never outside them;
 * - every file and directory is visited once (device + inode), so link loops, bind mounts and hard
 *   links cannot make a file count twice or a walk run forever;
 * - FIFOs, sockets and devices are listed, never opened (reading a FIFO would block the run).
 */
import './messages.ts';
import { lstatSync, readdirSync, readlinkSync, realpathSync, type Stats, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { issue, type Issue } from './issue.ts';

export interface WalkOptions {
  /** which files to keep (the walk still visits every directory) */
  accept?: (path: string) => boolean;
  /** follow links whose target is inside one of the roots (default: list links, follow none) */
  followLinks?: boolean;
  /** deepest directory level below a root (default 64) */
  maxDepth?: number;
}

export interface WalkedFile {
  /** the path as the user spelt it (root as given + names below it) */
  path: string;
  /** the resolved path (no links) */
  real: string;
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
}

const MAX_DEPTH = 64;

const identity = (st: Stats): string => `${st.dev}:${st.ino}`;

/** Is `p` (a real path) one of the roots or below one? */
function insideAny(p: string, roots: string[]): boolean {
  return roots.some((r) => p === r || p.startsWith(r.endsWith(sep) ? r : r + sep));
}

function kindOf(st: Stats): string {
  if (st.isFIFO()) return 'fifo';
  if (st.isSocket()) return 'socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'device';
  return 'other';
}

/** The files under `inputs`, with their identity; problems (unreadable, links, special files) become issues. */
export function walkFiles(inputs: string[], issues: Issue[], o: WalkOptions = {}): WalkedFile[] {
  const maxDepth = o.maxDepth ?? MAX_DEPTH;
  const accept = o.accept ?? (() => true);
  const out: WalkedFile[] = [];
  const seen = new Set<string>();
  const roots: string[] = [];
  const given: Array<{ path: string; real: string }> = [];
  for (const p of inputs) {
    try {
      const real = realpathSync(p);
      roots.push(real);
      given.push({ path: p, real });
    } catch (e) {
      issues.push(issue('walk.unreadable', { file: p }, { reason: reason(e) }, 'error'));
    }
  }

  const unreadable = (p: string, e: unknown): void => {
    issues.push(issue('walk.unreadable', { file: p }, { reason: reason(e) }, 'error'));
  };

  // links are followed after everything else, so a file reached both ways is listed under its own name
  const links: Array<{ path: string; depth: number }> = [];

  const visit = (path: string, real: string, st: Stats, depth: number, viaLink = false): void => {
    const id = identity(st);
    if (seen.has(id)) {
      if (!st.isDirectory() || viaLink)
        issues.push(issue(viaLink ? 'walk.link_duplicate' : 'walk.duplicate', { file: path }, undefined, 'info'));
      return;
    }
    seen.add(id);
    if (st.isDirectory()) {
      if (depth >= maxDepth) {
        issues.push(issue('walk.too_deep', { file: path }, { depth: maxDepth }, 'warning'));
        return;
      }
      let names: string[];
      try {
        names = readdirSync(path).sort();
      } catch (e) {
        unreadable(path, e);
        return;
      }
      for (const n of names) entry(join(path, n), join(real, n), depth + 1);
    } else if (st.isFile()) {
      if (accept(path)) out.push({ path, real, dev: st.dev, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs });
    } else {
      issues.push(issue('walk.not_regular', { file: path }, { kind: kindOf(st) }, 'info'));
    }
  };

  const entry = (path: string, real: string, depth: number): void => {
    let st: Stats;
    try {
      st = lstatSync(path);
    } catch (e) {
      unreadable(path, e);
      return;
    }
    if (!st.isSymbolicLink()) visit(path, real, st, depth);
    else links.push({ path, depth });
  };

  const link = (path: string, depth: number): void => {
    let target = '';
    try {
      target = readlinkSync(path);
    } catch {
      // the target text is only for the message
    }
    let resolved: string;
    try {
      resolved = realpathSync(path);
    } catch {
      issues.push(issue('walk.link_dangling', { file: path }, { target }, 'info'));
      return;
    }
    if (!insideAny(resolved, roots)) {
      issues.push(issue('walk.link_outside', { file: path }, { target: resolved }, 'warning'));
      return;
    }
    if (!o.followLinks) {
      issues.push(issue('walk.link_not_followed', { file: path }, { target: resolved }, 'info'));
      return;
    }
    let tst: Stats;
    try {
      tst = statSync(resolved);
    } catch (e) {
      unreadable(path, e);
      return;
    }
    visit(path, resolved, tst, depth, true);
  };

  for (const g of given) {
    let st: Stats;
    try {
      st = statSync(g.real);
    } catch (e) {
      unreadable(g.path, e);
      continue;
    }
    visit(g.path, g.real, st, 0);
  }
  // following a link may find more links: they join the queue
  for (let i = 0; i < links.length; i++) link(links[i]!.path, links[i]!.depth);
  return out;
}

/** Paths of the files under `inputs` (see walkFiles). */
export function walkInputs(
  inputs: string[],
  issues: Issue[],
  accept: (path: string) => boolean = () => true,
  o: Omit<WalkOptions, 'accept'> = {},
): string[] {
  return walkFiles(inputs, issues, { ...o, accept }).map((f) => f.path);
}

function reason(e: unknown): string {
  return String((e as Error)?.message ?? e);
}
