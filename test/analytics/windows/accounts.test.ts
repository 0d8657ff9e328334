/**
 * Account management (4720/4722/4724/4726/4738/4741/4781, group changes 4728/4732/4756) and shared
 * local (kitting) accounts. Expected values come from the Rust evtx crate's rendering of the corpus
 * files (evtx-oracle) or from what the written fixtures contain.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { isPrivilegedGroup } from '../../../src/analytics/windows/accounts.ts';
import type { WriteEvent } from '../../../src/sources/evtx/writer.ts';
import {
  analyze,
  analyzeCorpus,
  CORPUS_READY,
  fixtureDir,
  logon,
  MIN,
  oracle,
  readEvents,
  sec,
  T0,
} from './helpers.ts';

const ACCOUNTS = 'windows-account-management';
const KITTING = 'windows-kitting-account';
const DOMAIN_SID = 'S-1-5-21-1111-2222-3333';

describe.skipIf(!CORPUS_READY)('account management on corpus files', () => {
  it('a member added to the local Administrators group: privileged, named by SID, with the actor', () => {
    const rel = 'EVTX-ATTACK-SAMPLES/Persistence/Network_Service_Guest_added_to_admins_4732.evtx';
    const adds = oracle(rel).filter((e) => e.id === 4732);
    expect(adds.length).toBeGreaterThan(0);
    const found = analyzeCorpus(rel, {}, ACCOUNTS);
    for (const a of adds) {
      const f = found.find((x) => x.details?.sid === a.data.MemberSid);
      expect(f, a.data.MemberSid).toBeDefined();
      expect(f!.kind).toBe('privileged-group-add');
      expect(f!.severity).toBe('high');
      expect(f!.host).toBe(a.computer);
      expect(f!.details?.privileged_groups).toEqual([a.data.TargetUserName]);
      expect(Object.keys(f!.details?.actors as object)).toEqual([a.data.SubjectUserName]);
      expect(f!.summary_en).toContain(a.data.TargetUserName!);
    }
  });

  it('sAMAccountName spoofing: a computer account created by a user, then renamed without its $', () => {
    const rel =
      'EVTX-ATTACK-SAMPLES/Privilege Escalation/samaccount_spoofing_CVE-2021-42287_CVE-2021-42278_DC_securitylogs.evtx';
    const renames = oracle(rel).filter((e) => e.id === 4781);
    const spoof = renames.find(
      (e) => e.data.OldTargetUserName!.endsWith('$') && !e.data.NewTargetUserName!.endsWith('$'),
    );
    expect(spoof).toBeDefined();
    const f = analyzeCorpus(rel, {}, ACCOUNTS).find((x) => x.details?.sid === spoof!.data.TargetSid);
    expect(f?.kind).toBe('account-renamed');
    expect(f?.severity).toBe('high');
    expect(f?.details?.renames).toContainEqual({
      from: spoof!.data.OldTargetUserName,
      to: spoof!.data.NewTargetUserName,
    });
    expect(f?.details?.actors).toHaveProperty(spoof!.data.SubjectUserName!);
    expect(f?.summary_ja).toContain('sAMAccountName');
  });

  it('a user account named like a computer account ($) is high', () => {
    const rel = 'EVTX-ATTACK-SAMPLES/Defense Evasion/DE_Fake_ComputerAccount_4720.evtx';
    const created = oracle(rel).filter((e) => e.id === 4720);
    const found = analyzeCorpus(rel, {}, ACCOUNTS).filter((f) => f.kind === 'new-account');
    expect(new Set(found.map((f) => f.details?.sid))).toEqual(new Set(created.map((e) => e.data.TargetSid)));
    for (const f of found) expect(f.severity).toBe('high');
  });
});

describe('account management on written fixtures', () => {
  const fx = fixtureDir();
  afterAll(() => fx.cleanup());
  const DC = 'DC01.example.local';
  const subject = (logonId: string) => ({
    SubjectUserSid: `${DOMAIN_SID}-1104`,
    SubjectUserName: 'helpdesk',
    SubjectDomainName: 'EXAMPLE',
    SubjectLogonId: logonId,
  });
  const target = (name: string, rid: number) => ({
    TargetUserName: name,
    TargetDomainName: 'EXAMPLE',
    TargetSid: `${DOMAIN_SID}-${rid}`,
  });
  const member = (name: string, rid: number, group: string, groupSid: string) => ({
    MemberName: `CN=${name},CN=Users,DC=example,DC=local`,
    MemberSid: `${DOMAIN_SID}-${rid}`,
    TargetUserName: group,
    TargetDomainName: 'EXAMPLE',
    TargetSid: groupSid,
  });

  const events: WriteEvent[] = [
    logon(T0, 'helpdesk', '10.0.5.23', 3, { TargetLogonId: '0x5a5a5', TargetUserSid: `${DOMAIN_SID}-1104` }, DC),
    // a short-lived backdoor account made a Domain Admin
    sec(
      4720,
      T0 + MIN,
      { ...subject('0x5a5a5'), ...target('svc-backup2', 2001), UserAccountControl: '%%2080 %%2082' },
      DC,
    ),
    sec(4722, T0 + MIN + 1e6, { ...subject('0x5a5a5'), ...target('svc-backup2', 2001) }, DC),
    sec(
      4728,
      T0 + 2 * MIN,
      { ...subject('0x5a5a5'), ...member('svc-backup2', 2001, 'Domain Admins', `${DOMAIN_SID}-512`) },
      DC,
    ),
    sec(4726, T0 + 90 * MIN, { ...subject('0x5a5a5'), ...target('svc-backup2', 2001) }, DC),
    // AS-REP roasting made possible on an existing account
    sec(4738, T0 + 3 * MIN, { ...subject('0x5a5a5'), ...target('taro', 1201), UserAccountControl: '%%2096' }, DC),
    // an ordinary group change and an ordinary account change
    sec(4728, T0 + 4 * MIN, { ...subject('0x5a5a5'), ...member('hanako', 1202, 'Sales', `${DOMAIN_SID}-3001`) }, DC),
    sec(4738, T0 + 5 * MIN, { ...subject('0x5a5a5'), ...target('jiro', 1203), UserAccountControl: '-' }, DC),
    // someone else's password reset
    sec(4724, T0 + 6 * MIN, { ...subject('0x5a5a5'), ...target('ceo', 1001) }, DC),
  ];

  it('says what happened to each account, who did it and from where', () => {
    const found = analyze(readEvents(fx.write('accounts.evtx', events)), {}, ACCOUNTS);
    const by = new Map(found.map((f) => [f.details?.account as string, f]));
    const backdoor = by.get('svc-backup2')!;
    expect(backdoor.kind).toBe('privileged-group-add');
    expect(backdoor.severity).toBe('high');
    expect(backdoor.host).toBe(DC);
    expect(backdoor.details?.group).toBe('EXAMPLE\\Domain Admins');
    expect(backdoor.details?.actions).toEqual({ created: 1, enabled: 1, deleted: 1 });
    expect(backdoor.details?.actor_sources).toEqual({ '10.0.5.23 (3 - Network)': 1 });
    expect(backdoor.summary_en).toContain('deleted within a day');
    expect(backdoor.summary_ja).toContain('特権グループ EXAMPLE\\Domain Admins に追加');
    expect(backdoor.attack).toEqual(expect.arrayContaining(['T1136', 'T1098', 'T1070']));

    expect(by.get('taro')).toMatchObject({ kind: 'account-weakened', severity: 'medium' });
    expect(by.get('taro')!.summary_en).toContain('Kerberos pre-authentication not required');
    expect(by.get('hanako')).toMatchObject({ kind: 'group-membership-change', severity: 'low' });
    expect(by.get('jiro')).toMatchObject({ kind: 'account-changed', severity: 'low' });
    expect(by.get('ceo')).toMatchObject({ kind: 'account-password-reset', severity: 'medium' });
    expect(found).toHaveLength(5);
  });

  it('privileged groups by SID, and by name when the SID is missing', () => {
    expect(isPrivilegedGroup('S-1-5-32-544', 'Administrateurs')).toBe(true);
    expect(isPrivilegedGroup(`${DOMAIN_SID}-519`, 'x')).toBe(true);
    expect(isPrivilegedGroup(`${DOMAIN_SID}-513`, 'Domain Users')).toBe(false);
    expect(isPrivilegedGroup('S-1-5-32-545', 'Users')).toBe(false);
    expect(isPrivilegedGroup(undefined, 'Domain Admins')).toBe(true);
  });
});

describe('kitting accounts on written fixtures', () => {
  const fx = fixtureDir();
  afterAll(() => fx.cleanup());
  const pcs = ['PC-0001', 'PC-0002', 'PC-0003', 'PC-0004'];
  /** a logon of a local account: its domain is the machine itself, its SID the machine's */
  const local = (t: number, user: string, pc: string, ip: string, type: number, rid = 1001) =>
    logon(
      t,
      user,
      ip,
      type,
      { TargetDomainName: pc, TargetUserSid: `S-1-5-21-9-9-${pc.length}${pc.slice(-1)}-${rid}` },
      pc,
    );
  const priv = (t: number, user: string, pc: string) =>
    sec(
      4672,
      t,
      {
        SubjectUserSid: 'S-1-5-21-9-9-9-1001',
        SubjectUserName: user,
        SubjectDomainName: pc,
        SubjectLogonId: '0x1',
        PrivilegeList: 'SeDebugPrivilege',
      },
      pc,
    );

  it('one local administrator account used over the network on many PCs is high and names them', () => {
    const events: WriteEvent[] = [];
    pcs.forEach((pc, i) => {
      events.push(local(T0 + i * MIN, 'kitadmin', pc, '10.0.9.50', 3), priv(T0 + i * MIN, 'kitadmin', pc));
      // the same name as a domain account is not a local account
      events.push(logon(T0 + i * MIN + 1e6, 'yamada', '10.0.9.51', 3, {}, pc));
    });
    // a local account seen on only two machines stays below the threshold
    events.push(local(T0, 'setup', pcs[0]!, '-', 2), local(T0, 'setup', pcs[1]!, '-', 2));
    const found = analyze(
      pcs.flatMap((pc) =>
        readEvents(
          fx.write(
            `${pc}.evtx`,
            events.filter((e) => e.computer === pc),
          ),
        ),
      ),
      {},
      KITTING,
    );
    expect(found).toHaveLength(1);
    const f = found[0]!;
    expect(f).toMatchObject({ kind: 'kitting-account', severity: 'high', peer: '10.0.9.50' });
    expect(f.details).toMatchObject({ account: 'kitadmin', hosts: pcs, admin_hosts: 4 });
    expect(f.summary_en).toContain('PC-0001, PC-0002, PC-0003, PC-0004');
    expect(f.summary_ja).toContain('キッティング');
  });

  it('local interactive use on several PCs is medium: the account is still there', () => {
    const events = pcs.slice(0, 3).map((pc, i) => local(T0 + i * MIN, 'Administrator', pc, '-', 2, 500));
    const found = analyze(readEvents(fx.write('local.evtx', events)), {}, KITTING);
    expect(found.map((f) => [f.severity, f.details?.remote_hosts, f.details?.admin_hosts])).toEqual([['medium', 0, 3]]);
  });
});
