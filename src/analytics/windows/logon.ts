/**
 * Logon analysis: RDP sessions (4624 type 10/12, TerminalServices LocalSessionManager 21/25,
 * RemoteConnectionManager 1149, 4778), logons with administrative privileges (4672, enriched with
 * the source and type of the 4624 that shares its logon id), use of trap accounts, Domain Admins
 * on user terminals, pass-the-hash patterns (4624 type 9 with seclogo; NTLM network logons with
 * KeyLength 0 that are not anonymous, the JPCERT/CC indicator), and explicit-credential use (4648).
 */
import type { Event } from '../../core/event.ts';
import type { Finding, FindingSeverity } from '../../core/finding.ts';
import type { Analyzer } from '../types.ts';
import {
  bareUser,
  channelOf,
  eventId,
  hostOf,
  isLoopback,
  isNonPersonAccount,
  isPublicIp,
  isWindows,
  logonSource,
  normalizeIp,
  num,
  sameMachine,
  SECURITY,
  str,
  strOf,
  type LogonSource,
} from './common.ts';
import { BoundedMap, findingOf, Groups, Tally, type Group } from './group.ts';
import { logonTypeLabel } from './labels.ts';
import { HostList } from './match.ts';
import type { ResolvedWindowsOptions } from './options.ts';
import './messages.ts';

const PRODUCER = 'windows-logon';
const LSM = 'Microsoft-Windows-TerminalServices-LocalSessionManager/Operational';
const RCM = 'Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational';
const MAX_LOGON_IDS = 100_000;

/** byFamily: one RDP logon is written by Security (4624/4778), LSM (21/25) and RCM (1149): counted per family, the largest wins */
interface RdpData {
  user: string;
  peer: string | null;
  byEvent: Tally;
  byFamily: Tally;
  public: boolean;
  loopback: boolean;
}
interface AdminData {
  user: string;
  logonIds: string[];
}
interface TrapData {
  user: string;
  successes: number;
  failures: number;
  sources: Tally;
  events: Tally;
}
interface DaData {
  user: string;
  sources: Tally;
  types: Tally;
  onTerminal: boolean;
  fromTerminal: boolean;
}
interface PthData {
  user: string;
  peer: string | null;
  variant: 'new-credentials' | 'ntlm-keylength0';
  processes: Tally;
}
interface ExplicitData {
  subject: string;
  targets: Tally;
  server: string;
  remote: boolean;
  processes: Tally;
}

/** Who logged on from where, for the success/failure events that name an account. */
interface Logon {
  user: string;
  src: LogonSource;
  success: boolean;
  type?: number;
}

function sourceLabel(src: LogonSource): string {
  return src.ip ?? src.workstation ?? 'local';
}

/** The account and source of an authentication event, or undefined when it names none. */
function logonOf(e: Event, id: number, channel: string): Logon | undefined {
  if (channel === SECURITY) {
    switch (id) {
      case 4624:
      case 4625: {
        const user = str(e, 'TargetUserName');
        return user ? { user, src: logonSource(e), success: id === 4624, type: num(e, 'LogonType') } : undefined;
      }
      case 4648: {
        const user = str(e, 'TargetUserName');
        return user ? { user, src: logonSource(e), success: true } : undefined;
      }
      case 4768:
      case 4769:
      case 4771: {
        const user = str(e, 'TargetUserName');
        return user ? { user, src: logonSource(e), success: id !== 4771 && (num(e, 'Status') ?? 0) === 0 } : undefined;
      }
      case 4776: {
        const user = str(e, 'TargetUserName');
        return user
          ? { user, src: logonSource(e, 'IpAddress', ['Workstation']), success: (num(e, 'Status') ?? 0) === 0 }
          : undefined;
      }
      case 4778: {
        const user = str(e, 'AccountName');
        return user
          ? { user, src: logonSource(e, 'ClientAddress', ['ClientName']), success: true, type: 10 }
          : undefined;
      }
    }
    return undefined;
  }
  if (channel === LSM && (id === 21 || id === 25)) {
    const user = str(e, 'User');
    const addr = str(e, 'Address');
    if (!user || !addr || !normalizeIp(addr)) return undefined;
    return { user, src: logonSource(e, 'Address', []), success: true, type: 10 };
  }
  if (channel === RCM && id === 1149) {
    const user = str(e, 'Param1');
    if (!user) return undefined;
    return { user, src: logonSource(e, 'Param3', []), success: true, type: 10 };
  }
  return undefined;
}

export function logonAnalyzer(o: ResolvedWindowsOptions): Analyzer {
  const terminals = new HostList(o.userTerminals);
  const rdp = new Groups<RdpData>(() => ({
    user: '',
    peer: null,
    byEvent: new Tally(),
    byFamily: new Tally(),
    public: false,
    loopback: false,
  }));
  const admin = new Groups<AdminData>(() => ({ user: '', logonIds: [] }));
  const trap = new Groups<TrapData>(() => ({
    user: '',
    successes: 0,
    failures: 0,
    sources: new Tally(50),
    events: new Tally(),
  }));
  const da = new Groups<DaData>(() => ({
    user: '',
    sources: new Tally(50),
    types: new Tally(),
    onTerminal: false,
    fromTerminal: false,
  }));
  const pth = new Groups<PthData>(() => ({
    user: '',
    peer: null,
    variant: 'new-credentials',
    processes: new Tally(20),
  }));
  const explicit = new Groups<ExplicitData>(() => ({
    subject: '',
    targets: new Tally(200),
    server: '',
    remote: false,
    processes: new Tally(20),
  }));
  const logonIds = new BoundedMap<string, { src: string; type?: number }>(MAX_LOGON_IDS);

  const rememberLogon = (e: Event, l: Logon): void => {
    const id = str(e, 'TargetLogonId');
    if (!id) return;
    logonIds.set(`${hostOf(e) ?? ''}|${id}`, { src: sourceLabel(l.src), type: l.type });
  };

  return {
    id: PRODUCER,
    wants(e) {
      if (!isWindows(e)) return false;
      const id = eventId(e);
      const ch = channelOf(e);
      if (ch === SECURITY)
        return (
          id === 4624 ||
          id === 4625 ||
          id === 4648 ||
          id === 4672 ||
          id === 4768 ||
          id === 4769 ||
          id === 4771 ||
          id === 4776 ||
          id === 4778
        );
      return (ch === LSM && (id === 21 || id === 25)) || (ch === RCM && id === 1149);
    },
    add(e) {
      const id = eventId(e)!;
      const ch = channelOf(e);
      const host = hostOf(e) ?? '';
      if (id === 4672) {
        const user = str(e, 'SubjectUserName');
        if (!user || isNonPersonAccount(user, str(e, 'SubjectUserSid'))) return;
        const g = admin.add(`${host}|${bareUser(user)}`, e);
        if (!g) return;
        g.data.user ||= user;
        if (g.data.logonIds.length < 200) g.data.logonIds.push(`${host}|${str(e, 'SubjectLogonId') ?? ''}`);
        return;
      }
      const l = logonOf(e, id, ch);
      if (!l) return;
      const bare = bareUser(l.user);
      if (id === 4624) rememberLogon(e, l);
      if (o.trapAccounts.has(bare)) {
        const g = trap.add(`${host}|${bare}`, e);
        if (g) {
          g.data.user ||= l.user;
          if (l.success) g.data.successes++;
          else g.data.failures++;
          g.data.sources.add(sourceLabel(l.src));
          g.data.events.add(String(id));
        }
      }
      const person = !isNonPersonAccount(l.user, str(e, 'TargetUserSid'));
      const isRdp = l.success && (ch !== SECURITY || id === 4778 || (id === 4624 && (l.type === 10 || l.type === 12)));
      if (isRdp && person && (l.src.ip || l.src.workstation)) {
        const g = rdp.add(`${host}|${bare}|${l.src.key}`, e);
        if (g) {
          g.data.user ||= l.user;
          g.data.peer = l.src.ip ?? l.src.workstation ?? null;
          g.data.public ||= l.src.ip !== undefined && isPublicIp(l.src.ip);
          g.data.loopback ||= l.src.ip !== undefined && isLoopback(l.src.ip);
          g.data.byEvent.add(String(id));
          g.data.byFamily.add(ch === SECURITY ? 'Security' : ch === LSM ? 'LSM' : 'RCM');
        }
      }
      if (id === 4624 && person) {
        const type = l.type;
        if (
          o.domainAdmins.has(bare) &&
          type !== undefined &&
          type !== 0 &&
          type !== 4 &&
          type !== 5 &&
          !terminals.empty
        ) {
          const onTerminal = terminals.has(host);
          const fromTerminal = terminals.has(l.src.ip) || terminals.has(l.src.workstation);
          if (onTerminal || fromTerminal) {
            const g = da.add(`${host}|${bare}`, e);
            if (g) {
              g.data.user ||= l.user;
              g.data.sources.add(sourceLabel(l.src));
              g.data.types.add(logonTypeLabel(type));
              g.data.onTerminal ||= onTerminal;
              g.data.fromTerminal ||= fromTerminal;
            }
          }
        }
        const proc = str(e, 'LogonProcessName');
        const pkg = str(e, 'AuthenticationPackageName');
        let variant: PthData['variant'] | undefined;
        if (type === 9 && proc?.toLowerCase() === 'seclogo') variant = 'new-credentials';
        else if (type === 3 && pkg?.toUpperCase() === 'NTLM' && num(e, 'KeyLength') === 0 && l.src.ip !== undefined)
          variant = 'ntlm-keylength0';
        if (variant) {
          const g = pth.add(`${host}|${bare}|${l.src.key}|${variant}`, e);
          if (g) {
            g.data.user ||= l.user;
            g.data.peer = l.src.ip ?? l.src.workstation ?? null;
            g.data.variant = variant;
            g.data.processes.add(str(e, 'ProcessName'));
          }
        }
      }
      if (id === 4648) {
        const subject = str(e, 'SubjectUserName');
        if (!subject || isNonPersonAccount(subject, str(e, 'SubjectUserSid'))) return;
        const server = strOf(e, ['TargetServerName']) ?? '';
        const remote = server !== '' && server.toLowerCase() !== 'localhost' && !sameMachine(server, host);
        if (!remote && bareUser(subject) === bare) return;
        const g = explicit.add(`${host}|${bareUser(subject)}|${server.toLowerCase()}`, e);
        if (g) {
          Object.assign(g.data, { subject, server: server || 'localhost', remote });
          g.data.targets.add(l.user);
          g.data.processes.add(str(e, 'ProcessName'));
        }
      }
    },
    finish() {
      const out: Finding[] = [];
      for (const g of rdp.values()) {
        const d = g.data;
        const count = Math.max(...[...d.byFamily.counts.values()]);
        const severity: FindingSeverity = d.loopback ? 'high' : d.public ? 'medium' : 'low';
        out.push(
          findingOf(g, {
            kind: 'rdp-logon',
            severity,
            producer: PRODUCER,
            message: d.loopback ? 'win.rdp.loopback' : d.public ? 'win.rdp.public' : 'win.rdp.logon',
            params: { host: g.host ?? '?', user: d.user, peer: d.peer ?? '?', count },
            peer: d.peer,
            count,
            attack: d.loopback ? ['T1021.001', 'T1572'] : ['T1021.001'],
            details: {
              account: d.user,
              source: d.peer,
              public_source: d.public,
              loopback_source: d.loopback,
              events: d.byEvent.toObject(),
            },
          }),
        );
      }
      out.push(...spread());
      for (const g of admin.values()) {
        // 4672 is written next to its 4624 (before or after it): sources are looked up once all are in
        const sources = new Tally(50);
        const sourcesJa = new Tally(50);
        for (const id of g.data.logonIds) {
          const l = logonIds.get(id);
          sources.add(l ? `${l.src} (${logonTypeLabel(l.type)})` : 'unknown');
          sourcesJa.add(l ? `${l.src} (${logonTypeLabel(l.type, 'ja')})` : '不明');
        }
        out.push(
          findingOf(g, {
            kind: 'admin-logon',
            severity: 'low',
            producer: PRODUCER,
            message: 'win.admin.logon',
            params: {
              host: g.host ?? '?',
              user: g.data.user,
              count: g.count,
              sources: sources.describe(),
              sources_ja: sourcesJa.describe(),
            },
            attack: ['T1078'],
            details: { account: g.data.user, sources: sources.toObject() },
          }),
        );
      }
      for (const g of trap.values()) {
        const d = g.data;
        const severity: FindingSeverity = d.successes > 0 ? 'critical' : 'high';
        out.push(
          findingOf(g, {
            kind: 'trap-account',
            severity,
            producer: PRODUCER,
            message: d.successes > 0 ? 'win.trap.success' : 'win.trap.attempt',
            params: {
              host: g.host ?? '?',
              user: d.user,
              successes: d.successes,
              failures: d.failures,
              sources: d.sources.describe(),
            },
            peer: d.sources.top(1)[0] ?? null,
            attack: d.successes > 0 ? ['T1078'] : ['T1110'],
            details: {
              account: d.user,
              successes: d.successes,
              failures: d.failures,
              sources: d.sources.toObject(),
              event_ids: d.events.toObject(),
            },
          }),
        );
      }
      for (const g of da.values()) {
        const d = g.data;
        const reason = d.onTerminal && d.fromTerminal ? 'both' : d.onTerminal ? 'host' : 'source';
        out.push(
          findingOf(g, {
            kind: 'domain-admin-on-terminal',
            severity: 'high',
            producer: PRODUCER,
            message: `win.da.${reason}`,
            params: {
              host: g.host ?? '?',
              user: d.user,
              count: g.count,
              sources: d.sources.describe(),
              types: d.types.describe(),
              types_ja: [...d.types.counts.keys()].map((k) => logonTypeLabel(Number(k.split(' ')[0]), 'ja')).join('、'),
            },
            peer: d.sources.top(1)[0] ?? null,
            attack: ['T1078.002'],
            details: {
              account: d.user,
              sources: d.sources.toObject(),
              logon_types: d.types.toObject(),
              matched: reason,
            },
          }),
        );
      }
      for (const g of pth.values()) {
        const d = g.data;
        out.push(
          findingOf(g, {
            kind: 'pass-the-hash',
            severity: 'medium',
            producer: PRODUCER,
            message: `win.pth.${d.variant}`,
            params: {
              host: g.host ?? '?',
              user: d.user,
              peer: d.peer ?? 'local',
              count: g.count,
              procs: d.processes.describe(3) || '-',
            },
            peer: d.peer,
            attack: ['T1550.002'],
            details: { account: d.user, source: d.peer, variant: d.variant, processes: d.processes.toObject() },
          }),
        );
      }
      for (const g of explicit.values()) {
        const d = g.data;
        out.push(
          findingOf(g, {
            kind: 'explicit-credentials',
            severity: d.remote ? 'medium' : 'low',
            producer: PRODUCER,
            message: d.remote ? 'win.explicit.remote' : 'win.explicit.local',
            params: {
              host: g.host ?? '?',
              subject: d.subject,
              target: d.targets.describe(4),
              server: d.server,
              count: g.count,
              procs: d.processes.describe(3) || '-',
            },
            peer: d.remote ? d.server : null,
            attack: d.remote ? ['T1078', 'T1021.002'] : ['T1078'],
            details: {
              subject_account: d.subject,
              target_accounts: d.targets.toObject(),
              target_server: d.server,
              processes: d.processes.toObject(),
            },
          }),
        );
      }
      return out.sort((a, b) => a.first_seen - b.first_seen);
    },
  };

  /** One account hopping over RDP from one source to several hosts. */
  function spread(): Finding[] {
    const bySource = new Map<string, Group<RdpData>[]>();
    for (const g of rdp.values()) {
      const k = `${bareUser(g.data.user)}|${g.data.peer ?? ''}`;
      const list = bySource.get(k);
      if (list) list.push(g);
      else bySource.set(k, [g]);
    }
    const out: Finding[] = [];
    for (const list of bySource.values()) {
      const hosts = [...new Set(list.map((g) => g.host ?? '?'))].sort();
      if (hosts.length < o.t.rdpSpreadMinHosts) continue;
      const d = list[0]!.data;
      const merged = {
        host: null,
        first: Math.min(...list.map((g) => g.first)),
        last: Math.max(...list.map((g) => g.last)),
        count: list.reduce((s, g) => s + g.count, 0),
        evidence: list.flatMap((g) => g.evidence.slice(0, 3)).slice(0, 50),
      };
      out.push(
        findingOf(merged, {
          kind: 'rdp-lateral-movement',
          severity: 'medium',
          producer: PRODUCER,
          message: 'win.rdp.spread',
          params: {
            user: d.user,
            peer: d.peer ?? '?',
            hosts: hosts.length,
            list: hosts.slice(0, 8).join(', ') + (hosts.length > 8 ? ', …' : ''),
          },
          peer: d.peer,
          attack: ['T1021.001'],
          details: { account: d.user, source: d.peer, hosts },
        }),
      );
    }
    return out;
  }
}
