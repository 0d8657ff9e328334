/**
 * Deterministic fuzzing: thousands of mutated and truncated utmp, lastlog/faillog, audit and auth
 * inputs (bit flips, byte runs, splices, cuts) through the readers, the last/utmpdump printers and
 * the analyzers. Every input must finish without an exception, within a time bound.
 */
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { linuxAnalyzers } from '../../../src/analytics/linux/index.ts';
import { DEFAULT_ANALYSIS_OPTIONS } from '../../../src/analytics/types.ts';
import type { Event } from '../../../src/core/event.ts';
import { auditGrouper, parseAuditLine } from '../../../src/sources/linux/audit.ts';
import { utmpEvent } from '../../../src/sources/linux/binary-readers.ts';
import { DEFAULT_LAST_OPTIONS, runLast } from '../../../src/sources/linux/last.ts';
import { readUidDb } from '../../../src/sources/linux/lastlog.ts';
import { bufferLines } from '../../../src/sources/linux/lines.ts';
import { syslogParser } from '../../../src/sources/linux/syslog-reader.ts';
import { detectLayout, utmpRecords } from '../../../src/sources/linux/utmp.ts';
import { utmpdumpLine } from '../../../src/sources/linux/utmpdump.ts';
import { corpusDir } from '../../support/corpus.ts';
import { faillogFile, lastlogFile, rng, sampleWtmp, utmpFile } from '../../support/linux/utmp-writer.ts';

// a hang guard, not a speed target: the machine may be loaded (CI on 2 cores), so only a real hang trips it
const PER_INPUT_MS = 10_000;
const env = { now: 1800000000, isPhantom: () => true };

function mutate(src: Buffer, r: () => number): Buffer {
  const b = Buffer.from(src);
  const kind = Math.floor(r() * 6);
  const n = 1 + Math.floor(r() * 16);
  if (kind === 0) for (let i = 0; i < n; i++) b[Math.floor(r() * b.length)] ^= 1 << Math.floor(r() * 8);
  else if (kind === 1) for (let i = 0; i < n; i++) b[Math.floor(r() * b.length)] = Math.floor(r() * 256);
  else if (kind === 2) b.fill(r() < 0.5 ? 0xff : 0, Math.floor(r() * b.length), Math.floor(r() * b.length));
  else if (kind === 3) return b.subarray(0, Math.floor(r() * b.length));
  else if (kind === 4) {
    const at = Math.floor(r() * b.length);
    return Buffer.concat([
      b.subarray(0, at),
      Buffer.from(Array.from({ length: n * 37 }, () => Math.floor(r() * 256))),
      b.subarray(at),
    ]);
  } else {
    const a = Math.floor(r() * b.length);
    const c = Math.floor(r() * b.length);
    return Buffer.concat([b.subarray(0, Math.min(a, c)), b.subarray(Math.max(a, c))]);
  }
  return b;
}

function timed(label: string, fn: () => void, slow: string[]): void {
  const t0 = performance.now();
  fn();
  const ms = performance.now() - t0;
  if (ms > PER_INPUT_MS) slow.push(`${label}: ${ms.toFixed(0)} ms`);
}

const dir = corpusDir('linux');

describe('fuzzing the Linux readers', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'konseki-fuzz-'));

  it('utmp: 3000 mutated files read, dumped, listed by last, turned into events', () => {
    const seeds: Buffer[] = [
      utmpFile(sampleWtmp(11, 60)),
      utmpFile(sampleWtmp(12, 60), 'aarch64'),
      utmpFile(sampleWtmp(13, 60), 's390x'),
    ];
    if (dir)
      for (const f of ['plaso/utmp/wtmp.1', 'plaso/utmp/utmp_corrupted', 'aplicada_tp/btmp', 'blueserver_ctf2/wtmp'])
        if (existsSync(join(dir, f))) seeds.push(readFileSync(join(dir, f)));
    const r = rng(42);
    const slow: string[] = [];
    let records = 0;
    for (let i = 0; i < 3000; i++) {
      const input = mutate(seeds[i % seeds.length], r);
      timed(
        `utmp #${i}`,
        () => {
          const layout = detectLayout(input).layout;
          for (const rec of utmpRecords(input, layout)) {
            utmpdumpLine(rec);
            utmpEvent(rec, 'wtmp', 'fuzz', layout);
            records++;
          }
          if (i % 10 === 0) {
            const f = join(tmp, `u${i % 50}`);
            writeFileSync(f, input);
            runLast(f, layout, { ...DEFAULT_LAST_OPTIONS, extended: true, useIp: i % 20 === 0 }, env, 0);
            runLast(
              f,
              layout,
              { ...DEFAULT_LAST_OPTIONS, lastb: true, timeFormat: 'iso', timeZone: 'Asia/Tokyo' },
              env,
              0,
            );
          }
        },
        slow,
      );
    }
    expect(slow).toEqual([]);
    expect(records).toBeGreaterThan(10000);
  });

  it('lastlog/faillog: 600 mutated files', () => {
    const seeds = [
      lastlogFile(
        [
          { uid: 0, time: 1600000000, line: 'pts/0', host: '192.0.2.1' },
          { uid: 5, time: 1700000000, line: 'tty1' },
        ],
        8,
      ),
      faillogFile([{ uid: 1, count: 3, max: 5, line: 'ssh', time: 1600000000 }], 12),
    ];
    const r = rng(7);
    const slow: string[] = [];
    for (let i = 0; i < 600; i++) {
      const f = join(tmp, `l${i % 20}`);
      writeFileSync(f, mutate(seeds[i % 2], r));
      timed(
        `uiddb #${i}`,
        () => {
          for (const kind of ['lastlog', 'faillog', 'tallylog'] as const)
            for (const _ of readUidDb(f, { kind })) void _;
        },
        slow,
      );
    }
    expect(slow).toEqual([]);
  });

  it('audit and auth logs: 2000 mutated texts parsed, grouped and analyzed', () => {
    const audit: Buffer[] = [
      Buffer.from(
        [
          'type=SYSCALL msg=audit(1684329817.579:2995): arch=c000003e syscall=59 success=yes exit=0 a0=237f568 items=2 ppid=26843 pid=27032 auid=1000 uid=1000 tty=pts2 ses=10 comm="perl" exe="/usr/bin/perl" key=(null)',
          'type=EXECVE msg=audit(1684329817.579:2995): argc=3 a0="perl" a1="-e" a2=7072696E74202268692220',
          'type=EXECVE msg=audit(1684329817.579:2996): argc=2 a0_len=10 a0[0]=2F62696E2F a0[1]=7368 a1="x"',
          'type=CWD msg=audit(1684329817.579:2995): cwd="/tmp"',
          'type=PROCTITLE msg=audit(1684329817.579:2995): proctitle=7065726C002D65',
          'node=h1 type=USER_LOGIN msg=audit(1373330716.415:4063): user pid=11998 uid=0 auid=4294967295 ses=4294967295 msg=\'op=login acct=28756E6B6E6F776E207573657229 exe="/usr/sbin/sshd" hostname=? addr=173.242.116.187 terminal=ssh res=failed\'\u001dUID="root"',
          'type=EOE msg=audit(1684329817.579:2995): ',
        ].join('\n'),
      ),
    ];
    const auth: Buffer[] = [];
    if (dir) {
      for (const f of ['crowdsec-hub/auditd-suid-crash/auditd-suid-crash.log', 'plaso/audit_enriched.log'])
        if (existsSync(join(dir, f))) audit.push(readFileSync(join(dir, f)));
      for (const f of ['fail2ban/sshd', 'loghub/OpenSSH/OpenSSH_2k.log', 'blueserver_ctf2/auth.log'])
        if (existsSync(join(dir, f))) auth.push(readFileSync(join(dir, f)).subarray(0, 40000));
    }
    auth.push(
      Buffer.from(
        'Feb  7 15:10:42 h sshd[1]: Failed password for invalid user x from 1.2.3.4 port 22 ssh2\n<38>1 2019-07-08T17:40:16.954167-04:00 h sshd 5 - [a b="]"] msg\n',
      ),
    );
    const r = rng(99);
    const slow: string[] = [];
    let events = 0;
    for (let i = 0; i < 2000; i++) {
      const isAudit = i % 2 === 0;
      const src = isAudit ? audit[i % audit.length] : auth[i % auth.length];
      const input = mutate(src, r);
      timed(
        `${isAudit ? 'audit' : 'auth'} #${i}`,
        () => {
          const evs: Event[] = [];
          const lines = bufferLines(input);
          if (isAudit) {
            const g = auditGrouper('fuzz');
            lines.forEach((l, k) => {
              const rec = parseAuditLine(l, k + 1);
              if (rec) evs.push(...g.add(rec));
            });
            evs.push(...g.end());
          } else {
            const p = syslogParser({ file: 'auth.log', mtimeUs: 1.7e15, timeZone: i % 4 === 1 ? 'Asia/Tokyo' : 'UTC' });
            lines.forEach((l, k) => {
              const e = p.line(l, k + 1);
              if (e) evs.push(e);
            });
          }
          for (const a of linuxAnalyzers(DEFAULT_ANALYSIS_OPTIONS)) {
            for (const e of evs) if (a.wants(e)) a.add(e);
            a.finish();
          }
          events += evs.length;
        },
        slow,
      );
    }
    expect(slow).toEqual([]);
    expect(events).toBeGreaterThan(1000);
  });

  it('hostile long lines stay fast (no regex blow-up)', () => {
    const slow: string[] = [];
    const p = syslogParser({ file: 'auth.log', mtimeUs: 1.7e15 });
    const bodies = [
      `Failed password for ${'invalid user '.repeat(2000)}x from 1.2.3.4`,
      `Failed password for ${' from 1.2.3.4 port 1'.repeat(3000)}`,
      `Connection closed by authenticating user ${'a '.repeat(20000)}1.2.3.4 port 5 [preauth]`,
      `pam_unix(sshd:auth): authentication failure; ruser=${' rhost=1.1.1.1'.repeat(3000)} user=x`,
      `Invalid user ${'from '.repeat(10000)}`,
      `Received disconnect from ${':'.repeat(30000)}`,
    ];
    bodies.forEach((b, i) => timed(`long #${i}`, () => p.line(`Jan  1 00:00:00 h sshd[1]: ${b}`, i + 1), slow));
    timed(
      'audit long',
      () => parseAuditLine(`type=EXECVE msg=audit(1.1:1): argc=1 ${'a0="x" '.repeat(20000)}`, 1),
      slow,
    );
    expect(slow).toEqual([]);
  });
});
