/**
 * Persistence through cron: crontab changes (REPLACE, BEGIN EDIT, DELETE, INSTALL), commands cron
 * runs that fetch or decode payloads, open shells to the network or run from world-writable places,
 * and crontab file entries (from the crontab reader) doing the same, or running at every boot.
 */
import type { Event } from '../../core/event.ts';
import { capEvidence, type EvidenceRef, type Finding } from '../../core/finding.ts';
import { tBoth } from '../../i18n/index.ts';
import { SUSPICIOUS_COMMAND } from '../commands.ts';
import type { AnalysisOptions, Analyzer } from '../types.ts';
import { hostOf, isLinux, maxTs, minTs, ref, str } from './common.ts';
import './messages.ts';

export { SUSPICIOUS_COMMAND } from '../commands.ts';

export function cronPersistence(_opts: AnalysisOptions): Analyzer {
  const changes = new Map<
    string,
    {
      host: string | null;
      user: string;
      target: string;
      first: number;
      last: number;
      count: number;
      evidence: EvidenceRef[];
    }
  >();
  const out: Finding[] = [];
  const seenExec = new Set<string>();
  return {
    id: 'linux-cron-persistence',
    wants(e: Event) {
      if (!isLinux(e)) return false;
      const a = str(e, 'Action');
      return a === 'crontab_change' || a === 'cron_exec' || a === 'crontab_entry';
    },
    add(e) {
      const a = str(e, 'Action')!;
      const host = hostOf(e);
      const user = str(e, 'User') ?? '?';
      if (a === 'crontab_change') {
        const target = str(e, 'crontab_target') ?? user;
        const k = `${host}|${user}|${target}`;
        let c = changes.get(k);
        if (!c) changes.set(k, (c = { host, user, target, first: e.ts, last: e.ts, count: 0, evidence: [] }));
        c.count++;
        c.first = minTs(c.first, e.ts);
        c.last = maxTs(c.last, e.ts);
        if (c.evidence.length < 50) c.evidence.push(ref(e));
        return;
      }
      const command = str(e, 'CommandLine') ?? '';
      const suspicious = SUSPICIOUS_COMMAND.test(command);
      if (a === 'cron_exec') {
        if (!suspicious) return;
        const k = `${host}|${user}|${command}`;
        if (seenExec.has(k) || seenExec.size > 10000) return;
        seenExec.add(k);
        const t = tBoth('linux.cron.suspicious_exec', { host: host ?? '?', user, command: command.slice(0, 300) });
        out.push({
          kind: 'cron-persistence',
          severity: 'high',
          host,
          peer: null,
          first_seen: e.ts,
          last_seen: e.ts,
          count: 1,
          evidence: [ref(e)],
          summary_en: t.en,
          summary_ja: t.ja,
          producer: 'linux-cron-persistence',
          attack: ['T1053.003'],
          details: { user, command },
        });
        return;
      }
      const schedule = str(e, 'cron_schedule') ?? '';
      const atBoot = schedule === '@reboot';
      if (!suspicious && !atBoot) return;
      const t = tBoth(suspicious ? 'linux.cron.suspicious_entry' : 'linux.cron.reboot_entry', {
        host: host ?? tBoth('linux.host.unknown', {}).en,
        host_ja: host ?? tBoth('linux.host.unknown', {}).ja,
        user,
        file: e.source.file,
        command: command.slice(0, 300),
      });
      out.push({
        kind: 'cron-persistence',
        severity: suspicious ? 'high' : 'medium',
        host,
        peer: null,
        first_seen: e.ts,
        last_seen: e.ts,
        count: 1,
        evidence: [ref(e)],
        summary_en: t.en,
        summary_ja: t.ja,
        producer: 'linux-cron-persistence',
        attack: ['T1053.003'],
        details: { user, command, schedule },
      });
    },
    finish() {
      const res = [...out];
      for (const c of changes.values()) {
        const t = tBoth('linux.cron.change', { host: c.host ?? '?', user: c.user, target: c.target, count: c.count });
        res.push({
          kind: 'cron-change',
          severity: c.user === c.target ? 'low' : 'medium',
          host: c.host,
          peer: null,
          first_seen: c.first,
          last_seen: c.last,
          count: c.count,
          evidence: capEvidence(c.evidence),
          summary_en: t.en,
          summary_ja: t.ja,
          producer: 'linux-cron-persistence',
          attack: ['T1053.003'],
          details: { user: c.user, target: c.target },
        });
      }
      return res;
    },
  };
}
