/**
 * Holes in the record, per EVTX file and channel (and computer, for forwarded logs): the System
 * EventRecordID numbers of a log run without gaps and times do not run backwards. Found here:
 *  - record-gap: EventRecordIDs missing inside the file. In a log copied from the machine the
 *    record headers carry the same numbers, so a gap means records were deleted one by one (as
 *    DanderSpritz's eventlogedit does, without a 1102) or could not be read. Event Viewer's
 *    "Save filtered log" renumbers the headers 1..n: gaps then mostly show the export's filter,
 *    which is said (lower severity).
 *  - time-went-backwards: a record, in EventRecordID order, older than the one before it by more
 *    than the tolerance (the clock was set back: ordering by time is unreliable around it);
 *  - log-overwritten: the log starts after EventRecordID 1, so earlier records were overwritten
 *    when it was full (the default Security log holds about 20 MB; a brute force fills it within
 *    hours) or cleared. When most of it is failed logons, that is said. Only for the logs that
 *    matter to an investigation (Security, System, Sysmon, PowerShell, Defender, RDP, ...).
 * Numbers are kept as runs of consecutive records, so memory follows the number of gaps. Events
 * removed by a filter before analysis look like gaps: run this on unfiltered input.
 */
import { formatTs } from '../../core/event.ts';
import type { EvidenceRef, Finding, FindingSeverity } from '../../core/finding.ts';
import type { Analyzer } from '../types.ts';
import { channelOf, eventId, formatDuration, hostOf, isWindows, num, providerOf } from './common.ts';
import { findingOf } from './group.ts';
import type { ResolvedWindowsOptions } from './options.ts';
import './messages.ts';

const PRODUCER = 'windows-log-integrity';
const MAX_RUNS = 50_000;
const MAX_JUMPS = 1000;
const MAX_LOGS = 100_000;
const FAILED_LOGON = new Set([4625, 4771]);
/** Logs whose lost beginning matters to an investigation; others (hundreds of diagnostic channels) roll over all the time. */
export const KEY_CHANNELS = new Set([
  'Security',
  'System',
  'Application',
  'Setup',
  'ForwardedEvents',
  'Windows PowerShell',
  'Microsoft-Windows-PowerShell/Operational',
  'PowerShellCore/Operational',
  'Microsoft-Windows-Sysmon/Operational',
  'Microsoft-Windows-Windows Defender/Operational',
  'Microsoft-Windows-TaskScheduler/Operational',
  'Microsoft-Windows-TerminalServices-LocalSessionManager/Operational',
  'Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational',
  'Microsoft-Windows-RemoteDesktopServices-RdpCoreTS/Operational',
  'Microsoft-Windows-WMI-Activity/Operational',
  'Microsoft-Windows-WinRM/Operational',
  'Microsoft-Windows-Bits-Client/Operational',
  'Microsoft-Windows-SMBServer/Security',
  'Microsoft-Windows-NTLM/Operational',
  'OpenSSH/Operational',
  'Directory Service',
]);

/** Where a record is, kept as plain numbers (no object per event): header record number and byte offset. */
interface At {
  ts: number;
  header: number;
  offset: number;
}
interface Run {
  start: number;
  end: number;
  first: At;
  last: At;
}
interface Jump {
  before: EvidenceRef;
  after: EvidenceRef;
  tsBefore: number;
  tsAfter: number;
  recBefore: number;
  recAfter: number;
}

interface Log {
  file: string;
  channel: string;
  host: string | null;
  runs: Run[];
  fragmented: boolean;
  records: number;
  failedLogons: number;
  first?: { rec: number; id: number | undefined; provider: string };
  prevRec: number;
  prev: At;
  jumps: Jump[];
  jumpsTotal: number;
}

/** The record headers' own numbering of a file: 1..n without a break means Event Viewer renumbered it on export. */
interface Headers {
  first: number;
  prev: number;
  breaks: number;
}

export function logIntegrityAnalyzer(o: ResolvedWindowsOptions): Analyzer {
  const logs = new Map<string, Log>();
  const headers = new Map<string, Headers>();
  const tolerance = o.t.backwardsToleranceSeconds * 1e6;

  const evidence = (file: string, at: At): EvidenceRef => {
    const r: EvidenceRef = { file };
    if (at.header >= 0) r.record = at.header;
    if (at.offset >= 0) r.offset = at.offset;
    if (Number.isFinite(at.ts)) r.ts = at.ts;
    return r;
  };
  const jump = (l: Log, j: Jump): void => {
    l.jumpsTotal++;
    if (l.jumps.length < MAX_JUMPS) l.jumps.push(j);
  };

  return {
    id: PRODUCER,
    wants(e) {
      return isWindows(e) && e.source.format === 'evtx';
    },
    add(e) {
      const header = e.source.record;
      if (header !== undefined) {
        const h = headers.get(e.source.file);
        if (!h) headers.set(e.source.file, { first: header, prev: header, breaks: 0 });
        else {
          if (header !== h.prev + 1) h.breaks++;
          h.prev = header;
          h.first = Math.min(h.first, header);
        }
      }
      const rec = num(e, 'EventRecordID') ?? header;
      if (rec === undefined) return;
      const channel = channelOf(e) || '?';
      const host = hostOf(e);
      const key = `${e.source.file}\u0000${channel}\u0000${host ?? ''}`;
      let l = logs.get(key);
      if (!l) {
        if (logs.size >= MAX_LOGS) return;
        l = {
          file: e.source.file,
          channel,
          host,
          runs: [],
          fragmented: false,
          records: 0,
          failedLogons: 0,
          jumps: [],
          jumpsTotal: 0,
          prevRec: -1,
          prev: { ts: NaN, header: -1, offset: -1 },
        };
        logs.set(key, l);
      }
      l.records++;
      const id = eventId(e);
      if (id !== undefined && FAILED_LOGON.has(id)) l.failedLogons++;
      if (!l.first || rec < l.first.rec) l.first = { rec, id, provider: providerOf(e) };
      const at: At = { ts: e.ts, header: header ?? -1, offset: e.source.offset ?? -1 };
      if (
        l.prevRec >= 0 &&
        rec > l.prevRec &&
        Number.isFinite(e.ts) &&
        Number.isFinite(l.prev.ts) &&
        e.ts < l.prev.ts - tolerance
      ) {
        jump(l, {
          before: evidence(l.file, l.prev),
          after: evidence(l.file, at),
          tsBefore: l.prev.ts,
          tsAfter: e.ts,
          recBefore: l.prevRec,
          recAfter: rec,
        });
      }
      l.prevRec = rec;
      l.prev = at;
      const last = l.runs[l.runs.length - 1];
      if (last && rec === last.end + 1) {
        last.end = rec;
        last.last = at;
      } else if (l.runs.length >= MAX_RUNS) l.fragmented = true;
      else l.runs.push({ start: rec, end: rec, first: at, last: at });
    },
    finish() {
      const out: Finding[] = [];
      for (const l of logs.values()) out.push(...judge(l));
      return out.sort((a, b) => a.first_seen - b.first_seen);
    },
  };

  function judge(l: Log): Finding[] {
    const out: Finding[] = [];
    const merged: Run[] = [];
    for (const r of [...l.runs].sort((a, b) => a.start - b.start)) {
      const prev = merged[merged.length - 1];
      if (prev && r.start <= prev.end + 1) {
        if (r.end > prev.end) Object.assign(prev, { end: r.end, last: r.last });
      } else merged.push({ ...r });
    }
    if (!merged.length) return out;
    const h = headers.get(l.file);
    const exported = h !== undefined && h.first === 1 && h.breaks === 0;
    const base = { host: l.host ?? '?', file: l.file, channel: l.channel };

    const gaps = [];
    for (let i = 1; i < merged.length; i++)
      gaps.push({ a: merged[i - 1]!, b: merged[i]!, missing: merged[i]!.start - merged[i - 1]!.end - 1 });
    if (gaps.length) {
      const missing = gaps.reduce((s, g) => s + g.missing, 0);
      const largest = gaps.reduce((x, y) => (y.missing > x.missing ? y : x));
      const g = {
        host: l.host,
        first: largest.a.last.ts,
        last: largest.b.first.ts,
        count: missing,
        evidence: gaps.slice(0, 25).flatMap((x) => [evidence(l.file, x.a.last), evidence(l.file, x.b.first)]),
      };
      out.push(
        findingOf(g, {
          kind: 'record-gap',
          severity: exported ? 'low' : 'medium',
          producer: PRODUCER,
          message: exported ? 'win.gap.records_export' : 'win.gap.records',
          params: {
            ...base,
            gaps: gaps.length,
            missing,
            largest: largest.missing,
            from: largest.a.end,
            to: largest.b.start,
            from_ts: formatTs(largest.a.last.ts),
            to_ts: formatTs(largest.b.first.ts),
          },
          attack: exported ? [] : ['T1070.001'],
          details: {
            file: l.file,
            channel: l.channel,
            gaps: gaps.length,
            missing_records: missing,
            exported_file: exported,
            fragmented: l.fragmented,
            list: gaps.slice(0, 100).map((x) => ({
              after_record: x.a.end,
              before_record: x.b.start,
              missing: x.missing,
              after_ts: x.a.last.ts,
              before_ts: x.b.first.ts,
            })),
          },
        }),
      );
    }

    if (l.jumps.length) {
      const largest = l.jumps.reduce((x, y) => (y.tsBefore - y.tsAfter > x.tsBefore - x.tsAfter ? y : x));
      const g = {
        host: l.host,
        first: largest.tsAfter,
        last: largest.tsBefore,
        count: l.jumpsTotal,
        evidence: l.jumps.slice(0, 25).flatMap((j) => [j.before, j.after]),
      };
      out.push(
        findingOf(g, {
          kind: 'time-went-backwards',
          severity: 'medium',
          producer: PRODUCER,
          message: 'win.gap.backwards',
          params: {
            ...base,
            count: l.jumpsTotal,
            by: formatDuration(largest.tsBefore - largest.tsAfter),
            by_ja: formatDuration(largest.tsBefore - largest.tsAfter, 'ja'),
            rec: largest.recAfter,
            before: formatTs(largest.tsBefore),
            after: formatTs(largest.tsAfter),
          },
          attack: ['T1070.006'],
          details: {
            file: l.file,
            channel: l.channel,
            jumps: l.jumpsTotal,
            tolerance_seconds: o.t.backwardsToleranceSeconds,
            list: l.jumps.slice(0, 100).map((j) => ({
              record_before: j.recBefore,
              record_after: j.recAfter,
              ts_before: j.tsBefore,
              ts_after: j.tsAfter,
            })),
          },
        }),
      );
    }

    const firstRun = merged[0]!;
    if (firstRun.start > 1 && KEY_CHANNELS.has(l.channel)) {
      const cleared =
        l.first?.rec === firstRun.start &&
        (l.first.id === 1102 || l.first.id === 104) &&
        l.first.provider === 'Microsoft-Windows-Eventlog';
      const share = l.records ? l.failedLogons / l.records : 0;
      const flooded = !cleared && l.failedLogons >= 1000 && share >= 0.5;
      const severity: FindingSeverity = flooded ? 'medium' : 'low';
      const g = {
        host: l.host,
        first: firstRun.first.ts,
        last: firstRun.first.ts,
        count: firstRun.start - 1,
        evidence: [evidence(l.file, firstRun.first)],
      };
      out.push(
        findingOf(g, {
          kind: 'log-overwritten',
          severity,
          producer: PRODUCER,
          message: cleared ? 'win.gap.start_cleared' : flooded ? 'win.gap.start_flooded' : 'win.gap.start',
          params: {
            ...base,
            rec: firstRun.start,
            lost: firstRun.start - 1,
            at: formatTs(firstRun.first.ts),
            pct: Math.round(share * 100),
          },
          attack: [],
          details: {
            file: l.file,
            channel: l.channel,
            first_record: firstRun.start,
            earlier_records: firstRun.start - 1,
            starts_at: firstRun.first.ts,
            cleared,
            exported_file: exported,
            failed_logon_share: Math.round(share * 1000) / 1000,
            records: l.records,
          },
        }),
      );
    }
    return out;
  }
}
