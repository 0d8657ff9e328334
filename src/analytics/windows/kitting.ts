/**
 * A kitting account (seed 000 ④): PCs cloned from one image share a local administrator account
 * with the same password, so its hash opens every one of them (pass-the-hash). Seen in the logs as
 * one local account name (its domain is the machine itself, or it is the built-in Administrator,
 * RID 500) logging on to several hosts. Remote (network, RDP) logons of it are the lateral movement
 * itself; local ones show the account is still there. Administrator rights come from the 4672 of
 * the same account on the host.
 */
import type { Event } from '../../core/event.ts';
import type { Finding, FindingSeverity } from '../../core/finding.ts';
import { tBoth } from '../../i18n/index.ts';
import type { Analyzer } from '../types.ts';
import {
  bareUser,
  channelOf,
  eventId,
  hostOf,
  isNonPersonAccount,
  isWindows,
  logonSource,
  num,
  SECURITY,
  shortName,
  str,
} from './common.ts';
import { findingOf, Groups, Tally, type Group } from './group.ts';
import type { ResolvedWindowsOptions } from './options.ts';
import './messages.ts';

const PRODUCER = 'windows-kitting-account';
/** logon types of a person using the account (not services, batch jobs or the system) */
const PERSON_TYPES = new Set([2, 3, 7, 8, 9, 10, 11, 12, 13]);
const REMOTE_TYPES = new Set([3, 8, 10, 12]);

interface HostUse {
  remote: number;
  sources: Tally;
  rid500: boolean;
}

/** Is the account in this 4624/4672 local to the machine that logged it? */
function isLocalAccount(domain: string | undefined, sid: string | undefined, host: string): boolean {
  if (domain && host && domain.toLowerCase() === shortName(host)) return true;
  return !!sid && /^S-1-5-21-\d+-\d+-\d+-500$/.test(sid) && (!domain || domain.toLowerCase() === shortName(host));
}

export function kittingAnalyzer(o: ResolvedWindowsOptions): Analyzer {
  const uses = new Groups<HostUse>(() => ({ remote: 0, sources: new Tally(20), rid500: false }));
  const names = new Map<string, string>();
  const admins = new Set<string>();

  return {
    id: PRODUCER,
    wants(e) {
      if (!isWindows(e) || channelOf(e) !== SECURITY) return false;
      const id = eventId(e);
      return id === 4624 || id === 4672;
    },
    add(e: Event) {
      const id = eventId(e);
      const host = hostOf(e);
      if (!host) return;
      const h = shortName(host);
      if (id === 4672) {
        const user = str(e, 'SubjectUserName');
        if (!user || isNonPersonAccount(user, str(e, 'SubjectUserSid'))) return;
        if (!isLocalAccount(str(e, 'SubjectDomainName'), str(e, 'SubjectUserSid'), host)) return;
        if (admins.size < 100_000) admins.add(`${h}|${bareUser(user)}`);
        return;
      }
      const user = str(e, 'TargetUserName');
      const sid = str(e, 'TargetUserSid');
      const type = num(e, 'LogonType');
      if (!user || type === undefined || !PERSON_TYPES.has(type) || isNonPersonAccount(user, sid)) return;
      if (!isLocalAccount(str(e, 'TargetDomainName'), sid, host)) return;
      const bare = bareUser(user);
      const g = uses.add(`${bare}|${h}`, e);
      if (!g) return;
      if (!names.has(bare)) names.set(bare, user);
      if (sid?.endsWith('-500')) g.data.rid500 = true;
      if (REMOTE_TYPES.has(type)) {
        const src = logonSource(e);
        if (!src.local) {
          g.data.remote++;
          g.data.sources.add(src.ip ?? src.workstation);
        }
      }
    },
    finish() {
      const byAccount = new Map<string, [string, Group<HostUse>][]>();
      for (const [key, g] of uses.entries()) {
        const bar = key.indexOf('|');
        const account = key.slice(0, bar);
        const list = byAccount.get(account) ?? [];
        list.push([key.slice(bar + 1), g]);
        byAccount.set(account, list);
      }
      const out: Finding[] = [];
      for (const [account, list] of byAccount) {
        if (list.length < o.t.kittingMinHosts) continue;
        const hosts = list.map(([h, g]) => g.host ?? h).sort();
        const remoteHosts = list.filter(([, g]) => g.data.remote > 0).length;
        const adminHosts = list.filter(([h, g]) => admins.has(`${h}|${account}`) || g.data.rid500).length;
        const sources = new Tally(20);
        for (const [, g] of list) for (const [s, n] of g.data.sources.counts) sources.add(s, n);
        const remote = remoteHosts >= 2;
        const severity: FindingSeverity = remote && adminHosts > 0 ? 'high' : 'medium';
        const groups = list.map(([, g]) => g!);
        const merged = {
          host: null,
          first: Math.min(...groups.map((g) => g.first)),
          last: Math.max(...groups.map((g) => g.last)),
          count: groups.reduce((s, g) => s + g.count, 0),
          evidence: groups.flatMap((g) => g.evidence.slice(0, 3)).slice(0, 50),
        };
        out.push(
          findingOf(merged, {
            kind: 'kitting-account',
            severity,
            producer: PRODUCER,
            message: remote ? 'win.kitting.remote' : 'win.kitting.shared',
            params: {
              account: names.get(account) ?? account,
              hosts: hosts.length,
              list: hosts.slice(0, 10).join(', ') + (hosts.length > 10 ? ', …' : ''),
              count: merged.count,
              admin: adminHosts ? tBoth('win.kitting.admin', { n: adminHosts }).en : '',
              admin_ja: adminHosts ? tBoth('win.kitting.admin', { n: adminHosts }).ja : '',
              sources: sources.describe(4) || '-',
            },
            peer: sources.top(1)[0] ?? null,
            attack: remote ? ['T1078.003', 'T1550.002'] : ['T1078.003'],
            details: {
              account: names.get(account) ?? account,
              hosts,
              remote_hosts: remoteHosts,
              admin_hosts: adminHosts,
              sources: sources.toObject(),
            },
          }),
        );
      }
      return out;
    },
  };
}
