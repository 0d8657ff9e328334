// Sigma meta filters (sigma-filters-specification.md). konseki's meaning, documented in types.ts:
// a filter's condition selects the events to SUPPRESS for the rules it names: the rule fires only when
// `rule AND NOT filter` holds, and only if the filter's logsource matches the rule's.
import { describe, expect, it } from 'vitest';
import { event, ruleSetFromText } from './testing.ts';

const rar = `title: Data Compressed - rar.exe
id: 6f3e2987-db24-4c78-a860-b4f4095a7095
logsource:
    category: process_creation
    product: windows
detection:
    selection:
        Image|endswith: '\\rar.exe'
    condition: selection
`;
const other = `title: Some other rule
id: 11111111-2222-3333-4444-555555555555
logsource:
    category: process_creation
    product: windows
detection:
    selection:
        Image|endswith: '\\rar.exe'
    condition: selection
`;
// the specification's example, verbatim
const filter = `title: Filter Administrator account
description: The valid administrator account start with adm_
logsource:
    category: process_creation
    product: windows
filter:
    rules:
        - 6f3e2987-db24-4c78-a860-b4f4095a7095 # Data Compressed - rar.exe
        - df0841c0-9846-4e9f-ad8a-7df91571771b # Login on jump host
    selection:
        User|startswith: 'adm_'
    condition: selection
`;
const proc = (user: string) =>
  event(
    { Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: 1, Image: 'C:\\tools\\rar.exe', User: user },
    { product: 'windows' },
  );

describe('meta filters', () => {
  it('the specification\'s "Filter Administrator account" suppresses adm_ users for the named rule only', () => {
    const { ruleSet, docs, issues } = ruleSetFromText([rar, other, filter].join('---\n'));
    const titles = (user: string) => ruleSet.match(proc(user)).map((h) => docs[h.rule]!.title);
    expect(titles('bob')).toEqual(['Data Compressed - rar.exe', 'Some other rule']);
    expect(titles('adm_bob')).toEqual(['Some other rule']);
    // the second id names a rule that is not loaded: kept, with a warning
    expect(issues.map((i) => i.code)).toContain('sigma.filter_unknown_rule');
  });
  it("a filter whose logsource differs from the rule's does not apply", () => {
    const dnsFilter = filter.replace('category: process_creation', 'category: dns_query');
    const { ruleSet } = ruleSetFromText([rar, dnsFilter].join('---\n'));
    expect(ruleSet.match(proc('adm_bob'))).toHaveLength(1);
  });
  it('a negated condition is reported: under this meaning it keeps only the selected events', () => {
    const negated = filter.replace('    condition: selection', '    condition: not selection');
    const { ruleSet, issues } = ruleSetFromText([rar, negated].join('---\n'));
    expect(issues.map((i) => i.code)).toContain('sigma.filter_negated');
    expect(ruleSet.match(proc('adm_bob'))).toHaveLength(1);
    expect(ruleSet.match(proc('bob'))).toHaveLength(0);
  });
  it('a filter without rules is rejected', () => {
    const { issues } = ruleSetFromText(filter.replace(/ {4}rules:\n.*\n.*\n/, ''));
    expect(issues.find((i) => i.severity === 'error')?.code).toBe('sigma.missing_field');
  });
});
