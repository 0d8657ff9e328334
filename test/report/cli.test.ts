/**
 * The case workflow through the built CLI on real evidence: triage of DeepBlueCLI samples, then
 * respond, the incident record, custody, evidence verification and the report, with hostile values
 * in case.json and in a note.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { corpusDir } from '../support/corpus.ts';
import { konseki } from '../support/cli.ts';
import { PYTHON, tokenize } from './dom.ts';

const deepblue = corpusDir('evtx', 'DeepBlueCLI');

describe.skipIf(!deepblue)('konseki respond / case on a triaged case', () => {
  const evidence = mkdtempSync(join(tmpdir(), 'konseki-ev-'));
  const dir = mkdtempSync(join(tmpdir(), 'konseki-case-'));
  beforeAll(() => {
    for (const f of ['password-spray.evtx', 'metasploit-psexec-native-target-security.evtx'])
      cpSync(join(deepblue!, 'evtx', f), join(evidence, f));
  });

  it('runs the whole first-response workflow', () => {
    const t = konseki(['triage', evidence, '-o', dir, '--timezone', 'Asia/Tokyo', '-q']);
    expect(t.code, t.stderr).toBe(0);
    writeFileSync(
      join(dir, 'case.json'),
      JSON.stringify({
        case_id: '2026-042',
        title: 'PsExec <script>alert(1)</script>',
        indicators: {
          ips: ['203.0.113.10', '1.2.3.4"; flush ruleset'],
          domains: ['evil.example', 'evil.example\nhttp_access allow all'],
          urls: ['http://evil.example/gate.php?x=${service_name}'],
        },
        hosts: [{ ip: '10.0.0.7', name: 'PC-07' }],
        accounts: [{ name: 'CORP\\taro' }],
        management_hosts: ['10.0.0.250'],
      }),
    );

    const r = konseki(['--lang', 'ja', 'respond', '--case', dir, '--level', 'isolate-hosts']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('1.2.3.4\\"; flush ruleset');
    expect(r.stderr).toMatch(/\d+ ファイルを出力しました/);
    for (const f of [
      'nftables.nft',
      'iptables-ipset.sh',
      'pfsense-config.xml',
      'pfsense-urltable.txt',
      'squid-konseki.conf',
      'bind-rpz.zone',
      'bind-named.conf',
      'unbound-konseki.conf',
      'dnsmasq-konseki.conf',
      'windows-firewall.ps1',
      'accounts-ad.ps1',
      'plan.json',
      'RESPONSE.md',
    ]) {
      expect([f, existsSync(join(dir, 'respond', f))]).toEqual([f, true]);
    }
    expect(readFileSync(join(dir, 'respond', 'RESPONSE.md'), 'utf8')).toContain(
      '## 措置と影響 (機密性・完全性・可用性)',
    );

    for (const args of [
      ['phase', 'A', 'done'],
      ['phase', 'C', 'start', '--note', '隔離を開始'],
      ['note', '--phase', 'C', '--author', 'yamada', '<script>alert(1)</script>', '\u001b[31mred'],
      ['contain', 'applied', 'block-c2-net', 'isolate-hosts'],
    ]) {
      const x = konseki(['case', ...args.slice(0, 1), '--case', dir, ...args.slice(1)]);
      expect([args[0], x.code, x.stderr]).toEqual([args[0], 0, '']);
    }
    const show = konseki(['case', 'show', '--case', dir]);
    expect(show.stdout).toContain('\\u{001b}[31mred');
    expect(show.stdout).not.toContain('\u001b');
    expect(show.stdout).toMatch(/▶ C\. First response/);

    const rep = konseki(['--lang', 'ja', 'case', 'report', '--case', dir, '--timezone', 'Asia/Tokyo']);
    expect(rep.code, rep.stderr).toBe(0);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('封じ込め');
    expect(html).toContain('C&amp;C アドレスの遮断');
    expect(html).toContain('実施済み');
    expect(html).toContain('metasploit-psexec-native-target-security.evtx');
    if (PYTHON) {
      const tk = tokenize(html);
      expect(tk.tags.some(([tag]) => tag === 'script')).toBe(false);
      expect(tk.text).toContain('PsExec <script>alert(1)</script>');
    }
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toContain('## 証拠の一覧 (マニフェスト)');

    const ok = konseki(['case', 'verify', '--case', dir]);
    expect(ok.code, ok.stdout).toBe(0);
    expect(ok.stdout).toMatch(/evidence: 2 files checked, 0 changes/);

    // tampering with the evidence and with the custody log is found
    const victim = join(evidence, 'password-spray.evtx');
    const bytes = readFileSync(victim);
    bytes[bytes.length - 1] ^= 0xff;
    writeFileSync(victim, bytes);
    const lines = readFileSync(join(dir, 'custody.jsonl'), 'utf8').trimEnd().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(7);
    writeFileSync(join(dir, 'custody.jsonl'), `${[lines[0], ...lines.slice(2)].join('\n')}\n`);
    const bad = konseki(['case', 'verify', '--case', dir]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/password-spray\.evtx: content changed/);
    expect(bad.stdout).toMatch(/custody\.jsonl:2: does not chain/);
  });

  it('refuses isolate-hosts without hosts, with a message and exit code 2', () => {
    const empty = mkdtempSync(join(tmpdir(), 'konseki-case-'));
    const r = konseki(['respond', '--case', empty, '--level', 'isolate-hosts']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('isolate-hosts needs compromised hosts');
  });
});
