/**
 * loghub OpenSSH_2k (real internet brute force on host LabSZ). Its structured CSV labels each line
 * with an event template (E1..E27). From the labels alone (template, pid, the template's
 * parameters) the brute-force sources are computed with the analyzer's counting rule (guesses per
 * connection; >= 10 per source or >= 5 user names) and compared with what konseki finds reading the
 * raw log. Also: every labeled failure/success line gets the matching Outcome and address.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sshBruteForce } from '../../../src/analytics/linux/ssh-brute-force.ts';
import { DEFAULT_ANALYSIS_OPTIONS } from '../../../src/analytics/types.ts';
import type { Event } from '../../../src/core/event.ts';
import { readSyslog } from '../../../src/sources/linux/syslog-reader.ts';
import { corpusDir } from '../../support/corpus.ts';

const dir = corpusDir('linux', 'loghub', 'OpenSSH');

/** RFC 4180-ish CSV row split (quoted fields with commas). */
function csvRow(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (q) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') q = false;
      else cur += c;
    } else if (c === '"') q = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** The values of the <*> slots of a template in a content string. */
function slots(template: string, content: string): string[] | undefined {
  const re = new RegExp(
    '^' +
      template
        .split('<*>')
        .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('(.*?)') +
      '\\s*$',
  );
  const m = re.exec(content);
  return m ? m.slice(1).map((s) => s.trim()) : undefined;
}

const FAILED = new Set(['E8', 'E9', 'E10']);
const PAM = new Set(['E19', 'E20']);
const OTHER_FAILURE = new Set(['E4', 'E5', 'E13']);
/** 1-based <*> slot holding the remote address, per template */
const IP_SLOT: Record<string, number> = {
  E1: 2,
  E8: 2,
  E9: 2,
  E10: 2,
  E13: 2,
  E14: 2,
  E19: 3,
  E20: 3,
  E15: 4,
  E16: 4,
  E17: 4,
};

describe.skipIf(!dir)('loghub OpenSSH_2k', () => {
  const d = dir!;
  // read at collection only when the suite runs: a fresh clone has no corpus
  const rows = !dir
    ? []
    : readFileSync(join(d, 'OpenSSH_2k.log_structured.csv'), 'utf8')
        .split(/\r?\n/)
        .slice(1)
        .filter(Boolean)
        .map(csvRow);
  const labels = rows.map(([lineId, , , , , pid, content, eventId, template]) => ({
    line: Number(lineId),
    pid,
    content,
    eventId,
    template,
    params: slots(template, content),
  }));

  it('the labels parse', () => {
    expect(labels.length).toBe(2000);
    expect(labels.filter((l) => !l.params).length).toBe(0);
  });

  it('finds the brute-force sources the labels give', async () => {
    // expected, from the labels
    const conns = new Map<string, { ip: string; failed: number; pam: number; other: boolean }>();
    const users = new Map<string, Set<string>>();
    const pidIp = new Map<string, string>();
    for (const l of labels) {
      const slot = IP_SLOT[l.eventId];
      if (slot !== undefined) pidIp.set(l.pid, l.params![slot - 1]);
    }
    for (const l of labels) {
      const ip = pidIp.get(l.pid);
      if (!ip) continue;
      let c = conns.get(l.pid);
      if (!c) conns.set(l.pid, (c = { ip, failed: 0, pam: 0, other: false }));
      if (FAILED.has(l.eventId)) c.failed++;
      else if (l.eventId === 'E14') c.failed += Number(l.params![0]);
      else if (PAM.has(l.eventId)) c.pam++;
      else if (l.eventId === 'E15' || l.eventId === 'E16' || l.eventId === 'E17') c.pam += Number(l.params![0]);
      else if (OTHER_FAILURE.has(l.eventId)) c.other = true;
      const user =
        l.eventId === 'E9' || l.eventId === 'E10' || l.eventId === 'E8' || l.eventId === 'E13'
          ? l.params![0]
          : l.eventId === 'E20'
            ? l.params![3]
            : undefined;
      if (user !== undefined) {
        if (!users.has(ip)) users.set(ip, new Set());
        users.get(ip)!.add(user);
      }
    }
    const attempts = new Map<string, number>();
    for (const c of conns.values())
      attempts.set(c.ip, (attempts.get(c.ip) ?? 0) + Math.max(c.failed, c.pam, c.other ? 1 : 0));
    const expected = [...attempts.entries()]
      .filter(([ip, n]) => n >= 10 || (users.get(ip)?.size ?? 0) >= 5)
      .map(([ip]) => ip)
      .sort();

    // found, from the raw log
    const file = join(d, 'OpenSSH_2k.log');
    const a = sshBruteForce(DEFAULT_ANALYSIS_OPTIONS);
    for await (const e of readSyslog(file, { issues: [], displayPath: file, mtimeUs: Date.UTC(2017, 11, 31) * 1000 }))
      if (a.wants(e)) a.add(e);
    const findings = a.finish();
    const found = findings.map((f) => f.peer!).sort();
    console.info(
      `[linux] loghub OpenSSH_2k: ${found.length} brute-force sources found, ${expected.length} from the labels, ${found.filter((x) => expected.includes(x)).length} in common: ${found.join(', ')}`,
    );
    expect(found).toEqual(expected);
    for (const f of findings) {
      expect(f.kind).toBe('brute-force');
      expect(f.count).toBe(attempts.get(f.peer!));
      expect(f.summary_ja).toMatch(/ブルートフォース|パスワードスプレー/);
    }
    expect(found).toContain('183.62.140.253');
  });

  it('every labeled failure and success line has that outcome and the labeled address', async () => {
    const file = join(d, 'OpenSSH_2k.log');
    const byLine = new Map<number, Event>();
    for await (const e of readSyslog(file, { issues: [], displayPath: file, mtimeUs: Date.UTC(2017, 11, 31) * 1000 }))
      byLine.set(e.source.line!, e);
    let checked = 0;
    const wrong: string[] = [];
    for (const l of labels) {
      const want =
        l.eventId === 'E1'
          ? 'success'
          : FAILED.has(l.eventId) ||
              PAM.has(l.eventId) ||
              OTHER_FAILURE.has(l.eventId) ||
              l.eventId === 'E14' ||
              ['E15', 'E16', 'E17'].includes(l.eventId)
            ? 'failure'
            : undefined;
      if (!want) continue;
      checked++;
      const f = byLine.get(l.line)!.fields;
      const slot = IP_SLOT[l.eventId];
      const ip = slot !== undefined ? l.params![slot - 1] : undefined;
      if (f.Outcome !== want || (ip !== undefined && (f.src_ip ?? f.rhost) !== ip))
        wrong.push(`${l.line} ${l.eventId}: ${l.content} → ${f.Outcome} ${f.src_ip ?? f.rhost}`);
    }
    console.info(
      `[linux] loghub OpenSSH_2k: ${checked - wrong.length}/${checked} labeled failure/success lines with the right outcome and address`,
    );
    expect(wrong).toEqual([]);
  });
});
