/**
 * The composite picture on the built-in demo: a network scenario (proxy, DNS, firewall, IDS) and a
 * Windows + Linux scenario on the same hosts. What is planted comes from the demo's story
 * (src/demo/story.ts), not from konseki's output.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOSTS, CNC_DOMAIN, CNC_IP, DROPPER_IP, EXFIL_HOST, SSH_ATTACKER } from '../../src/demo/story.ts';
import { konseki } from '../support/cli.ts';

describe('konseki demo: one incident picture', () => {
  const dir = mkdtempSync(join(tmpdir(), 'konseki-demo-'));
  const r = konseki(['demo', '-o', dir]);
  const caseDir = join(dir, 'case');
  const cf = JSON.parse(readFileSync(join(caseDir, 'case.json'), 'utf8'));
  const c = cf.composite;

  it('runs on a fresh machine without the corpus', () => {
    expect(r.code, r.stderr).toBe(0);
  });

  it('names patient zero and every compromised host', () => {
    expect(c.patient_zero).toBe(HOSTS.pc1.short);
    const compromised = c.hosts
      .filter((h: { verdict: string }) => h.verdict === 'compromised')
      .map((h: { name: string }) => h.name)
      .sort();
    for (const h of [HOSTS.pc1.short, HOSTS.pc2.short, HOSTS.fs.short, HOSTS.web.short.toUpperCase()])
      expect(compromised).toContain(h);
    const pc1 = c.hosts.find((h: { name: string }) => h.name === HOSTS.pc1.short);
    expect(pc1.ips).toContain(HOSTS.pc1.ip);
    // the first attacker activity on the patient zero is the booby-trapped document (09:41 JST)
    expect(new Date(pc1.first_seen / 1000).toISOString()).toBe('2026-10-14T00:41:22.000Z');
  });

  it('draws the planted spread, C&C and exfiltration', () => {
    const has = (from: string, to: string, kind: string): boolean =>
      c.edges.some(
        (e: { from: string; to: string; kind: string }) => e.from === from && e.to === to && e.kind === kind,
      );
    expect(has(HOSTS.pc1.short, HOSTS.fs.short, 'lateral')).toBe(true);
    expect(has(HOSTS.pc1.short, HOSTS.pc2.short, 'lateral')).toBe(true);
    expect(has(HOSTS.pc1.short, CNC_DOMAIN, 'c2')).toBe(true);
    expect(has(HOSTS.pc2.short, CNC_DOMAIN, 'c2')).toBe(true);
    expect(has(HOSTS.pc1.short, EXFIL_HOST, 'exfil')).toBe(true);
    expect(has(SSH_ATTACKER, HOSTS.web.short.toUpperCase(), 'logon')).toBe(true);
    const phases = c.phases.map((p: { phase: string }) => p.phase);
    expect(phases).toEqual(['initial-access', 'foothold', 'command-and-control', 'lateral-movement', 'objective']);
  });

  it('hands the indicators and hosts to first response', () => {
    const judged = new Map<string, number>(
      cf.indicators.judged.map((j: { value: string; confidence: number }): [string, number] => [j.value, j.confidence]),
    );
    // the C&C domain, the dropper, the C&C peer on its port and the payload host of the cron job
    for (const v of [CNC_DOMAIN, DROPPER_IP, `${CNC_IP}:8443`, `http://${CNC_IP}/u.sh`, CNC_IP])
      expect([v, (judged.get(v) ?? 0) >= 0.5]).toEqual([v, true]);
    // FS01 is known by name in its own logs; the explicit-credentials event on PC-SALES01 gives its address
    expect(cf.hosts.map((h: { ip: string }) => h.ip).sort()).toEqual([HOSTS.pc1.ip, HOSTS.pc2.ip, HOSTS.fs.ip].sort());
    // nothing in the evidence gives web01's address: a manual step, not a silent loss
    expect(cf.unresolved_hosts.map((u: { name: string }) => u.name)).toEqual([HOSTS.web.short.toUpperCase()]);
    const res = konseki(['respond', '--case', caseDir, '--level', 'cnc-only']);
    expect(res.code, res.stderr).toBe(0);
    const nft = readFileSync(join(caseDir, 'respond', 'nftables.nft'), 'utf8');
    expect(nft).toContain(DROPPER_IP);
    expect(nft).toContain(CNC_IP);
    expect(readFileSync(join(caseDir, 'respond', 'RESPONSE.md'), 'utf8')).toContain('--hosts WEB01=<IP>');
  });

  it('later case commands refresh the report', () => {
    const before = readFileSync(join(caseDir, 'report.md'), 'utf8');
    expect(before).toContain('cnc-only');
    const note = 'Isolated PC-SALES01 from the LAN at 10:15 (konseki test note)';
    expect(konseki(['case', 'note', '--case', caseDir, '--phase', 'C', note]).code).toBe(0);
    expect(readFileSync(join(caseDir, 'report.md'), 'utf8')).toContain(note);
  });

  it('keeps the language and zone a report was written with: later refreshes write it the same way', () => {
    const settings = () => JSON.parse(readFileSync(join(caseDir, 'case.json'), 'utf8')).settings ?? {};
    const before = settings();
    // a report written elsewhere leaves the case's settings alone
    const out = mkdtempSync(join(tmpdir(), 'konseki-report-'));
    const aside = konseki([
      '--lang',
      'ja',
      'case',
      'report',
      '--case',
      caseDir,
      '--timezone',
      'Asia/Kolkata',
      '--out',
      out,
    ]);
    expect(aside.code, aside.stderr).toBe(0);
    expect(settings()).toEqual(before);
    // Asia/Kolkata: +05:30 all year, unlike the demo's zone and any machine's
    const rep = konseki(['--lang', 'ja', 'case', 'report', '--case', caseDir, '--timezone', 'Asia/Kolkata']);
    expect(rep.code, rep.stderr).toBe(0);
    expect(settings()).toMatchObject({ lang: 'ja', time_zone: 'Asia/Kolkata' });
    expect(settings().org_time_zone).toEqual(before.org_time_zone);
    // a later command in English refreshes the report in the case's language and zone
    expect(konseki(['--lang', 'en', 'case', 'note', '--case', caseDir, '--phase', 'C', 'settings test']).code).toBe(0);
    const md = readFileSync(join(caseDir, 'report.md'), 'utf8');
    expect(md).toContain('settings test');
    expect(md).toContain('## 経営層向け概要');
    expect(md).toMatch(/\d{2}:\d{2}:\d{2}\.\d{3} \+05:30/);
    expect(md).not.toMatch(/\+09:00 \|/);
    expect(konseki(['case', 'show', '--case', caseDir]).stdout).toContain('Asia/Kolkata');
  });

  it('writes the report with the spread graph', () => {
    const html = readFileSync(join(caseDir, 'report.html'), 'utf8');
    const svg = html.slice(html.indexOf('<svg'), html.indexOf('</svg>'));
    for (const h of [HOSTS.pc1.short, HOSTS.pc2.short, HOSTS.fs.short]) expect(svg).toContain(h);
    expect(html).toContain(CNC_DOMAIN);
    const md = readFileSync(join(caseDir, 'report.md'), 'utf8');
    expect(md).toContain(HOSTS.pc1.short);
  });
});
