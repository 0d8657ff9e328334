/**
 * The Linux readers on the corpus through the SourceReader contract: content sniffing picks the
 * right reader for every file, each file yields its events, and the damage is reported as issues.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Event } from '../../../src/core/event.ts';
import type { Issue } from '../../../src/core/issue.ts';
import { linuxReaders } from '../../../src/sources/linux/index.ts';
import { readHead } from '../../../src/app/readers.ts';
import { corpusDir } from '../../support/corpus.ts';

const dir = corpusDir('linux');

function pick(path: string, name: string): string | undefined {
  const head = readHead(path);
  let best: string | undefined;
  let score = 0;
  for (const r of linuxReaders) {
    const s = r.sniff(head, name);
    if (s > score) {
      score = s;
      best = r.id;
    }
  }
  return score >= 0.5 ? best : undefined;
}

async function read(id: string, path: string): Promise<{ events: Event[]; issues: Issue[] }> {
  const r = linuxReaders.find((x) => x.id === id)!;
  const issues: Issue[] = [];
  const events: Event[] = [];
  for await (const e of r.read(path, { issues, displayPath: path, mtimeUs: Date.UTC(2021, 10, 1) * 1000 }))
    events.push(e);
  return { events, issues };
}

const EXPECTED: Record<string, string | undefined> = {
  'aplicada_tp/wtmp': 'wtmp',
  'aplicada_tp/btmp': 'wtmp',
  'aplicada_tp/btmp.1': 'wtmp',
  'blueserver_ctf2/wtmp': 'wtmp',
  'plaso/utmp/utmp': 'wtmp',
  'plaso/utmp/wtmp.1': 'wtmp',
  'plaso/utmp/utmp_x86_64': 'wtmp',
  'plaso/utmp/utmp_aarch64': 'wtmp',
  'plaso/utmp/utmp_s390': 'wtmp',
  'aplicada_tp/lastlog': 'lastlog',
  'aplicada_tp/faillog': 'faillog',
  'blueserver_ctf2/lastlog': 'lastlog',
  'blueserver_ctf2/faillog': 'faillog',
  'aplicada_tp/auth.log': 'syslog',
  'aplicada_tp/auth.log.1': 'syslog',
  'aplicada_tp/auth.log.2.gz': 'syslog',
  'blueserver_ctf2/auth.log': 'syslog',
  'loghub/OpenSSH/OpenSSH_2k.log': 'syslog',
  'loghub/Linux/Linux_2k.log': 'syslog',
  'plaso/syslog/syslog_rsyslog': 'syslog',
  'plaso/syslog/syslog_ssh.log': 'syslog',
  'crowdsec-hub/auditd-logs/auditd-logs.log': 'auditd',
  'crowdsec-hub/auditd-base64-exec/auditd-base64-exec.log': 'auditd',
  'plaso/audit_enriched.log': 'auditd',
  'plaso/utmpx_mac': undefined,
  'plaso/bash_history': undefined,
  'loghub/OpenSSH/OpenSSH_2k.log_structured.csv': undefined,
};

describe.skipIf(!dir)('Linux readers on the corpus', () => {
  const d = dir!;
  it('sniffing picks the right reader for each file', () => {
    const got: Record<string, string | undefined> = {};
    for (const rel of Object.keys(EXPECTED)) got[rel] = pick(join(d, rel), rel);
    expect(got).toEqual(EXPECTED);
  });

  it('reads every sniffed file of the corpus without throwing', async () => {
    const walk = (p: string): string[] =>
      statSync(p).isDirectory() ? readdirSync(p).flatMap((c) => walk(join(p, c))) : [p];
    let files = 0;
    let events = 0;
    for (const f of walk(d)) {
      const id = pick(f, relative(d, f));
      if (!id) continue;
      const r = await read(id, f);
      files++;
      events += r.events.length;
    }
    console.info(`[linux] corpus: ${files} files read, ${events} events`);
    expect(files).toBeGreaterThan(30);
  });

  it('wtmp: login records carry user, tty and address; btmp records are failures', async () => {
    const w = await read('wtmp', join(d, 'aplicada_tp/wtmp'));
    expect(w.events.length).toBe(597);
    const ssh = w.events.filter((e) => e.fields.Action === 'login' && e.fields.src_ip === '192.168.56.103');
    expect(ssh.length).toBeGreaterThan(10);
    expect(ssh[0].logsource).toEqual({ product: 'linux', service: 'wtmp' });
    const b = await read('wtmp', join(d, 'aplicada_tp/btmp'));
    expect(b.events.every((e) => e.logsource.service === 'btmp' && e.fields.Outcome === 'failure')).toBe(true);
  });

  it('reports damage: trailing bytes, NUL bytes', async () => {
    const w = await read('wtmp', join(d, 'plaso/utmp/wtmp.1'));
    expect(w.issues.map((i) => i.code)).toContain('linux.utmp_trailing');
    const a = await read('syslog', join(d, 'aplicada_tp/auth.log'));
    const nul = a.issues.find((i) => i.code === 'linux.nul_bytes');
    expect(nul?.params?.bytes).toBeGreaterThan(1000);
    expect(a.events.filter((e) => String(e.fields.message).includes('\u0000')).length).toBe(0);
  });

  it('gzip-rotated auth.log reads like the plain one', async () => {
    const g = await read('syslog', join(d, 'aplicada_tp/auth.log.2.gz'));
    expect(g.events.length).toBeGreaterThan(50);
    expect(g.events.every((e) => Number.isFinite(e.ts))).toBe(true);
  });

  it('lastlog names users when a passwd sits in the evidence tree; uids otherwise', async () => {
    const l = await read('lastlog', join(d, 'aplicada_tp/lastlog'));
    expect(l.events.map((e) => [e.fields.uid, e.fields.ll_line, e.fields.src_ip])).toEqual([
      [0, 'pts/0', '192.168.56.103'],
      [1000, 'pts/0', '192.168.56.103'],
    ]);
  });
});
