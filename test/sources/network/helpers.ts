// Shared helpers of the network reader tests: read a file with the reader konseki would pick, and
// run independent tools (grep, awk, python3, date, zcat) as oracles.
import { execFileSync } from 'node:child_process';
import { basename, join } from 'node:path';
import type { Event } from '../../../src/core/event.ts';
import type { Issue } from '../../../src/core/issue.ts';
import {
  networkReaderList,
  newReadStats,
  type NetworkReader,
  type ReadStats,
} from '../../../src/sources/network/index.ts';
import { readHead } from '../../../src/app/readers.ts';

export const FIXTURES = join(import.meta.dirname, 'fixtures');

export interface ReadResult {
  reader: string;
  events: Event[];
  stats: ReadStats;
  issues: Issue[];
}

/** The network reader with the highest sniff score (>= 0.5), as triage picks it. */
export function pick(path: string): NetworkReader | undefined {
  const head = readHead(path);
  let best: NetworkReader | undefined;
  let score = 0;
  for (const r of networkReaderList) {
    const s = r.sniff(head, basename(path));
    if (s > score) {
      score = s;
      best = r;
    }
  }
  return score >= 0.5 ? best : undefined;
}

export async function readWith(
  reader: NetworkReader,
  path: string,
  opts: { mtimeUs?: number; timeZone?: string } = {},
): Promise<ReadResult> {
  const stats = newReadStats();
  const issues: Issue[] = [];
  const events: Event[] = [];
  for await (const e of reader.readWithStats(path, { issues, displayPath: path, ...opts }, stats)) events.push(e);
  return { reader: reader.id, events, stats, issues };
}

/** Read with the sniffed reader; fails the test when none is chosen or it is not `expected`. */
export async function readSniffed(
  path: string,
  expected: string,
  opts: { mtimeUs?: number; timeZone?: string } = {},
): Promise<ReadResult> {
  const r = pick(path);
  if (!r) throw new Error(`no reader sniffed ${path}`);
  if (r.id !== expected) throw new Error(`${path} sniffed as ${r.id}, expected ${expected}`);
  return readWith(r, path, opts);
}

export function sh(cmd: string, args: string[], input?: string): string {
  return execFileSync(cmd, args, { encoding: 'utf8', input, maxBuffer: 256 * 1024 * 1024 });
}

/** Run a python3 program with arguments; its stdout. */
export function py(code: string, ...args: string[]): string {
  return sh('python3', ['-c', code, ...args]);
}

/** `grep -c` that returns 0 instead of failing when nothing matches. */
export function grepCount(pattern: string, file: string, extended = true): number {
  try {
    return Number(sh('grep', [extended ? '-cE' : '-c', pattern, file]).trim());
  } catch {
    return 0;
  }
}

/** Epoch seconds of a wall-clock time in a zone, by GNU date (an oracle independent of Intl). */
export function dateSeconds(zone: string, wall: string): number {
  return Number(sh('date', ['-d', `TZ="${zone}" ${wall}`, '+%s']).trim());
}

export function mtimeOf(year: number): number {
  return Date.UTC(year, 11, 31, 23, 0, 0) * 1000;
}

/** The event read from a given 1-based line (fails loudly when there is none). */
export function byLine(events: Event[], line: number): Event {
  const e = events.find((x) => x.source.line === line);
  if (!e) throw new Error(`no event from line ${line}`);
  return e;
}
