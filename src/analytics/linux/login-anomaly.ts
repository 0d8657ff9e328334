/**
 * Successful remote logins worth a look: from a source the account never used before (once the
 * account has an established history of at least `minHistory` logins from other sources), outside
 * business hours (the organisation's hours, work days, national and company holidays, in options.timeZone), and direct root
 * logins over the network. Sources: sshd "Accepted", wtmp logins with an address, audit USER_LOGIN.
 */
import type { Event } from '../../core/event.ts';
import type { Finding } from '../../core/finding.ts';
import { tBoth } from '../../i18n/index.ts';
import type { AnalysisOptions, Analyzer } from '../types.ts';
import { isExtraHoliday } from '../../core/calendar.ts';
import { isJapaneseHoliday } from '../holidays.ts';
import { hostOf, isLinux, localTime, peerOf, ref, str } from './common.ts';
import './messages.ts';

interface Login {
  ts: number;
  user: string;
  peer: string;
  host: string | null;
  e: Event;
}

function isRemoteLogin(e: Event): boolean {
  const a = str(e, 'Action');
  if (a === 'ssh_accepted' || a === 'audit_login_success') return true;
  return e.logsource.service === 'wtmp' && a === 'login' && !!str(e, 'src_ip');
}

export function loginAnomalies(opts: AnalysisOptions, minHistory = 3): Analyzer {
  const logins: Login[] = [];
  return {
    id: 'linux-login-anomaly',
    wants: (e) => isLinux(e) && Number.isFinite(e.ts) && isRemoteLogin(e),
    add(e) {
      const peer = peerOf(e);
      const user = str(e, 'User');
      if (!peer || !user || logins.length >= 1_000_000) return;
      logins.push({ ts: e.ts, user, peer, host: hostOf(e), e });
    },
    finish() {
      const out: Finding[] = [];
      logins.sort((a, b) => a.ts - b.ts);
      // the same login is often in both auth.log and wtmp (which has no host name): one per user, peer and minute
      const seen = new Set<string>();
      const history = new Map<string, Map<string, number>>();
      const groups = new Map<string, Finding & { hours: Set<string> }>();
      const startMin = Math.round(opts.businessHours[0] * 60);
      const endMin = Math.round(opts.businessHours[1] * 60);
      const workDays = new Set(opts.workDays ?? [1, 2, 3, 4, 5]);
      const extra = new Set(opts.extraHolidays ?? []);
      const dayOff = (date: string, weekday: number): boolean =>
        !workDays.has(weekday) ||
        (opts.japaneseHolidays !== false &&
          isJapaneseHoliday(...(date.split('-').map(Number) as [number, number, number]))) ||
        isExtraHoliday(date, extra);
      const group = (kind: string, l: Login, severity: Finding['severity'], attack: string[], local?: string): void => {
        const key = `${kind}|${l.user}|${l.peer}`;
        const g = groups.get(key);
        if (g) {
          g.count++;
          g.last_seen = l.ts;
          g.host ??= l.host;
          if (g.evidence.length < 50) g.evidence.push(ref(l.e));
          if (local && g.hours.size < 20) g.hours.add(local);
          return;
        }
        groups.set(key, {
          kind,
          severity,
          host: l.host,
          peer: l.peer,
          first_seen: l.ts,
          last_seen: l.ts,
          count: 1,
          evidence: [ref(l.e)],
          summary_en: '',
          summary_ja: '',
          producer: 'linux-login-anomaly',
          attack,
          details: { user: l.user },
          hours: new Set(local ? [local] : []),
        });
      };
      for (const l of logins) {
        const dedup = `${l.user}|${l.peer}|${Math.floor(l.ts / 60e6)}`;
        if (seen.has(dedup)) continue;
        seen.add(dedup);
        const hk = l.user;
        let h = history.get(hk);
        if (!h) history.set(hk, (h = new Map()));
        const total = [...h.values()].reduce((a, b) => a + b, 0);
        if (!h.has(l.peer) && total >= minHistory) {
          const known = [...h.keys()].slice(0, 5).join(', ');
          const t = tBoth('linux.login.new_source', { user: l.user, host: l.host ?? '?', peer: l.peer, known });
          out.push({
            kind: 'new-login-source',
            severity: 'medium',
            host: l.host,
            peer: l.peer,
            first_seen: l.ts,
            last_seen: l.ts,
            count: 1,
            evidence: [ref(l.e)],
            summary_en: t.en,
            summary_ja: t.ja,
            producer: 'linux-login-anomaly',
            attack: ['T1078'],
            details: { user: l.user, previous_sources: [...h.keys()].slice(0, 20), previous_logins: total },
          });
        }
        h.set(l.peer, (h.get(l.peer) ?? 0) + 1);
        const { date, minute, weekday } = localTime(l.ts, opts.timeZone);
        if (minute < startMin || minute >= endMin || dayOff(date, weekday)) {
          // the local time itself: a date and time read the same in every language
          const hhmm = `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
          group('odd-hour-login', l, 'low', ['T1078'], `${date} ${hhmm}`);
        }
        if (l.user === 'root') group('root-remote-login', l, 'medium', ['T1078.003']);
        if (opts.trapAccounts.includes(l.user.toLowerCase())) group('trap-account-login', l, 'critical', ['T1078']);
      }
      for (const g of groups.values()) {
        const user = String(g.details!.user);
        const params = {
          user,
          host: g.host ?? '?',
          peer: g.peer ?? '?',
          count: g.count,
          local: [...g.hours].join(', '),
          zone: opts.timeZone,
        };
        const code =
          g.kind === 'odd-hour-login'
            ? 'linux.login.odd_hour'
            : g.kind === 'root-remote-login'
              ? 'linux.login.root_remote'
              : 'linux.login.trap';
        const t = tBoth(code, params);
        const { hours, ...f } = g;
        out.push({ ...f, summary_en: t.en, summary_ja: t.ja, details: { ...g.details, local_times: [...hours] } });
      }
      return out;
    },
  };
}
