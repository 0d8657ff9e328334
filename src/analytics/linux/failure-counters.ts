/**
 * Login failure counters (shadow's faillog, pam_tally2's tallylog): per account, how many logins
 * failed since the last success, when the last one was and (tallylog) from where. The counters
 * outlive the rotation of auth.log, so they show a brute force whose log lines are gone. One
 * finding per host and file lists the accounts whose counter reached the threshold; root, trap
 * accounts, an account locked by its limit or a counter in the hundreds raise it.
 */
import { formatTs, type Event } from '../../core/event.ts';
import { capEvidence, type EvidenceRef, type Finding, type FindingSeverity } from '../../core/finding.ts';
import { tBoth } from '../../i18n/index.ts';
import type { AnalysisOptions, Analyzer } from '../types.ts';
import { hostOf, isLinux, maxTs, minTs, num, ref, str } from './common.ts';
import './messages.ts';

const PRODUCER = 'linux-failure-counters';
/** fewer failures than this are typing mistakes */
export const COUNTER_MIN = 5;
/** a counter this high is a brute force by itself */
export const COUNTER_HIGH = 100;
const MAX_ACCOUNTS = 10_000;

interface Counter {
  user: string;
  uid: number | undefined;
  count: number;
  max: number | undefined;
  last: number;
  rhost?: string;
  locked: boolean;
  evidence: EvidenceRef;
}

interface PerFile {
  host: string | null;
  file: string;
  format: string;
  counters: Counter[];
  below: number;
}

export function failureCounters(opts: AnalysisOptions): Analyzer {
  const files = new Map<string, PerFile>();
  const trap = new Set(opts.trapAccounts.map((a) => a.toLowerCase()));
  return {
    id: PRODUCER,
    wants(e: Event) {
      return isLinux(e) && (e.source.format === 'faillog' || e.source.format === 'tallylog');
    },
    add(e) {
      const count = num(e, 'fail_cnt') ?? 0;
      const key = `${e.source.file}`;
      let f = files.get(key);
      if (!f) {
        if (files.size >= 1000) return;
        f = { host: hostOf(e), file: e.source.file, format: e.source.format, counters: [], below: 0 };
        files.set(key, f);
      }
      if (count < COUNTER_MIN) {
        if (count > 0) f.below++;
        return;
      }
      if (f.counters.length >= MAX_ACCOUNTS) return;
      const uid = num(e, 'uid');
      const max = num(e, 'fail_max');
      const rhost = str(e, 'fail_rhost') || undefined;
      f.counters.push({
        user: str(e, 'User') ?? `uid ${uid ?? '?'}`,
        uid,
        count,
        max: max && max > 0 ? max : undefined,
        last: e.ts,
        rhost,
        locked: !!max && max > 0 && count >= max,
        evidence: ref(e),
      });
    },
    finish() {
      const out: Finding[] = [];
      for (const f of files.values()) {
        if (!f.counters.length) continue;
        const cs = f.counters.sort((a, b) => b.count - a.count);
        const total = cs.reduce((s, c) => s + c.count, 0);
        const privileged = cs.filter((c) => c.uid === 0 || trap.has(c.user.toLowerCase()));
        const severity: FindingSeverity =
          cs[0]!.count >= COUNTER_HIGH || privileged.length || cs.some((c) => c.locked) || cs.length >= 5
            ? 'high'
            : 'medium';
        let first = NaN;
        let last = NaN;
        for (const c of cs) {
          first = minTs(first, c.last);
          last = maxTs(last, c.last);
        }
        const shown = (c: Counter, lang: 'en' | 'ja'): string => {
          const when = Number.isFinite(c.last) ? formatTs(c.last) : '?';
          const from = c.rhost ? (lang === 'en' ? ` from ${c.rhost}` : `、接続元 ${c.rhost}`) : '';
          const locked = c.locked ? (lang === 'en' ? ', locked' : '、ロック中') : '';
          return lang === 'en'
            ? `${c.user} ×${c.count} (last ${when}${from}${locked})`
            : `${c.user} ${c.count} 回 (最終 ${when}${from}${locked})`;
        };
        const list = (lang: 'en' | 'ja') =>
          cs
            .slice(0, 5)
            .map((c) => shown(c, lang))
            .join(lang === 'en' ? ', ' : '、') + (cs.length > 5 ? ` … (+${cs.length - 5})` : '');
        const t = tBoth('linux.faillog.counters', {
          host: f.host ?? f.file,
          file: f.file,
          accounts: cs.length,
          total,
          list: list('en'),
          list_ja: list('ja'),
        });
        const peers = [...new Set(cs.map((c) => c.rhost).filter((x): x is string => !!x))];
        out.push({
          kind: 'login-failure-counter',
          severity,
          host: f.host,
          peer: peers[0] ?? null,
          first_seen: first,
          last_seen: last,
          count: total,
          evidence: capEvidence(cs.map((c) => c.evidence)),
          summary_en: t.en,
          summary_ja: t.ja,
          producer: PRODUCER,
          attack: ['T1110'],
          details: {
            format: f.format,
            accounts: Object.fromEntries(cs.slice(0, 200).map((c) => [c.user, c.count])),
            locked: cs.filter((c) => c.locked).map((c) => c.user),
            sources: peers,
            below_threshold: f.below,
          },
        });
      }
      return out;
    },
  };
}
