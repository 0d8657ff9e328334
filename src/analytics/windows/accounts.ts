/**
 * Account management in the Security log: accounts created (4720, computer accounts 4741), enabled
 * (4722), password reset by someone else (4724), deleted (4726), changed (4738: only the flags an
 * attacker sets, such as "password not required" or "no Kerberos pre-authentication"), renamed
 * (4781) and added to or removed from groups (4728/4732/4756, 4729/4733/4757). One finding per
 * account and host says what happened to it, who did it and where that actor had logged on from
 * (the subject's logon id linked to its 4624). Privileged groups are recognised by SID (built-in
 * Administrators, Domain/Enterprise/Schema Admins...), not by the group's display name, which is
 * localised.
 */
import { formatTs, type Event } from '../../core/event.ts';
import type { Finding, FindingSeverity } from '../../core/finding.ts';
import { tBoth, type MessageKey } from '../../i18n/index.ts';
import type { Analyzer } from '../types.ts';
import { bareUser, channelOf, eventId, hostOf, isWindows, logonSource, num, SECURITY, str } from './common.ts';
import { BoundedMap, findingOf, Groups, maxSeverity, Tally, times } from './group.ts';
import { logonTypeLabel } from './labels.ts';
import type { ResolvedWindowsOptions } from './options.ts';
import './messages.ts';

const PRODUCER = 'windows-account-management';
const MAX_LOGON_IDS = 100_000;
const DAY = 86_400e6;

const ADD = new Set([4728, 4732, 4756]);
const REMOVE = new Set([4729, 4733, 4757]);
const IDS = new Set([4720, 4722, 4724, 4726, 4738, 4741, 4781, ...ADD, ...REMOVE]);

/** Built-in groups that hold administrative power over the machine or the domain (S-1-5-32-RID). */
const BUILTIN_PRIVILEGED = new Set(['544', '548', '549', '550', '551', '555', '562', '578', '580']);
/** Domain groups by RID: Domain Admins, Schema/Enterprise Admins, Group Policy Creator Owners, (Enterprise) Key Admins, DnsAdmins-like are not fixed. */
const DOMAIN_PRIVILEGED = new Set(['512', '518', '519', '520', '526', '527']);
/** Names for groups whose SID is missing (forwarded logs sometimes drop it); English and Japanese display names. */
const PRIVILEGED_NAMES = new Set([
  'administrators',
  'domain admins',
  'enterprise admins',
  'schema admins',
  'account operators',
  'server operators',
  'backup operators',
  'print operators',
  'remote desktop users',
  'remote management users',
  'dnsadmins',
  'group policy creator owners',
  'key admins',
  'enterprise key admins',
  'hyper-v administrators',
]);

export function isPrivilegedGroup(sid: string | undefined, name: string | undefined): boolean {
  if (sid) {
    const m = /^S-1-5-32-(\d+)$/i.exec(sid);
    if (m) return BUILTIN_PRIVILEGED.has(m[1]!);
    const d = /^S-1-5-21-\d+-\d+-\d+-(\d+)$/i.exec(sid);
    if (d && DOMAIN_PRIVILEGED.has(d[1]!)) return true;
  }
  return name !== undefined && PRIVILEGED_NAMES.has(name.trim().toLowerCase());
}

/** userAccountControl flags (msobjs %%NNNN) that weaken an account: an attacker sets these, administrators rarely do. */
const RISKY_UAC: Record<string, MessageKey> = {
  '2082': 'win.acct.uac.2082',
  '2091': 'win.acct.uac.2091',
  '2093': 'win.acct.uac.2093',
  '2096': 'win.acct.uac.2096',
  '2098': 'win.acct.uac.2098',
};

type Action = 'created' | 'created_computer' | 'enabled' | 'reset' | 'deleted' | 'changed' | 'renamed';

interface AccountData {
  account: string;
  sid?: string;
  actions: Tally;
  groupsAdded: Tally;
  privilegedAdded: Set<string>;
  groupsRemoved: Tally;
  flags: Set<string>;
  renames: { from: string; to: string }[];
  actors: Tally;
  subjectLogons: string[];
  created?: number;
  deleted?: number;
  /** a user account (4720) whose name ends in $, posing as a computer account */
  fakeComputer: boolean;
  /** a computer account renamed to a name without the trailing $ (sAMAccountName spoofing) */
  dollarDropped: boolean;
  builtinEnabled: boolean;
  resetByOther: boolean;
  computerByPerson: boolean;
}

/** The account name from a group membership event: MemberName is a DN ("CN=x,OU=...") or "-". */
function memberName(e: Event, sidNames: BoundedMap<string, string>): string | undefined {
  const dn = str(e, 'MemberName');
  const cn = dn ? /^CN=((?:\\,|[^,])+)/i.exec(dn) : null;
  if (cn) return cn[1]!.replace(/\\,/g, ',');
  if (dn && !dn.includes('=')) return dn;
  const sid = str(e, 'MemberSid');
  if (!sid) return undefined;
  return sidNames.get(sid) ?? wellKnownName(sid) ?? sid;
}

const WELL_KNOWN_SIDS: Record<string, string> = {
  'S-1-1-0': 'Everyone',
  'S-1-5-7': 'ANONYMOUS LOGON',
  'S-1-5-11': 'Authenticated Users',
  'S-1-5-18': 'SYSTEM',
  'S-1-5-19': 'LOCAL SERVICE',
  'S-1-5-20': 'NETWORK SERVICE',
};

/** Names of SIDs that a group membership event gives without a name: well-known identities, built-in Administrator and Guest. */
function wellKnownName(sid: string): string | undefined {
  const known = WELL_KNOWN_SIDS[sid.toUpperCase()];
  if (known) return `${known} (${sid})`;
  if (/^S-1-5-21-\d+-\d+-\d+-500$/i.test(sid)) return `Administrator (${sid})`;
  if (/^S-1-5-21-\d+-\d+-\d+-501$/i.test(sid)) return `Guest (${sid})`;
  return undefined;
}

export function accountManagementAnalyzer(_o: ResolvedWindowsOptions): Analyzer {
  const accounts = new Groups<AccountData>(() => ({
    account: '',
    actions: new Tally(),
    groupsAdded: new Tally(50),
    privilegedAdded: new Set(),
    groupsRemoved: new Tally(50),
    flags: new Set(),
    renames: [],
    actors: new Tally(20),
    subjectLogons: [],
    fakeComputer: false,
    dollarDropped: false,
    builtinEnabled: false,
    resetByOther: false,
    computerByPerson: false,
  }));
  const logons = new BoundedMap<string, { src: string; type?: number }>(MAX_LOGON_IDS);
  const sidNames = new BoundedMap<string, string>(MAX_LOGON_IDS);

  return {
    id: PRODUCER,
    wants(e) {
      if (!isWindows(e) || channelOf(e) !== SECURITY) return false;
      const id = eventId(e);
      return id === 4624 || (id !== undefined && IDS.has(id));
    },
    add(e) {
      const id = eventId(e)!;
      const host = hostOf(e) ?? '';
      if (id === 4624) {
        const logonId = str(e, 'TargetLogonId');
        const sid = str(e, 'TargetUserSid');
        const user = str(e, 'TargetUserName');
        if (sid && user) sidNames.set(sid, user);
        if (logonId) {
          const s = logonSource(e);
          logons.set(`${host}|${logonId}`, { src: s.ip ?? s.workstation ?? 'local', type: num(e, 'LogonType') });
        }
        return;
      }
      const group = ADD.has(id) || REMOVE.has(id);
      const sid = group ? str(e, 'MemberSid') : str(e, 'TargetSid');
      const name = group ? memberName(e, sidNames) : (str(e, 'TargetUserName') ?? str(e, 'OldTargetUserName'));
      if (!name && !sid) return;
      const g = accounts.add(`${host}|${sid ?? bareUser(name!)}`, e);
      if (!g) return;
      const d = g.data;
      if (id === 4781) {
        const from = str(e, 'OldTargetUserName') ?? '?';
        const to = str(e, 'NewTargetUserName') ?? '?';
        d.account = to;
        if (d.renames.length < 10) d.renames.push({ from, to });
        if (from.endsWith('$') && !to.endsWith('$')) d.dollarDropped = true;
      } else if (!d.account && name) d.account = name;
      if (sid) {
        d.sid = sid;
        if (name && !group) sidNames.set(sid, name);
      }
      const subject = str(e, 'SubjectUserName');
      const subjectSid = str(e, 'SubjectUserSid');
      if (subject) d.actors.add(subject);
      const lid = str(e, 'SubjectLogonId');
      if (lid && d.subjectLogons.length < 50 && !d.subjectLogons.includes(`${host}|${lid}`))
        d.subjectLogons.push(`${host}|${lid}`);
      const act = (a: Action): void => d.actions.add(a);
      switch (id) {
        case 4720:
          act('created');
          d.created ??= e.ts;
          if (name?.endsWith('$')) d.fakeComputer = true;
          break;
        case 4741:
          act('created_computer');
          d.created ??= e.ts;
          // computers join the domain through machine or SYSTEM identities; a person creating one uses MachineAccountQuota
          if (subject && !subject.endsWith('$') && subjectSid !== 'S-1-5-18') d.computerByPerson = true;
          break;
        case 4722:
          act('enabled');
          if (sid && /-50[01]$/.test(sid)) d.builtinEnabled = true;
          break;
        case 4724:
          act('reset');
          if (subject && bareUser(subject) !== bareUser(name ?? '') && !subject.endsWith('$')) d.resetByOther = true;
          break;
        case 4726:
          act('deleted');
          d.deleted = e.ts;
          break;
        case 4738: {
          act('changed');
          const uac = str(e, 'UserAccountControl') ?? '';
          for (const m of uac.matchAll(/%%(\d{4})/g)) if (RISKY_UAC[m[1]!]) d.flags.add(m[1]!);
          break;
        }
        case 4781:
          act('renamed');
          break;
        default: {
          const groupName = str(e, 'TargetUserName') ?? str(e, 'TargetSid') ?? '?';
          const domain = str(e, 'TargetDomainName');
          const shown = domain && !/^builtin$/i.test(domain) ? `${domain}\\${groupName}` : groupName;
          if (ADD.has(id)) {
            d.groupsAdded.add(shown);
            if (isPrivilegedGroup(str(e, 'TargetSid'), groupName)) d.privilegedAdded.add(shown);
          } else d.groupsRemoved.add(shown);
        }
      }
    },
    finish() {
      const out: Finding[] = [];
      for (const g of accounts.values()) {
        const d = g.data;
        const shortLived =
          d.created !== undefined && d.deleted !== undefined && d.deleted >= d.created && d.deleted - d.created <= DAY;
        let severity: FindingSeverity = 'low';
        let kind = 'account-changed';
        const attack = new Set<string>();
        const bump = (s: FindingSeverity, k: string, t: string): void => {
          // bumps come in rising priority: at equal severity the later kind wins
          if (maxSeverity(s, severity) === s) kind = k;
          severity = maxSeverity(severity, s);
          attack.add(t);
        };
        if (d.actions.counts.has('deleted')) bump('low', 'account-deleted', 'T1531');
        if (d.groupsAdded.size || d.groupsRemoved.size) bump('low', 'group-membership-change', 'T1098');
        if (d.actions.counts.has('enabled')) bump(d.builtinEnabled ? 'medium' : 'low', 'account-enabled', 'T1098');
        if (d.resetByOther) bump('medium', 'account-password-reset', 'T1098');
        if (d.flags.size) bump('medium', 'account-weakened', 'T1098');
        if (d.actions.counts.has('created') || d.actions.counts.has('created_computer'))
          bump(d.actions.counts.has('created') || d.computerByPerson ? 'medium' : 'low', 'new-account', 'T1136');
        if (shortLived) bump('high', 'new-account', 'T1070');
        if (d.fakeComputer) bump('high', 'new-account', 'T1036');
        if (d.dollarDropped) bump('high', 'account-renamed', 'T1078.002');
        if (d.privilegedAdded.size) bump('high', 'privileged-group-add', 'T1098');

        const sources = new Tally(20);
        const sourcesJa = new Tally(20);
        for (const k of d.subjectLogons) {
          const l = logons.get(k);
          const id = k.slice(k.lastIndexOf('|') + 1).toLowerCase();
          const system = id === '0x3e7';
          sources.add(l ? `${l.src} (${logonTypeLabel(l.type)})` : system ? 'SYSTEM' : `logon ${id}`);
          sourcesJa.add(l ? `${l.src} (${logonTypeLabel(l.type, 'ja')})` : system ? 'SYSTEM' : `ログオン ${id}`);
        }
        const acts = describeActions(d, shortLived);
        out.push(
          findingOf(g, {
            kind,
            severity,
            producer: PRODUCER,
            message: 'win.acct.summary',
            params: {
              host: g.host ?? '?',
              account: d.account || d.sid || '?',
              actions: acts.en,
              actions_ja: acts.ja,
              actors: d.actors.describe(3) || '?',
              sources: sources.describe(3) || '?',
              sources_ja: sourcesJa.describe(3) || '?',
            },
            attack: [...attack],
            details: {
              account: d.account || d.sid,
              user: d.account || d.sid,
              sid: d.sid,
              actions: d.actions.toObject(),
              groups_added: d.groupsAdded.toObject(),
              groups_removed: d.groupsRemoved.toObject(),
              group: [...d.privilegedAdded][0],
              privileged_groups: [...d.privilegedAdded],
              flags: [...d.flags],
              renames: d.renames,
              actors: d.actors.toObject(),
              actor_sources: sources.toObject(),
              created: d.created !== undefined ? formatTs(d.created) : undefined,
              deleted: d.deleted !== undefined ? formatTs(d.deleted) : undefined,
            },
          }),
        );
      }
      return out.sort((a, b) => a.first_seen - b.first_seen);
    },
  };
}

/** "created, password reset, added to the privileged group Administrators" in both languages. */
function describeActions(d: AccountData, shortLived: boolean): { en: string; ja: string } {
  const parts: { en: string; ja: string }[] = [];
  const add = (key: MessageKey, params: Record<string, string | number> = {}): void => {
    parts.push(tBoth(key, params));
  };
  const c = d.actions.counts;
  if (c.has('created')) add(d.fakeComputer ? 'win.acct.act.created_fake_computer' : 'win.acct.act.created');
  if (c.has('created_computer'))
    add(d.computerByPerson ? 'win.acct.act.created_computer_by_user' : 'win.acct.act.created_computer');
  if (c.has('enabled')) add(d.builtinEnabled ? 'win.acct.act.enabled_builtin' : 'win.acct.act.enabled');
  if (c.has('reset')) add('win.acct.act.reset', { count: c.get('reset')!, times: times(c.get('reset')!) });
  if (d.flags.size) {
    const en = [...d.flags].map((f) => tBoth(RISKY_UAC[f]!, {}));
    add('win.acct.act.weakened', { flags: en.map((x) => x.en).join(', '), flags_ja: en.map((x) => x.ja).join('、') });
  } else if (c.has('changed'))
    add('win.acct.act.changed', { count: c.get('changed')!, times: times(c.get('changed')!) });
  for (const r of d.renames)
    add(r.from.endsWith('$') && !r.to.endsWith('$') ? 'win.acct.act.renamed_spoof' : 'win.acct.act.renamed', {
      rename: `${r.from} → ${r.to}`,
    });
  for (const grp of d.groupsAdded.counts.keys())
    add(d.privilegedAdded.has(grp) ? 'win.acct.act.added_privileged' : 'win.acct.act.added', { group: grp });
  for (const grp of d.groupsRemoved.counts.keys()) add('win.acct.act.removed', { group: grp });
  if (c.has('deleted')) add(shortLived ? 'win.acct.act.deleted_short' : 'win.acct.act.deleted');
  return { en: parts.map((p) => p.en).join(', '), ja: parts.map((p) => p.ja).join('、') };
}
