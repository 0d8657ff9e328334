/**
 * Logon analysis: RDP (Security 4624 type 10, TerminalServices LSM 21/25 and RCM 1149), admin
 * logons (4672), trap accounts, Domain Admins on user terminals, pass-the-hash patterns, explicit
 * credentials, and the logon summary. Expected values come from the Rust evtx crate's rendering
 * of the corpus files (evtx-oracle) or from what the written fixtures contain.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { logonSummary } from '../../../src/analytics/windows/logon-summary.ts';
import type { WriteEvent } from '../../../src/sources/evtx/writer.ts';
import {
  analyze,
  analyzeCorpus,
  CORPUS_READY,
  corpusEvents,
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

const PRODUCER = 'windows-logon';
const RCM = 'Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational';
const LSM = 'Microsoft-Windows-TerminalServices-LocalSessionManager/Operational';

function session(eventId: number, time: number, user: string, address: string, computer = 'PC-0001'): WriteEvent {
  return {
    provider: 'Microsoft-Windows-TerminalServices-LocalSessionManager',
    eventId,
    time,
    channel: LSM,
    computer,
    userData: {
      name: 'EventXML',
      attrs: { xmlns: 'Event_NS' },
      children: [
        { name: 'User', value: user },
        { name: 'SessionID', value: '2' },
        { name: 'Address', value: address },
      ],
    },
  };
}

describe.skipIf(!CORPUS_READY)('logon analysis on corpus files', () => {
  it('RDP logons from RemoteConnectionManager 1149, per host, account and source; loopback sources are tunnels', () => {
    const rel =
      'EVTX-ATTACK-SAMPLES/Command and Control/DE_RDP_Tunneling_TerminalServices-RemoteConnectionManagerOperational_1149.evtx';
    const auths = oracle(rel).filter((e) => e.id === 1149 && e.channel === RCM);
    const expected = countBy(
      auths,
      (e) => `${e.computer}|${e.data.Param1!.toLowerCase()}|${e.data.Param3!.replace(/%.*$/, '')}`,
    );
    const found = analyzeCorpus(rel, {}, PRODUCER).filter((f) => f.kind === 'rdp-logon');
    const got = new Map(found.map((f) => [`${f.host}|${String(f.details?.account).toLowerCase()}|${f.peer}`, f.count]));
    expect(got).toEqual(expected);
    const tunnel = found.filter((f) => f.peer === '127.0.0.1');
    expect(tunnel.length).toBeGreaterThan(0);
    for (const f of tunnel) {
      expect(f.severity).toBe('high');
      expect(f.attack).toContain('T1572');
    }
  });

  it('RDP logons to many hosts from one source (the file named for it) are lateral movement', () => {
    const rel =
      'EVTX-to-MITRE-Attack/TA0001-Initial access/T1078-Valid accounts/ID1149-RDP success logins to multiple hosts.evtx';
    const auths = oracle(rel).filter((e) => e.id === 1149);
    const hosts = [...new Set(auths.map((e) => e.computer))].sort();
    const spread = analyzeCorpus(rel, {}, PRODUCER).filter((f) => f.kind === 'rdp-lateral-movement');
    expect(spread).toHaveLength(1);
    expect(spread[0]!.details?.hosts).toEqual(hosts);
    expect(spread[0]!.peer).toBe(auths[0]!.data.Param3);
  });

  it('Mimikatz pass-the-hash: the type 9 seclogo logon', () => {
    const rel =
      'EVTX-to-MITRE-Attack/TA0008-Lateral Movement/T1550-Use Alternate Authentication Material/ID4624-Mimikatz Pass the hash.evtx';
    const type9 = oracle(rel).filter(
      (e) => e.id === 4624 && e.data.LogonType === '9' && e.data.LogonProcessName!.trim() === 'seclogo',
    );
    expect(type9.length).toBeGreaterThan(0);
    const found = analyzeCorpus(rel, {}, PRODUCER).filter((f) => f.kind === 'pass-the-hash');
    expect(found.map((f) => [f.details?.variant, f.details?.account, f.count])).toEqual([
      ['new-credentials', type9[0]!.data.TargetUserName, type9.length],
    ]);
  });

  it('explicit credentials for another server (net use with credentials)', () => {
    const rel =
      'EVTX-to-MITRE-Attack/TA0008-Lateral Movement/T1021.002-SMB Windows Admin Shares/ID4688-4648 Lateral movement with net use.evtx';
    const explicit = oracle(rel).filter((e) => e.id === 4648);
    const found = analyzeCorpus(rel, {}, PRODUCER).filter((f) => f.kind === 'explicit-credentials');
    expect(found).toHaveLength(1);
    expect(found[0]!.severity).toBe('medium');
    expect(found[0]!.peer).toBe(explicit[0]!.data.TargetServerName);
    expect(Object.keys(found[0]!.details?.target_accounts as object)).toEqual([explicit[0]!.data.TargetUserName]);
  });

  it('logon summary: successes and failures per account, source and type match the events', () => {
    for (const rel of [
      'omerbenamram-evtx/samples/security.evtx',
      'DeepBlueCLI/evtx/smb-password-guessing-security.evtx',
    ]) {
      const ev = oracle(rel).filter((e) => e.channel === 'Security' && (e.id === 4624 || e.id === 4625));
      const key = (user: string, ip: string | null, type: number | null): string =>
        `${user.toLowerCase()}|${ip ?? ''}|${type ?? ''}`;
      const expectS = countBy(
        ev.filter((e) => e.id === 4624),
        (e) =>
          key(
            `${e.data.TargetDomainName}\\${e.data.TargetUserName}`,
            /^[0-9a-f.:]+$/i.test(e.data.IpAddress ?? '') && e.data.IpAddress !== '-' ? e.data.IpAddress! : null,
            Number(e.data.LogonType),
          ),
      );
      const expectF = countBy(
        ev.filter((e) => e.id === 4625),
        (e) =>
          key(
            `${e.data.TargetDomainName}\\${e.data.TargetUserName}`,
            /^[0-9a-f.:]+$/i.test(e.data.IpAddress ?? '') && e.data.IpAddress !== '-' ? e.data.IpAddress! : null,
            Number(e.data.LogonType),
          ),
      );
      const rows = logonSummary(corpusEvents(rel));
      const gotS = new Map<string, number>();
      const gotF = new Map<string, number>();
      for (const r of rows) {
        const k = key(r.user, r.sourceIp, r.logonType);
        if (r.successes) gotS.set(k, (gotS.get(k) ?? 0) + r.successes);
        if (r.failures) gotF.set(k, (gotF.get(k) ?? 0) + r.failures);
      }
      expect(gotS, rel).toEqual(expectS);
      expect(gotF, rel).toEqual(expectF);
    }
  });
});

describe('logon analysis on written fixtures', () => {
  const fx = fixtureDir();
  afterAll(() => fx.cleanup());

  it('trap accounts: any successful use is critical, attempts are high; the list is an option', () => {
    const events = [
      logon(T0, 'clientadmin01', '10.1.1.50', 10),
      failedLogon(T0 + MIN, 'Admin', '10.1.1.66'),
      failedLogon(T0 + 2 * MIN, 'admin', '10.1.1.66'),
      logon(T0 + 3 * MIN, 'decoy7', '10.1.1.70', 3),
    ];
    const path = fx.write('trap.evtx', events);
    const found = analyze(readEvents(path), {}, PRODUCER).filter((f) => f.kind === 'trap-account');
    expect(found.map((f) => [f.details?.account, f.severity, f.details?.successes, f.details?.failures])).toEqual([
      ['clientadmin01', 'critical', 1, 0],
      ['Admin', 'high', 0, 2],
    ]);
    expect(found[0]!.summary_ja).toContain('トラップアカウント clientadmin01');
    const custom = analyze(readEvents(path), { trapAccounts: ['decoy7'] }, PRODUCER).filter(
      (f) => f.kind === 'trap-account',
    );
    expect(custom.map((f) => f.details?.account)).toEqual(['decoy7']);
  });

  it('Domain Admins on user terminals: on a terminal, from a terminal, or neither', () => {
    const o = { domainAdmins: ['EXAMPLE\\da-taro'], userTerminals: ['PC-*', '10.20.0.0/16'] };
    const events = [
      logon(T0, 'da-taro', '10.30.0.1', 10, {}, 'PC-0123.example.local'),
      logon(T0 + MIN, 'da-taro', '10.20.3.4', 3, { WorkstationName: 'PC-0456' }, 'SRV01.example.local'),
      logon(T0 + 2 * MIN, 'hanako', '10.20.3.4', 2, {}, 'PC-0123.example.local'),
      logon(T0 + 3 * MIN, 'da-taro', '10.30.0.1', 3, { WorkstationName: 'ADMIN-WS' }, 'SRV01.example.local'),
    ];
    const found = analyze(readEvents(fx.write('da.evtx', events)), o, PRODUCER).filter(
      (f) => f.kind === 'domain-admin-on-terminal',
    );
    expect(found.map((f) => [f.host, f.details?.matched, f.count])).toEqual([
      ['PC-0123.example.local', 'host', 1],
      ['SRV01.example.local', 'source', 1],
    ]);
    expect(
      analyze(readEvents(fx.path('da.evtx')), {}, PRODUCER).filter((f) => f.kind === 'domain-admin-on-terminal'),
    ).toEqual([]);
  });

  it('NTLM network logons with key length 0 (not anonymous, not machine accounts) are a pass-the-hash pattern', () => {
    const events = [
      logon(T0, 'admmig', '10.23.123.11', 3, { KeyLength: 0, LmPackageName: '-' }),
      logon(T0 + 1e6, 'admmig', '10.23.123.11', 3, { KeyLength: 0, LmPackageName: '-' }),
      logon(T0 + 2e6, 'bob', '10.23.123.12', 3, { KeyLength: 128 }),
      logon(T0 + 3e6, 'ANONYMOUS LOGON', '10.23.123.13', 3, { KeyLength: 0, TargetUserSid: 'S-1-5-7' }),
      logon(T0 + 4e6, 'FS01$', '10.23.123.14', 3, { KeyLength: 0 }),
      logon(T0 + 5e6, 'carol', '10.23.123.15', 3, { KeyLength: 0, AuthenticationPackageName: 'Kerberos' }),
    ];
    const found = analyze(readEvents(fx.write('pth.evtx', events)), {}, PRODUCER).filter(
      (f) => f.kind === 'pass-the-hash',
    );
    expect(found.map((f) => [f.details?.account, f.peer, f.count, f.details?.variant])).toEqual([
      ['admmig', '10.23.123.11', 2, 'ntlm-keylength0'],
    ]);
  });

  it('RDP sessions from LocalSessionManager 21/25 (console "LOCAL" sessions are not RDP)', () => {
    const events = [
      session(21, T0, 'EXAMPLE\\taro', '8.8.4.4'),
      session(25, T0 + 10 * MIN, 'EXAMPLE\\taro', '8.8.4.4'),
      session(21, T0 + 20 * MIN, 'EXAMPLE\\hanako', 'LOCAL'),
    ];
    const found = analyze(readEvents(fx.write('lsm.evtx', events)), {}, PRODUCER).filter((f) => f.kind === 'rdp-logon');
    expect(found.map((f) => [f.details?.account, f.peer, f.count, f.severity])).toEqual([
      ['EXAMPLE\\taro', '8.8.4.4', 2, 'medium'],
    ]);
    const rows = logonSummary(readEvents(fx.path('lsm.evtx')));
    expect(rows.map((r) => [r.user, r.sourceIp, r.channel, r.successes])).toEqual([
      ['EXAMPLE\\taro', '8.8.4.4', 'RDS-LSM', 2],
    ]);
  });

  it('admin logons name the source of their logon, whichever of 4672 and 4624 comes first', () => {
    const l = logon(T0, 'ops1', '10.5.5.5', 3, { TargetLogonId: '0x5a5a5' });
    const events = [
      sec(4672, T0, {
        SubjectUserSid: 'S-1-5-21-1-2-3-1111',
        SubjectUserName: 'ops1',
        SubjectDomainName: 'EXAMPLE',
        SubjectLogonId: '0x5a5a5',
        PrivilegeList: 'SeDebugPrivilege',
      }),
      l,
      sec(4672, T0 + MIN, {
        SubjectUserSid: 'S-1-5-18',
        SubjectUserName: 'SYSTEM',
        SubjectDomainName: 'NT AUTHORITY',
        SubjectLogonId: '0x3e7',
        PrivilegeList: 'SeDebugPrivilege',
      }),
    ];
    const found = analyze(readEvents(fx.write('admin.evtx', events)), {}, PRODUCER).filter(
      (f) => f.kind === 'admin-logon',
    );
    expect(found.map((f) => [f.details?.account, f.details?.sources])).toEqual([
      ['ops1', { '10.5.5.5 (3 - Network)': 1 }],
    ]);
  });
});
