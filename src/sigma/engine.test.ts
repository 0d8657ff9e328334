import { describe, expect, it } from 'vitest';
import { finishCorrelations, sigmaMatcher } from './engine.ts';
import { docsFromText, event, testMapping } from './testing.ts';

describe('worker / main-thread split', () => {
  it('docs and mapping survive structured cloning; inputs from several "workers" correlate in the main thread', () => {
    const docs = docsFromText(`title: Brute force
level: high
correlation:
    type: event_count
    rules: [fail]
    group-by: [TargetUserName]
    timespan: 1m
    condition: {gte: 4}
---
title: Failed logon
name: fail
logsource: {product: windows, service: security}
detection:
    sel: {EventID: 4625}
    condition: sel
---
title: Logon
logsource: {product: windows, service: security}
detection:
    sel: {EventID: 4624}
    condition: sel
`);
    const workers = [
      sigmaMatcher(structuredClone(docs), structuredClone(testMapping())),
      sigmaMatcher(structuredClone(docs), structuredClone(testMapping())),
    ];
    const inputs = [];
    const shown = [];
    for (let i = 0; i < 8; i++) {
      const e = event(
        { Channel: 'Security', EventID: i === 7 ? 4624 : 4625, TargetUserName: 'bob' },
        { product: 'windows' },
        (7 - i) * 1e6,
      );
      const r = workers[i % 2]!.match(e);
      inputs.push(...structuredClone(r.correlation));
      shown.push(...r.detections.map((d) => d.ruleTitle));
    }
    expect(shown).toEqual(['Logon']);
    const { detections } = finishCorrelations(docs, inputs);
    expect(detections.map((d) => [d.ruleTitle, d.level, d.details])).toEqual([
      ['Brute force', 'high', 'Count: 4 ¦ TargetUserName: bob'],
    ]);
    expect(detections[0]!.related).toHaveLength(4);
  });
});
