// SigmaHQ's network and Linux rules on the corpus' logs, read by konseki's own readers: hits are checked
// against a direct scan of the same fields, and each hit is on a source the rule's logsource covers.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Event } from '../../src/core/event.ts';
import { walkInputs } from '../../src/core/walk.ts';
import { loadRuleSet } from '../../src/sigma/loader.ts';
import { loadMapping, targetsFor } from '../../src/sigma/mapping.ts';
import { compileRuleSet } from '../../src/sigma/ruleset.ts';
import { sniff } from '../../src/app/readers.ts';
import { corpusDir } from '../support/corpus.ts';

const sigma = corpusDir('rules', 'sigma');
const zeek = corpusDir('network', 'zeek');

async function readAll(dir: string): Promise<Event[]> {
  const out: Event[] = [];
  for (const f of walkInputs([dir], [])) {
    const r = sniff(f);
    if (!r) continue;
    for await (const e of r.read(f, { issues: [], displayPath: f, mtimeUs: statSync(f).mtimeMs * 1000 })) out.push(e);
  }
  return out;
}

describe.skipIf(!sigma || !zeek)('SigmaHQ rules on Zeek logs', () => {
  it('proxy and zeek rules fire exactly where the fields say they should', async () => {
    const { docs } = loadRuleSet(['rules/network', 'rules/web'].map((d) => join(sigma!, d)));
    const mapping = loadMapping();
    const ruleSet = compileRuleSet(docs, mapping);
    const events = await readAll(zeek!);
    const psUa = docs.findIndex((d) => d.title === 'Windows PowerShell User Agent');
    let hitsPs = 0;
    let total = 0;
    for (const e of events) {
      for (const h of ruleSet.match(e)) {
        total++;
        if (h.rule === psUa) hitsPs++;
        const d = docs[h.rule]!;
        if (d.kind !== 'rule') continue;
        const ls = e.logsource;
        const covered = targetsFor(d.logsource, mapping).targets.some((t) =>
          Object.entries(t.logsource ?? {}).every(([k, v]) => ls[k as 'product'] === v),
        );
        expect(covered, `${d.title} on ${JSON.stringify(ls)}`).toBe(true);
      }
    }
    // the oracle: proxy-category events (Zeek http carries the proxy names) whose user agent has the string
    const expected = events.filter(
      (e) =>
        (e.logsource.service === 'http' || e.logsource.category === 'proxy') &&
        String(e.fields['c-useragent'] ?? '')
          .toLowerCase()
          .includes(' windowspowershell/'),
    ).length;
    console.log(
      `zeek: ${events.length} events, ${total} hits, PowerShell user agent: ${hitsPs} (direct scan: ${expected})`,
    );
    expect(expected).toBeGreaterThan(0);
    expect(hitsPs).toBe(expected);
  });
});
