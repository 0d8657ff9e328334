/**
 * The process table of the Linux collector (volatile/processes.tsv): one event per process running
 * at collection time, timed at its start (boot time + start ticks). Fields as Sysmon-style process
 * names (FIELDS.md): the executable as /proc/PID/exe showed it (" (deleted)" stripped into
 * ImageDeleted), its parent's image and command line, and whether it belongs to the collector.
 */
import type { Event, Fields } from '../../core/event.ts';
import { issue } from '../../core/issue.ts';
import type { ReadContext, SourceReader } from '../types.ts';
import { secondsUs, sniffTable, tableRows, type TableHeader } from './table.ts';

/** The table is small (hundreds of rows): buffered to join parents; a bound keeps a hostile one small. */
const MAX_ROWS = 200_000;
const COLUMNS = 11;
export const COLLECTOR_CATEGORY = 'collector_process';

interface Row {
  line: number;
  pid: number;
  ppid: number;
  uid: string;
  user: string;
  state: string;
  startTicks: number;
  exe: string;
  cwd: string;
  sha256: string;
  comm: string;
  cmdline: string;
}

const dash = (s: string | undefined): string => (s === undefined || s === '-' ? '' : s);

export function splitDeleted(exe: string): { image: string; deleted: boolean } {
  return exe.endsWith(' (deleted)') ? { image: exe.slice(0, -10), deleted: true } : { image: exe, deleted: false };
}

export async function* readLinuxProcesses(path: string, ctx: ReadContext): AsyncGenerator<Event> {
  const file = ctx.displayPath;
  let header: TableHeader | undefined;
  const rows: Row[] = [];
  for await (const r of tableRows(path, file, ctx.issues, COLUMNS - 1, (h) => (header = h), ctx.onProgress)) {
    const c = r.cells;
    if (c[0] === 'pid') continue;
    if (rows.length >= MAX_ROWS) {
      ctx.issues.push(issue('live.too_many_rows', { file, line: r.line }, { max: MAX_ROWS }));
      break;
    }
    const pid = Number(c[0]);
    if (!Number.isInteger(pid)) continue;
    rows.push({
      line: r.line,
      pid,
      ppid: Number(c[1]) || 0,
      uid: dash(c[2]),
      user: dash(c[3]),
      state: dash(c[4]),
      startTicks: Number(c[5]),
      exe: dash(c[6]),
      cwd: dash(c[7]),
      sha256: dash(c[8]),
      comm: (c[9] ?? '').trim(),
      // a command line may hold tabs only if the collector failed to translate them: keep the rest joined
      cmdline: c.slice(10).join(' ').trim(),
    });
  }
  const h = header as TableHeader | undefined;
  if (!h) ctx.issues.push(issue('live.no_header', { file }));
  const meta = h?.meta ?? {};
  const btime = Number(meta.btime);
  const clk = Number(meta.clk_tck) || 100;
  const collectorPid = Number(meta.collector_pid);
  const collectedUs = secondsUs(meta.collected);
  const byPid = new Map(rows.map((r) => [r.pid, r]));
  // the collector and everything it started (subshells, awk, stat) are marked, not hidden
  const collector = new Set<number>();
  if (Number.isInteger(collectorPid)) {
    for (const r of rows) {
      let p: Row | undefined = r;
      for (let depth = 0; p && depth < 64; depth++) {
        if (p.pid === collectorPid || collector.has(p.pid)) {
          collector.add(r.pid);
          break;
        }
        p = byPid.get(p.ppid);
      }
    }
  }
  for (const r of rows) {
    const { image, deleted } = splitDeleted(r.exe);
    const parent = byPid.get(r.ppid);
    const fields: Fields = {
      ProcessId: r.pid,
      ParentProcessId: r.ppid,
      Image: image,
      ImageDeleted: deleted,
      CommandLine: r.cmdline,
      CurrentDirectory: r.cwd,
      User: r.user || r.uid,
      uid: r.uid,
      comm: r.comm,
      state: r.state,
      collector: collector.has(r.pid),
    };
    if (r.sha256) fields.sha256 = r.sha256;
    if (parent) {
      fields.ParentImage = splitDeleted(parent.exe).image;
      fields.ParentCommandLine = parent.cmdline;
    }
    const startUs =
      Number.isFinite(btime) && Number.isFinite(r.startTicks) ? Math.round((btime + r.startTicks / clk) * 1e6) : NaN;
    if (Number.isFinite(collectedUs)) fields.collected = collectedUs;
    const e: Event = {
      ts: Number.isFinite(startUs) ? startUs : collectedUs,
      source: { format: 'live-processes', file, line: r.line },
      // the collector's own processes keep their own category: no rule or analysis mistakes them for the attacker's
      logsource: {
        product: 'linux',
        category: fields.collector ? COLLECTOR_CATEGORY : 'process_snapshot',
        service: 'live',
      },
      fields,
    };
    if (meta.host) e.host = meta.host;
    yield e;
  }
}

export const linuxProcessReader: SourceReader = {
  id: 'live-processes',
  sniff: (head) => sniffTable(head, 'processes'),
  read: readLinuxProcesses,
};
