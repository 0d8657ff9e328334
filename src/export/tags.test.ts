import { describe, expect, it } from 'vitest';
import { fieldsObject, splitTags } from './tags.ts';
import { stixPattern } from './stix.ts';
import { uuid5 } from './common.ts';

describe('export helpers', () => {
  it('split Sigma tags the way Hayabusa shows them', () => {
    expect(
      splitTags([
        'attack.credential_access',
        'attack.t1003.001',
        'attack.defense-evasion',
        'attack.g0016',
        'car.2013-07-001',
        'attack.s0002',
      ]),
    ).toEqual({
      tactics: ['CredAccess', 'Stealth'],
      techniques: ['T1003.001', 'G0016', 'S0002'],
      other: ['car.2013-07-001'],
    });
  });
  it('turn Details back into an object: numbers, repeated labels, separators inside values', () => {
    expect(fieldsObject('Cmdline: a ¦ b ¦ PID: 6976 ¦ LID: 0x5a3f ¦ User: - ¦ User: x ¦ Port: 0080')).toEqual({
      Cmdline: 'a ¦ b',
      PID: 6976,
      LID: '0x5a3f',
      User: '-',
      User2: 'x',
      Port: '0080',
    });
    expect(fieldsObject('-')).toEqual({});
    expect(fieldsObject('no label here')).toEqual({ Info: 'no label here' });
    expect(Object.getPrototypeOf(fieldsObject('__proto__: x'))).toBe(Object.prototype);
  });
  it('STIX patterns escape quotes and backslashes', () => {
    expect(stixPattern({ type: 'url', value: "http://e.example/a'b\\c" })).toBe(
      "[url:value = 'http://e.example/a\\'b\\\\c']",
    );
    expect(stixPattern({ type: 'ip', value: '2001:db8::1' })).toBe("[ipv6-addr:value = '2001:db8::1']");
    expect(stixPattern({ type: 'cidr', value: '203.0.113.0/24' })).toBe("[ipv4-addr:value ISSUBSET '203.0.113.0/24']");
    expect(stixPattern({ type: 'sha256', value: 'ab' })).toBe("[file:hashes.'SHA-256' = 'ab']");
  });
  it('uuid5 is RFC 4122 version 5 (the DNS name-space example of RFC 9562: www.example.com)', () => {
    expect(uuid5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });
});
