/**
 * SSH brute force and password spraying: many failed authentications from one source against one
 * host, and whether a login from that source then succeeded. Attempts are counted per connection
 * (sshd pid), because one guess leaves several lines ("Failed password", the pam_unix failure,
 * "PAM n more", the preauth disconnect): a connection counts its "Failed ..." guesses (with
 * "message repeated n times"), or its PAM failures, whichever is larger, or 1 when it only shows an
 * invalid user or a refusal. Public-key tries and protocol scans (no identification, kex and
 * negotiation errors) are not guesses; scans are reported in the details.
 * Sources: sshd lines of auth.log/secure/journal text, btmp records, audit USER_AUTH/USER_LOGIN.
 */
import type { Event } from '../../core/event.ts';
import { capEvidence, type EvidenceRef, type Finding, type FindingSeverity } from '../../core/finding.ts';
import { tBoth } from '../../i18n/index.ts';
import type { AnalysisOptions, Analyzer } from '../types.ts';
import { hostOf, isLinux, maxTs, minTs, num, peerOf, ref, str } from './common.ts';
import './messages.ts';

export interface BruteForceOptions {
  /** failed guesses from one source that make a brute force (default 10) */
  minAttempts: number;
  /** distinct user names from one source that make a spray (default 5) */
  minUsers: number;
}

export const DEFAULT_BRUTE_FORCE: BruteForceOptions = { minAttempts: 10, minUsers: 5 };

const GUESS = new Set([
  'ssh_failed',
  'ssh_invalid_user',
  'ssh_user_not_allowed',
  'ssh_root_refused',
  'ssh_pam_failure',
  'ssh_max_attempts',
  'ssh_too_many_failures',
  'ssh_disconnecting',
  'login_failed',
  'audit_auth_failed',
  'audit_login_failed',
]);
const PAM = new Set(['pam_auth_failure', 'pam_more_failures']);
const SCAN = new Set([
  'ssh_no_identification',
  'ssh_bad_protocol',
  'ssh_negotiation_failed',
  'ssh_banner_error',
  'ssh_kex_error',
  'ssh_refused_connect',
]);
const SUCCESS = new Set(['ssh_accepted', 'audit_login_success']);

interface Conn {
  sshFailed: number;
  pam: number;
  other: boolean;
  first: number;
  last: number;
}

interface Source {
  host: string | null;
  peer: string;
  conns: Map<string, Conn>;
  users: Map<string, number>;
  scans: number;
  first: number;
  last: number;
  evidence: EvidenceRef[];
  successes: { ts: number; user: string; ref: EvidenceRef }[];
}

function isSshEvent(e: Event): boolean {
  const s = e.logsource.service;
  if (s === 'auditd') return /sshd/.test(str(e, 'exe') ?? '');
  return s === 'sshd' || s === 'btmp' || (s === 'auth' && str(e, 'pam_service') === 'sshd');
}

export function sshBruteForce(opts: AnalysisOptions, bf: BruteForceOptions = DEFAULT_BRUTE_FORCE): Analyzer {
  const sources = new Map<string, Source>();
  let uniq = 0;
  return {
    id: 'linux-ssh-brute-force',
    wants(e) {
      if (!isLinux(e) || !isSshEvent(e)) return false;
      const a = str(e, 'Action');
      if (!a) return false;
      if (e.logsource.service === 'btmp') return true;
      return GUESS.has(a) || PAM.has(a) || SCAN.has(a) || SUCCESS.has(a);
    },
    add(e) {
      const peer = peerOf(e);
      if (!peer) return;
      const host = hostOf(e);
      const key = `${host ?? ''}\u0000${peer}`;
      let s = sources.get(key);
      if (!s) {
        s = {
          host,
          peer,
          conns: new Map(),
          users: new Map(),
          scans: 0,
          first: NaN,
          last: NaN,
          evidence: [],
          successes: [],
        };
        sources.set(key, s);
      }
      const action = e.logsource.service === 'btmp' ? 'login_failed' : str(e, 'Action')!;
      if (SUCCESS.has(action)) {
        s.successes.push({ ts: e.ts, user: str(e, 'User') ?? '', ref: ref(e) });
        return;
      }
      if (SCAN.has(action) && !GUESS.has(action)) {
        s.scans++;
        return;
      }
      if (action === 'ssh_failed' && str(e, 'auth_method') === 'publickey') return;
      const pid = num(e, 'pid');
      const connKey = pid !== undefined ? `${host ?? ''}|${pid}` : `#${uniq++}`;
      let c = s.conns.get(connKey);
      if (!c) {
        c = { sshFailed: 0, pam: 0, other: false, first: e.ts, last: e.ts };
        s.conns.set(connKey, c);
      }
      const times = num(e, 'repeat') ?? 1;
      if (action === 'ssh_failed' || action === 'audit_auth_failed') c.sshFailed += Math.max(1, times);
      else if (action === 'pam_auth_failure') c.pam += 1;
      else if (action === 'pam_more_failures') c.pam += Math.max(1, times);
      else c.other = true;
      c.first = minTs(c.first, e.ts);
      c.last = maxTs(c.last, e.ts);
      s.first = minTs(s.first, e.ts);
      s.last = maxTs(s.last, e.ts);
      const user = str(e, 'User');
      if (user !== undefined && s.users.size < 10000) s.users.set(user, (s.users.get(user) ?? 0) + 1);
      if (s.evidence.length < 200) s.evidence.push(ref(e));
    },
    finish() {
      const out: Finding[] = [];
      for (const s of sources.values()) {
        let attempts = 0;
        for (const c of s.conns.values()) attempts += Math.max(c.sshFailed, c.pam, c.other ? 1 : 0);
        const users = s.users.size;
        if (attempts < bf.minAttempts && users < bf.minUsers) continue;
        const after = s.successes
          .filter((x) => Number.isFinite(x.ts) && Number.isFinite(s.first) && x.ts >= s.first)
          .sort((a, b) => a.ts - b.ts);
        const success = after[0];
        const spray = users >= bf.minUsers;
        const severity: FindingSeverity = success ? 'critical' : attempts >= 100 || spray ? 'high' : 'medium';
        const topUsers =
          [...s.users.entries()]
            .sort((a, b) => b[1] - a[1])
            .slice(0, 5)
            .map(([u]) => u || '(empty)')
            .join(', ') || '?';
        const params = { peer: s.peer, host: s.host ?? '?', attempts, users, top: topUsers, user: success?.user ?? '' };
        const text = tBoth(success ? 'linux.bf.success' : spray ? 'linux.bf.spray' : 'linux.bf.guess', params);
        const evidence = capEvidence(success ? [...s.evidence.slice(0, 49), success.ref] : s.evidence);
        const attack = ['T1110', spray ? 'T1110.003' : 'T1110.001'];
        if (success) attack.push('T1078');
        out.push({
          kind: 'brute-force',
          severity,
          host: s.host,
          peer: s.peer,
          first_seen: s.first,
          last_seen: success ? maxTs(s.last, success.ts) : s.last,
          count: attempts,
          evidence,
          summary_en: text.en,
          summary_ja: text.ja,
          producer: 'linux-ssh-brute-force',
          attack,
          details: {
            service: 'ssh',
            attempts,
            connections: s.conns.size,
            distinct_users: users,
            top_users: topUsers,
            spray,
            scans: s.scans,
            success: success ? { user: success.user, ts: success.ts } : null,
            time_zone: opts.timeZone,
          },
        });
      }
      return out.sort((a, b) => b.count - a.count);
    },
  };
}
