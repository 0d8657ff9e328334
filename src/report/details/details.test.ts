import { describe, expect, it } from 'vitest';
import type { Event, Fields } from '../../core/event.ts';
import { detailsAndExtra, detailsFor, extraFieldsFor, renderTemplate, translateValue } from './index.ts';
import { taskCommands } from '../../analytics/windows/task-xml.ts';

function ev(provider: string, eventId: number | string, fields: Fields, channel = 'Security'): Event {
  return {
    ts: 0,
    source: { format: 'evtx', file: 'x.evtx' },
    logsource: { product: 'windows' },
    fields: { Provider_Name: provider, EventID: eventId, Channel: channel, Computer: 'PC', ...fields },
  };
}
const SEC = 'Microsoft-Windows-Security-Auditing';

describe('Details', () => {
  it('4624 in the order analysts read it, with the logon type named', () => {
    const e = ev(SEC, 4624, {
      TargetUserName: 'bob',
      IpAddress: '10.0.0.5',
      WorkstationName: 'WS1',
      LogonType: 3,
      AuthenticationPackageName: 'NTLM',
      TargetLogonId: '0x1a2b',
      ImpersonationLevel: '%%1833',
      KeyLength: 0,
    });
    expect(detailsFor(e)).toBe(
      'User: bob ¦ SrcIP: 10.0.0.5 ¦ SrcComp: WS1 ¦ LogonType: 3 - Network ¦ AuthPkg: NTLM ¦ LID: 0x1a2b',
    );
    expect(extraFieldsFor(e)).toBe('ImpersonationLevel: Impersonation ¦ KeyLength: 0');
    expect(detailsFor(e, { lang: 'ja' })).toContain('LogonType: 3 - ネットワーク');
  });

  it('4625 failure codes in words, keeping the code', () => {
    const e = ev(SEC, '4625', {
      TargetUserName: 'bob',
      LogonType: '10',
      Status: '0xC000006D',
      SubStatus: '0xc000006a',
      FailureReason: '%%2313',
    });
    const { details, extra } = detailsAndExtra(e);
    expect(details).toBe(
      'User: bob ¦ LogonType: 10 - RemoteInteractive (RDP) ¦ Status: bad user name or password (0xc000006d) ¦ SubStatus: wrong password (0xc000006a)',
    );
    expect(extra).toBe('FailureReason: unknown user name or bad password');
    expect(detailsFor(ev(SEC, 4625, { SubStatus: '0xC0000064' }), { lang: 'ja' })).toBe(
      'SubStatus: 存在しないユーザ (0xc0000064)',
    );
  });

  it('unknown codes stay as they are; several %% codes in one value are each translated', () => {
    expect(translateValue('Status', '0xdeadbeef')).toBe('0xdeadbeef');
    expect(translateValue('AccessList', '%%1538\r\n\t\t\t\t%%4416\r\n\t\t\t\t%%9999')).toBe(
      'READ_CONTROL ReadData (or ListDirectory) %%9999',
    );
    expect(translateValue('LogonType', '42')).toBe('42');
  });

  it('Kerberos result codes, encryption types, hex process ids', () => {
    const e = ev(SEC, 4771, {
      TargetUserName: 'svc',
      ServiceName: 'krbtgt',
      IpAddress: '::ffff:10.0.0.9',
      Status: '0x18',
      PreAuthType: '2',
    });
    expect(detailsFor(e)).toBe(
      'TgtUser: svc ¦ Svc: krbtgt ¦ SrcIP: ::ffff:10.0.0.9 ¦ Status: wrong password (pre-authentication failed) (0x18) ¦ PreAuth: password (encrypted timestamp) (2)',
    );
    expect(translateValue('TicketEncryptionType', '0x17')).toBe('RC4-HMAC (0x17)');
    expect(translateValue('NewProcessId', '0x1a2c')).toBe('6700');
  });

  it('Defender from its numbers, in either language', () => {
    const e = ev(
      'Microsoft-Windows-Windows Defender',
      1116,
      {
        'Threat Name': 'Trojan:Win32/X',
        'Severity ID': '5',
        'Severity Name': '重大',
        'Category ID': '8',
        'Action ID': '2',
        Path: 'file:_C:\\a.exe',
      },
      'Microsoft-Windows-Windows Defender/Operational',
    );
    expect(detailsFor(e)).toBe(
      'Threat: Trojan:Win32/X ¦ Severity: Severe (5) ¦ Category: Trojan (8) ¦ Path: file:_C:\\a.exe ¦ Action: Quarantine (2)',
    );
    expect(detailsFor(e, { lang: 'ja' })).toBe(
      'Threat: Trojan:Win32/X ¦ Severity: 重大 (5) ¦ Category: トロイの木馬 (8) ¦ Path: file:_C:\\a.exe ¦ Action: 検疫 (2)',
    );
  });

  it('computed values: the command of a task, the log a 104 cleared, 4616 times', () => {
    const xml =
      '<Task><Actions><Exec><Command>cmd.exe</Command><Arguments>/c echo &quot;x&quot; &gt; a</Arguments></Exec></Actions></Task>';
    expect(detailsFor(ev(SEC, 4698, { TaskName: '\\T', TaskContent: xml, SubjectUserName: 'bob' }))).toBe(
      'Task: \\T ¦ Cmd: cmd.exe /c echo "x" > a ¦ User: bob',
    );
    expect(
      detailsFor(
        ev(
          'Microsoft-Windows-Eventlog',
          104,
          { Channel: ['System', 'Windows PowerShell'], SubjectUserName: 'bob' },
          'System',
        ),
      ),
    ).toBe('User: bob ¦ Log: Windows PowerShell');
    expect(
      detailsFor(
        ev(SEC, 4616, { PreviousDate: '8/23/2015', PreviousTime: '11:52:54 PM', NewTime: '2015-08-24T00:00:00Z' }),
      ),
    ).toBe('PrevTime: 8/23/2015 11:52:54 PM ¦ NewTime: 2015-08-24T00:00:00Z');
  });

  it('events without a template show their data fields, one line, bounded', () => {
    const e = ev('Some-Provider', 77, { Foo: 'a\r\nb', Bar: 3, EventRecordID: 9, Big: 'x'.repeat(10_000) }, 'Other');
    const d = detailsFor(e);
    expect(d).toBe('Foo: a b ¦ Bar: 3 ¦ …');
    expect(extraFieldsFor(e)).toContain('Big: xxx');
  });

  it("renders Hayabusa's %Field% templates, n/a when missing", () => {
    const e = ev(SEC, 4625, { TargetUserName: 'bob', LogonType: 3, Data: ['a', 'b'] });
    expect(renderTemplate('User: %TargetUserName% ¦ Type: %LogonType% ¦ Src: %IpAddress% ¦ D2: %Data[2]%', e)).toBe(
      'User: bob ¦ Type: 3 - Network ¦ Src: n/a ¦ D2: b',
    );
  });

  it('task XML scanning is bounded and ignores unterminated elements', () => {
    expect(taskCommands('<Command>a</Command><Command>b')).toEqual(['a']);
    expect(taskCommands('<Command>'.repeat(100_000))).toEqual([]);
    expect(taskCommands('<Command>x</Command>'.repeat(100))).toHaveLength(32);
  });
});
