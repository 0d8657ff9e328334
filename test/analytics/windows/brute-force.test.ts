/**
 * Brute force and password spraying. Corpus files are chosen by their names (DeepBlueCLI's
 * password-guessing and password-spray samples, EVTX-to-MITRE-Attack's T1110 brute-force set,
 * EVTX-ATTACK-SAMPLES' Kerberos spray); expected counts come from the Rust evtx crate's rendering
 * of the same files. Edge cases are .evtx files written with konseki's writer.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  analyze,
  analyzeCorpus,
  CORPUS_READY,
  countBy,
  failedLogon,
  fixtureDir,
  logon,
  MIN,
  oracle,
  readEvents,
  sec,
  T0,
} from './helpers.ts';

const PRODUCER = 'windows-brute-force';
const BF = 'EVTX-to-MITRE-Attack/TA0006-Credential Access/T1110.xxx-Brut force';

describe.skipIf(!CORPUS_READY)('brute force on corpus files', () => {
  it('DeepBlueCLI smb-password-guessing: one brute force from the guessing IP, every 4625 counted', () => {
    const rel = 'DeepBlueCLI/evtx/smb-password-guessing-security.evtx';
    const failures = oracle(rel).filter((e) => e.id === 4625);
    const perIp = countBy(failures, (e) => e.data.IpAddress!);
    expect(perIp.size).toBe(1);
    const [ip, n] = [...perIp][0]!;
    const users = new Set(failures.map((e) => e.data.TargetUserName));
    const found = analyzeCorpus(rel, {}, PRODUCER);
    expect(found).toHaveLength(1);
    const f = found[0]!;
    expect(f.kind).toBe('brute-force');
    expect(f.peer).toBe(ip);
    expect(f.count).toBe(n);
    expect(f.details?.distinct_accounts).toBe(users.size);
    expect(f.severity).toBe('high');
    expect(f.attack).toContain('T1110.001');
    expect(f.first_seen).toBe(Math.min(...failures.map((e) => e.ts)));
    expect(f.last_seen).toBe(Math.max(...failures.map((e) => e.ts)));
    expect(f.summary_ja).toContain(ip);
  });

  it('DeepBlueCLI password-spray: explicit credentials of many accounts from one account (4648)', () => {
    const rel = 'DeepBlueCLI/evtx/password-spray.evtx';
    const explicit = oracle(rel).filter((e) => e.id === 4648);
    const targets = new Set(explicit.map((e) => e.data.TargetUserName!.toLowerCase()));
    const subjects = new Set(explicit.map((e) => e.data.SubjectUserName));
    const found = analyzeCorpus(rel, {}, PRODUCER);
    expect(found).toHaveLength(1);
    expect(found[0]!.kind).toBe('password-spray');
    expect(found[0]!.count).toBe(explicit.length);
    expect(found[0]!.details?.distinct_accounts).toBe(targets.size);
    expect(found[0]!.details?.subject_user).toBe([...subjects][0]);
    expect(found[0]!.attack).toContain('T1110.003');
  });

  it('Kerberos spray and user enumeration (4771/4768 failures on the DC) are sprays from the attacking IP', () => {
    for (const rel of [
      'EVTX-ATTACK-SAMPLES/Credential Access/kerberos_pwd_spray_4771.evtx',
      `${BF}/ID4768-4771-Kerberos user enumeration (Kerbrute).evtx`,
      `${BF}/ID4768-4771-Kerberos brutforce with non existing users.evtx`,
    ]) {
      const failures = oracle(rel).filter((e) => e.id === 4771 || (e.id === 4768 && e.data.Status !== '0x0'));
      const ips = countBy(failures, (e) => e.data.IpAddress!.replace(/^::ffff:/, ''));
      const [ip, n] = [...ips].sort((a, b) => b[1] - a[1])[0]!;
      const found = analyzeCorpus(rel, {}, PRODUCER).filter((f) => f.peer === ip);
      expect(found, rel).toHaveLength(1);
      expect(found[0]!.kind, rel).toBe('password-spray');
      expect(found[0]!.count, rel).toBe(n);
    }
  });

  it('Kerberos guessing of one valid account (4771) is a brute force', () => {
    const rel = `${BF}/ID4771-Kerberos brutforce with valid user.evtx`;
    const failures = oracle(rel).filter((e) => e.id === 4771);
    const found = analyzeCorpus(rel, {}, PRODUCER);
    expect(found).toHaveLength(1);
    expect(found[0]!.kind).toBe('brute-force');
    expect(found[0]!.count).toBe(failures.length);
    expect(found[0]!.details?.top_accounts).toEqual([...new Set(failures.map((e) => e.data.TargetUserName))]);
  });

  it('RDP connections from one address to many hosts (RdpCoreTS 131, no account names) are a scan', () => {
    const rel =
      'EVTX-to-MITRE-Attack/TA0007-Discovery/T1046-Network Service Scanning/ID131-RDP brutforce (no user info).evtx';
    const conns = oracle(rel).filter((e) => e.id === 131);
    const ip = conns[0]!.data.ClientIP!.replace(/:\d+$/, '');
    const hosts = [
      ...new Set(conns.filter((e) => e.data.ClientIP!.startsWith(`${ip}:`)).map((e) => e.computer)),
    ].sort();
    const found = analyzeCorpus(rel, {}, PRODUCER);
    expect(found.map((f) => [f.kind, f.peer, f.count, f.details?.hosts])).toEqual([
      ['rdp-scan', ip, conns.length, hosts],
    ]);
  });

  it('local brute force (4625 without an IP) is attributed to the machine itself', () => {
    const rel = `${BF}/ID 4776,4625-AccountRestore local bruteforce.evtx`;
    const failures = oracle(rel).filter((e) => e.id === 4625);
    const found = analyzeCorpus(rel, {}, PRODUCER);
    expect(found).toHaveLength(1);
    expect(found[0]!.count).toBe(failures.length);
    expect(found[0]!.details?.local_source).toBe(true);
    expect(found[0]!.summary_en).toContain('(local)');
  });
});

describe('brute force on written fixtures', () => {
  const fx = fixtureDir();
  afterAll(() => fx.cleanup());

  it('failures then a logon of the guessed account from the same IP: brute-force-success', () => {
    const events = [
      ...Array.from({ length: 12 }, (_, i) => failedLogon(T0 + i * 5e6, 'bob', '203.0.113.9')),
      logon(T0 + 2 * MIN, 'bob', '203.0.113.9', 3),
      logon(T0 + 3 * MIN, 'carol', '10.0.0.7', 3),
    ];
    const found = analyze(readEvents(fx.write('success.evtx', events)), {}, PRODUCER);
    expect(found).toHaveLength(1);
    expect(found[0]!.kind).toBe('brute-force-success');
    expect(found[0]!.severity).toBe('critical');
    expect(found[0]!.count).toBe(12);
    expect(found[0]!.details?.success).toMatchObject({ account: 'bob', targeted: true, how: '3 - Network' });
    expect(found[0]!.evidence).toHaveLength(13);
    expect(found[0]!.summary_ja).toContain('ブルートフォース攻撃が成功');
  });

  it('a few mistyped passwords then a logon are not a brute force', () => {
    const events = [
      ...Array.from({ length: 4 }, (_, i) => failedLogon(T0 + i * 10e6, 'bob', '10.0.0.5')),
      logon(T0 + MIN, 'bob', '10.0.0.5', 3),
    ];
    expect(analyze(readEvents(fx.write('typos.evtx', events)), {}, PRODUCER)).toEqual([]);
  });

  it('one attempt for each of many accounts is a spray; bursts far apart are judged separately', () => {
    const users = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'];
    const spray = users.map((u, i) => failedLogon(T0 + i * 1e6, u, '198.51.100.4'));
    // nine guesses an hour apart: never ten within a burst
    const slow = Array.from({ length: 9 }, (_, i) => failedLogon(T0 + i * 60 * MIN, 'root', '198.51.100.5'));
    const found = analyze(
      readEvents(
        fx.write(
          'spray.evtx',
          [...spray, ...slow].sort((a, b) => a.time - b.time),
        ),
      ),
      {},
      PRODUCER,
    );
    expect(found.map((f) => [f.kind, f.peer, f.count])).toEqual([['password-spray', '198.51.100.4', 6]]);
  });

  it('one guess logged as 4625 and 4776 on the same host counts once', () => {
    const events = Array.from({ length: 10 }, (_, i) => [
      failedLogon(T0 + i * 1e6, 'admin2', '192.0.2.10', { WorkstationName: 'ATTACKER' }),
      sec(4776, T0 + i * 1e6 + 10, {
        PackageName: 'MICROSOFT_AUTHENTICATION_PACKAGE_V1_0',
        TargetUserName: 'admin2',
        Workstation: 'ATTACKER',
        Status: '0xc000006a',
      }),
    ]).flat();
    const found = analyze(readEvents(fx.write('ntlm.evtx', events)), {}, PRODUCER);
    expect(found.map((f) => [f.kind, f.peer, f.count])).toEqual([['brute-force', '192.0.2.10', 10]]);
  });

  it('a flood of RDP connections to one host, then an RDP logon from the same address', () => {
    const conn = (time: number, port: number) => ({
      provider: 'Microsoft-Windows-RemoteDesktopServices-RdpCoreTS',
      eventId: 131,
      time,
      channel: 'Microsoft-Windows-RemoteDesktopServices-RdpCoreTS/Operational',
      computer: 'SRV01.example.local',
      eventData: { ConnType: 'TCP', ClientIP: `198.51.100.23:${port}` },
    });
    const events = [
      ...Array.from({ length: 40 }, (_, i) => conn(T0 + i * 2e6, 40000 + i)),
      logon(T0 + 2 * MIN, 'administrator', '198.51.100.23', 10),
    ];
    const found = analyze(readEvents(fx.write('rdp-flood.evtx', events)), {}, PRODUCER);
    expect(
      found.map((f) => [f.kind, f.severity, f.count, (f.details?.success as { account: string } | null)?.account]),
    ).toEqual([['brute-force', 'high', 40, 'administrator']]);
    expect(found[0]!.summary_ja).toContain('RDP でのパスワード推測が成功した可能性');
  });

  it('thresholds are options', () => {
    const events = Array.from({ length: 6 }, (_, i) => failedLogon(T0 + i * 1e6, 'bob', '10.9.9.9'));
    const path = fx.write('six.evtx', events);
    expect(analyze(readEvents(path), {}, PRODUCER)).toEqual([]);
    expect(analyze(readEvents(path), { thresholds: { bruteForceMinAttempts: 5 } }, PRODUCER)).toHaveLength(1);
  });
});
