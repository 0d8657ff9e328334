/**
 * Password guessing, spraying, and a success after failures, per host and source.
 * Failures: Security 4625 (failed logon), 4771 (Kerberos pre-authentication failed), 4768 with a
 * non-zero status (TGT refused: unknown or disabled account), 4776 with a non-zero status (NTLM
 * credential validation). Successes from the same source: 4624 (person accounts, interactive,
 * network, RDP and cached logon types), 4768 status 0x0, 4776 status 0x0. Failures group into
 * bursts (no gap longer than burstGapMinutes); a burst with many distinct accounts is a spray,
 * else many attempts make a brute force. 4776 comes from the workstation name only, so it is
 * dropped when the same host's 4625 events already name that workstation (one guess, two events).
 * Explicit-credential logons (4648) with many different target accounts from one account are
 * DeepBlueCLI's and Hayabusa's password-spray signal and are grouped the same way. Without a
 * Security log, a flood of RDP connections from one address (RdpCoreTS 131) is reported too.
 */
import type { Event } from '../../core/event.ts';
import { formatTs } from '../../core/event.ts';
import type { EvidenceRef, Finding, FindingSeverity } from '../../core/finding.ts';
import type { Analyzer } from '../types.ts';
import {
  bareUser,
  channelOf,
  eventId,
  formatDuration,
  hostOf,
  isLoopback,
  isNonPersonAccount,
  isWindows,
  logonSource,
  normalizeIp,
  num,
  SECURITY,
  str,
} from './common.ts';
import { findingOf } from './group.ts';
import { logonTypeLabel } from './labels.ts';
import type { ResolvedWindowsOptions } from './options.ts';
import './messages.ts';

const PRODUCER = 'windows-brute-force';
const RDPCORE = 'Microsoft-Windows-RemoteDesktopServices-RdpCoreTS/Operational';
const SUCCESS_LOGON_TYPES = new Set([2, 3, 7, 8, 10, 11, 12, 13]);
const MAX_ATTEMPTS_STORED = 2_000_000;
const MAX_SUCCESSES_PER_KEY = 20_000;
const MAX_SOURCES = 300_000;
const RECENT_SUCCESSES = 16;

type Family = 'net' | 'ntlm' | 'explicit' | 'rdp';

/** Attempts and successes of one (family, host, source), in parallel arrays to stay small. */
interface Source {
  family: Family;
  host: string | null;
  peer: string | null;
  local: boolean;
  subject?: string;
  workstations?: Set<string>;
  ts: number[];
  user: number[];
  ref: number[];
  events: number[];
  succ: { ts: number; user: number; how: string; howJa: string; ref: number }[];
  succDropped: number;
}

interface Burst {
  idx: number[];
  first: number;
  last: number;
  users: Map<number, number>;
}

export function bruteForceAnalyzer(o: ResolvedWindowsOptions): Analyzer {
  const sources = new Map<string, Source>();
  const users: string[] = [];
  const userIds = new Map<string, number>();
  // evidence of every attempt kept as numbers (file index, record, offset, time), not objects
  const files: string[] = [];
  const fileIds = new Map<string, number>();
  const refFile: number[] = [];
  const refRec: number[] = [];
  const refOff: number[] = [];
  const refTs: number[] = [];
  const refOf = (i: number): EvidenceRef => {
    const r: EvidenceRef = { file: files[refFile[i]!]! };
    if (refRec[i]! >= 0) r.record = refRec[i];
    if (refOff[i]! >= 0) r.offset = refOff[i];
    if (Number.isFinite(refTs[i])) r.ts = refTs[i];
    return r;
  };
  let stored = 0;
  let dropped = 0;

  /** Accounts by their bare lower-case name ("DOM\\Bob", "bob@dom" and "bob" are one), shown as first seen. */
  const userId = (u: string): number => {
    const k = bareUser(u);
    let id = userIds.get(k);
    if (id === undefined) {
      id = users.length;
      users.push(u);
      userIds.set(k, id);
    }
    return id;
  };
  const source = (family: Family, e: Event, key: string, peer: string | null, local: boolean): Source | undefined => {
    const host = hostOf(e);
    const k = `${family}\u0000${host ?? ''}\u0000${key}`;
    let s = sources.get(k);
    if (!s) {
      if (sources.size >= MAX_SOURCES) {
        dropped++;
        return undefined;
      }
      s = { family, host, peer, local, ts: [], user: [], ref: [], events: [], succ: [], succDropped: 0 };
      sources.set(k, s);
    }
    return s;
  };
  const keep = (e: Event): number => {
    let f = fileIds.get(e.source.file);
    if (f === undefined) {
      f = files.length;
      files.push(e.source.file);
      fileIds.set(e.source.file, f);
    }
    refFile.push(f);
    refRec.push(e.source.record ?? num(e, 'EventRecordID') ?? -1);
    refOff.push(e.source.offset ?? -1);
    refTs.push(e.ts);
    return refFile.length - 1;
  };
  const failure = (s: Source | undefined, e: Event, user: string): void => {
    if (!s) return;
    if (stored >= MAX_ATTEMPTS_STORED) {
      dropped++;
      return;
    }
    stored++;
    s.ts.push(e.ts);
    s.user.push(userId(user));
    s.ref.push(keep(e));
    const id = eventId(e) ?? 0;
    if (!s.events.includes(id)) s.events.push(id);
  };
  const success = (s: Source | undefined, e: Event, user: string, how: string, howJa = how): void => {
    if (!s) return;
    if (s.succ.length >= MAX_SUCCESSES_PER_KEY) {
      s.succDropped++;
      return;
    }
    // a source without failures so far keeps only its latest few successes (files can arrive in any order)
    if (s.ts.length === 0 && s.succ.length >= RECENT_SUCCESSES) s.succ.shift();
    s.succ.push({ ts: e.ts, user: userId(user), how, howJa, ref: keep(e) });
  };

  return {
    id: PRODUCER,
    wants(e) {
      if (!isWindows(e)) return false;
      const ch = channelOf(e);
      if (ch === RDPCORE) return eventId(e) === 131;
      if (ch !== SECURITY) return false;
      const id = eventId(e);
      return id === 4625 || id === 4624 || id === 4771 || id === 4768 || id === 4776 || id === 4648;
    },
    add(e) {
      const id = eventId(e);
      if (channelOf(e) === RDPCORE) {
        const raw = str(e, 'ClientIP');
        const ip = normalizeIp(raw) ?? normalizeIp(raw?.replace(/:\d{1,5}$/, ''));
        if (ip && !isLoopback(ip)) failure(source('rdp', e, `ip:${ip}`, ip, false), e, '');
        return;
      }
      const user = str(e, 'TargetUserName');
      if (id === 4776) {
        const ws = str(e, 'Workstation');
        if (!user || !ws) return;
        const s = source('ntlm', e, `ws:${ws.toUpperCase()}`, ws, false);
        if ((num(e, 'Status') ?? 0) !== 0) failure(s, e, user);
        else if (!isNonPersonAccount(user)) success(s, e, user, 'NTLM');
        return;
      }
      if (id === 4648) {
        const subject = str(e, 'SubjectUserName');
        if (!user || isNonPersonAccount(subject, str(e, 'SubjectUserSid'))) return;
        const src = logonSource(e);
        const s = source(
          'explicit',
          e,
          `${subject!.toLowerCase()}\u0000${src.key}`,
          src.ip ?? src.workstation ?? null,
          src.local,
        );
        if (s) s.subject = subject;
        failure(s, e, user);
        return;
      }
      const src = logonSource(e);
      const s = source('net', e, src.key, src.ip ?? src.workstation ?? null, src.local);
      if (id === 4625) {
        if (!user) return;
        const ws = str(e, 'WorkstationName');
        if (ws && s && (s.workstations ??= new Set()).size < 100) s.workstations.add(ws.toUpperCase());
        failure(s, e, user);
      } else if (id === 4771) {
        if (user) failure(s, e, user);
      } else if (id === 4768) {
        if (!user) return;
        if ((num(e, 'Status') ?? 0) !== 0) failure(s, e, user);
        else if (!isNonPersonAccount(user)) success(s, e, user, 'Kerberos TGT');
      } else if (id === 4624) {
        const type = num(e, 'LogonType');
        if (
          !user ||
          type === undefined ||
          !SUCCESS_LOGON_TYPES.has(type) ||
          isNonPersonAccount(user, str(e, 'TargetUserSid'))
        )
          return;
        success(s, e, user, logonTypeLabel(type), logonTypeLabel(type, 'ja'));
      }
    },
    finish() {
      const out: Finding[] = [];
      const wsByHost = new Map<string, Set<string>>();
      for (const s of sources.values()) {
        if (s.family !== 'net' || s.ts.length === 0) continue;
        const set = wsByHost.get(s.host ?? '') ?? new Set<string>();
        for (const w of s.workstations ?? []) set.add(w);
        wsByHost.set(s.host ?? '', set);
      }
      out.push(...rdpScans());
      for (const s of sources.values()) {
        if (s.ts.length === 0) continue;
        if (s.family === 'ntlm' && s.peer && wsByHost.get(s.host ?? '')?.has(s.peer.toUpperCase())) continue;
        for (const b of bursts(s, o.t.burstGapMinutes * 60e6)) {
          const f = judge(s, b);
          if (f) out.push(f);
        }
      }
      return out.sort((a, b) => a.first_seen - b.first_seen);
    },
  };

  function judge(s: Source, b: Burst): Finding | undefined {
    if (s.family === 'rdp') return rdpFlood(s, b);
    const attempts = b.idx.length;
    const nUsers = b.users.size;
    const topShare = Math.max(...b.users.values()) / attempts;
    const spray = nUsers >= o.t.sprayMinUsers && topShare < 0.5;
    if (s.family === 'explicit' ? !spray : !spray && attempts < o.t.bruteForceMinAttempts) return undefined;
    const ranked = [...b.users.entries()].sort((x, y) => y[1] - x[1]).map(([u]) => users[u]!);
    const top = ranked.slice(0, 5).join(', ') + (ranked.length > 5 ? ', …' : '');
    const base = {
      host: s.host ?? '?',
      attempts,
      users: nUsers,
      top,
      src: s.peer ? (s.local ? `${s.peer} (local)` : s.peer) : 'local',
      src_ja: s.peer ? (s.local ? `${s.peer} (ローカル)` : s.peer) : 'ローカル',
      span: formatDuration(b.last - b.first),
      span_ja: formatDuration(b.last - b.first, 'ja'),
      subject: s.subject ?? '',
    };
    const hit = s.family === 'explicit' ? undefined : successAfter(s, b);
    const evidence = pickEvidence(b, hit?.ref);
    const group = {
      host: s.host,
      first: b.first,
      last: hit ? Math.max(b.last, hit.ts) : b.last,
      count: attempts,
      evidence,
    };
    const details: Record<string, unknown> = {
      source: s.peer,
      local_source: s.local,
      attempts,
      distinct_accounts: nUsers,
      top_accounts: ranked.slice(0, 20),
      event_ids: [...s.events].sort((a, b) => a - b),
      spray,
      burst_gap_minutes: o.t.burstGapMinutes,
    };
    if (dropped > 0) details.attempts_not_stored = dropped;
    if (s.family === 'explicit') {
      details.subject_user = s.subject;
      return findingOf(group, {
        kind: 'password-spray',
        severity: 'high',
        producer: PRODUCER,
        message: 'win.bf.spray_explicit',
        params: base,
        peer: s.peer,
        attack: ['T1110', 'T1110.003'],
        details,
      });
    }
    const kind = spray ? 'password-spray' : 'brute-force';
    const attack = ['T1110', spray ? 'T1110.003' : 'T1110.001'];
    if (hit) {
      const user = users[hit.user]!;
      const targeted = b.users.has(hit.user);
      details.success = { account: user, how: hit.how, ts: hit.ts, targeted };
      const params = { ...base, user, how: hit.how, how_ja: hit.howJa, at: formatTs(hit.ts) };
      if (targeted) {
        return findingOf(group, {
          kind: 'brute-force-success',
          severity: 'critical',
          producer: PRODUCER,
          message: 'win.bf.success',
          params,
          peer: s.peer,
          attack: [...attack, 'T1078'],
          details,
        });
      }
      return findingOf(group, {
        kind,
        severity: 'high',
        producer: PRODUCER,
        message: 'win.bf.success_other',
        params,
        peer: s.peer,
        attack,
        details,
      });
    }
    const severity: FindingSeverity = spray || attempts >= 100 ? 'high' : 'medium';
    return findingOf(group, {
      kind,
      severity,
      producer: PRODUCER,
      message: spray ? 'win.bf.spray' : 'win.bf.guess',
      params: base,
      peer: s.peer,
      attack,
      details,
    });
  }

  /** One address connecting to RDP on many hosts (RdpCoreTS 131 of several machines, e.g. forwarded logs). */
  function rdpScans(): Finding[] {
    const byPeer = new Map<string, Source[]>();
    for (const s of sources.values()) {
      if (s.family !== 'rdp' || !s.peer) continue;
      const list = byPeer.get(s.peer);
      if (list) list.push(s);
      else byPeer.set(s.peer, [s]);
    }
    const out: Finding[] = [];
    for (const [peer, list] of byPeer) {
      const hosts = [...new Set(list.map((s) => s.host ?? '?'))].sort();
      if (hosts.length < o.t.rdpScanMinHosts) continue;
      const ts = list.flatMap((s) => s.ts.filter(Number.isFinite));
      const connections = list.reduce((n, s) => n + s.ts.length, 0);
      const first = Math.min(...ts);
      const last = Math.max(...ts);
      const evidence = list.flatMap((s) => s.ref.slice(0, 2).map(refOf)).slice(0, 50);
      out.push(
        findingOf(
          { host: null, first, last, count: connections, evidence },
          {
            kind: 'rdp-scan',
            severity: 'medium',
            producer: PRODUCER,
            message: 'win.bf.rdp_scan',
            params: {
              src: peer,
              hosts: hosts.length,
              attempts: connections,
              span: formatDuration(last - first),
              span_ja: formatDuration(last - first, 'ja'),
              list: hosts.slice(0, 6).join(', ') + (hosts.length > 6 ? ', …' : ''),
            },
            peer,
            attack: ['T1046', 'T1021.001'],
            details: { source: peer, hosts, connections, event_ids: [131] },
          },
        ),
      );
    }
    return out;
  }

  /** Many RDP connections from one address (RdpCoreTS 131 names no account): guessing or scanning over RDP. */
  function rdpFlood(s: Source, b: Burst): Finding | undefined {
    const attempts = b.idx.length;
    if (attempts < o.t.rdpConnectionsMin) return undefined;
    const logons = sources.get(`net\u0000${s.host ?? ''}\u0000ip:${s.peer}`);
    const hit = logons ? successAfter(logons, b) : undefined;
    const params = {
      host: s.host ?? '?',
      src: s.peer ?? '?',
      src_ja: s.peer ?? '?',
      attempts,
      span: formatDuration(b.last - b.first),
      span_ja: formatDuration(b.last - b.first, 'ja'),
      user: hit ? users[hit.user]! : '',
      at: hit ? formatTs(hit.ts) : '',
    };
    const details: Record<string, unknown> = {
      source: s.peer,
      connections: attempts,
      service: 'rdp',
      event_ids: [131],
      success: hit ? { account: users[hit.user], how: hit.how, ts: hit.ts } : null,
    };
    const group = {
      host: s.host,
      first: b.first,
      last: hit ? Math.max(b.last, hit.ts) : b.last,
      count: attempts,
      evidence: pickEvidence(b, hit?.ref),
    };
    return findingOf(group, {
      kind: 'brute-force',
      severity: hit ? 'high' : 'medium',
      producer: PRODUCER,
      message: hit ? 'win.bf.rdp_flood_logon' : 'win.bf.rdp_flood',
      params,
      peer: s.peer,
      attack: ['T1110', 'T1021.001'],
      details,
    });
  }

  /** The first success from the same source during the burst or soon after it, preferring a targeted account. */
  function successAfter(s: Source, b: Burst): Source['succ'][number] | undefined {
    const until = b.last + o.t.successWithinMinutes * 60e6;
    let any: Source['succ'][number] | undefined;
    let targeted: Source['succ'][number] | undefined;
    for (const x of s.succ) {
      if (!(x.ts >= b.first && x.ts <= until)) continue;
      if (!any || x.ts < any.ts) any = x;
      if (b.users.has(x.user) && (!targeted || x.ts < targeted.ts)) targeted = x;
    }
    return targeted ?? any;
  }

  function pickEvidence(b: Burst, extra?: number): EvidenceRef[] {
    const idx = b.idx.length <= 49 ? b.idx : [...b.idx.slice(0, 40), ...b.idx.slice(-9)];
    const out = idx.map(refOf);
    if (extra !== undefined) out.push(refOf(extra));
    return out;
  }

  function bursts(s: Source, gap: number): Burst[] {
    const order = s.ts
      .map((_, i) => i)
      .filter((i) => Number.isFinite(s.ts[i]))
      .sort((a, b) => s.ts[a]! - s.ts[b]!);
    const out: Burst[] = [];
    let cur: Burst | undefined;
    for (const i of order) {
      const t = s.ts[i]!;
      if (!cur || t - cur.last > gap) {
        cur = { idx: [], first: t, last: t, users: new Map() };
        out.push(cur);
      }
      cur.idx.push(s.ref[i]!);
      cur.last = t;
      const u = s.user[i]!;
      cur.users.set(u, (cur.users.get(u) ?? 0) + 1);
    }
    return out;
  }
}
