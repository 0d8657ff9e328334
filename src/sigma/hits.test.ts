import { describe, expect, it } from 'vitest';
import { detectionsFor, renderDetails } from './hits.ts';
import { event, ruleSetFromText } from './testing.ts';

describe('detections', () => {
  it('carry rule id, title, level, author, tags, rule file and the event reference', () => {
    const yaml = `title: Whoami Execution
id: 8a1b2c3d-0000-4000-8000-000000000001
author: Florian Roth
level: high
tags:
    - attack.discovery
fields:
    - CommandLine
details: 'Cmd: %CommandLine% ¦ User: %User%'
logsource:
    category: process_creation
    product: windows
detection:
    selection:
        Image: 'C:\\Windows\\System32\\whoami.exe'
    condition: selection
`;
    const { ruleSet } = ruleSetFromText(yaml);
    const e = event(
      {
        Channel: 'Microsoft-Windows-Sysmon/Operational',
        EventID: 1,
        Image: 'C:\\Windows\\System32\\whoami.exe',
        CommandLine: 'whoami /all',
      },
      { product: 'windows' },
      42,
    );
    const [d] = detectionsFor(ruleSet, ruleSet.match(e), e);
    expect(d).toMatchObject({
      ts: 42,
      ruleId: '8a1b2c3d-0000-4000-8000-000000000001',
      ruleTitle: 'Whoami Execution',
      level: 'high',
      author: 'Florian Roth',
      tags: ['attack.discovery'],
      ruleFile: 'test.yml',
      channel: 'Microsoft-Windows-Sysmon/Operational',
      eventId: 1,
      recordId: e.source.record,
      source: e.source,
      fields: { CommandLine: 'whoami /all' },
      details: 'Cmd: whoami /all ¦ User: n/a',
    });
  });
  it('Details templates: %Data[2]% is 1-based', () => {
    expect(renderDetails('%Data[2]% / %Data%', { Data: ['a', 'b'] })).toBe('b / a b');
  });
});
