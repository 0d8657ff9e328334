/**
 * fail2ban's own sshd test catalogue (Debian fail2ban 1.0.2): every log line is preceded by a
 * "# failJSON:" comment saying whether fail2ban's filter counts it as a failure, with the address and
 * the local time (fail2ban tests run in Europe/Zurich with "now" = 2005-08-14 12:00, which also fixes
 * the year of year-less lines). Every line marked as a failure must be recognised as one, with that
 * address and time. A failure is Outcome=failure, or an accepted login on a connection that failed
 * before for another user (fail2ban's "forget by success" cases).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Event } from '../../../src/core/event.ts';
import { classify } from '../../../src/sources/linux/auth.ts';
import { fromLocal, toTm } from '../../../src/sources/linux/ctime.ts';
import { bufferLines } from '../../../src/sources/linux/lines.ts';
import { newSshState } from '../../../src/sources/linux/sshd.ts';
import { syslogParser } from '../../../src/sources/linux/syslog-reader.ts';
import { corpusDir } from '../../support/corpus.ts';

const TZ = 'Europe/Zurich';
const dir = corpusDir('linux', 'fail2ban');

interface Expect {
  match: boolean;
  time?: string;
  host?: string;
  user?: string;
}

/** Lines with the failJSON comments before them (a line can carry several: one per filter mode). */
function catalogue(file: string): { line: string; no: number; expect: Expect[] }[] {
  const out: { line: string; no: number; expect: Expect[] }[] = [];
  let pending: Expect[] = [];
  bufferLines(readFileSync(file)).forEach((l, i) => {
    const m = /^# failJSON: (\{.*\})\s*$/.exec(l);
    if (m) pending.push(JSON.parse(m[1]) as Expect);
    else if (l.startsWith('#') || !l.trim()) return;
    else {
      out.push({ line: l, no: i + 1, expect: pending });
      pending = [];
    }
  });
  return out;
}

function localText(us: number): string {
  const tm = toTm(us / 1e6, TZ);
  const p = (n: number): string => String(n).padStart(2, '0');
  return tm ? `${tm.year}-${p(tm.month)}-${p(tm.day)}T${p(tm.hour)}:${p(tm.minute)}:${p(tm.second)}` : '';
}

function isFailure(f: Event['fields']): boolean {
  if (f.Outcome === 'failure') return true;
  return f.Action === 'ssh_accepted' && Array.isArray(f.failed_users) && f.failed_users.some((u) => u !== f.User);
}

describe.skipIf(!dir)('fail2ban failJSON catalogue', () => {
  const d = dir!;
  for (const name of ['sshd', 'pam-generic']) {
    it(`${name}: every failure line is recognised with its address and time`, () => {
      const anchor = fromLocal(2005, 8, 14, 12, 0, 0, TZ) * 1e6;
      const parser = syslogParser({ file: name, mtimeUs: anchor, timeZone: TZ, defaultService: 'auth' });
      let failures = 0;
      let recognised = 0;
      let negatives = 0;
      let flagged = 0;
      const misses: string[] = [];
      for (const c of catalogue(join(d, name))) {
        const e = parser.line(c.line, c.no);
        if (!c.expect.length || !e) continue;
        const want = c.expect.find((x) => x.match);
        if (!want) {
          negatives++;
          if (isFailure(e.fields)) flagged++;
          continue;
        }
        failures++;
        const f = e.fields;
        const host = (f.src_ip ?? f.rhost) as string | undefined;
        const good =
          isFailure(f) &&
          (want.host === undefined || host === want.host) &&
          (want.time === undefined || localText(e.ts) === want.time) &&
          (want.user === undefined || f.User === want.user);
        if (good) recognised++;
        else
          misses.push(
            `${c.no}: ${c.line} → ${JSON.stringify({ Action: f.Action, Outcome: f.Outcome, host, User: f.User, time: localText(e.ts) })}`,
          );
      }
      console.info(
        `[linux] fail2ban ${name}: ${recognised}/${failures} failure lines recognised; ${flagged}/${negatives} non-failure lines also flagged as failures`,
      );
      expect(misses).toEqual([]);
      expect(failures).toBeGreaterThan(name === 'sshd' ? 100 : 5);
    });
  }

  it('sshd-journal (the same messages without time stamps): every failure recognised with its address', () => {
    const ssh = newSshState();
    let failures = 0;
    const misses: string[] = [];
    for (const c of catalogue(join(d, 'sshd-journal'))) {
      const want = c.expect.find((x) => x.match);
      const m = /^(\S+) (\S+?)(?:\[(\d+)\])?: (.*)$/.exec(c.line);
      if (!m) continue;
      const f = classify(m[2], m[4], m[3] ? `${m[1]}|${m[3]}` : '', ssh) ?? {};
      if (!want) continue;
      failures++;
      const host = f.src_ip ?? f.rhost;
      if (!(isFailure(f) && (want.host === undefined || host === want.host)))
        misses.push(`${c.no}: ${c.line} → ${JSON.stringify(f)}`);
    }
    console.info(`[linux] fail2ban sshd-journal: ${failures - misses.length}/${failures} failure lines recognised`);
    expect(misses).toEqual([]);
    expect(failures).toBeGreaterThan(80);
  });
});
