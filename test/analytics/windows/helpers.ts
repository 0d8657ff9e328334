/**
 * Helpers of the Windows analysis tests: corpus files read with konseki's EVTX reader, the same
 * files as the independent Rust `evtx` crate rendered them (evtx-oracle/*.jsonl, the source of
 * expected values), and fixtures written as real .evtx files with konseki's EVTX writer.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Event } from '../../../src/core/event.ts';
import type { Finding } from '../../../src/core/finding.ts';
import type { Issue } from '../../../src/core/issue.ts';
import { windowsAnalyzers, type WindowsAnalysisOptions } from '../../../src/analytics/windows/index.ts';
import { evtxEvents } from '../../../src/sources/evtx/index.ts';
import { writeEvtx, type WriteEvent } from '../../../src/sources/evtx/writer.ts';
import { corpusDir } from '../../support/corpus.ts';

export const EVTX = corpusDir('evtx');
export const ORACLE = corpusDir('evtx-oracle');
export const CORPUS_READY = EVTX !== undefined && ORACLE !== undefined;

export function corpusPath(rel: string): string {
  return join(EVTX!, rel);
}

export function readEvents(path: string): Event[] {
  const issues: Issue[] = [];
  return [...evtxEvents(path, issues)];
}

export function corpusEvents(rel: string): Event[] {
  return readEvents(corpusPath(rel));
}

/** Runs the Windows analyzers over events (all of them, or those whose id is given). */
export function analyze(events: Iterable<Event>, options: WindowsAnalysisOptions = {}, producer?: string): Finding[] {
  const analyzers = windowsAnalyzers(options).filter((a) => !producer || a.id === producer);
  for (const e of events) for (const a of analyzers) if (a.wants(e)) a.add(e);
  const found = analyzers.flatMap((a) => a.finish());
  // every summary, in both languages, has all its placeholders filled
  for (const f of found)
    for (const text of [f.summary_en, f.summary_ja])
      if (/\{[a-z_]+\}/.test(text)) throw new Error(`placeholder left in ${f.kind}: ${text}`);
  return found;
}

export function analyzeCorpus(rel: string, options: WindowsAnalysisOptions = {}, producer?: string): Finding[] {
  return analyze(corpusEvents(rel), options, producer);
}

/** One event as the Rust evtx crate rendered it: System values and the EventData/UserData leaves. */
export interface OracleEvent {
  id: number;
  channel: string;
  computer: string;
  provider: string;
  record: number;
  /** epoch microseconds */
  ts: number;
  data: Record<string, string>;
}

function text(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && '#text' in (v as Record<string, unknown>))
    return text((v as Record<string, unknown>)['#text']);
  return String(v);
}

function leaves(o: unknown, out: Record<string, string>): void {
  if (!o || typeof o !== 'object') return;
  for (const [k, v] of Object.entries(o as Record<string, unknown>)) {
    if (k === '#attributes') continue;
    if (v !== null && typeof v === 'object' && !('#text' in (v as object)) && !Array.isArray(v)) leaves(v, out);
    else if (!(k in out)) out[k] = text(v);
  }
}

function isoToUs(s: string): number {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/.exec(s);
  return m ? Date.parse(`${m[1]}Z`) * 1000 + Number((m[2] ?? '').padEnd(6, '0').slice(0, 6)) : NaN;
}

export function oracle(rel: string): OracleEvent[] {
  const path = join(ORACLE!, `${rel}.jsonl`);
  if (!existsSync(path)) throw new Error(`no oracle output for ${rel}`);
  const out: OracleEvent[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const ev = (JSON.parse(line) as { Event: Record<string, Record<string, unknown>> }).Event;
    const sys = ev.System!;
    const data: Record<string, string> = {};
    leaves(ev.EventData, data);
    leaves(ev.UserData, data);
    const attrs = (o: unknown): Record<string, unknown> =>
      (o as Record<string, Record<string, unknown>> | undefined)?.['#attributes'] ?? {};
    out.push({
      id: Number(text(sys.EventID)),
      channel: text(sys.Channel),
      computer: text(sys.Computer),
      provider: text(attrs(sys.Provider).Name),
      record: Number(text(sys.EventRecordID)),
      ts: isoToUs(text(attrs(sys.TimeCreated).SystemTime)),
      data,
    });
  }
  return out;
}

export function countBy<T>(items: T[], key: (t: T) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const i of items) m.set(key(i), (m.get(key(i)) ?? 0) + 1);
  return m;
}

/** A temporary directory for .evtx fixtures, removed by `cleanup`. */
export function fixtureDir(): {
  path: (name: string) => string;
  write: (name: string, events: WriteEvent[]) => string;
  cleanup: () => void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'konseki-win-'));
  return {
    path: (name) => join(dir, name),
    write: (name, events) => {
      const p = join(dir, name);
      writeEvtx(p, events);
      return p;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export const T0 = Date.parse('2024-05-01T01:00:00Z') * 1000;
export const MIN = 60e6;

/** A Security event for the writer. */
export function sec(
  eventId: number,
  time: number,
  eventData: Record<string, string | number>,
  computer = 'SRV01.example.local',
  recordId?: number,
): WriteEvent {
  return {
    provider: 'Microsoft-Windows-Security-Auditing',
    eventId,
    time,
    channel: 'Security',
    computer,
    eventData,
    recordId,
  };
}

export function failedLogon(
  time: number,
  user: string,
  ip: string,
  extra: Record<string, string | number> = {},
  computer?: string,
): WriteEvent {
  return sec(
    4625,
    time,
    {
      SubjectUserSid: 'S-1-0-0',
      SubjectUserName: '-',
      TargetUserSid: 'S-1-0-0',
      TargetUserName: user,
      TargetDomainName: 'EXAMPLE',
      Status: '0xc000006d',
      FailureReason: '%%2313',
      SubStatus: '0xc000006a',
      LogonType: 3,
      LogonProcessName: 'NtLmSsp ',
      AuthenticationPackageName: 'NTLM',
      WorkstationName: 'KALI',
      LmPackageName: '-',
      KeyLength: 0,
      ProcessId: '0x0',
      ProcessName: '-',
      IpAddress: ip,
      IpPort: '50000',
      ...extra,
    },
    computer,
  );
}

export function logon(
  time: number,
  user: string,
  ip: string,
  type: number,
  extra: Record<string, string | number> = {},
  computer?: string,
): WriteEvent {
  return sec(
    4624,
    time,
    {
      SubjectUserSid: 'S-1-0-0',
      SubjectUserName: '-',
      TargetUserSid: 'S-1-5-21-1-2-3-1105',
      TargetUserName: user,
      TargetDomainName: 'EXAMPLE',
      TargetLogonId: `0x${(time % 0xffffff).toString(16)}`,
      LogonType: type,
      LogonProcessName: 'NtLmSsp ',
      AuthenticationPackageName: 'NTLM',
      WorkstationName: 'WS01',
      LmPackageName: 'NTLM V2',
      KeyLength: 128,
      ProcessId: '0x0',
      ProcessName: '-',
      IpAddress: ip,
      IpPort: '50001',
      ...extra,
    },
    computer,
  );
}
