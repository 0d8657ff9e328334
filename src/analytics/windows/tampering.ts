/**
 * Tampering with the evidence itself: cleared logs (Security 1102, System 104 naming the cleared
 * log), changes of the Event Log service's start type (System 7040 for the EventLog service), and
 * system time changes (Security 4616 with PreviousTime/NewTime, System 1 from Kernel-General with
 * OldTime/NewTime). Time changes are grouped per host and actor; the clock-keeping services
 * (Windows Time as LOCAL SERVICE, VMware and VirtualBox guest tools) are told apart from people
 * and scripts. The same change logged as both 4616 and Kernel-General 1 counts once.
 */
import type { Event } from '../../core/event.ts';
import { formatTs } from '../../core/event.ts';
import type { EvidenceRef, Finding, FindingSeverity } from '../../core/finding.ts';
import type { Analyzer } from '../types.ts';
import {
  channelOf,
  eventId,
  formatDuration,
  hostOf,
  imageName,
  isWindows,
  num,
  providerOf,
  ref,
  SECURITY,
  str,
  SYSTEM,
} from './common.ts';
import { findingOf, Groups, Tally } from './group.ts';
import type { ResolvedWindowsOptions } from './options.ts';
import { parseEventTime } from './time-parse.ts';
import './messages.ts';

const PRODUCER = 'windows-tampering';
const EVENTLOG_PROVIDER = 'Microsoft-Windows-Eventlog';
const KERNEL_GENERAL = 'Microsoft-Windows-Kernel-General';
const CLOCK_KEEPERS = new Set([
  'svchost.exe',
  'vmtoolsd.exe',
  'vboxservice.exe',
  'vmicsvc.exe',
  'prl_tools_service.exe',
  'w32tm.exe',
]);
const MAX_CHANGES = 500_000;

interface Clear {
  ts: number;
  user: string;
  channel: string;
  ref: EvidenceRef;
  host: string | null;
}
interface TimeChange {
  ts: number;
  delta: number;
  prev: number;
  next: number;
  approximate: boolean;
  ref: EvidenceRef;
  source: '4616' | 'kernel';
}
interface ActorData {
  actor: string;
  benign: boolean;
  changes: TimeChange[];
}

/** Times read from localized text have no zone: show them without the UTC "Z". */
function wallClock(us: number, approximate: boolean): string {
  const s = formatTs(us);
  return approximate ? s.replace('T', ' ').replace(/(\.\d+)?Z$/, '') : s;
}

function clearedChannel(e: Event, id: number): string {
  if (id === 1102) return SECURITY;
  // 104's UserData names the cleared log; the reader keeps it apart from System/Channel
  const named = str(e, 'UserData_Channel');
  if (named) return named;
  return str(e, 'BackupPath') ? '?' : SYSTEM;
}

export function tamperingAnalyzer(o: ResolvedWindowsOptions): Analyzer {
  const clears: Clear[] = [];
  const service = new Groups<{ changes: Tally }>(() => ({ changes: new Tally() }));
  const actors = new Groups<ActorData>(() => ({ actor: '', benign: false, changes: [] }));
  let stored = 0;

  return {
    id: PRODUCER,
    wants(e) {
      if (!isWindows(e)) return false;
      const id = eventId(e);
      const ch = channelOf(e);
      if (ch === SECURITY) return id === 1102 || id === 4616;
      if (ch === SYSTEM) return id === 104 || id === 7040 || id === 1;
      return false;
    },
    add(e) {
      const id = eventId(e)!;
      const host = hostOf(e);
      const provider = providerOf(e);
      if ((id === 1102 || id === 104) && provider === EVENTLOG_PROVIDER) {
        if (clears.length < 100_000)
          clears.push({
            ts: e.ts,
            user: str(e, 'SubjectUserName') ?? str(e, 'Security_UserID') ?? '?',
            channel: clearedChannel(e, id),
            ref: ref(e),
            host,
          });
        return;
      }
      if (id === 7040) {
        if (str(e, 'param4')?.toLowerCase() !== 'eventlog') return;
        service.add(host ?? '', e)?.data.changes.add(`${str(e, 'param2') ?? '?'} → ${str(e, 'param3') ?? '?'}`);
        return;
      }
      let change: TimeChange | undefined;
      let actor: string;
      let benign: boolean;
      if (id === 4616) {
        const prev = parseEventTime(str(e, 'PreviousDate'), str(e, 'PreviousTime'));
        const next = parseEventTime(str(e, 'NewDate'), str(e, 'NewTime'));
        const proc = imageName(str(e, 'ProcessName'));
        const user = str(e, 'SubjectUserName') ?? '?';
        actor = `${user} (${proc || '?'})`;
        benign = CLOCK_KEEPERS.has(proc) && (proc !== 'svchost.exe' || str(e, 'SubjectUserSid') === 'S-1-5-19');
        if (prev && next)
          change = {
            ts: e.ts,
            prev: prev.us,
            next: next.us,
            delta: next.us - prev.us,
            approximate: prev.approximate || next.approximate,
            ref: ref(e),
            source: '4616',
          };
      } else {
        if (provider !== KERNEL_GENERAL) return;
        const prev = parseEventTime(undefined, str(e, 'OldTime'));
        const next = parseEventTime(undefined, str(e, 'NewTime'));
        const reason = num(e, 'Reason');
        const sid = str(e, 'Security_UserID') ?? '?';
        actor = `${sid}${reason !== undefined ? ` (reason ${reason})` : ''}`;
        benign = sid === 'S-1-5-19' || reason === 2 || reason === 3;
        if (prev && next)
          change = {
            ts: e.ts,
            prev: prev.us,
            next: next.us,
            delta: next.us - prev.us,
            approximate: false,
            ref: ref(e),
            source: 'kernel',
          };
      }
      if (!change || stored >= MAX_CHANGES) return;
      const g = actors.add(`${host ?? ''}|${actor.toLowerCase()}`, e);
      if (!g) return;
      stored++;
      g.data.actor ||= actor;
      g.data.benign = benign;
      g.data.changes.push(change);
    },
    finish() {
      return [...clearFindings(), ...serviceFindings(), ...timeFindings()].sort((a, b) => a.first_seen - b.first_seen);
    },
  };

  function clearFindings(): Finding[] {
    const out: Finding[] = [];
    const byKey = new Map<string, Clear[]>();
    for (const c of clears) {
      const k = `${c.host ?? ''}|${c.user.toLowerCase()}`;
      const list = byKey.get(k);
      if (list) list.push(c);
      else byKey.set(k, [c]);
    }
    for (const list of byKey.values()) {
      list.sort((a, b) => a.ts - b.ts);
      let burst: Clear[] = [];
      const flush = (): void => {
        if (!burst.length) return;
        const channels = [...new Set(burst.map((c) => c.channel))];
        const first = burst[0]!;
        const g = {
          host: first.host,
          first: first.ts,
          last: burst[burst.length - 1]!.ts,
          count: burst.length,
          evidence: burst.slice(0, 50).map((c) => c.ref),
        };
        const shown = channels.slice(0, 6).join(', ') + (channels.length > 6 ? `, … (+${channels.length - 6})` : '');
        out.push(
          findingOf(g, {
            kind: 'log-cleared',
            severity: 'high',
            producer: PRODUCER,
            message: channels.length === 1 ? 'win.clear.one' : 'win.clear.many',
            params: {
              host: first.host ?? '?',
              user: first.user,
              channels: shown,
              n: channels.length,
              at: formatTs(first.ts),
            },
            attack: ['T1070.001'],
            details: { account: first.user, channels, timeline_untrusted_before: first.ts },
          }),
        );
        burst = [];
      };
      for (const c of list) {
        if (burst.length && c.ts - burst[burst.length - 1]!.ts > 10 * 60e6) flush();
        burst.push(c);
      }
      flush();
    }
    return out;
  }

  function serviceFindings(): Finding[] {
    return [...service.values()].map((g) =>
      findingOf(g, {
        kind: 'eventlog-service-changed',
        severity: 'medium',
        producer: PRODUCER,
        message: 'win.eventlog.starttype',
        params: { host: g.host ?? '?', changes: g.data.changes.describe(3), count: g.count },
        attack: ['T1562.002'],
        details: { changes: g.data.changes.toObject() },
      }),
    );
  }

  function timeFindings(): Finding[] {
    const out: Finding[] = [];
    const minJump = o.t.timeChangeMinSeconds * 1e6;
    // the same change as 4616 and as Kernel-General 1: keep the 4616 (it names the process)
    const fromSecurity = new Set<string>();
    const sig = (host: string | null, c: TimeChange): string =>
      `${host ?? ''}|${Math.round(c.next / 1e6)}|${Math.round(c.delta / 1e6)}`;
    for (const g of actors.values())
      for (const c of g.data.changes) if (c.source === '4616') fromSecurity.add(sig(g.host, c));
    for (const g of actors.values()) {
      const d = g.data;
      const changes = d.changes.filter((c) => c.source === '4616' || !fromSecurity.has(sig(g.host, c)));
      const big = changes.filter((c) => Math.abs(c.delta) >= minJump);
      const many = !d.benign && changes.length >= o.t.timeChangeMinCount;
      if (!big.length && !many) continue;
      const shown = big.length ? big : changes;
      const largest = shown.reduce((a, b) => (Math.abs(b.delta) > Math.abs(a.delta) ? b : a));
      const backwards = shown.filter((c) => c.delta < 0).length;
      const severity: FindingSeverity = d.benign ? 'low' : big.length ? 'high' : 'medium';
      const sign = largest.delta >= 0 ? '+' : '−';
      const group = {
        host: g.host,
        first: Math.min(...shown.map((c) => c.ts)),
        last: Math.max(...shown.map((c) => c.ts)),
        count: shown.length,
        evidence: shown.slice(0, 50).map((c) => c.ref),
      };
      out.push(
        findingOf(group, {
          kind: 'system-time-changed',
          severity,
          producer: PRODUCER,
          message: d.benign ? 'win.time.benign' : 'win.time.changed',
          params: {
            host: g.host ?? '?',
            actor: d.actor,
            count: shown.length,
            jump: `${sign}${formatDuration(largest.delta)}`,
            jump_ja: `${sign}${formatDuration(largest.delta, 'ja')}`,
            at: formatTs(largest.ts),
            from: wallClock(largest.prev, largest.approximate),
            to: wallClock(largest.next, largest.approximate),
            backwards,
          },
          attack: ['T1070.006'],
          details: {
            actor: d.actor,
            clock_service: d.benign,
            changes: changes.length,
            large_changes: big.length,
            backwards,
            largest_jump_seconds: largest.delta / 1e6,
            localized_times: shown.some((c) => c.approximate),
            jumps: shown.slice(0, 20).map((c) => ({ at: c.ts, from: c.prev, to: c.next, seconds: c.delta / 1e6 })),
          },
        }),
      );
    }
    return out;
  }
}
