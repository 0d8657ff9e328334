// Wildcards and escapes, from the specification's "String Wildcard" and "Escape Character" sections.
import { describe, expect, it } from 'vitest';
import { ANY, ONE, parseSigmaString } from './pattern.ts';
import { detectionMatcher } from './testing.ts';

const m = (value: string) =>
  detectionMatcher(`selection:\n    F: '${value.replace(/'/g, "''")}'\ncondition: selection`).matches;

describe('wildcards', () => {
  it('`?` replaces a single mandatory character: prog?.exe', () => {
    const f = m('prog?.exe');
    expect(f({ F: 'progA.exe' })).toBe(true);
    expect(f({ F: 'progB.exe' })).toBe(true);
    expect(f({ F: 'prog.exe' })).toBe(false);
    expect(f({ F: 'progAB.exe' })).toBe(false);
  });
  it('`*` replaces an unbounded length: antivirus_V*.exe', () => {
    const f = m('antivirus_V*.exe');
    expect(f({ F: 'antivirus_V1.exe' })).toBe(true);
    expect(f({ F: 'antivirus_V21.2.1.exe' })).toBe(true);
    expect(f({ F: 'antivirus_V.exe' })).toBe(true);
    expect(f({ F: 'antivirus_V1.dll' })).toBe(false);
  });
  it('values are whole-value, case-insensitive matches', () => {
    const f = m('C:\\Windows\\System32\\whoami.exe');
    expect(f({ F: 'c:\\windows\\system32\\WHOAMI.EXE' })).toBe(true);
    expect(f({ F: 'C:\\Windows\\System32\\whoami.exe.bak' })).toBe(false);
  });
  it('`*` also spans line breaks', () => {
    expect(m('a*b')({ F: 'a\nxx\nb' })).toBe(true);
  });
});

describe('escape character', () => {
  it('a plain backslash not followed by a wildcard is single \\ or double \\\\', () => {
    expect(parseSigmaString('C:\\Windows')).toEqual(['C:\\Windows']);
    expect(parseSigmaString('C:\\\\Windows')).toEqual(['C:\\Windows']);
    expect(m('C:\\Windows')({ F: 'C:\\Windows' })).toBe(true);
    expect(m('C:\\\\Windows')({ F: 'C:\\Windows' })).toBe(true);
  });
  it('a wildcard is escaped to be a plain character: \\* and \\?', () => {
    expect(parseSigmaString('a\\*b\\?')).toEqual(['a*b?']);
    const f = m('a\\*b');
    expect(f({ F: 'a*b' })).toBe(true);
    expect(f({ F: 'axxb' })).toBe(false);
  });
  it('\\\\* is a backslash followed by the wildcard', () => {
    expect(parseSigmaString('x\\\\*')).toEqual(['x\\', ANY]);
    const f = m('x\\\\*');
    expect(f({ F: 'x\\anything' })).toBe(true);
    expect(f({ F: 'xanything' })).toBe(false);
  });
  it('\\\\\\* is a plain backslash and a plain star', () => {
    expect(parseSigmaString('x\\\\\\*')).toEqual(['x\\*']);
    const f = m('x\\\\\\*');
    expect(f({ F: 'x\\*' })).toBe(true);
    expect(f({ F: 'x\\y' })).toBe(false);
  });
  it('three or four backslashes are a double backslash', () => {
    expect(parseSigmaString('\\\\\\x')).toEqual(['\\\\x']);
    expect(parseSigmaString('\\\\\\\\x')).toEqual(['\\\\x']);
    expect(m('\\\\\\\\server')({ F: '\\\\server' })).toBe(true);
  });
  it('? parses as ONE and * as ANY', () => {
    expect(parseSigmaString('a?b*')).toEqual(['a', ONE, 'b', ANY]);
  });
});

describe('special field values', () => {
  const sel = detectionMatcher(
    `selection_main:\n    FieldA: something\nselection_empty1:\n    FieldB: ''\nselection_empty2:\n    FieldB: null\ncondition: selection_main and 1 of selection_empty*`,
  ).matches;
  it("'' is the empty value; null is a null or absent field (the specification's valid example)", () => {
    expect(sel({ FieldA: 'something', FieldB: '' })).toBe(true);
    expect(sel({ FieldA: 'something' })).toBe(true);
    expect(sel({ FieldA: 'something', FieldB: null })).toBe(true);
    expect(sel({ FieldA: 'something', FieldB: 'x' })).toBe(false);
  });
  it("null inside a list of values is rejected (the specification's invalid example)", () => {
    const r = detectionMatcher(
      `selection_main:\n    FieldA: something\n    FieldB:\n        - ''\n        - null\ncondition: selection_main`,
    );
    expect(r.compiled).toBe(false);
    expect(r.issues.map((i) => i.code)).toContain('sigma.null_in_list');
  });
  it('not null: a negated null selection', () => {
    const f = detectionMatcher(
      `selection:\n    EventID: 4738\nfilter:\n    PasswordLastSet: null\ncondition: selection and not filter`,
    ).matches;
    expect(f({ EventID: 4738, PasswordLastSet: '%%1794' })).toBe(true);
    expect(f({ EventID: 4738 })).toBe(false);
  });
});

describe('values and types', () => {
  it('numbers compare as strings with event numbers or strings', () => {
    const f = detectionMatcher(`selection:\n    EventID:\n        - 517\n        - 1102\ncondition: selection`).matches;
    expect(f({ EventID: 1102 })).toBe(true);
    expect(f({ EventID: '517' })).toBe(true);
    expect(f({ EventID: 4624 })).toBe(false);
  });
  it('unquoted hex keeps its text (0x17 is not 23)', () => {
    const f = detectionMatcher(`selection:\n    TicketEncryption: 0x17\ncondition: selection`).matches;
    expect(f({ TicketEncryption: '0x17' })).toBe(true);
    expect(f({ TicketEncryption: '23' })).toBe(false);
  });
  it('an array field matches when any element does', () => {
    const f = detectionMatcher(`selection:\n    Data|contains: HostApplication=evil\ncondition: selection`).matches;
    expect(f({ Data: ['Available', 'None', 'HostApplication=evil.exe'] })).toBe(true);
    expect(f({ Data: ['Available', 'None'] })).toBe(false);
  });
  it("maps are ANDed, lists of maps ORed (the specification's examples)", () => {
    const and = detectionMatcher(
      `selection:\n    EventLog: Security\n    EventID: 4769\n    TicketOptions: '0x40810000'\n    TicketEncryption: '0x17'\ncondition: selection`,
    ).matches;
    expect(and({ EventLog: 'Security', EventID: 4769, TicketOptions: '0x40810000', TicketEncryption: '0x17' })).toBe(
      true,
    );
    expect(and({ EventLog: 'Security', EventID: 4769, TicketOptions: '0x40810000', TicketEncryption: '0x12' })).toBe(
      false,
    );
    const or = detectionMatcher(
      `selection:\n    - Image|endswith: '\\\\example.exe'\n    - Description|contains: 'Test executable'\ncondition: selection`,
    ).matches;
    expect(or({ Image: 'C:\\x\\example.exe' })).toBe(true);
    expect(or({ Description: 'A Test executable here' })).toBe(true);
    expect(or({ Image: 'C:\\x\\other.exe' })).toBe(false);
  });
  it('keywords: a list of strings is ORed over the whole event', () => {
    const f = detectionMatcher(
      `keywords:\n    - 'EVILSERVICE'\n    - 'svchost.exe -n evil'\ncondition: keywords`,
    ).matches;
    expect(f({ Message: 'service evilservice started' })).toBe(true);
    expect(f({ A: 'x', CommandLine: 'C:\\svchost.exe -n evil' })).toBe(true);
    expect(f({ Message: 'svchost.exe -k netsvcs' })).toBe(false);
  });
  it("keywords with '|all': every keyword somewhere in the event", () => {
    const f = detectionMatcher(
      `keywords_cmdlet:\n    '|all':\n        - 'OabVirtualDirectory'\n        - ' -ExternalUrl '\ncondition: keywords_cmdlet`,
    ).matches;
    expect(f({ Data: 'Set-OabVirtualDirectory -ExternalUrl http://x' })).toBe(true);
    expect(f({ A: 'Set-OabVirtualDirectory', B: 'x -ExternalUrl y' })).toBe(true);
    expect(f({ Data: 'Set-OabVirtualDirectory' })).toBe(false);
  });
});

describe('hostile values', () => {
  it('many wildcards against a long value that does not match completes (no regex backtracking)', () => {
    const f = m('*a*a*a*a*a*a*a*a*b');
    expect(f({ F: 'a'.repeat(30000) })).toBe(false);
    expect(f({ F: `${'a'.repeat(30000)}b` })).toBe(true);
  });
  it('? and * with character classes from windash', () => {
    const g = detectionMatcher(`selection:\n    F|windash: '?x -a -b -c -d z*'\ncondition: selection`).matches;
    expect(g({ F: 'qx /a \u2013b -c \u2015d zzz' })).toBe(true);
    expect(g({ F: 'qx +a -b -c -d z' })).toBe(false);
  });
});
