/**
 * Evidence coverage, "why nothing matched" (seed 004 ログの不足): what the logs of each host can
 * and cannot show.
 *  - per file and channel (runs next to the reader, sees every record): the time range covered and
 *    the number of events, whether the log was overwritten and keeps only hours, whether process
 *    creation (4688) is audited and carries command lines;
 *  - per host (main thread, sees the first event of each file per host and channel plus the
 *    4688/4104 events; a file is read by one worker in order, so that sample does not depend on
 *    which worker finishes first, and neither does the host's time range): which
 *    of the logs an investigation relies on are missing (Security, System, Sysmon, PowerShell
 *    script blocks) and which analyses and rules therefore could not run.
 * Both are low-severity context findings.
 */
import { formatTs } from '../../core/event.ts';
import type { EvidenceRef, Finding } from '../../core/finding.ts';
import { tBoth, type MessageKey } from '../../i18n/index.ts';
import type { Analyzer } from '../types.ts';
import {
  channelOf,
  eventId,
  formatDuration,
  hostOf,
  isWindows,
  maxTs,
  minTs,
  num,
  ref,
  SECURITY,
  str,
  SYSTEM,
} from './common.ts';
import { KEY_CHANNELS } from './gaps.ts';
import { findingOf } from './group.ts';
import type { ResolvedWindowsOptions } from './options.ts';
import './messages.ts';

const FILE_PRODUCER = 'windows-log-coverage';
const HOST_PRODUCER = 'windows-evidence-coverage';
const SYSMON = 'Microsoft-Windows-Sysmon/Operational';
const PS_OPERATIONAL = 'Microsoft-Windows-PowerShell/Operational';
const HOUR = 3600e6;
/** an overwritten log keeping less than this rotates too fast to investigate with */
const SHORT_SPAN = 24 * HOUR;
const MAX_KEYS = 100_000;

interface FileLog {
  file: string;
  channel: string;
  host: string | null;
  count: number;
  first: number;
  last: number;
  minRec: number;
  proc: number;
  procWithCmd: number;
  evidence: EvidenceRef[];
}

/** Per file and channel: time range, overwritten beginning, 4688 with or without command lines. */
export function logCoverageAnalyzer(_o: ResolvedWindowsOptions): Analyzer {
  const logs = new Map<string, FileLog>();
  return {
    id: FILE_PRODUCER,
    wants(e) {
      return isWindows(e) && KEY_CHANNELS.has(channelOf(e));
    },
    add(e) {
      const channel = channelOf(e);
      const host = hostOf(e);
      const key = `${e.source.file}\u0000${channel}\u0000${host ?? ''}`;
      let l = logs.get(key);
      if (!l) {
        if (logs.size >= MAX_KEYS) return;
        l = {
          file: e.source.file,
          channel,
          host,
          count: 0,
          first: NaN,
          last: NaN,
          minRec: Infinity,
          proc: 0,
          procWithCmd: 0,
          evidence: [],
        };
        logs.set(key, l);
      }
      l.count++;
      if (Number.isFinite(e.ts)) {
        if (!(e.ts >= l.first)) l.evidence[0] = ref(e);
        if (!(e.ts <= l.last)) l.evidence[1] = ref(e);
      }
      l.first = minTs(l.first, e.ts);
      l.last = maxTs(l.last, e.ts);
      const rec = num(e, 'EventRecordID');
      if (rec !== undefined && rec < l.minRec) l.minRec = rec;
      if (channel === SECURITY && eventId(e) === 4688) {
        l.proc++;
        if (str(e, 'CommandLine')) l.procWithCmd++;
      }
    },
    finish() {
      const out: Finding[] = [];
      for (const l of logs.values()) {
        const span = Number.isFinite(l.first) && Number.isFinite(l.last) ? l.last - l.first : NaN;
        const notes: { en: string; ja: string }[] = [];
        const overwritten = l.minRec > 1 && Number.isFinite(l.minRec);
        const short = overwritten && Number.isFinite(span) && span < SHORT_SPAN && l.count >= 100;
        if (short)
          notes.push(
            tBoth('win.cov.note.short', {
              span: formatDuration(span),
              span_ja: formatDuration(span, 'ja'),
              rec: l.minRec,
            }),
          );
        if (l.channel === SECURITY && l.proc > 0 && l.procWithCmd === 0)
          notes.push(tBoth('win.cov.note.no_cmdline', { count: l.proc }));
        const spanText = Number.isFinite(span) ? formatDuration(span) : '?';
        const spanJa = Number.isFinite(span) ? formatDuration(span, 'ja') : '?';
        const g = { host: l.host, first: l.first, last: l.last, count: l.count, evidence: l.evidence.filter(Boolean) };
        out.push(
          findingOf(g, {
            kind: 'log-coverage',
            severity: 'low',
            producer: FILE_PRODUCER,
            message: 'win.cov.log',
            params: {
              // the base name: the directory is the collection's, and the evidence reference has the full path
              file: l.file.slice(Math.max(l.file.lastIndexOf('/'), l.file.lastIndexOf('\\')) + 1),
              channel: l.channel,
              host: l.host ?? '?',
              count: l.count,
              from: formatTs(l.first) || '?',
              to: formatTs(l.last) || '?',
              span: spanText,
              span_ja: spanJa,
              notes: notes.map((n) => ` ${n.en}`).join(''),
              notes_ja: notes.map((n) => n.ja).join(''),
            },
            details: {
              channel: l.channel,
              from: formatTs(l.first) || null,
              to: formatTs(l.last) || null,
              events: l.count,
              first_record: Number.isFinite(l.minRec) ? l.minRec : null,
              overwritten,
              rotates_within_hours: short,
              process_creations: l.proc,
              process_creations_with_command_line: l.procWithCmd,
            },
          }),
        );
      }
      return out.sort((a, b) => a.first_seen - b.first_seen);
    },
  };
}

interface HostLogs {
  host: string;
  channels: Set<string>;
  first: number;
  last: number;
  proc: number;
  procWithCmd: number;
  sysmonProc: boolean;
  scriptBlocks: number;
  evidence: EvidenceRef[];
}

/** What each missing source takes away (message keys of the analyses that need it). */
const NEEDS: Record<string, MessageKey> = {
  security: 'win.cov.need.security',
  system: 'win.cov.need.system',
  sysmon: 'win.cov.need.sysmon',
  ps4104: 'win.cov.need.ps4104',
  process: 'win.cov.need.process',
  cmdline: 'win.cov.need.cmdline',
};
const MISSING: Record<string, MessageKey> = {
  security: 'win.cov.missing.security',
  system: 'win.cov.missing.system',
  sysmon: 'win.cov.missing.sysmon',
  ps4104: 'win.cov.missing.ps4104',
  process: 'win.cov.missing.process',
  cmdline: 'win.cov.missing.cmdline',
};

/** Keeps the `max` earliest references (by time, then file and record): the same whatever the arrival order. */
function keepEarliest(refs: EvidenceRef[], r: EvidenceRef, max: number): void {
  refs.push(r);
  refs.sort(byTimeThenPlace);
  if (refs.length > max) refs.length = max;
}

function byTimeThenPlace(a: EvidenceRef, b: EvidenceRef): number {
  return (
    (a.ts ?? 0) - (b.ts ?? 0) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || (a.record ?? 0) - (b.record ?? 0)
  );
}

/** Per host: the logs an investigation relies on that the evidence does not hold, and what could not run for it. */
export function evidenceCoverageAnalyzer(_o: ResolvedWindowsOptions): Analyzer {
  const hosts = new Map<string, HostLogs>();
  const seen = new Set<string>();
  return {
    id: HOST_PRODUCER,
    wants(e) {
      if (!isWindows(e)) return false;
      const ch = channelOf(e);
      const id = eventId(e);
      if ((ch === SECURITY && id === 4688) || (ch === PS_OPERATIONAL && id === 4104) || (ch === SYSMON && id === 1))
        return true;
      const key = `${hostOf(e) ?? ''}\u0000${ch}\u0000${e.source.file}`;
      if (seen.has(key) || seen.size >= MAX_KEYS) return false;
      seen.add(key);
      return true;
    },
    add(e) {
      const name = hostOf(e);
      if (!name) return;
      let h = hosts.get(name.toLowerCase());
      if (!h) {
        if (hosts.size >= MAX_KEYS) return;
        h = {
          host: name,
          channels: new Set(),
          first: NaN,
          last: NaN,
          proc: 0,
          procWithCmd: 0,
          sysmonProc: false,
          scriptBlocks: 0,
          evidence: [],
        };
        hosts.set(name.toLowerCase(), h);
      } else if (name < h.host) h.host = name; // one spelling whatever the order (PC-01 / pc-01)
      const ch = channelOf(e);
      if (h.channels.size < 1000) h.channels.add(ch);
      h.first = minTs(h.first, e.ts);
      h.last = maxTs(h.last, e.ts);
      keepEarliest(h.evidence, ref(e), 10);
      const id = eventId(e);
      if (ch === SECURITY && id === 4688) {
        h.proc++;
        if (str(e, 'CommandLine')) h.procWithCmd++;
      } else if (ch === SYSMON && id === 1) h.sysmonProc = true;
      else if (ch === PS_OPERATIONAL && id === 4104) h.scriptBlocks++;
    },
    finish() {
      const out: Finding[] = [];
      for (const h of hosts.values()) {
        const missing: string[] = [];
        const security = h.channels.has(SECURITY);
        if (!security) missing.push('security');
        if (!h.channels.has(SYSTEM)) missing.push('system');
        if (!h.channels.has(SYSMON)) missing.push('sysmon');
        if (h.scriptBlocks === 0) missing.push('ps4104');
        if (!h.sysmonProc && h.proc === 0 && security) missing.push('process');
        else if (!h.sysmonProc && h.proc > 0 && h.procWithCmd === 0) missing.push('cmdline');
        if (!missing.length) continue;
        const words = (table: Record<string, MessageKey>) => missing.map((m) => tBoth(table[m]!, {}));
        const miss = words(MISSING);
        const need = words(NEEDS);
        const present = [...h.channels].sort();
        out.push(
          findingOf(
            { host: h.host, first: h.first, last: h.last, count: present.length, evidence: h.evidence },
            {
              kind: 'evidence-coverage',
              severity: 'low',
              producer: HOST_PRODUCER,
              message: 'win.cov.host',
              params: {
                host: h.host,
                present: present.join(', '),
                missing: miss.map((m) => m.en).join('; '),
                missing_ja: miss.map((m) => m.ja).join('、'),
                unavailable: need.map((m) => m.en).join('; '),
                unavailable_ja: need.map((m) => m.ja).join('、'),
              },
              details: {
                present,
                missing,
                unavailable: need.map((m) => m.en),
                process_creations: h.proc,
                process_creations_with_command_line: h.procWithCmd,
                script_blocks: h.scriptBlocks,
              },
            },
          ),
        );
      }
      return out;
    },
  };
}
