/**
 * Execution and lateral movement through Windows services and management channels:
 * service installs (System 7045, Security 4697; PsExec and its clones), scheduled tasks (Security
 * 4698/4699/4700-4702, TaskScheduler 106/140/141/200/201/129; created and soon deleted is the
 * atexec pattern), WMI permanent event subscriptions (WMI-Activity 5861, Sysmon 20/21) and WinRM sessions
 * (WinRM 91/169 inbound, 6 outbound). Process trees (wmiprvse, wsmprovhost children...) are in
 * process-tree.ts.
 */
import type { Event } from '../../core/event.ts';
import type { Finding, FindingSeverity } from '../../core/finding.ts';
import type { Analyzer } from '../types.ts';
import {
  channelOf,
  clip,
  eventId,
  formatDuration,
  hostOf,
  isNonPersonAccount,
  isWindows,
  minTs,
  providerOf,
  SECURITY,
  str,
  SYSTEM,
} from './common.ts';
import { findingOf, Groups, Tally, type Group } from './group.ts';
import type { ResolvedWindowsOptions } from './options.ts';
import { taskCommands } from './task-xml.ts';
import { HACKTOOL_MARKERS, markersIn, PSEXEC_SERVICES } from './tables.ts';
import './messages.ts';

const PRODUCER = 'windows-execution';
const TASKS = 'Microsoft-Windows-TaskScheduler/Operational';
const WMI = 'Microsoft-Windows-WMI-Activity/Operational';
const WINRM = 'Microsoft-Windows-WinRM/Operational';
const SYSMON = 'Microsoft-Windows-Sysmon/Operational';
const MAX_SEPARATE_SUSPICIOUS = 5;

interface ServiceData {
  name: string;
  image: string;
  account: string;
  ids: Tally;
  users: Tally;
}
interface TaskData {
  name: string;
  created: number;
  deleted: number;
  updated: number;
  runs: number;
  firstCreated: number;
  firstDeleted: number;
  commands: Tally;
  users: Tally;
  byPerson: boolean;
}
interface WmiData {
  filter: string;
  consumer: string;
  query: string;
  created: number;
  deleted: number;
  users: Tally;
}
interface WinrmData {
  direction: 'inbound' | 'outbound';
  users: Tally;
  targets: Tally;
  ids: Tally;
}

/** Metasploit-style random service names (16 or 22 mixed-case letters) and %SystemRoot%\xxxxxxxx.exe images. */
function randomLooking(name: string, image: string): boolean {
  const mixed = (s: string): boolean => /[a-z]/.test(s) && /[A-Z]/.test(s);
  if ((name.length === 16 || name.length === 22) && /^[A-Za-z]+$/.test(name) && mixed(name)) return true;
  const m = /^%systemroot%\\([a-z]{8})\.exe$/i.exec(image.trim());
  return m !== null && mixed(m[1]!);
}

export function executionAnalyzer(o: ResolvedWindowsOptions): Analyzer {
  const services = new Groups<ServiceData>(() => ({
    name: '',
    image: '',
    account: '',
    ids: new Tally(),
    users: new Tally(20),
  }));
  const tasks = new Groups<TaskData>(() => ({
    name: '',
    created: 0,
    deleted: 0,
    updated: 0,
    runs: 0,
    firstCreated: NaN,
    firstDeleted: NaN,
    commands: new Tally(20),
    users: new Tally(20),
    byPerson: false,
  }));
  const wmi = new Groups<WmiData>(() => ({
    filter: '',
    consumer: '',
    query: '',
    created: 0,
    deleted: 0,
    users: new Tally(10),
  }));
  const winrm = new Groups<WinrmData>((e) => ({
    direction: eventId(e) === 6 ? 'outbound' : 'inbound',
    users: new Tally(20),
    targets: new Tally(20),
    ids: new Tally(),
  }));

  const addService = (
    e: Event,
    name: string | undefined,
    image: string | undefined,
    account: string | undefined,
  ): void => {
    if (!name) return;
    const g = services.add(`${hostOf(e) ?? ''}|${name.toLowerCase()}`, e);
    if (!g) return;
    g.data.name ||= name;
    g.data.image ||= image ?? '';
    g.data.account ||= account ?? '';
    g.data.ids.add(String(eventId(e)));
    g.data.users.add(str(e, 'SubjectUserName'));
  };
  const addTask = (e: Event, what: 'created' | 'deleted' | 'updated' | 'runs', command?: string[]): void => {
    const name = str(e, 'TaskName');
    if (!name) return;
    const g = tasks.add(`${hostOf(e) ?? ''}|${name.toLowerCase()}`, e);
    if (!g) return;
    const d = g.data;
    d.name ||= name;
    d[what]++;
    if (what === 'created') d.firstCreated = minTs(d.firstCreated, e.ts);
    if (what === 'deleted') d.firstDeleted = minTs(d.firstDeleted, e.ts);
    for (const c of command ?? []) d.commands.add(clip(c, 400));
    const user = str(e, 'SubjectUserName') ?? str(e, 'UserContext') ?? str(e, 'UserName');
    d.users.add(user);
    if (what !== 'runs' && !isNonPersonAccount(user, str(e, 'SubjectUserSid'))) d.byPerson = true;
  };

  /** Sysmon 20 (consumer created/deleted) and 21 (consumer bound to a filter), keyed like 5861 by the consumer. */
  const addSysmonWmi = (e: Event, id: number): void => {
    const unquote = (v: string | undefined): string => (v ?? '').trim().replace(/^"|"$/g, '');
    let consumer: string;
    let filter = '';
    if (id === 20) {
      consumer = `${str(e, 'Type') === 'Script' ? 'ActiveScriptEventConsumer' : str(e, 'Type') === 'Command Line' ? 'CommandLineEventConsumer' : (str(e, 'Type') ?? '?')}="${unquote(str(e, 'Name'))}"`;
    } else {
      const c = unquote(str(e, 'Consumer'));
      consumer = c
        .slice(c.lastIndexOf(':') + 1)
        .replace(/\.Name=\\?"/, '="')
        .replace(/\\"/g, '"');
      const f = unquote(str(e, 'Filter'));
      filter = f.slice(f.lastIndexOf('Name=') + 5).replace(/\\?"/g, '');
    }
    const g = wmi.add(`${hostOf(e) ?? ''}|${consumer.toLowerCase()}`, e);
    if (!g) return;
    g.data.consumer ||= consumer;
    g.data.filter ||= filter;
    if (id === 20) g.data.query ||= `${str(e, 'Type') ?? ''}: ${unquote(str(e, 'Destination'))}`;
    if (str(e, 'Operation') === 'Deleted') g.data.deleted++;
    else g.data.created++;
    g.data.users.add(str(e, 'User'));
  };

  return {
    id: PRODUCER,
    wants(e) {
      if (!isWindows(e)) return false;
      const id = eventId(e);
      switch (channelOf(e)) {
        case SYSTEM:
          return id === 7045;
        case SECURITY:
          return id === 4697 || (id !== undefined && id >= 4698 && id <= 4702);
        case TASKS:
          return id === 106 || id === 140 || id === 141 || id === 200 || id === 201 || id === 129;
        case WMI:
          return id === 5861;
        case WINRM:
          return id === 91 || id === 169 || id === 6;
        case SYSMON:
          return id === 20 || id === 21;
        default:
          return false;
      }
    },
    add(e) {
      const id = eventId(e)!;
      const ch = channelOf(e);
      if (ch === SYSTEM) {
        if (providerOf(e) === 'Service Control Manager' || providerOf(e) === '')
          addService(e, str(e, 'ServiceName'), str(e, 'ImagePath'), str(e, 'AccountName'));
      } else if (ch === SECURITY) {
        if (id === 4697) addService(e, str(e, 'ServiceName'), str(e, 'ServiceFileName'), str(e, 'ServiceAccount'));
        else if (id === 4698) addTask(e, 'created', taskCommands(str(e, 'TaskContent')));
        else if (id === 4699) addTask(e, 'deleted');
        else addTask(e, 'updated', taskCommands(str(e, 'TaskContentNew') ?? str(e, 'TaskContent')));
      } else if (ch === TASKS) {
        if (id === 106) addTask(e, 'created');
        else if (id === 141) addTask(e, 'deleted');
        else if (id === 140) addTask(e, 'updated');
        else if (id === 129) addTask(e, 'runs', [str(e, 'Path') ?? '']);
        else if (id === 200) addTask(e, 'runs', [str(e, 'ActionName') ?? '']);
      } else if (ch === WMI) {
        const filter = str(e, 'ESS') ?? '';
        const consumer = str(e, 'CONSUMER') ?? '';
        const g = wmi.add(`${hostOf(e) ?? ''}|${consumer.toLowerCase()}`, e);
        if (g) {
          Object.assign(g.data, {
            filter: g.data.filter || filter,
            consumer,
            query: g.data.query || clip(str(e, 'PossibleCause') ?? '', 600),
          });
          g.data.created++;
        }
      } else if (ch === SYSMON) {
        addSysmonWmi(e, id);
      } else if (ch === WINRM) {
        const target = id === 6 ? (str(e, 'connection') ?? '?').split('/')[0]! : '';
        const g = winrm.add(`${hostOf(e) ?? ''}|${id === 6 ? 'out' : 'in'}|${target.toLowerCase()}`, e);
        if (!g) return;
        g.data.ids.add(String(id));
        if (id === 169) g.data.users.add(str(e, 'username'));
        if (id === 6) g.data.targets.add(target);
      }
    },
    finish() {
      const out: Finding[] = [];
      const ordinary = new Map<string, Group<ServiceData>[]>();
      const suspicious = new Map<string, Finding[]>();
      for (const g of services.values()) {
        const d = g.data;
        const text = `${d.name} ${d.image}`.toLowerCase();
        const psexec = PSEXEC_SERVICES.some((p) => text.includes(p));
        const tools = markersIn(text, HACKTOOL_MARKERS);
        const markers = markersIn(d.image);
        const random = randomLooking(d.name, d.image);
        const reasons = [...tools, ...markers, ...(random ? ['random-looking name'] : [])];
        const reasonsJa = [...tools, ...markers, ...(random ? ['ランダムな名前'] : [])];
        const params = {
          host: g.host ?? '?',
          name: d.name,
          image: clip(d.image, 200),
          account: d.account || '-',
          reasons: reasons.join(', '),
          reasons_ja: reasonsJa.join('、'),
        };
        const details = {
          service: d.name,
          image: d.image,
          account: d.account,
          event_ids: d.ids.toObject(),
          installed_by: d.users.toObject(),
          reasons,
        };
        if (psexec) {
          out.push(
            findingOf(g, {
              kind: 'psexec',
              severity: 'high',
              producer: PRODUCER,
              message: 'win.svc.psexec',
              params,
              attack: ['T1569.002', 'T1021.002'],
              details,
            }),
          );
        } else if (reasons.length) {
          const list = suspicious.get(g.host ?? '');
          const f = findingOf(g, {
            kind: 'service-install',
            severity: 'high',
            producer: PRODUCER,
            message: 'win.svc.suspicious',
            params,
            attack: ['T1543.003', 'T1569.002'],
            details,
          });
          if (list) list.push(f);
          else suspicious.set(g.host ?? '', [f]);
        } else {
          const list = ordinary.get(g.host ?? '');
          if (list) list.push(g);
          else ordinary.set(g.host ?? '', [g]);
        }
      }
      for (const list of suspicious.values()) {
        if (list.length <= MAX_SEPARATE_SUSPICIOUS) {
          out.push(...list);
          continue;
        }
        // many suspicious services at once (payloads passed in service names, mass deployment): one finding
        const names = list.map((f) => String(f.details?.service));
        const merged = {
          host: list[0]!.host,
          first: Math.min(...list.map((f) => f.first_seen)),
          last: Math.max(...list.map((f) => f.last_seen)),
          count: list.length,
          evidence: list.flatMap((f) => f.evidence.slice(0, 1)).slice(0, 50),
        };
        out.push(
          findingOf(merged, {
            kind: 'service-install',
            severity: 'high',
            producer: PRODUCER,
            message: 'win.svc.suspicious_many',
            params: {
              host: merged.host ?? '?',
              count: list.length,
              names: names.slice(0, 5).join(', ') + ', …',
              image: clip(String(list[0]!.details?.image), 200),
            },
            attack: ['T1543.003', 'T1569.002'],
            details: { services: list.map((f) => f.details) },
          }),
        );
      }
      for (const groups of ordinary.values()) {
        const names = groups.map((g) => g.data.name);
        const merged = {
          host: groups[0]!.host,
          first: Math.min(...groups.map((g) => g.first)),
          last: Math.max(...groups.map((g) => g.last)),
          count: groups.length,
          evidence: groups.flatMap((g) => g.evidence.slice(0, 2)).slice(0, 50),
        };
        out.push(
          findingOf(merged, {
            kind: 'service-install',
            severity: 'low',
            producer: PRODUCER,
            message: 'win.svc.ordinary',
            params: {
              host: merged.host ?? '?',
              count: groups.length,
              names: names.slice(0, 8).join(', ') + (names.length > 8 ? ', …' : ''),
            },
            attack: ['T1543.003'],
            details: {
              services: groups.map((g) => ({ name: g.data.name, image: g.data.image, account: g.data.account })),
            },
          }),
        );
      }
      for (const g of tasks.values()) {
        const d = g.data;
        const commands = [...d.commands.counts.keys()];
        const markers = [...new Set(commands.flatMap((c) => markersIn(c)))];
        const lifetime = d.firstDeleted - d.firstCreated;
        const shortLived =
          d.created > 0 && d.deleted > 0 && lifetime >= 0 && lifetime <= o.t.taskShortLivedMinutes * 60e6;
        if (
          markers.length === 0 &&
          (d.created === 0 || !d.byPerson) &&
          (d.updated === 0 || !d.byPerson) &&
          !shortLived
        ) {
          // tasks the system itself registers or refreshes (no person involved, nothing suspicious to run)
          if (d.created === 0 || d.name.toLowerCase().startsWith('\\microsoft\\windows\\')) continue;
        }
        const severity: FindingSeverity = shortLived || markers.length ? 'high' : d.byPerson ? 'medium' : 'low';
        const message = shortLived
          ? 'win.task.short_lived'
          : markers.length
            ? 'win.task.suspicious'
            : d.created
              ? 'win.task.created'
              : 'win.task.updated';
        out.push(
          findingOf(g, {
            kind: 'scheduled-task',
            severity,
            producer: PRODUCER,
            message,
            params: {
              host: g.host ?? '?',
              name: d.name,
              command: clip(commands[0] ?? '-', 200),
              users: d.users.describe(3) || '?',
              lifetime: formatDuration(lifetime),
              lifetime_ja: formatDuration(lifetime, 'ja'),
              runs: d.runs,
              markers: markers.join(', '),
            },
            attack: ['T1053.005'],
            details: {
              task: d.name,
              created: d.created,
              deleted: d.deleted,
              updated: d.updated,
              runs: d.runs,
              commands,
              users: d.users.toObject(),
              markers,
              short_lived: shortLived,
            },
          }),
        );
      }
      for (const g of wmi.values()) {
        const d = g.data;
        const consumerType = d.consumer.split('=')[0]!.trim();
        const builtin =
          /^SCM Event Log (Filter|Consumer)/.test(d.filter || d.consumer.split('=')[1]?.replace(/"/g, '') || '') &&
          consumerType === 'NTEventLogEventConsumer';
        if (builtin) continue;
        const active = consumerType === 'CommandLineEventConsumer' || consumerType === 'ActiveScriptEventConsumer';
        out.push(
          findingOf(g, {
            kind: 'wmi-persistence',
            severity: active ? 'high' : 'medium',
            producer: PRODUCER,
            message: 'win.wmi.subscription',
            params: { host: g.host ?? '?', filter: clip(d.filter || '?', 100), consumer: clip(d.consumer, 150) },
            attack: ['T1546.003'],
            details: {
              filter: d.filter,
              consumer: d.consumer,
              consumer_type: consumerType,
              possible_cause: d.query,
              created: d.created,
              deleted: d.deleted,
              users: d.users.toObject(),
            },
          }),
        );
      }
      for (const g of winrm.values()) {
        const d = g.data;
        const inbound = d.direction === 'inbound';
        out.push(
          findingOf(g, {
            kind: inbound ? 'winrm-inbound' : 'winrm-outbound',
            severity: inbound ? 'medium' : 'low',
            producer: PRODUCER,
            message: inbound ? 'win.winrm.inbound' : 'win.winrm.outbound',
            params: {
              host: g.host ?? '?',
              count: g.count,
              users: d.users.describe(3) || '?',
              targets: d.targets.describe(3) || '?',
            },
            peer: inbound ? null : (d.targets.top(1)[0] ?? null),
            attack: ['T1021.006'],
            details: {
              direction: d.direction,
              users: d.users.toObject(),
              targets: d.targets.toObject(),
              event_ids: d.ids.toObject(),
            },
          }),
        );
      }
      return out.sort((a, b) => a.first_seen - b.first_seen);
    },
  };
}
