import { describe, expect, it } from 'vitest';
import { displayBase, displayDir } from './display-path.ts';

describe('display paths', () => {
  it('split at the last of / \\ and ! (archive members included)', () => {
    expect(displayDir('/ev/kape.zip!C/Windows/System32/config/SYSTEM')).toBe('/ev/kape.zip!C/Windows/System32/config/');
    expect(displayBase('/ev/kape.zip!C/Windows/System32/config/SYSTEM')).toBe('SYSTEM');
    expect(displayDir('/ev/logs.tar.gz!auth.log')).toBe('/ev/logs.tar.gz!');
    expect(displayBase('C:\\Windows\\system')).toBe('system');
    expect(displayDir('C:\\Windows\\system')).toBe('C:\\Windows\\');
    expect(displayDir('auth.log')).toBe('');
    expect(displayBase('auth.log')).toBe('auth.log');
  });
});
