/**
 * Becoming root: sudo refused (not in sudoers) or failed, su failed, and sudo/su to root by users who
 * are not expected to: not in the allowlist when one is given; otherwise accounts created during the
 * period, and users who did it rarely (<= `rareMax` times) while another user does it routinely.
 * Also new accounts (uid 0 is critical), uid changes and additions to privileged groups.
 */
import type { Event } from '../../core/event.ts';
import { capEvidence, type EvidenceRef, type Finding, type FindingSeverity } from '../../core/finding.ts';
import { tBoth, type MessageKey } from '../../i18n/index.ts';
import type { AnalysisOptions, Analyzer } from '../types.ts';
import { hostOf, isLinux, maxTs, minTs, num, ref, str } from './common.ts';
import './messages.ts';

export interface PrivilegeOptions {
  /** users expected to use sudo/su to root; when set, everyone else is reported */
  sudoUsers?: string[];
  /** at most this many root commands counts as rare (default 3) */
  rareMax: number;
  /** a routine user has at least this many (default 10) */
  routineMin: number;
}

const PRIV_GROUPS = new Set(['sudo', 'wheel', 'admin', 'root', 'adm', 'docker', 'lxd', 'disk', 'shadow']);

interface Group {
  kind: string;
  code: MessageKey;
  severity: FindingSeverity;
  host: string | null;
  user: string;
  target: string;
  first: number;
  last: number;
  count: number;
  evidence: EvidenceRef[];
  params: Record<string, string | number>;
}

export function privilegeAnalyzer(
  opts: AnalysisOptions,
  p: PrivilegeOptions = { rareMax: 3, routineMin: 10 },
): Analyzer {
  const groups = new Map<string, Group>();
  const rootUse = new Map<
    string,
    {
      host: string | null;
      user: string;
      target: string;
      count: number;
      first: number;
      last: number;
      command: string;
      evidence: EvidenceRef[];
    }
  >();
  const created = new Map<string, number>();
  const accountFindings: Finding[] = [];

  const bump = (
    key: string,
    init: () => Omit<Group, 'first' | 'last' | 'count' | 'evidence'>,
    e: Event,
    times = 1,
  ): void => {
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ...init(), first: e.ts, last: e.ts, count: 0, evidence: [] }));
    g.count += times;
    g.first = minTs(g.first, e.ts);
    g.last = maxTs(g.last, e.ts);
    if (g.evidence.length < 50) g.evidence.push(ref(e));
  };

  const account = (
    e: Event,
    kind: string,
    code: MessageKey,
    severity: FindingSeverity,
    params: Record<string, string | number>,
    attack: string[],
  ): void => {
    const t = tBoth(code, params);
    accountFindings.push({
      kind,
      severity,
      host: hostOf(e),
      peer: null,
      first_seen: e.ts,
      last_seen: e.ts,
      count: 1,
      evidence: [ref(e)],
      summary_en: t.en,
      summary_ja: t.ja,
      producer: 'linux-privilege',
      attack,
      details: { ...params },
    });
  };

  return {
    id: 'linux-privilege',
    wants(e) {
      if (!isLinux(e)) return false;
      const a = str(e, 'Action');
      return (
        a !== undefined &&
        /^(sudo_|su$|su_failed|user_added|uid_changed|group_member_added$|audit_user_added|audit_sudo)/.test(a)
      );
    },
    add(e) {
      const a = str(e, 'Action')!;
      const host = hostOf(e);
      const user = str(e, 'User') ?? '?';
      const target = str(e, 'TargetUser') ?? 'root';
      if (a === 'sudo_denied') {
        bump(
          `denied|${host}|${user}`,
          () => ({
            kind: 'sudo-denied',
            code: 'linux.sudo.denied',
            severity: 'high',
            host,
            user,
            target,
            params: { reason: str(e, 'reason') ?? '' },
          }),
          e,
        );
      } else if (a === 'sudo_failed') {
        bump(
          `sfail|${host}|${user}`,
          () => ({
            kind: 'sudo-failed',
            code: 'linux.sudo.failed',
            severity: 'medium',
            host,
            user,
            target,
            params: {},
          }),
          e,
          num(e, 'repeat') ?? 1,
        );
      } else if (a === 'su_failed') {
        bump(
          `sufail|${host}|${user}|${target}`,
          () => ({ kind: 'su-failed', code: 'linux.su.failed', severity: 'medium', host, user, target, params: {} }),
          e,
        );
      } else if ((a === 'sudo_command' || a === 'su' || a === 'audit_sudo') && target === 'root' && user !== 'root') {
        const k = `${host}|${user}|${target}`;
        let r = rootUse.get(k);
        if (!r)
          rootUse.set(
            k,
            (r = {
              host,
              user,
              target,
              count: 0,
              first: e.ts,
              last: e.ts,
              command: str(e, 'CommandLine') ?? a,
              evidence: [],
            }),
          );
        r.count++;
        if (Number.isFinite(e.ts) && (!Number.isFinite(r.first) || e.ts < r.first)) {
          r.first = e.ts;
          r.command = str(e, 'CommandLine') ?? a;
        }
        r.last = maxTs(r.last, e.ts);
        if (r.evidence.length < 50) r.evidence.push(ref(e));
      } else if (a === 'user_added' || a === 'audit_user_added') {
        const uid = num(e, 'uid');
        created.set(`${host}|${user}`, e.ts);
        if (uid === 0)
          account(e, 'new-account', 'linux.account.uid0', 'critical', { user, host: host ?? '?', uid: 0 }, [
            'T1136.001',
            'T1078.003',
          ]);
        else
          account(
            e,
            'new-account',
            'linux.account.new',
            uid !== undefined && uid < 1000 ? 'low' : 'medium',
            { user, host: host ?? '?', uid: uid ?? '?' },
            ['T1136.001'],
          );
      } else if (a === 'uid_changed' && num(e, 'uid') === 0) {
        account(e, 'uid-change', 'linux.account.uid_change', 'critical', { user, host: host ?? '?', uid: 0 }, [
          'T1098',
        ]);
      } else if (a === 'group_member_added') {
        const group = str(e, 'Group') ?? '';
        if (PRIV_GROUPS.has(group))
          account(e, 'privileged-group-add', 'linux.account.priv_group', 'high', { user, host: host ?? '?', group }, [
            'T1098',
          ]);
      }
    },
    finish() {
      const out: Finding[] = [...accountFindings];
      for (const g of groups.values()) {
        const t = tBoth(g.code, { ...g.params, user: g.user, host: g.host ?? '?', target: g.target, count: g.count });
        out.push({
          kind: g.kind,
          severity: g.severity,
          host: g.host,
          peer: null,
          first_seen: g.first,
          last_seen: g.last,
          count: g.count,
          evidence: capEvidence(g.evidence),
          summary_en: t.en,
          summary_ja: t.ja,
          producer: 'linux-privilege',
          attack: ['T1548.003'],
          details: { user: g.user, target: g.target, ...g.params },
        });
      }
      const allow = opts && p.sudoUsers ? new Set(p.sudoUsers.map((u) => u.toLowerCase())) : undefined;
      const routineByHost = new Map<string | null, number>();
      for (const r of rootUse.values()) routineByHost.set(r.host, Math.max(routineByHost.get(r.host) ?? 0, r.count));
      for (const r of rootUse.values()) {
        let code: MessageKey | undefined;
        let severity: FindingSeverity = 'medium';
        const made = created.get(`${r.host}|${r.user}`);
        if (made !== undefined && (!Number.isFinite(made) || !Number.isFinite(r.first) || made <= r.first)) {
          code = 'linux.sudo.new_account';
          severity = 'high';
        } else if (allow) {
          if (!allow.has(r.user.toLowerCase())) {
            code = 'linux.sudo.unlisted';
            severity = 'high';
          }
        } else if (r.count <= p.rareMax && (routineByHost.get(r.host) ?? 0) >= p.routineMin) code = 'linux.sudo.rare';
        if (!code) continue;
        const t = tBoth(code, {
          user: r.user,
          host: r.host ?? '?',
          target: r.target,
          count: r.count,
          command: r.command.slice(0, 200),
        });
        out.push({
          kind: 'sudo-root',
          severity,
          host: r.host,
          peer: null,
          first_seen: r.first,
          last_seen: r.last,
          count: r.count,
          evidence: capEvidence(r.evidence),
          summary_en: t.en,
          summary_ja: t.ja,
          producer: 'linux-privilege',
          attack: ['T1548.003'],
          details: { user: r.user, target: r.target, first_command: r.command },
        });
      }
      return out;
    },
  };
}
