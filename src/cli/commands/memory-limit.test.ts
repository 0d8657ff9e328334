import { describe, expect, it } from 'vitest';
import { KonsekiError } from '../../core/issue.ts';
import { memoryLimit } from './triage.ts';

describe('--memory-limit', () => {
  it('passes sizes and shares of RAM to DuckDB in its spelling', () => {
    expect(memoryLimit('2GB')).toBe('2GB');
    expect(memoryLimit('512mib')).toBe('512MiB');
    expect(memoryLimit(' 1.5 gb ')).toBe('1.5GB');
    expect(memoryLimit('50%')).toBe('50%');
    expect(memoryLimit('800')).toBe('800MB');
  });
  it('refuses what is not a size (nothing reaches the SQL of the store)', () => {
    for (const bad of ['', 'lots', '2GB; DROP TABLE events', '-1GB', '1e9'])
      expect(() => memoryLimit(bad)).toThrow(KonsekiError);
  });
});
